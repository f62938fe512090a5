import { expect } from "@playwright/test";
import { expectAccessible, newCitizen, submitAndLoad, test } from "./helpers";

// Issue 17: a service done in person offers 网上预约 instead of 在线申办.
// A couple books a marriage registration slot on a phone, sees it in my
// space, moves it and cancels it; each page audited at 360 and 1280 px.
// (A citizen of their own per run: one live booking per person and service.)
const MARRIAGE = "440100-MZJ-0001";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("a couple books a marriage registration slot and sees it in my space", async ({ page, context }) => {
  await newCitizen(context, "王小红", "couple");
  const fits = async () =>
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  const wide = async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await expectAccessible(page);
    await page.setViewportSize({ width: 360, height: 740 });
  };

  // The item page: honest about the visit, booking instead of applying.
  await page.goto(`/services/${MARRIAGE}`);
  const main = page.getByRole("main");
  await expect(main.getByRole("link", { name: "在线申办", exact: true })).toHaveCount(0);
  await expect(main.getByText("须男女双方本人同时到场").first()).toBeVisible();
  await submitAndLoad(page, main.getByRole("link", { name: "网上预约", exact: true }));

  // Office (Guangzhou's registries), day, time.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("网上预约：内地居民婚姻登记");
  await expect(page.getByLabel("办理点")).toContainText("荔湾区婚姻登记处");
  await expect(page.getByRole("link", { name: /^2026-10-08/ })).toBeVisible();
  await expect(page.getByRole("link", { name: /^2026-10-0[1-7]/ })).toHaveCount(0);
  await fits();
  await expectAccessible(page);
  await wide();
  await page.getByRole("radio").first().check();
  await submitAndLoad(page, page.getByRole("button", { name: "确认预约" }));

  // The receipt: the code, where, when, what to bring, print, change.
  await expect(page.getByText("预约成功。")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("预约详情");
  const code = (await page.locator("dl.receipt dd").first().textContent())?.trim() ?? "";
  expect(code).toMatch(/^[A-Z2-9]{8}$/);
  await expect(page.getByText(/^2026-10-08 \d\d:\d\d$/)).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "请携带以下材料" })).toBeVisible();
  await expect(page.getByText("居民身份证").first()).toBeVisible();
  await fits();
  await expectAccessible(page);
  await wide();

  // My space: 需要您处理 lists the visit with its time and place.
  await page.goto("/me");
  const todo = page.getByRole("region", { name: "需要您处理" });
  await expect(todo.getByText("预约", { exact: true })).toBeVisible();
  await expect(todo.getByRole("link", { name: new RegExp(code) })).toBeVisible();
  await expect(todo).toContainText("荔湾区婚姻登记处");
  await submitAndLoad(page, todo.getByRole("link", { name: new RegExp(code) }));

  // Moved to the next day, then cancelled.
  await submitAndLoad(page, page.getByRole("link", { name: "改约（更换时间或办理点）" }));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("改约：内地居民婚姻登记");
  await expect(page.getByText("在新时间预约成功前保持有效")).toBeVisible();
  await submitAndLoad(page, page.getByRole("link", { name: /^2026-10-09/ }));
  await page.getByRole("radio").first().check();
  await submitAndLoad(page, page.getByRole("button", { name: "确认改约" }));
  await expect(page.getByText("已改约，新的时间如下。")).toBeVisible();
  await expect(page.getByText(/^2026-10-09 \d\d:\d\d$/)).toBeVisible();
  await submitAndLoad(page, page.getByRole("button", { name: "取消预约" }));
  await expect(page.getByText("预约已取消。")).toBeVisible();
  await expect(page.getByText("本预约已取消，名额已释放。")).toBeVisible();
  await expectAccessible(page);

  await page.goto("/me");
  await expect(page.getByRole("region", { name: "需要您处理" }).getByRole("link", { name: new RegExp(code) })).toHaveCount(0);
});
