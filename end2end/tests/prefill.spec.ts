import { randomInt } from "node:crypto";
import { expect, type Page } from "@playwright/test";
import { elsewhere, expectAccessible, newIdNumbers, submitAndLoad, test, withJs } from "./helpers";

// Forms that know you (issue 16; WCAG 2.2 3.3.7 Redundant Entry): a
// signed-in citizen applying for 出生一件事 finds their name and ID number
// already there from their real-name account (the number masked, not an
// input at all: the hall takes it from the account when the form is sent),
// and their mobile filled in but still theirs to change. With and without
// JavaScript.

function masked(id: string): string {
  return `${id.slice(0, 3)}${"*".repeat(11)}${id.slice(14)}`;
}

/** The birth bundle's questions the account cannot answer. */
async function fillTheRest(page: Page, motherId: string) {
  const main = page.getByRole("main");
  const text = async (label: string, value: string) => main.getByLabel(label, { exact: true }).fill(value);
  const choose = async (group: string, option: string) =>
    main.getByRole("group", { name: group }).getByLabel(option, { exact: true }).check();
  const address = async (group: string, region: string, detail: string) => {
    const g = main.getByRole("group", { name: group });
    await g.getByLabel("所在地区").selectOption({ label: region });
    await g.getByLabel("详细地址（街道、门牌号）").fill(detail);
  };
  await address("申请人联系地址", "天河区", "天河路 100 号 2 栋 301 房");
  await text("子女（儿童）姓名", "张安安");
  await choose("子女（儿童）性别", "女");
  await text("子女（儿童）出生日期", "2026-09-20");
  await text("出生地", "广州市妇女儿童医疗中心");
  await text("母亲姓名", "李华");
  await text("母亲公民身份号码", motherId);
  await text("父亲姓名", "张明");
  await text("父亲公民身份号码", "440106199003071231");
  await text("出生医学证明编号", "Q440123456");
  await choose("落户方式", "随母落户");
  await address("落户地址（户籍地址）", "天河区", "天河路 100 号 2 栋 301 房");
  await choose("参保人员类别", "新生儿");
  await choose("为谁办理", "子女（含新生儿）");
  await choose("户籍情况", "本市户籍");
  await choose("社会保障卡合作银行", "中国工商银行");
  await choose("领取方式", "邮寄送达");
}

test("a signed-in citizen's name, ID number and mobile come filled in and the case is submitted", async ({ page, context }, info) => {
  const js = withJs(info);
  const id = newIdNumbers().valid;
  const username = `prefill-${info.project.name}-${Date.now().toString(36)}${randomInt(1000)}`;
  const res = await context.request.post("/api/v1/accounts/citizens", {
    headers: elsewhere(),
    data: { username, password: "Correct-Horse-9-battery", real_name: "李华", id_number: id, mobile: "13912345678" },
  });
  expect(res.status(), await res.text()).toBe(201);

  const response = await page.goto("/apply?bundle=440100/birth");
  expect(response?.status()).toBe(200);
  const main = page.getByRole("main");
  await expect(main).toContainText("您账户中已有的信息已自动填入。");
  // Name and ID number: shown from the account, no input to type into.
  const idField = main.getByRole("group", { name: "申请人公民身份号码" });
  await expect(idField).toContainText(masked(id));
  await expect(idField).toContainText("无需再次填写");
  await expect(main.getByRole("group", { name: "申请人姓名" })).toContainText("李华");
  await expect(main.getByRole("textbox", { name: "申请人公民身份号码", exact: true })).toHaveCount(0);
  await expect(main.getByRole("textbox", { name: "申请人姓名", exact: true })).toHaveCount(0);
  await expect(page.locator('[name="applicant_id_number"], [name="applicant_name"]')).toHaveCount(0);
  // The full number is nowhere in the page (nor in what hydrates it).
  expect(await page.content()).not.toContain(id);
  // The mobile: filled in, and still the person's to change.
  const mobile = main.getByLabel("申请人手机号码", { exact: true });
  await expect(mobile).toHaveValue("13912345678");
  await expect(mobile).toBeEditable();
  await expectAccessible(page);

  await mobile.fill("139 8765 4321");
  await fillTheRest(page, id);
  if (js) {
    // The draft keeps what was typed; the account's data is shown again.
    await mobile.press("Tab");
    await expect(main.getByRole("status")).toHaveText("草稿已保存。");
    await page.reload();
    await expect(main.getByLabel("申请人手机号码", { exact: true })).toHaveValue("139 8765 4321");
    await expect(main.getByRole("group", { name: "申请人公民身份号码" })).toContainText(masked(id));
    await fillTheRest(page, id);
  }
  await submitAndLoad(page, main.getByRole("button", { name: "提交申请" }));

  await expect(page).toHaveURL(/\/cases\/440100-20261008-\d{6}\/receipt$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("受理回执");
  await expect(page.getByRole("table").locator("tbody tr")).toHaveCount(4);
  await expectAccessible(page);
});
