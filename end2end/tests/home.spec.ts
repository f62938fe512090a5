import { expect, type Page } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, newCitizen, submitAndLoad, test, waitForHydration, withJs } from "./helpers";

// The home page starts from the need: search, hot services, life events,
// tracking and (signed in) my open cases on the first screen; the five
// channels below. With and without JavaScript, at 360 and 1280 px.

const SECTIONS = ["home-search", "home-hot", "home-events", "home-track"];

async function open(page: Page, js: boolean) {
  await page.goto("/");
  if (js) await waitForHydration(page);
}

for (const [width, height] of [
  [1280, 800],
  [360, 740],
]) {
  test(`the first screen starts from the need at ${width} px`, async ({ page }, info) => {
    await page.setViewportSize({ width, height });
    await open(page, withJs(info));
    const main = page.getByRole("main");
    await expect(main.getByRole("heading", { level: 1 })).toHaveText("广东省网上办事大厅");
    for (const cls of SECTIONS) await expect(page.locator(`section.${cls}`)).toHaveCount(1);
    await expect(page.locator("section.home-mine")).toHaveCount(0);
    await expect(main.getByRole("searchbox")).toBeVisible();
    await expect(main.getByRole("region", { name: "热门服务" })).toBeVisible();
    const events = main.getByRole("region", { name: "按人生事件" });
    await expect(events.getByRole("link", { name: "出生", exact: true })).toBeVisible();
    const track = main.getByRole("region", { name: "办件进度查询" });
    await expect(track.getByLabel("办件编号")).toBeVisible();
    await expect(track.getByLabel("查询码")).toBeVisible();
    await expect(page.locator("section.home-channels .channel-card")).toHaveCount(5);
    if (width >= 1280) {
      // On a desktop screen every way in is above the fold, the channels below them.
      for (const cls of SECTIONS) {
        const box = (await page.locator(`section.${cls}`).boundingBox())!;
        expect(box.y, cls).toBeLessThan(height);
      }
      const channels = (await page.locator("section.home-channels").boundingBox())!;
      const events_ = (await page.locator("section.home-events").boundingBox())!;
      expect(channels.y).toBeGreaterThan(events_.y);
    } else {
      await expect(main.getByRole("searchbox")).toBeInViewport();
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    }
    await expectAccessible(page);
  });
}

test("searching from the home finds services", async ({ page }, info) => {
  await open(page, withJs(info));
  const search = page.getByRole("main").getByRole("searchbox");
  await search.fill("婚姻登记");
  if (withJs(info)) {
    const suggestions = page.getByRole("list", { name: "建议" });
    await expect(suggestions.getByRole("link", { name: /内地居民婚姻登记/ }).first()).toBeVisible();
  }
  await submitAndLoad(page, page.getByRole("main").getByRole("button", { name: "搜索" }));
  await expect(page).toHaveURL(/\/services\/find\?q=/);
  await expect(page.getByRole("main").getByRole("link", { name: /内地居民婚姻登记/ }).first()).toBeVisible();
});

// Issue 17: a parent finds the birth bundle (出生一件事) from the need, by
// the word they use (生孩子) and by the life event 出生, and reaches its form.
for (const [width, height] of [
  [1280, 800],
  [360, 740],
]) {
  test(`a parent finds the birth bundle by typing 生孩子 and by the life event 出生 at ${width} px`, async ({ page, context }, info) => {
    const js = withJs(info);
    await page.setViewportSize({ width, height });
    await newCitizen(context, "李华", "parent");
    await open(page, js);
    const main = page.getByRole("main");
    await main.getByRole("searchbox").fill("生孩子");
    if (js) {
      // The suggestions offer the bundle first.
      const first = page.getByRole("list", { name: "建议" }).getByRole("link").first();
      await expect(first).toContainText("出生一件事");
      await expect(first).toHaveAttribute("href", "/apply?bundle=440100/birth");
    }
    await submitAndLoad(page, main.getByRole("button", { name: "搜索" }));
    await expect(page).toHaveURL(/\/services\/find\?q=/);
    const bundle = main.getByRole("list", { name: "一件事" }).getByRole("link", { name: "出生一件事" });
    await expect(main.locator("a.result-name").first()).toHaveText("出生一件事");
    await expect(bundle).toHaveAttribute("href", "/apply?bundle=440100/birth");
    // One result per service, its places of handling a choice.
    await expect(main.locator(".results li", { hasText: "出生登记" }).first()).toContainText("办理地");
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

    // By the life event: the bundle first, and it leads to its one form.
    await open(page, js);
    await page.getByRole("region", { name: "按人生事件" }).getByRole("link", { name: "出生", exact: true }).click();
    await expect(page).toHaveURL(/\/services\/find\?.*life_event=birth/);
    await expect(main.locator("a.result-name").first()).toHaveText("出生一件事");
    await expectAccessible(page);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    await submitAndLoad(page, main.locator("a.result-name").first());
    await expect(page).toHaveURL(/\/apply\?bundle=440100\/birth$/);
    await expect(page.getByRole("heading", { level: 1 })).toContainText("出生一件事");
  });
}

test("a life event leads to its services", async ({ page }, info) => {
  await open(page, withJs(info));
  await page.getByRole("region", { name: "按人生事件" }).getByRole("link", { name: "结婚", exact: true }).click();
  await expect(page).toHaveURL(/\/services\/find\?.*life_event=marriage/);
  await expect(page.getByRole("main").getByRole("link", { name: /内地居民婚姻登记/ }).first()).toBeVisible();
});

test("the tracking box finds a case by number and query code", async ({ page }, info) => {
  await open(page, withJs(info));
  const track = page.getByRole("region", { name: "办件进度查询" });
  await track.getByLabel("办件编号").fill("440100-20261102-000001");
  await track.getByLabel("查询码").fill("GZBS2K26");
  await submitAndLoad(page, track.getByRole("button", { name: "查询" }));
  await expect(page).toHaveURL(/\/track\?case_no=440100-20261102-000001&code=GZBS2K26/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("办件进度查询");
  await expect(page.getByRole("main")).toContainText("440100-20261102-000001");
});

test("a signed-in citizen sees their open cases with what comes next", async ({ page }, info) => {
  const res = await page.request.post("/api/v1/session", {
    data: { username: "citizen.demo", password: DEMO_PASSWORD },
  });
  expect(res.status()).toBe(200);
  await open(page, withJs(info));
  const mine = page.getByRole("region", { name: "我的在办事项" });
  await expect(page.locator("section.home-mine")).toHaveCount(1);
  const cases = mine.locator("li");
  expect(await cases.count()).toBeGreaterThan(0);
  await expect(cases.first()).toContainText("下一步");
  // The case waiting for supplements says what to send.
  await expect(mine).toContainText("请按补正通知补充材料");
  await expect(mine.getByRole("link", { name: "全部办件" })).toHaveAttribute("href", "/me");
  const first = cases.first().getByRole("link").first();
  await expect(first).toHaveAttribute("href", /^\/cases\//);
  await expectAccessible(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await expectAccessible(page);
});
