import { expect } from "@playwright/test";
import { expectAccessible, waitForHydration, withJs, test } from "./helpers";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("on a 360 px phone nothing scrolls sideways and every control is reachable", async ({ page }, info) => {
  await page.goto("/");
  if (withJs(info)) await waitForHydration(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  // One header row: the region, language and account wait in the menu.
  await expect(page.getByLabel("当前地区")).toBeHidden();
  const nav = page.getByRole("navigation", { name: "主栏目" });
  await expect(nav).toBeHidden();
  if (withJs(info)) {
    // Hydrated: the menu link has become a button that folds the menu open.
    const toggle = page.getByRole("button", { name: "菜单" });
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    await expect(page.getByLabel("当前地区")).toBeVisible();
    await expect(page.getByRole("button", { name: "English" })).toBeVisible();
    // The next page comes folded again.
    await nav.getByRole("link", { name: "政民互动" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
    await waitForHydration(page);
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
  } else {
    // Without JavaScript the menu button is a link to the menu, shown as its target.
    await page.getByRole("link", { name: "菜单" }).click();
    await expect(nav).toBeVisible();
    await expect(page.getByLabel("当前地区")).toBeVisible();
    await expect(page.getByRole("button", { name: "English" })).toBeVisible();
    await nav.getByRole("link", { name: "政民互动" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
    await expect(nav).toBeHidden();
  }
  await expectAccessible(page);
});
