import { expect } from "@playwright/test";
import { expectAccessible, submitAndLoad, waitForHydration, withJs, test } from "./helpers";

const channels = [
  { zh: "政务公开", en: "Government Disclosure", path: "/disclosure" },
  { zh: "投资审批", en: "Investment Approval", path: "/investment" },
  { zh: "网上办事", en: "Online Services", path: "/services" },
  { zh: "政民互动", en: "Interaction", path: "/interaction" },
  { zh: "效能监察", en: "Efficiency Supervision", path: "/supervision" },
];

test("the home page shows the hall, its landmarks and its five channels", async ({ page }, info) => {
  await page.goto("/");
  if (withJs(info)) await waitForHydration(page);
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page).toHaveTitle("广东省网上办事大厅");
  await expect(page.getByRole("heading", { level: 1, name: "广东省网上办事大厅" })).toBeVisible();
  await expect(page.getByRole("banner")).toBeVisible();
  await expect(page.getByRole("main")).toBeVisible();
  await expect(page.getByRole("contentinfo")).toBeVisible();
  await expect(page.getByRole("navigation", { name: "主栏目" })).toBeVisible();
  const cards = page.locator(".channel-card");
  await expect(cards).toHaveCount(5);
  for (const c of channels) {
    await expect(cards.getByRole("link", { name: c.zh })).toHaveAttribute("href", c.path);
  }
  // A channel partly built says so on its card (issue 17); a built one
  // (investment approval since issue 18) carries no tag.
  await expect(cards.filter({ hasText: "政务公开" }).locator(".channel-state")).toHaveText("部分开放");
  await expect(cards.filter({ hasText: "投资审批" }).locator(".channel-state")).toHaveCount(0);
  await expect(cards.filter({ hasText: "网上办事" }).locator(".channel-state")).toHaveCount(0);
  await expect(cards.filter({ hasText: "政民互动" }).locator(".channel-state")).toHaveCount(0);
  await expect(page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: /^投资审批$/ }))
    .toHaveAttribute("href", "/investment");
  // The government footer: what is set, and only that (the demo's sponsor
  // says it is a demo; no filing number is set, so none is shown).
  const footer = page.getByRole("contentinfo");
  await expect(footer).toContainText("主办单位：办事（Banshi）开源项目演示站点（非政府网站）");
  await expect(footer.getByRole("link", { name: "联系我们" })).toHaveAttribute("href", "/interaction");
  await expect(footer).toContainText("网站标识码：0000000000");
  await expect(footer.getByRole("link", { name: "政府网站找错" })).toHaveAttribute("href", /websiteid=0000000000$/);
  await expect(footer.getByRole("button", { name: "长辈版" })).toBeVisible();
  await expect(footer).not.toContainText("备案");
  await expectAccessible(page);
});

test("the skip link is the first stop and moves focus to the main content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "跳到主要内容" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).not.toBe("none");
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/#main$/);
});

