import { expect } from "@playwright/test";
import { checkAndSubmit, expectAccessible, fillBirthForm, newCitizen, test, withJs } from "./helpers";

// Forms that know you (issue 16; WCAG 2.2 3.3.7 Redundant Entry): a
// signed-in citizen applying for 出生一件事 finds their name and ID number
// already there from their real-name account (the number masked, not an
// input at all: the hall takes it from the account when the form is sent),
// and their mobile filled in but still theirs to change. With and without
// JavaScript.

function masked(id: string): string {
  return `${id.slice(0, 3)}${"*".repeat(11)}${id.slice(14)}`;
}

test("a signed-in citizen's name, ID number and mobile come filled in and the case is submitted", async ({ page, context }, info) => {
  const js = withJs(info);
  const id = await newCitizen(context, "李华", "prefill");

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
  await fillBirthForm(page, id);
  if (js) {
    // The draft keeps what was typed; the account's data is shown again.
    await mobile.press("Tab");
    await expect(main.getByRole("status")).toHaveText("草稿已保存。");
    await page.reload();
    await expect(main.getByLabel("申请人手机号码", { exact: true })).toHaveValue("139 8765 4321");
    await expect(main.getByRole("group", { name: "申请人公民身份号码" })).toContainText(masked(id));
    await fillBirthForm(page, id);
  }
  await checkAndSubmit(page);

  await expect(page).toHaveURL(/\/cases\/440100-20261008-\d{6}\/receipt$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("受理回执");
  await expect(page.locator(".receipt-departments > li")).toHaveCount(4);
  await expectAccessible(page);
});
