import { randomInt } from "node:crypto";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { elsewhere, expectAccessible, newIdNumbers, submitAndLoad, test, totp, totpStep, withJs } from "./helpers";

// Consultations (网上咨询). The hall under test runs with its clock fixed at
// Wednesday 30 September 2026, 20:00 (BANSHI_FAKE_NOW): a question asked
// then is taken in on Thursday 8 October, after the National Day holiday,
// and must be answered within 5 working days: by Wednesday 14 October
// (counting the make-up working Saturday, 10 October).

const DEMO_PASSWORD = "Banshi-Demo-2026";
const MZJ_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const MARRIAGE = "440100-MZJ-0001";

/** Registers a new citizen in this context (the session cookie is kept). */
async function newCitizen(context: BrowserContext) {
  const username = `asker-${test.info().project.name}-${Date.now().toString(36)}${randomInt(1000)}`;
  const res = await context.request.post("/api/v1/accounts/citizens", {
    headers: elsewhere(),
    data: {
      username,
      password: "Correct-Horse-9-battery",
      real_name: "王芳",
      id_number: newIdNumbers().valid,
      mobile: "13912345678",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
}

/** The civil affairs bureau's demo clerk, signed in with a one-time code, in a new context. */
async function mzjClerk(browser: Browser, js: boolean): Promise<Page> {
  const context = await browser.newContext({ locale: "zh-CN", javaScriptEnabled: js, baseURL: test.info().project.use.baseURL });
  let step = totpStep(Date.now());
  for (let attempt = 0; attempt < 3; attempt++) {
    const res = await context.request.post("/api/v1/session", {
      data: { username: "staff.gz.mzj", password: DEMO_PASSWORD, totp: totp(MZJ_SECRET, step) },
    });
    if (res.status() === 200) return context.newPage();
    // This step's code was used already (by another test): the next one.
    step += 1;
    await new Promise((r) => setTimeout(r, Math.max(0, step * 30_000 - Date.now() + 500)));
  }
  throw new Error("staff.gz.mzj could not sign in");
}

test("a citizen asks a public question, the department answers it, and it joins the item's FAQ", async ({ page, context, browser }, info) => {
  test.setTimeout(150_000);
  const js = withJs(info);
  await newCitizen(context);
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
  const clerk = await mzjClerk(browser, js);
  await clerk.goto("/staff");
  await submitAndLoad(clerk, clerk.getByRole("link", { name: "待答复咨询" }));
  await expect(clerk.getByRole("heading", { level: 1 })).toHaveText("待答复咨询");
  await expectAccessible(clerk);
  await submitAndLoad(clerk, clerk.getByRole("link", { name: question }));
  await expect(clerk.getByRole("main")).toContainText(question);
  await expectAccessible(clerk);
  await clerk.getByRole("main").getByLabel("答复内容").fill(answerText);
  await submitAndLoad(clerk, clerk.getByRole("button", { name: "提交答复" }));
  await expect(clerk).toHaveURL(/\/staff\/consultations$/);
  await clerk.context().close();

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