test("every channel page says plainly what is not built yet", async ({ page }) => {
  for (const c of channels.filter((c) => c.path !== "/services")) {
    await page.goto(c.path);
    await expect(page.getByRole("heading", { level: 1, name: c.zh })).toBeVisible();
    if (c.path === "/disclosure") {
      // Built (issue 20): the channel's own page leads to each part.
      for (const [name, href] of [
        ["政府信息公开文件检索", "/disclosure/documents"],
        ["政策文件", "/disclosure/documents?kind=policy"],
        ["政策解读", "/disclosure/documents?kind=interpretation"],
        ["依申请公开", "/disclosure/requests/new"],
        ["办理统计与超期通报", "/letters/stats"],
        ["好差评公示", "/ratings"],
      ]) {
        await expect(page.getByRole("main").getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
      }
    } else if (c.path === "/interaction") {
      // Built (issue 19): every part, and the public questions' search.
      for (const [name, href] of [
        ["我要写信", "/letters/new"],
        ["公开信件", "/letters"],
        ["建议征集", "/suggestions"],
        ["在线访谈", "/interviews"],
        ["办理统计与超期通报", "/letters/stats"],
        ["公开咨询", "/consultations"],
        ["好差评公示", "/ratings"],
      ]) {
        await expect(page.getByRole("main").getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
      }
      await expect(page.getByText("本栏目其余部分尚在建设中")).toHaveCount(0);
    } else if (c.path === "/supervision") {
      // Built: the statistics for everyone, the alerts for supervisors.
      await expect(page.getByRole("link", { name: "效能统计" })).toBeVisible();
      await expect(page.getByText("预警督办名单只对监察人员开放")).toBeVisible();
    } else if (c.path === "/investment") {
      // Built (issue 18): the ways in, the lookup and the four stages.
      await expect(page.getByRole("link", { name: "项目赋码登记" })).toHaveAttribute("href", "/investment/register");
      await expect(page.getByRole("link", { name: "我的投资项目" })).toHaveAttribute("href", "/me/projects");
      await expect(page.getByRole("textbox", { name: "项目代码" })).toBeVisible();
      await expect(page.getByRole("heading", { level: 3, name: "竣工验收" })).toBeVisible();
    } else {
      await expect(page.getByText("本栏目尚在建设中，暂无内容。")).toBeVisible();
    }
    await expect(page.getByRole("navigation", { name: "主栏目" }).getByRole("link", { name: c.zh }))
      .toHaveAttribute("aria-current", "page");
    await expect(page).toHaveTitle(`${c.zh} – 广东省网上办事大厅`);
    await expectAccessible(page);
  }
});

test("the language switch renders English on the server and is remembered", async ({ page }, info) => {
  await page.goto("/services");
  if (withJs(info)) await waitForHydration(page);
  await submitAndLoad(page, page.getByRole("button", { name: "English" }));
  await expect(page).toHaveURL(/\/services$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Online Services" })).toBeVisible();
  await expect(page.getByRole("region", { name: "By life event" }).getByRole("link", { name: /^Getting married/ })).toBeVisible();
  await expect(page.getByRole("searchbox", { name: "Search services" })).toBeVisible();
  await expectAccessible(page);

  // Another page, loaded afresh from the server: still English.
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "Guangdong Online Service Hall" })).toBeVisible();
  for (const c of channels) {
    await expect(page.locator(".channel-card").getByRole("link", { name: c.en })).toBeVisible();
  }
  await expectAccessible(page);

  await submitAndLoad(page, page.getByRole("button", { name: "中文" }));
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1, name: "广东省网上办事大厅" })).toBeVisible();
  await expectAccessible(page);
});

test("the region switch chooses a city and is remembered across pages", async ({ page }) => {
  await page.goto("/");
  const region = page.getByLabel("当前地区");
  await expect(region).toHaveValue("440000");
  // The province, its 21 cities and their districts/counties come from the database.
  await expect(region.locator("optgroup")).toHaveCount(21);
  await expect(region.locator("option")).toHaveCount(62);
  await region.selectOption({ label: "广州市（全市）" });
  await submitAndLoad(page, page.getByRole("button", { name: "切换" }));
  await expect(page.locator(".region-line strong")).toHaveText("广州市");
  await expectAccessible(page);

  await page.goto("/interaction");
  await expect(page.getByLabel("当前地区")).toHaveValue("440100");
  await expectAccessible(page);
  await page.getByLabel("当前地区").selectOption({ label: "天河区" });
  await submitAndLoad(page, page.getByRole("button", { name: "切换" }));
  await expect(page).toHaveURL(/\/interaction$/);
  await expect(page.getByLabel("当前地区")).toHaveValue("440106");
  await page.goto("/");
  await expect(page.locator(".region-line strong")).toHaveText("天河区");
  await expectAccessible(page);
});

test("an unknown page answers 404 with a way home", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1, name: "页面不存在" })).toBeVisible();
  await expect(page.getByRole("main").getByRole("link", { name: "返回首页" })).toHaveAttribute("href", "/");
  await expectAccessible(page);
});
