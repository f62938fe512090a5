import { expect } from "@playwright/test";
import { expectAccessible, waitForHydration, withJs, test } from "./helpers";

test("the WASM hydrates the islands without errors, on every page it reaches", async ({ page }, info) => {
  test.skip(!withJs(info), "needs JavaScript");
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto("/");
  await waitForHydration(page);
  // Pages are server-rendered; following a link loads the next one, whose
  // islands hydrate in their turn.
  await page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: "投资审批" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "投资审批" })).toBeVisible();
  await expect(page).toHaveURL(/\/investment$/);
  await expect(page).toHaveTitle("投资审批 – 广东省网上办事大厅");
  await waitForHydration(page);
  await page.goto("/services");
  await waitForHydration(page);
  expect(errors).toEqual([]);
  await expectAccessible(page);
});

test("without JavaScript no script runs and the page is complete", async ({ page }, info) => {
  test.skip(withJs(info), "only without JavaScript");
  await page.goto("/");
  await expect(page.getByRole("button", { name: "菜单" })).toBeHidden();
  await expect(page.locator(".channel-card")).toHaveCount(5);
  await expect(page.locator(".region-line strong")).toHaveText("广东省");
  await expectAccessible(page);
});
