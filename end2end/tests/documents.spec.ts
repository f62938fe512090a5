import { expect } from "@playwright/test";
import { clerk, expectAccessible, submitAndLoad, test, withJs } from "./helpers";

// Government disclosure documents (主动公开, issue 20). The demo has
// Guangzhou's civil affairs bureau's policy on minimum living allowances
// (最低生活保障, 低保 for short in its text) with its interpretation, and
// the demo editor and reviewer of that bureau.

const EDITOR_SECRET = "E2DRM3WF6ZUHKSMD4QGBHN7D7OFW7OII";
const REVIEWER_SECRET = "KKTRT3XXVBXHVY5SWJWKIH7BZT5KMXJM";

test("find a policy by a two-character query, open it and its interpretation; an editor drafts and a reviewer publishes", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const js = withJs(info);
  await page.setViewportSize({ width: 360, height: 800 });
  const main = page.getByRole("main");

  // The channel leads to the search.
  await page.goto("/disclosure");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("政务公开");
  await main.getByLabel("关键词").fill("低保");
  await submitAndLoad(page, main.getByRole("button", { name: "搜索" }).first());
  await expect(page).toHaveURL(/\/disclosure\/documents\?q=/);
  await expect(main.getByRole("status")).toContainText("共找到");
  await expectAccessible(page);

  // The policy (not its revision), its facts and its interpretation.
  const policy = main.getByRole("link", { name: /^广州市民政局关于印发《广州市最低生活保障[^（》]*》的通知$/ });
  await submitAndLoad(page, policy.first());
  await expect(page).toHaveURL(/\/disclosure\/documents\/440100-MZJ-\d{4}-\d{5}$/);
  const facts = main.locator("dl.doc-meta");
  await expect(facts).toContainText("索引号");
  await expect(facts).toContainText("发文机关");
  await expect(facts).toContainText("有效性");
  await expect(main).toContainText("以下简称低保");
  const policyUrl = new URL(page.url()).pathname;
  await expectAccessible(page);
  const interpretations = main.getByRole("region", { name: "政策解读" });
  await submitAndLoad(page, interpretations.getByRole("link").first());
  await expect(page.getByRole("heading", { level: 1 })).toContainText("最低生活保障");
  await expect(main.locator(`a[href="${policyUrl}"]`)).toBeVisible();

  // An editor writes a draft and sends it for review; it is not public.
  const title = `广州市民政局关于开展社区养老服务质量提升行动的通知${info.project.name}${Date.now().toString(36)}`;
  const editor = await clerk(browser, "editor.gz.mzj", EDITOR_SECRET, js);
  await editor.setViewportSize({ width: 360, height: 800 });
  await editor.goto("/staff/documents");
  const em = editor.getByRole("main");
  await em.getByLabel("类型").selectOption({ label: "通知公告" });
  await em.getByLabel("标题").fill(title);
  await em.getByLabel("主题分类").selectOption({ label: "民政、扶贫、救灾" });
  await em.getByLabel("正文").fill("各区民政局：\n为提升社区养老服务质量，现就有关事项通知如下。");
  await submitAndLoad(editor, em.getByRole("button", { name: "保存草稿" }));
  await expect(editor).toHaveURL(/\/staff\/documents\/\d+$/);
  const staffUrl = new URL(editor.url()).pathname;
  await expect(em).toContainText("草稿");
  await expectAccessible(editor, { afterPost: true });
  await submitAndLoad(editor, em.getByRole("button", { name: "送审", exact: true }));
  await expect(em).toContainText("待审核");
  await editor.context().close();

  // The reviewer finds it in the queue and publishes it.
  const reviewer = await clerk(browser, "reviewer.gz.mzj", REVIEWER_SECRET, js);
  await reviewer.setViewportSize({ width: 360, height: 800 });
  await reviewer.goto("/staff/review");
  await expectAccessible(reviewer);
  await submitAndLoad(reviewer, reviewer.getByRole("main").getByRole("link", { name: title }));
  await expect(reviewer).toHaveURL(new RegExp(`${staffUrl}$`));
  const rm = reviewer.getByRole("main");
  await submitAndLoad(reviewer, rm.getByRole("button", { name: "审核发布", exact: true }));
  await expect(rm).toContainText("已发布");
  await expect(rm.locator("dl.doc-meta")).toContainText("440100-MZJ-2026-");
  await submitAndLoad(reviewer, rm.getByRole("link", { name: "查看公开页面" }));
  await expect(reviewer.getByRole("heading", { level: 1 })).toHaveText(title);
  await reviewer.context().close();
});
