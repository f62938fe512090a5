import { expect } from "@playwright/test";
import { clerk, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Requests for information (依申请公开, issue 20). The hall under test runs
// with its clock fixed at Wednesday 30 September 2026, 20:00: a request sent
// that day is due 20 working days later, on Tuesday 3 November (1–7 October
// off, Saturday 10 October worked); the head's approved extension of 20
// working days moves it to Tuesday 1 December; an answer known on 30
// September may be challenged by administrative review until 29 November
// and in court until 30 March 2027.

const OFFICE_SECRET = "SXWSKF7UMEXSBGGKV423NZ7IVKSVYYLP";
const HEAD_SECRET = "KTJ4SD6LGNPSFMO2SAPEFZOOW7VFXKU7";

test("a citizen requests information, the head approves the office's extension, the office answers partly and the citizen sees the appeal routes", async ({ page, context, browser }, info) => {
  test.setTimeout(180_000);
  const js = withJs(info);
  await page.setViewportSize({ width: 360, height: 800 });
  await newCitizen(context, "钱敏", "asker");
  const main = page.getByRole("main");
  const description = `广州市养老服务补贴的发放标准及依据文件（${info.project.name}${Date.now().toString(36)}）`;

  await page.goto("/disclosure/requests/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("申请政府信息公开");
  await expect(main).toContainText("第二十九条");
  await expectAccessible(page);
  await main.getByLabel(/^受理机关/).selectOption({ label: "广州市民政局" });
  await main.getByLabel("所需政府信息的名称、文号或特征性描述").fill(description);
  await submitAndLoad(page, main.getByRole("button", { name: "提交申请", exact: true }));
  await expect(page).toHaveURL(/\/me\/information-requests\/YS\d{14}\?submitted=1$/);
  const no = new URL(page.url()).pathname.split("/").pop()!;
  await expect(main.getByRole("status")).toContainText(no);
  await expect(main.getByRole("status")).toContainText("2026-11-03");
  await expect(main).toContainText("剩余 20 个工作日");
  await expectAccessible(page);

  // The office asks for the one extension.
  const office = await clerk(browser, "office.gz.mzj", OFFICE_SECRET, js);
  await office.setViewportSize({ width: 360, height: 800 });
  await office.goto("/staff/information-requests");
  await expectAccessible(office);
  await submitAndLoad(office, office.getByRole("link", { name: no }));
  const om = office.getByRole("main");
  await om.getByLabel("说明", { exact: true }).fill("需汇总各区数据，无法按期答复。");
  await submitAndLoad(office, om.getByRole("button", { name: "申请延期答复", exact: true }));
  await expect(om).toContainText("延期待负责人审批");
  await expect(om.getByRole("button", { name: "批准延期" })).toHaveCount(0);

  // The head approves it.
  const head = await clerk(browser, "head.gz.mzj", HEAD_SECRET, js);
  await head.setViewportSize({ width: 360, height: 800 });
  await head.goto(`/staff/information-requests/${no}`);
  const hm = head.getByRole("main");
  await submitAndLoad(head, hm.getByRole("button", { name: "批准延期", exact: true }));
  await expect(hm).toContainText("2026-12-01");
  await expect(hm).toContainText("已延期 20 个工作日");
  await expectAccessible(head, { afterPost: true });
  await head.context().close();

  // The office answers: partly disclosed, a third party's rights withheld.
  await office.goto(`/staff/information-requests/${no}`);
  await om.getByLabel("答复类型").selectOption({ label: "部分公开" });
  await om.getByLabel("不予公开的理由").selectOption({ label: "保护第三方合法权益" });
  await om.getByLabel("答复内容").fill("公开补贴标准；涉及个人的发放明细不予公开。");
  await submitAndLoad(office, om.getByRole("button", { name: "作出答复", exact: true }));
  await expect(om).toContainText("已答复");
  await office.context().close();

  // The citizen sees the outcome, the reason and both appeal routes.
  await page.goto(`/me/information-requests/${no}`);
  await expect(main).toContainText("部分公开");
  await expect(main).toContainText("保护第三方合法权益");
  await expect(main).toContainText("公开补贴标准");
  const appeal = main.getByRole("region", { name: "救济途径" });
  await expect(appeal).toContainText("行政复议");
  await expect(appeal).toContainText("2026-11-29");
  await expect(appeal).toContainText("行政诉讼");
  await expect(appeal).toContainText("2027-03-30");
  await expectAccessible(page);
  await page.goto("/me/information-requests");
  await expect(main.getByRole("link", { name: no })).toBeVisible();
});
