import { expect, type Page } from "@playwright/test";
import { expectAccessible, submitAndLoad, test, waitForHydration } from "./helpers";

// The router's own behaviour, without the service worker in between: the
// network faults below are made with page.route, which does not see the
// worker's fetches (the worker and the router together: pwa.spec.ts).
test.use({ serviceWorkers: "block" });

// The page router (app/src/hall/router.js): links and GET forms swap the
// page in place. With JavaScript only: without it the same links and forms
// load pages, as every journey of the no-JS project does.
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the router is JavaScript");

const SITE = "广东省网上办事大厅";

/** Puts a marker on the window: it survives only if no new document is loaded. */
async function mark(page: Page) {
  await page.evaluate(() => ((window as unknown as { __marker?: number }).__marker = 16));
}

async function marker(page: Page): Promise<number | null> {
  return page.evaluate(() => (window as unknown as { __marker?: number }).__marker ?? null);
}

test("links swap the page without a reload: URL, title, focus and the announcement follow", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await mark(page);
  const nav = page.getByRole("navigation", { name: "主栏目" });
  await nav.getByRole("link", { name: "网上办事" }).click();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page).toHaveTitle(`网上办事 – ${SITE}`);
  const heading = page.getByRole("heading", { level: 1, name: "网上办事" });
  await expect(heading).toBeVisible();
  // The navigation's current page moved with it (no old content left behind).
  await expect(nav.getByRole("link", { name: "网上办事" })).toHaveAttribute("aria-current", "page");
  await expect(nav.getByRole("link", { name: "首页" })).not.toHaveAttribute("aria-current", "page");
  expect(await marker(page), "the window survived: no full reload").toBe(16);
  await expect(heading).toBeFocused();
  await expect(page.locator("#route-announcer")).toHaveText(`网上办事 – ${SITE}`);
  await expect(page.locator("#route-announcer")).toHaveAttribute("aria-live", "polite");
  await expectAccessible(page);

  // An item page from the navigator, then the apply page's sign-in redirect.
  await page.getByRole("region", { name: "按人生事件" }).getByRole("link", { name: /^结婚/ }).click();
  await expect(page).toHaveURL(/\/services\/find\?life_event=marriage$/);
  await expect(page.getByRole("heading", { level: 1, name: "结婚" })).toBeVisible();
  await page.getByRole("link", { name: "内地居民婚姻登记" }).first().click();
  await expect(page).toHaveURL(/\/services\/440000-MZJ-0001$|\/services\/\d{6}-MZJ-0001$/);
  await expect(page).toHaveTitle(`内地居民婚姻登记 – ${SITE}`);
  expect(await marker(page)).toBe(16);
  await expect(page.getByRole("heading", { level: 1, name: "内地居民婚姻登记" })).toBeFocused();
  // The islands of a swapped-in page hydrate: the menu button still works.
  await waitForHydration(page);
  await expectAccessible(page);
});

test("back and forward show the right page, title and heading", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await mark(page);
  const nav = page.getByRole("navigation", { name: "主栏目" });
  await nav.getByRole("link", { name: "政务公开" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "政务公开" })).toBeVisible();
  await nav.getByRole("link", { name: "政民互动" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();

  await page.goBack();
  await expect(page).toHaveURL(/\/disclosure$/);
  await expect(page).toHaveTitle(`政务公开 – ${SITE}`);
  await expect(page.getByRole("heading", { level: 1, name: "政务公开" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "政务公开" })).toHaveAttribute("aria-current", "page");
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await expect(page).toHaveTitle(SITE);
  await expect(page.locator(".channel-card")).toHaveCount(5);
  await page.goForward();
  await expect(page).toHaveURL(/\/disclosure$/);
  await expect(page.getByRole("heading", { level: 1, name: "政务公开" })).toBeVisible();
  expect(await marker(page), "history steps swapped the page in place").toBe(16);
  await expect(page.getByRole("heading", { level: 1, name: "政务公开" })).toBeFocused();
  await expect(page.locator("#route-announcer")).toHaveText(`政务公开 – ${SITE}`);
  await expectAccessible(page);
});

test("the search form (GET) swaps in its results", async ({ page }) => {
  await page.goto("/services");
  await waitForHydration(page);
  await mark(page);
  const box = page.getByRole("searchbox", { name: "搜索办事事项" });
  await box.fill("婚姻登记");
  await submitAndLoad(page, page.getByRole("search").getByRole("button", { name: "搜索" }));
  await expect(page).toHaveURL(/\/services\/find\?q=%E5%A9%9A%E5%A7%BB%E7%99%BB%E8%AE%B0/);
  const heading = page.getByRole("heading", { level: 1 });
  await expect(heading).toHaveText("“婚姻登记”的查找结果");
  await expect(page).toHaveTitle(/婚姻登记/);
  await expect(page.getByRole("searchbox", { name: "搜索办事事项" })).toHaveValue("婚姻登记");
  await expect(page.locator(".results").getByRole("link", { name: "内地居民婚姻登记", exact: true }).first()).toBeVisible();
  expect(await marker(page)).toBe(16);
  await expect(heading).toBeFocused();
  await expectAccessible(page);
  await page.goBack();
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.getByRole("heading", { level: 1, name: "网上办事" })).toBeVisible();
});

