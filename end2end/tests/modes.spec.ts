// The phone header, elder mode (长辈版) and kiosk mode (自助终端): issue 16.
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, submitAndLoad, test, waitForHydration, withJs } from "./helpers";

const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
// The journeys' server runs with BANSHI_KIOSK_IDLE_SECONDS and
// BANSHI_KIOSK_COUNTDOWN_SECONDS shortened (playwright.config.ts).
const KIOSK_IDLE = 6;
const KIOSK_COUNTDOWN = 8;
const SESSION = "banshi_session";

async function signIn(context: BrowserContext) {
  const res = await context.request.post("/api/v1/session", {
    data: { username: "citizen.demo", password: DEMO_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
}

async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await waitForHydration(page);
}

async function headerHeight(page: Page): Promise<number> {
  return page.locator("header.site-header").evaluate((h) => h.getBoundingClientRect().height);
}

/** Turns elder mode on with the switch on the home page (a plain form). */
async function elderOn(page: Page, js: boolean) {
  await open(page, "/", js);
  await submitAndLoad(page, page.getByRole("main").getByRole("button", { name: "长辈版" }));
  await expect(page.locator("html")).toHaveAttribute("data-mode", "elder");
}

/** Makes this browser a terminal through its start URL. */
async function kioskOn(page: Page) {
  await page.goto("/kiosk");
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator("html")).toHaveAttribute("data-kiosk", "");
}

test.describe("at 360 px", () => {
  test.use({ viewport: PHONE, isMobile: true, hasTouch: true });

  test("the phone header is at most 64 px tall, signed out and in, in both modes", async ({ page, context }, info) => {
    const js = withJs(info);
    for (const path of ["/", "/services", "/services/find?q=出生"]) {
      await open(page, path, js);
      expect(await headerHeight(page), `signed out, ${path}`).toBeLessThanOrEqual(64);
    }
    // The header holds the brand, search and the menu, nothing else in sight.
    await expect(page.getByRole("link", { name: "搜索", exact: true })).toHaveAttribute("href", "/services/find");
    await expect(page.getByLabel("当前地区")).toBeHidden();
    await signIn(context);
    for (const path of ["/", "/me", "/inbox"]) {
      await open(page, path, js);
      expect(await headerHeight(page), `signed in, ${path}`).toBeLessThanOrEqual(64);
    }
    await expect(page.getByRole("link", { name: /^我的空间/ })).toBeHidden();
    await elderOn(page, js);
    for (const path of ["/", "/me", "/services"]) {
      await open(page, path, js);
      expect(await headerHeight(page), `elder mode, ${path}`).toBeLessThanOrEqual(64);
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
  });

  test("the menu opens and holds the region, language, elder mode and account controls", async ({ page, context }, info) => {
    const js = withJs(info);
    await signIn(context);
    await open(page, "/services", js);
    const region = page.getByLabel("当前地区");
    const nav = page.getByRole("navigation", { name: "主栏目" });
    await expect(region).toBeHidden();
    await expect(nav).toBeHidden();
    if (js) {
      const toggle = page.getByRole("button", { name: "菜单" });
      await expect(toggle).toHaveAttribute("aria-expanded", "false");
      await toggle.click();
      await expect(toggle).toHaveAttribute("aria-expanded", "true");
    } else {
      // Without JavaScript the menu button is a link to the menu.
      await page.getByRole("link", { name: "菜单" }).click();
      await expect(page).toHaveURL(/#site-menu$/);
    }
    const menu = page.locator("#site-menu");
    await expect(menu.getByLabel("当前地区")).toBeVisible();
    await expect(menu.getByRole("button", { name: "切换" })).toBeVisible();
    await expect(menu.getByRole("button", { name: "English" })).toBeVisible();
    await expect(menu.getByRole("button", { name: "长辈版" })).toBeVisible();
    await expect(menu.getByRole("link", { name: /^站内消息/ })).toBeVisible();
    await expect(menu.getByRole("link", { name: /^我的空间/ })).toBeVisible();
    await expect(menu.getByRole("button", { name: "退出" })).toBeVisible();
    await expect(nav.getByRole("link", { name: "政民互动" })).toBeVisible();
    await expectAccessible(page);
    // The region switch works from inside the menu.
    await region.selectOption({ label: "广州市（全市）" });
    await submitAndLoad(page, menu.getByRole("button", { name: "切换" }));
    await expect(page).toHaveURL(/\/services$/);
    await expect(page.locator("html")).toHaveAttribute("data-region", "440100");
    if (js) {
      await waitForHydration(page);
      await page.getByRole("button", { name: "菜单" }).click();
      await expect(nav).toBeVisible();
      await page.getByRole("button", { name: "菜单" }).click();
      await expect(nav).toBeHidden();
    } else {
      await page.getByRole("link", { name: "菜单" }).click();
      await expect(nav).toBeVisible();
      await page.getByRole("link", { name: "关闭菜单" }).click();
      await expect(nav).toBeHidden();
    }
  });
});

test.describe("at 1280 px", () => {
  test.use({ viewport: DESKTOP });

  test("the desktop header shows the switches, account and sections in two rows", async ({ page, context }, info) => {
    const js = withJs(info);
    await signIn(context);
    await open(page, "/", js);
    await expect(page.getByRole("button", { name: "菜单" })).toBeHidden();
    await expect(page.getByRole("link", { name: "菜单" })).toBeHidden();
    await expect(page.getByLabel("当前地区")).toBeVisible();
    await expect(page.getByRole("banner").getByRole("button", { name: "长辈版" })).toBeVisible();
    await expect(page.getByRole("navigation", { name: "主栏目" })).toBeVisible();
    const height = await headerHeight(page);
    expect(height).toBeLessThanOrEqual(160);
    await expectAccessible(page);
  });
});

// Elder mode's sizes, line spacing, targets and 7:1 contrast, and the
// terminal's large targets, are measured on the pages of sweep.spec.ts as
// it audits them (the stylesheet's rules, the same with or without
// JavaScript).

test("elder mode is remembered across pages, simplifies the home and switches back", async ({ page }, info) => {
  const js = withJs(info);
  await elderOn(page, js);
  await expect(page.getByRole("main").getByRole("button", { name: "标准版" })).toBeVisible();
  // The simpler home: no life events or channel cards (they stay in the menu).
  for (const hidden of [".home-events", ".home-channels", ".channels"]) {
    for (const e of await page.locator(hidden).all()) await expect(e).toBeHidden();
  }
  await expect(page.locator(".channels")).toHaveCount(await page.locator(".channels").count());
  for (const path of ["/services", "/track", "/ratings"]) {
    await open(page, path, js);
    await expect(page.locator("html"), path).toHaveAttribute("data-mode", "elder");
  }
  const read = page.getByRole("button", { name: "朗读本页" });
  if (js) await expect(read).toBeVisible();
  else await expect(read).toBeHidden();
  await submitAndLoad(page, page.getByRole("banner").getByRole("button", { name: "标准版" }));
  await expect(page).toHaveURL(/\/ratings$/);
  await expect(page.locator("html")).toHaveAttribute("data-mode", "standard");
  await expect(page.getByRole("button", { name: "朗读本页" })).toHaveCount(0);
});

test("searching 长辈版, 关怀版, 亲情版 or elder mode finds the switch", async ({ page }, info) => {
  const js = withJs(info);
  await open(page, "/services/find", js);
  await page.getByRole("searchbox", { name: "搜索办事事项" }).fill("长辈版");
  await submitAndLoad(page, page.getByRole("button", { name: "搜索", exact: true }));
  const tool = page.getByRole("region", { name: "长辈版（关怀版）" });
  await expect(tool).toBeVisible();
  await expectAccessible(page);
  await submitAndLoad(page, tool.getByRole("button", { name: "长辈版" }));
  await expect(page).toHaveURL(/\/services\/find\?q=/);
  await expect(page.locator("html")).toHaveAttribute("data-mode", "elder");
  for (const q of ["关怀版", "亲情版"]) {
    await open(page, `/services/find?q=${encodeURIComponent(q)}`, js);
    await expect(page.getByRole("region", { name: "长辈版（关怀版）" }).getByRole("button", { name: "标准版" })).toBeVisible();
  }
  await open(page, "/services/find?q=养老服务", js);
  await expect(page.getByRole("region", { name: "长辈版（关怀版）" })).toHaveCount(0);
  await page.context().addCookies([{ name: "banshi_lang", value: "en", url: page.url() }]);
  await open(page, "/services/find?q=elder+mode", js);
  await expect(page.getByRole("region", { name: "Elder mode (large text)" }).getByRole("button", { name: "Standard mode" })).toBeVisible();
});

test("the read-aloud button speaks the main text in the page's language", async ({ page }, info) => {
  test.skip(!withJs(info), "speech synthesis needs JavaScript; without it the button never shows");
  // Note what the page asks the browser to say (the browser still says it).
  await page.addInitScript(() => {
    const spoken: { lang: string; text: string }[] = [];
    (window as unknown as { spoken: typeof spoken }).spoken = spoken;
    const speak = speechSynthesis.speak.bind(speechSynthesis);
    speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
      spoken.push({ lang: u.lang, text: u.text });
      speak(u);
    };
  });
  await elderOn(page, true);
  await open(page, "/services", true);
  const read = page.getByRole("button", { name: "朗读本页" });
  await read.click();
  await expect(page.getByRole("button", { name: "停止朗读" })).toBeVisible();
  const spoken = await page.evaluate(() => (window as unknown as { spoken: { lang: string; text: string }[] }).spoken);
  expect(spoken.length).toBeGreaterThan(1);
  expect(new Set(spoken.map((s) => s.lang))).toEqual(new Set(["zh-CN"]));
  const all = spoken.map((s) => s.text).join("\n");
  expect(all).toContain("网上办事");
  expect(all).not.toContain("朗读本页");
  await page.getByRole("button", { name: "停止朗读" }).click();
  await expect(read).toBeVisible();
});

test.describe("kiosk mode", () => {
  test("the start URL marks a terminal; a link from another site cannot", async ({ page, request }) => {
    const cross = await request.get("/kiosk", { headers: { "sec-fetch-site": "cross-site" }, maxRedirects: 0 });
    expect(cross.status()).toBe(403);
    expect(cross.headers()["set-cookie"] ?? "").not.toContain("banshi_kiosk");
    const typed = await request.get("/kiosk", { headers: { "sec-fetch-site": "none" }, maxRedirects: 0 });
    expect(typed.status()).toBe(303);
    expect(typed.headers()["set-cookie"]).toMatch(/^banshi_kiosk=1; Path=\/; Max-Age=\d+; SameSite=Lax; HttpOnly/);
    await kioskOn(page);
    // No link leaves the hall on a terminal.
    await page.evaluate(() => {
      const a = document.createElement("a");
      a.href = "https://example.org/";
      a.textContent = "elsewhere";
      a.id = "outside";
      document.querySelector("main")!.append(a);
    });
    await expect(page.locator("#outside")).toBeHidden();
    await page.goto("/kiosk/off");
    await expect(page.locator("html")).not.toHaveAttribute("data-kiosk", /.*/);
  });

  test("after the idle time a countdown resets the terminal: signed out, storage and personal caches cleared", async ({ page, context }, info) => {
    test.skip(!withJs(info), "the idle watch needs JavaScript (a terminal runs it)");
    await kioskOn(page);
    await signIn(context);
    await open(page, "/me", true);
    await page.evaluate(async () => {
      localStorage.setItem("draft", "张小明的草稿");
      sessionStorage.setItem("step", "2");
      await (await caches.open("banshi-personal")).put("/cases/x", new Response("personal"));
      await (await caches.open("banshi-static-test")).put("/pkg/x.js", new Response("static"));
    });
    const started = Date.now();
    const dialog = page.getByRole("alertdialog", { name: "您还在使用吗？" });
    await expect(dialog).toBeVisible({ timeout: (KIOSK_IDLE + 10) * 1000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual((KIOSK_IDLE - 1) * 1000);
    await expect(dialog).toContainText(/\d+ 秒后将自动注销/);
    await expect(dialog.getByRole("button", { name: "继续使用" })).toBeFocused();
    await expectAccessible(page);
    // Nobody answers: the start page, signed out, with nothing of the person left.
    await page.waitForURL((u) => u.pathname === "/", { timeout: (KIOSK_COUNTDOWN + 10) * 1000 });
    await waitForHydration(page);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).not.toContain(SESSION);
    expect(cookies.find((c) => c.name === "banshi_kiosk")?.value).toBe("1");
    const left = await page.evaluate(async () => ({
      local: localStorage.length,
      session: sessionStorage.length,
      caches: (await caches.keys()).sort(),
    }));
    // The person's cache is gone; the hall's own (the service worker's
    // static files and public pages, and this test's) stay.
    expect({ local: left.local, session: left.session }).toEqual({ local: 0, session: 0 });
    expect(left.caches.filter((name) => name.startsWith("banshi-personal"))).toEqual([]);
    expect(left.caches).toContain("banshi-static-test");
    await expect(page.locator("html")).toHaveAttribute("data-kiosk", "");
    await expect(page.getByRole("banner").getByRole("link", { name: "登录" })).toBeVisible();
    const me = await context.request.get("/api/v1/me");
    expect(me.status()).toBe(401);
  });

  test("cancelling the countdown keeps the session, and the idle time starts again", async ({ page, context }, info) => {
    test.skip(!withJs(info), "the idle watch needs JavaScript (a terminal runs it)");
    await kioskOn(page);
    await signIn(context);
    await open(page, "/me", true);
    await page.evaluate(() => localStorage.setItem("draft", "kept"));
    const dialog = page.getByRole("alertdialog", { name: "您还在使用吗？" });
    await expect(dialog).toBeVisible({ timeout: (KIOSK_IDLE + 10) * 1000 });
    const shown = Date.now();
    await dialog.getByRole("button", { name: "继续使用" }).click();
    await expect(dialog).toBeHidden();
    // Someone keeps using the terminal past the end of that countdown.
    while (Date.now() - shown < (KIOSK_COUNTDOWN + 1) * 1000) {
      await page.keyboard.press("Shift");
      await page.waitForTimeout(500);
    }
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\/me$/);
    expect((await context.cookies()).map((c) => c.name)).toContain(SESSION);
    expect(await page.evaluate(() => localStorage.getItem("draft"))).toBe("kept");
    expect((await context.request.get("/api/v1/me")).status()).toBe(200);
    // Left alone again, it asks again.
    await expect(dialog).toBeVisible({ timeout: (KIOSK_IDLE + 10) * 1000 });
    await dialog.getByRole("button", { name: "继续使用" }).click();
    await expect(dialog).toBeHidden();
  });

  test("the reset endpoint refuses other sites and clears every cookie but the terminal's", async ({ page, context }) => {
    await kioskOn(page);
    await signIn(context);
    const url = new URL(page.url());
    await context.addCookies([
      { name: "banshi_mode", value: "elder", url: url.origin },
      { name: "banshi_region", value: "440106", url: url.origin },
    ]);
    const refused = await context.request.post("/kiosk/reset", {
      headers: { origin: "https://elsewhere.example" },
      maxRedirects: 0,
    });
    expect(refused.status()).toBe(403);
    expect((await context.request.get("/api/v1/me")).status()).toBe(200);
    const reset = await context.request.post("/kiosk/reset", { headers: { origin: url.origin }, maxRedirects: 0 });
    expect(reset.status()).toBe(303);
    expect(reset.headers()["location"]).toBe("/");
    const names = (await context.cookies()).map((c) => c.name).sort();
    expect(names).toEqual(["banshi_kiosk", "banshi_region"]);
    expect((await context.request.get("/api/v1/me")).status()).toBe(401);
  });

  test("a receipt prints on the receipt layout", async ({ page, context }, info) => {
    await kioskOn(page);
    await signIn(context);
    await open(page, "/cases/440100-20261102-000001/receipt", withJs(info));
    await expect(page.getByRole("heading", { level: 1, name: /回执/ })).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("banner")).toBeHidden();
    await expect(page.getByRole("contentinfo")).toBeHidden();
    await expect(page.locator(".receipt")).toBeVisible();
    const width = await page.locator(".receipt").evaluate((e) => e.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual((80 * 96) / 25.4);
    const page_ = await page.locator(".receipt").evaluate((e) => getComputedStyle(e).getPropertyValue("page"));
    expect(page_).toBe("receipt");
    await page.emulateMedia({ media: "screen" });
  });
});

for (const viewport of [PHONE, DESKTOP]) {
  test(`the menu, open, is accessible in elder mode at ${viewport.width} px`, async ({ page }, info) => {
    const js = withJs(info);
    await page.setViewportSize(viewport);
    await elderOn(page, js);
    if (viewport === PHONE) {
      if (js) await page.getByRole("button", { name: "菜单" }).click();
      else await page.getByRole("link", { name: "菜单" }).click();
      await expect(page.getByRole("navigation", { name: "主栏目" })).toBeVisible();
    }
    await expectAccessible(page);
  });
}
