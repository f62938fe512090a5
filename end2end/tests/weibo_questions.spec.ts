import { expect } from "@playwright/test";
import { clerk, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Questions to a government microblog account (issue 21): the demo's
// 广州民政 (gz_minzheng) has staff.gz.mzj as its responder and
// reviewer.gz.mzj as its reviewer (the accounts' demo).

const RESPONDER_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const REVIEWER_SECRET = "KKTRT3XXVBXHVY5SWJWKIH7BZT5KMXJM";

test("a citizen asks a question, the responder answers, a reviewer approves, the citizen sees it answered on time", async ({ page, browser }, info) => {
  test.setTimeout(120_000);
  const js = withJs(info);
  await page.setViewportSize({ width: 360, height: 800 });
  await newCitizen(page.context(), "王小红", "wbq");
  const main = page.getByRole("main");

  // The citizen asks.
  const question = `请问居家养老服务补贴怎么申请？（${info.project.name}${Date.now().toString(36)}）`;
  await page.goto("/weibo/@gz_minzheng/ask");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("向政务微博提问");
  await expect(main.locator(".wb-mark").first()).toBeVisible();
  await expectAccessible(page);
  await main.getByLabel("提问类型").selectOption({ label: "咨询" });
  await main.getByLabel("提问内容").fill(question);
  await submitAndLoad(page, main.getByRole("button", { name: "提交提问" }));
  await expect(page).toHaveURL(/\/me\/weibo\/questions\/WB\d{14}$/);
  const no = new URL(page.url()).pathname.split("/").pop()!;
  await expect(main).toContainText("待受理");
  await expect(main).toContainText(question);
  await expectAccessible(page, { afterPost: true });

  // The responder (its owner) writes the answer and sends it for review.
  const answer = "您好！可向户籍所在地街道申请居家养老服务补贴，也可在广东政务服务网在线申请。";
  const responder = await clerk(browser, "staff.gz.mzj", RESPONDER_SECRET, js);
  await responder.setViewportSize({ width: 360, height: 800 });
  await responder.goto("/staff/weibo/questions");
  const sm = responder.getByRole("main");
  await submitAndLoad(responder, sm.getByRole("link", { name: no }));
  await expect(responder).toHaveURL(new RegExp(`/staff/weibo/questions/${no}$`));
  await expectAccessible(responder);
  await sm.getByLabel("答复", { exact: true }).fill(answer);
  await submitAndLoad(responder, sm.getByRole("button", { name: "保存答复稿" }));
  await expect(sm).toContainText("答复中");
  await submitAndLoad(responder, sm.getByRole("button", { name: "送审", exact: true }));
  await expect(sm).toContainText("待审核");
  await expect(sm.getByRole("button", { name: "审核通过并公开" })).toHaveCount(0);
  await responder.context().close();

  // Not public before a reviewer approves it.
  await page.goto(`/me/weibo/questions/${no}`);
  await expect(main).not.toContainText(answer);

  // The reviewer approves it from the review queue.
  const reviewer = await clerk(browser, "reviewer.gz.mzj", REVIEWER_SECRET, js);
  await reviewer.setViewportSize({ width: 360, height: 800 });
  await reviewer.goto("/staff/review");
  await submitAndLoad(reviewer, reviewer.getByRole("main").locator(`a[href="/staff/weibo/questions/${no}"]`));
  const rm = reviewer.getByRole("main");
  await submitAndLoad(reviewer, rm.getByRole("button", { name: "审核通过并公开" }));
  await expect(rm).toContainText("已答复");
  await reviewer.context().close();

  // The citizen sees the answer, marked on time, and rates it.
  await page.goto(`/me/weibo/questions/${no}`);
  await expect(main).toContainText(answer);
  await expect(main.locator(".wb-q-on-time")).toHaveText("按时答复");
  await expectAccessible(page);
  await submitAndLoad(page, main.getByRole("button", { name: "有帮助", exact: true }));
  await expect(main.getByRole("button", { name: "有帮助", exact: true })).toHaveCount(0);
  // And on the account's public questions, with the answer rate.
  await page.goto("/weibo/@gz_minzheng/questions");
  await expect(main).toContainText(answer);
  await expect(main).toContainText("答复率");
  await expectAccessible(page);
});
