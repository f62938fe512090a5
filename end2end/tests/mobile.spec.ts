import { expect } from "@playwright/test";
import { expectAccessible, waitForHydration, withJs, test } from "./helpers";

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

test("on a 360 px phone nothing scrolls sideways and every control is reachable", async ({ page }, info) => {
  await page.goto("/");
  if (withJs(info)) await waitForHydration(page);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(360);
  await expect(page.getByLabel("当前地区")).toBeVisible();
  await expect(page.getByRole("button", { name: "English" })).toBeVisible();
  const toggle = page.getByRole("button", { name: "菜单" });
  const nav = page.getByRole("navigation", { name: "主栏目" });
  if (withJs(info)) {
    // Hydrated: the menu folds away behind a button that only works with the WASM.
    await expect(toggle).toBeVisible();
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
    await toggle.click();
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await expect(nav).toBeVisible();
    // The next page comes folded again.
    await nav.getByRole("link", { name: "政民互动" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
    await waitForHydration(page);
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(nav).toBeHidden();
  } else {
    // Without JavaScript the button stays hidden and the menu is simply shown.
    await expect(toggle).toBeHidden();
    await expect(nav).toBeVisible();
    await nav.getByRole("link", { name: "政民互动" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
  }
  await expectAccessible(page);
});
