import { expect } from "@playwright/test";
import { clerk, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Consultations (网上咨询). The hall under test runs with its clock fixed at
// Wednesday 30 September 2026, 20:00 (BANSHI_FAKE_NOW): a question asked
// then is taken in on Thursday 8 October, after the National Day holiday,
// and must be answered within 5 working days: by Wednesday 14 October
// (counting the make-up working Saturday, 10 October).

const MZJ_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const MARRIAGE = "440100-MZJ-0001";

test("a citizen asks a public question, the department answers it, and it joins the item's FAQ", async ({ page, context, browser }, info) => {
  test.setTimeout(150_000);
  const js = withJs(info);
  await newCitizen(context, "王芳", "asker");
  const question = `结婚登记当天可以带孩子一起来吗？（${info.project.name}-${Date.now().toString(36)}）`;
  const answerText = `可以，登记大厅设有等候区。（${info.project.name}）`;

  // From the item page: the demo FAQ and the way to ask.
  await page.goto(`/services/${MARRIAGE}`);
  const faq = page.getByRole("region", { name: "常见问题" });
  await expect(faq).toContainText("办理结婚登记需要双方都到场吗？");
  await submitAndLoad(page, page.getByRole("link", { name: "网上咨询" }));
  await expect(page).toHaveURL(new RegExp(`/consult\\?service=${MARRIAGE}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("网上咨询：内地居民婚姻登记");
  await expectAccessible(page);

  // Too short: sent back, translated, nothing lost.
  const main = page.getByRole("main");
  await main.getByLabel("您的问题").fill("要钱吗");
  await submitAndLoad(page, main.getByRole("button", { name: "提交咨询" }));
  await expect(page.getByRole("alert").first()).toContainText("问题太短，至少需要 5 个字。");
  await expect(main.getByLabel("您的问题")).toHaveValue("要钱吗");
  await expectAccessible(page, { afterPost: true });

  await main.getByLabel("您的问题").fill(question);
  await main.getByRole("group", { name: "是否公开" }).getByLabel(/^公开/).check();
  await submitAndLoad(page, main.getByRole("button", { name: "提交咨询" }));
  await expect(page).toHaveURL(/\/consultations\/\d+$/);
  const questionUrl = page.url();
  await expect(main).toContainText(question);
  await expect(main).toContainText("待答复");
  await expect(main).toContainText("答复期限2026-10-14");
  await expectAccessible(page);

  // The clerk answers from the department's queue.
  const desk = await clerk(browser, "staff.gz.mzj", MZJ_SECRET, js);
  await desk.goto("/staff");
  await submitAndLoad(desk, desk.getByRole("link", { name: "待答复咨询" }));
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText("待答复咨询");
  await expectAccessible(desk);
  await submitAndLoad(desk, desk.getByRole("link", { name: question }));
  await expect(desk.getByRole("main")).toContainText(question);
  await expectAccessible(desk);
  await desk.getByRole("main").getByLabel("答复内容").fill(answerText);
  await submitAndLoad(desk, desk.getByRole("button", { name: "提交答复" }));
  await expect(desk).toHaveURL(/\/staff\/consultations$/);
  await desk.context().close();

  // Published: on the item page's FAQ, for anyone.
  await page.goto(`/services/${MARRIAGE}`);
  await expect(faq).toContainText(question);
  await expect(faq).toContainText(answerText);
  await expectAccessible(page);

  // The asker says it helped.
  await page.goto(questionUrl);
  await expect(main).toContainText(answerText);
  await submitAndLoad(page, main.getByRole("button", { name: "有帮助", exact: true }));
  await expect(main).toContainText(/您的评价：\s*有帮助/);
  await expectAccessible(page);
});
