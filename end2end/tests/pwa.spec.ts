import { chromium, expect, type Page } from "@playwright/test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { auditor, AXE_TAGS, DEMO_PASSWORD, test, withJs } from "./helpers";

// The installable hall: manifest, service worker (/sw.js, made by the
// server from the build's hashed files), offline reading of visited
// catalog pages and of the citizen's case statuses, cleared at sign-out.
// A service worker needs JavaScript: the nojs project skips these.

const ITEM = "/services/440100-MZJ-0001"; // 内地居民婚姻登记

/** axe-core on the page as shown (offline: no second fetch of it). */
async function expectAxeClean(page: Page) {
  const results = await auditor(page).withTags(AXE_TAGS).analyze();
  expect(results.violations.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

/** Waits until the page is controlled by the hall's service worker. */
async function controlled(page: Page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);
}

/** Whether `path` is kept in the cache named `cache` (a prefix: the versioned caches). */
async function kept(page: Page, cache: string, path: string): Promise<boolean> {
  return page.evaluate(
    async ({ cache, path }) => {
      const url = new URL(path, location.href).href;
      for (const name of await caches.keys()) {
        if (name !== cache && !name.startsWith(cache + "-")) continue;
        if (await (await caches.open(name)).match(url, { ignoreVary: true })) return true;
      }
      return false;
    },
    { cache, path },
  );
}

test.beforeEach(({}, info) => {
  test.skip(!withJs(info), "a service worker needs JavaScript; without it the hall works online only");
});

test("the hall is installable: Chromium reports no installability errors", async ({}, info) => {
  // Installability is checked in a persistent (non-incognito) profile: an
  // incognito context always reports `in-incognito`.
  const dir = mkdtempSync(join(tmpdir(), "banshi-pwa-"));
  const use = info.project.use;
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: use.launchOptions?.executablePath ?? "/usr/bin/chromium",
    args: use.launchOptions?.args,
    baseURL: use.baseURL,
    locale: "zh-CN",
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto("/");
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send("Page.getAppManifest");
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    await expect
      .poll(async () => (await cdp.send("Page.getInstallabilityErrors")).installabilityErrors, { timeout: 20_000 })
      .toEqual([]);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the service worker controls the page and keeps this build's hashed files", async ({ page }) => {
  await page.goto("/");
  await controlled(page);
  const caches_ = await page.evaluate(() => caches.keys());
  const statics = caches_.filter((n) => n.startsWith("banshi-static-"));
  expect(statics).toHaveLength(1);
  // The WASM and JS this page runs are the ones kept (old JS never meets new HTML).
  const loaded = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => new URL(e.name).pathname)
      .filter((p) => p.startsWith("/pkg/")),
  );
  expect(loaded.some((p) => p.endsWith(".wasm"))).toBe(true);
  for (const path of loaded) expect(await kept(page, "banshi-static", path), path).toBe(true);
  // Offline page in both languages.
  expect(await kept(page, "banshi-static", "/offline?lang=zh-CN")).toBe(true);
  expect(await kept(page, "banshi-static", "/offline?lang=en")).toBe(true);
});

test("a visited item page reads offline, with when it was fetched; an unvisited page shows the offline page", async ({
  page,
  context,
}) => {
  await page.goto("/");
  await controlled(page);
  await page.goto(ITEM);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("内地居民婚姻登记");
  await expect.poll(() => kept(page, "banshi-pages", ITEM)).toBe(true);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("内地居民婚姻登记");
    await expect(page.locator(".offline-note")).toHaveText(/^离线浏览 — 内容截至 \d\d:\d\d$/);
    await expectAxeClean(page);
    await page.goto("/stats");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("网络未连接");
    await expectAxeClean(page);
  } finally {
    await context.setOffline(false);
  }
  // Back online: the network's page, without the note.
  await page.goto(ITEM);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("内地居民婚姻登记");
  await expect(page.locator(".offline-note")).toHaveCount(0);
});

test("the citizen's case status reads offline 'as of' its time, and signing out forgets it", async ({
  page,
  context,
}) => {
  const res = await page.request.post("/api/v1/session", {
    data: { username: "citizen.demo", password: DEMO_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
  await page.goto("/");
  await controlled(page);
  await page.goto("/me");
  const caseLink = page.locator('.case-list a[href^="/cases/"]').first();
  const href = (await caseLink.getAttribute("href"))!;
  const caseNo = href.split("/").pop()!;
  await page.goto(href);
  await expect(page.getByRole("main")).toContainText(caseNo);
  await expect.poll(() => kept(page, "banshi-personal", href)).toBe(true);
  await expect.poll(() => kept(page, "banshi-personal", "/me")).toBe(true);
  // A signed-in person's pages are never in the shared pages cache.
  expect(await kept(page, "banshi-pages", href)).toBe(false);

  await context.setOffline(true);
  try {
    await page.reload();
    await expect(page.getByRole("main")).toContainText(caseNo);
    await expect(page.locator(".offline-note")).toHaveText(/^离线浏览 — 内容截至 \d\d:\d\d$/);
    await page.goto("/me");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的空间");
    await expect(page.locator(".offline-note")).toBeVisible();
  } finally {
    await context.setOffline(false);
  }

  // Signing out (the header's form: POST /logout) clears the personal cache.
  await page.goto(href);
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/"),
    page.locator('form[action="/logout"] button').first().click(),
  ]);
  await expect.poll(() => page.evaluate(() => caches.has("banshi-personal"))).toBe(false);
  await context.setOffline(true);
  try {
    await page.goto(href);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("网络未连接");
    await expect(page.getByRole("main")).not.toContainText(caseNo);
  } finally {
    await context.setOffline(false);
  }
});

test("the clear-personal message empties the personal cache", async ({ page }) => {
  const res = await page.request.post("/api/v1/session", {
    data: { username: "citizen.demo", password: DEMO_PASSWORD },
  });
  expect(res.status()).toBe(200);
  await page.goto("/");
  await controlled(page);
  await page.goto("/me");
  await expect.poll(() => kept(page, "banshi-personal", "/me")).toBe(true);
  const answer = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const channel = new MessageChannel();
        channel.port1.onmessage = (e) => resolve(e.data);
        navigator.serviceWorker.controller!.postMessage({ type: "clear-personal" }, [channel.port2]);
      }),
  );
  expect(answer).toEqual({ type: "personal-cleared" });
  expect(await page.evaluate(() => caches.has("banshi-personal"))).toBe(false);
});

test("a new service worker version deletes the old version's caches", async ({ page }) => {
  await page.goto("/");
  await controlled(page);
  const current = (await page.evaluate(() => caches.keys())).find((n) => n.startsWith("banshi-static-"))!;
  // An earlier deployment's caches.
  await page.evaluate(async () => {
    await (await caches.open("banshi-static-0000000000000000")).put("/pkg/old.js", new Response("old"));
    await (await caches.open("banshi-pages-0000000000000000")).put("/", new Response("old"));
  });
  // A new worker (another script URL installs and activates one).
  await page.evaluate(async () => {
    const reg = await navigator.serviceWorker.register("/sw.js?next", { scope: "/" });
    const worker = reg.installing ?? reg.waiting;
    if (worker && worker.state !== "activated") {
      await new Promise<void>((resolve) =>
        worker.addEventListener("statechange", () => worker.state === "activated" && resolve()),
      );
    }
  });
  await expect
    .poll(() => page.evaluate(() => caches.keys()))
    .not.toContain("banshi-static-0000000000000000");
  const names = await page.evaluate(() => caches.keys());
  expect(names).not.toContain("banshi-pages-0000000000000000");
  expect(names).toContain(current);
});