test("a POST form (the language switch) still lands on the page it was posted from", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: "投资审批" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "投资审批" })).toBeVisible();
  await mark(page);
  // The switch's hidden `next` names the swapped-in page, not the first one.
  await submitAndLoad(page, page.getByRole("button", { name: "English" }));
  await expect(page).toHaveURL(/\/investment$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Investment Approval" })).toBeVisible();
  expect(await marker(page), "a POST answer is a new document").toBeNull();
  await waitForHydration(page);
  await mark(page);
  // The router goes on in English.
  await page.getByRole("navigation", { name: "Main sections" }).getByRole("link", { name: "Online Services" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Online Services" })).toBeVisible();
  await expect(page).toHaveTitle("Online Services – Guangdong Online Service Hall");
  expect(await marker(page)).toBe(16);
  await expect(page.locator("#route-announcer")).toHaveText("Online Services – Guangdong Online Service Hall");
  await expectAccessible(page);
  await submitAndLoad(page, page.getByRole("button", { name: "中文" }));
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
});

test("signing in through a swapped-in page returns to it", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: "政民互动" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
  await page.getByRole("link", { name: "登录", exact: true }).click();
  await expect(page).toHaveURL(/\/login\?next=%2Finteraction$/);
  const main = page.getByRole("main");
  await main.getByLabel("用户名", { exact: true }).fill("citizen.demo");
  await main.getByLabel("密码", { exact: true }).fill("Banshi-Demo-2026");
  await submitAndLoad(page, main.getByRole("button", { name: "登录", exact: true }));
  await expect(page).toHaveURL(/\/interaction$/);
  await expect(page.getByRole("link", { name: /我的空间/ })).toBeVisible();
  // A personal page through the router, and its answer is never stored.
  await page.getByRole("link", { name: /我的空间/ }).click();
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const res = await page.request.get("/me", { headers: { "Islands-Router": "true" } });
  expect(res.headers()["cache-control"]).toBe("private, no-store");
});

test("router fetches: no scripts, never stored, and pages vary on the header", async ({ request }) => {
  const routed = await request.get("/services", { headers: { "Islands-Router": "true" } });
  expect(routed.status()).toBe(200);
  expect(routed.headers()["cache-control"]).toBe("private, no-store");
  expect(routed.headers()["vary"]).toMatch(/islands-router/i);
  const partial = await routed.text();
  expect(partial).toContain("<main");
  // Neither Leptos' hydration script nor the router's: the page that swaps
  // it in runs them already (only Leptos' empty resource lists remain).
  expect(partial).not.toContain('type="module"');
  expect(partial).not.toContain("Islands-Router");
  expect(partial).not.toMatch(/__RESOLVED_RESOURCES=\[[^\]]/);
  const full = await request.get("/services");
  expect(full.headers()["cache-control"]).toBe("private, no-cache");
  expect(full.headers()["vary"]).toMatch(/islands-router/i);
  const page = await full.text();
  expect(page).toContain("Islands-Router");
  expect(page).toMatch(/<script type="module" nonce="[0-9a-f]{32}">/);
});

test("when the router's fetch fails the browser navigates for real", async ({ page }) => {
  await page.goto("/");
  await waitForHydration(page);
  await mark(page);
  // The network fails the router's fetch (as offline would); a real
  // navigation to the same address gets through.
  let refused = 0;
  await page.route("**/disclosure", (route) => {
    if (route.request().headers()["islands-router"] === "true") {
      refused += 1;
      return route.abort("internetdisconnected");
    }
    return route.continue();
  });
  await Promise.all([
    page.waitForEvent("load"),
    page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: "政务公开" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1, name: "政务公开" })).toBeVisible();
  expect(refused).toBe(1);
  expect(await marker(page), "a new document").toBeNull();

  // A server error answer is not swapped in either.
  await page.unroute("**/disclosure");
  await waitForHydration(page);
  await mark(page);
  await page.route("**/interaction", (route) => {
    if (route.request().headers()["islands-router"] === "true") {
      return route.fulfill({ status: 503, contentType: "text/html", body: "<main><h1>down</h1></main>" });
    }
    return route.continue();
  });
  await Promise.all([
    page.waitForEvent("load"),
    page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: "政民互动" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
  expect(await marker(page)).toBeNull();
});

test("the skip link and the menu island keep working across swaps", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/");
  await waitForHydration(page);
  await mark(page);
  const toggle = page.getByRole("button", { name: "菜单" });
  const nav = page.getByRole("navigation", { name: "主栏目" });
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await nav.getByRole("link", { name: "政民互动" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
  // The same island (no reload), folded away after the choice, and working.
  expect(await marker(page)).toBe(16);
  await expect(toggle).toHaveAttribute("aria-expanded", "false");
  await toggle.click();
  await expect(toggle).toHaveAttribute("aria-expanded", "true");
  await expect(nav.getByRole("link", { name: "政民互动" })).toHaveAttribute("aria-current", "page");
  // A same-page anchor is the browser's: no fetch, focus in main.
  await page.locator("a.skip-link").focus();
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/interaction#main$/);
  expect(await marker(page)).toBe(16);
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
});

test("before (or without) the WASM the phone menu opens and links still swap pages", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.route("**/pkg/*.wasm", (route) => route.abort());
  await page.goto("/");
  await mark(page);
  // Until the WASM runs, the menu's control is the link to the menu that
  // works without JavaScript; the menu is folded from the first paint.
  const toggle = page.getByRole("link", { name: "菜单" });
  const nav = page.getByRole("navigation", { name: "主栏目" });
  await expect(toggle).toBeVisible();
  await expect(nav).toBeHidden();
  await toggle.click();
  await expect(page).toHaveURL(/#site-menu$/);
  await expect(nav).toBeVisible();
  await nav.getByRole("link", { name: "政民互动" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "政民互动" })).toBeVisible();
  expect(await marker(page)).toBe(16);
  await expect(nav).toBeHidden();
});
