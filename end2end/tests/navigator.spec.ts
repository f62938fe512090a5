import { expect, type Page } from "@playwright/test";
import { expectAccessible, openMenu, submitAndLoad, test, waitForHydration, withJs } from "./helpers";

// A person on a phone, in Guangzhou, looking for the marriage registration.
test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

async function chooseGuangzhou(page: Page) {
  await page.goto("/services");
  await openMenu(page);
  await page.getByLabel("当前地区").selectOption({ label: "广州市（全市）" });
  await submitAndLoad(page, page.getByRole("button", { name: "切换" }));
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.locator(".scope-note strong")).toHaveText("广州市");
}

async function seeMaterials(page: Page) {
  await expect(page).toHaveURL(/\/services\/440100-MZJ-0001$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("内地居民婚姻登记");
  await expect(page.getByRole("heading", { level: 2, name: "所需材料" })).toBeVisible();
  await expect(page.getByRole("table").getByRole("rowheader").first()).toContainText("身份证");
  await expectAccessible(page);
}

test("find the marriage registration through the life event 结婚", async ({ page }) => {
  await chooseGuangzhou(page);
  await expectAccessible(page);
  const lifeEvents = page.getByRole("region", { name: "按人生事件" });
  const marriage = lifeEvents.getByRole("link", { name: /^结婚/ });
  await expect(marriage).toBeVisible();
  await marriage.click();
  await expect(page).toHaveURL(/\/services\/find\?life_event=marriage$/);
  await expect(page.getByRole("heading", { level: 1, name: "结婚" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "网上办事" })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "内地居民婚姻登记" }).first().click();
  await seeMaterials(page);
});

test("find the marriage registration by searching 婚姻登记", async ({ page }) => {
  await chooseGuangzhou(page);
  const box = page.getByRole("searchbox", { name: "搜索办事事项" });
  await box.fill("婚姻登记");
  await Promise.all([page.waitForURL(/\/services\/find\?q=/), box.press("Enter")]);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("“婚姻登记”的查找结果");
  await expect(page.getByRole("searchbox", { name: "搜索办事事项" })).toHaveValue("婚姻登记");
  const result = page.locator(".results").getByRole("link", { name: "内地居民婚姻登记", exact: true });
  await expect(result).toBeVisible();
  await expectAccessible(page);
  await result.click();
  await seeMaterials(page);
});

test("a one-character search and the filters narrow without losing the words", async ({ page }) => {
  await chooseGuangzhou(page);
  await page.goto("/services/find?q=%E5%A9%9A");
  const count = async () => Number(await page.locator(".result-count strong").innerText());
  const all = await count();
  expect(all).toBeGreaterThan(0);
  await page.getByText("筛选", { exact: true }).click();
  await page.getByLabel("只看可网上申办的").check();
  await submitAndLoad(page, page.getByRole("button", { name: "应用筛选" }));
  await expect(page).toHaveURL(/online=true/);
  await expect(page.getByRole("searchbox", { name: "搜索办事事项" })).toHaveValue("婚");
  expect(await count()).toBeLessThanOrEqual(all);
  await expectAccessible(page);

  await page.getByLabel("部门").selectOption({ value: "440100-MZJ" });
  await page.getByLabel("只看可网上申办的").uncheck();
  await submitAndLoad(page, page.getByRole("button", { name: "应用筛选" }));
  await expect(page).toHaveURL(/department=440100-MZJ/);
  await expect(page).not.toHaveURL(/online=true/);
  const metas = page.locator(".result-meta");
  expect(await metas.count()).toBeGreaterThan(0);
  for (const meta of await metas.all()) await expect(meta).toContainText("广州市民政局");
});

test("no result says so and offers life events", async ({ page }) => {
  await page.goto("/services/find?q=zzqqxx");
  await expect(page.getByText("没有找到符合条件的事项。")).toBeVisible();
  await expect(page.locator(".no-results").getByRole("link", { name: "结婚" })).toBeVisible();
  await expectAccessible(page);
});

test("typing suggests services once the page is interactive", async ({ page }, info) => {
  test.skip(!withJs(info), "suggestions need JavaScript; the plain form is tested above");
  await chooseGuangzhou(page);
  await waitForHydration(page);
  await page.getByRole("searchbox", { name: "搜索办事事项" }).pressSequentially("婚姻", { delay: 50 });
  const suggestions = page.getByRole("list", { name: "建议" });
  await expect(suggestions.getByRole("link", { name: /内地居民婚姻登记/ })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "条建议" })).toBeAttached();
  await expectAccessible(page);
  await suggestions.getByRole("link", { name: /内地居民婚姻登记/ }).click();
  await seeMaterials(page);
});

test("viewed services become hot services", async ({ page }) => {
  await page.goto("/services/440100-MZJ-0001");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("内地居民婚姻登记");
  await chooseGuangzhou(page);
  const hot = page.getByRole("region", { name: "热门服务" });
  await expect(hot.getByRole("link", { name: "内地居民婚姻登记" })).toBeVisible();
});
