import { expect } from "@playwright/test";
import { expectAccessible, test } from "./helpers";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("an item page shows everything needed before applying, on a phone", async ({ page }) => {
  const response = await page.goto("/services/440100-MZJ-0001");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("婚姻登记");
  await expect(page.getByRole("article").getByText("广州市民政局")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "广州市民政局" }))
    .toHaveAttribute("href", "/services/find?department=440100-MZJ");
  for (const section of ["办理条件", "所需材料", "办事依据", "办理流程", "办理地点和时间"]) {
    await expect(page.getByRole("heading", { level: 2, name: section })).toBeVisible();
  }
  const materials = page.getByRole("table").locator("tbody tr");
  expect(await materials.count()).toBeGreaterThanOrEqual(2);
  await expect(page.getByRole("table").getByRole("rowheader").first()).toContainText("身份证");
  await expect(page.getByRole("link", { name: "网上预约", exact: true })).toHaveAttribute("href", "/book?service=440100-MZJ-0001");
  await expect(page.getByRole("link", { name: "进度查询" })).toHaveAttribute("href", "/track");
  await expect(page.getByRole("link", { name: "网上咨询" })).toHaveAttribute("href", "/consult?service=440100-MZJ-0001");
  await expect(page.getByRole("heading", { level: 2, name: "常见问题" })).toBeVisible();
  await expect(page.getByText("可在线预约到现场办理")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "当前位置" }).getByRole("link", { name: "网上办事" })).toBeVisible();
  await expectAccessible(page);
});

test("an unknown item is a 404 that leads back to the services", async ({ page }) => {
  const response = await page.goto("/services/440100-MZJ-9999");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "找不到该事项。" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "网上办事" })).toBeVisible();
  await expectAccessible(page);
});
