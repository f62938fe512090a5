import { randomInt } from "node:crypto";
import { expect, type Locator, type Page, type Response } from "@playwright/test";
import { DEMO_PASSWORD, expectAccessible, newIdNumbers, openMenu, submitAndLoad, test, totp, totpStep, totpTries, until, waitForHydration, withJs } from "./helpers";

// Accounts: register, sign in (with the one-time code officials need), my
// space, sign out. Both projects share one server, so every account made
// here is new (its own username and ID number), and the demo official who
// needs a one-time code signs in from one test of one project only.

const CHECKSUM_MESSAGE = "身份证号码校验位不正确，请核对最后一位。";

// ---- test data ----------------------------------------------------------------

/** A username no other test (or project) uses. */
function newUsername(prefix: string): string {
  return `${prefix}-${test.info().project.name}-${Date.now().toString(36)}${randomInt(100)}`;
}

function masked(id: string): string {
  return `${id.slice(0, 3)}${"*".repeat(11)}${id.slice(14)}`;
}

// ---- page helpers ---------------------------------------------------------------

/** Submits a form whose answer is a page (not a redirect) and returns that answer. */
async function submitForPage(page: Page, control: Locator): Promise<Response> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && r.request().isNavigationRequest()),
    submitAndLoad(page, control),
  ]);
  return response;
}

/** The message shown under a checked field (an island's `.field-error`). */
function fieldError(input: Locator): Locator {
  return input.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' field ')][1]").locator(".field-error");
}

async function signIn(page: Page, username: string, password: string, totpCode?: string) {
  const main = page.getByRole("main");
  await main.getByLabel("用户名", { exact: true }).fill(username);
  await main.getByLabel("密码", { exact: true }).fill(password);
  if (totpCode !== undefined) await main.getByLabel("动态口令（6 位数字）").fill(totpCode);
  await submitAndLoad(page, main.getByRole("button", { name: "登录", exact: true }));
}

async function expectSignedInHeader(page: Page, displayName: string) {
  await openMenu(page);
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: `我的空间 · ${displayName}` })).toHaveAttribute("href", "/me");
  await expect(header.getByRole("button", { name: "退出" })).toBeVisible();
  await expect(header.getByRole("link", { name: "登录", exact: true })).toHaveCount(0);
}

async function expectSignedOutHeader(page: Page) {
  await openMenu(page);
  const header = page.getByRole("banner");
  await expect(header.getByRole("link", { name: "登录", exact: true })).toBeVisible();
  await expect(header.getByRole("link", { name: "注册", exact: true })).toHaveAttribute("href", "/register");
  await expect(header.getByRole("link", { name: /^我的空间/ })).toHaveCount(0);
}

/** The section of my space under the level-2 heading `name`. */
function section(page: Page, name: string): Locator {
  return page.getByRole("region", { name });
}

// ---- journeys -------------------------------------------------------------------

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

  test("a person registers, corrects a wrong ID number, sees my space and signs out", async ({ page }, info) => {
    const js = withJs(info);
    const ids = newIdNumbers();
    const username = newUsername("wf");
    const password = "Lanhua-2026!";

    await page.goto("/");
    await expectSignedOutHeader(page);
    await page.getByRole("banner").getByRole("link", { name: "注册", exact: true }).click();
    await expect(page).toHaveURL(/\/register$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("注册账号");
    await expect(page.getByRole("link", { name: "个人注册" })).toHaveAttribute("aria-current", "page");
    if (js) await waitForHydration(page);

    const main = page.getByRole("main");
    const realName = main.getByLabel("真实姓名");
    const idNumber = main.getByLabel("居民身份证号码");
    const mobile = main.getByLabel("手机号码");
    const user = main.getByLabel("用户名", { exact: true });
    const pass = main.getByLabel("密码", { exact: true });
    const register = main.getByRole("button", { name: "注册", exact: true });

    await realName.fill("王芳");
    await idNumber.fill(ids.wrong);
    await idNumber.press("Tab");
    if (js) {
      // Checked in the browser as soon as the field is left.
      await expect(fieldError(idNumber)).toHaveText(CHECKSUM_MESSAGE);
      await expect(fieldError(idNumber)).toHaveRole("alert");
      await expect(idNumber).toHaveAttribute("aria-invalid", "true");
      await expect(idNumber).toHaveAccessibleDescription(new RegExp(CHECKSUM_MESSAGE));
      await expect(fieldError(realName)).toBeHidden();
    }
    await mobile.fill("13912345678");
    await user.fill(username);
    await pass.fill(password);
    const refused = await submitForPage(page, register);

    // The same page again, what was typed kept (not the password), the problem named twice.
    expect(refused.status()).toBe(422);
    await expect(page).toHaveURL(/\/register$/);
    const summary = page.locator(".error-summary");
    await expect(summary).toHaveRole("alert");
    await expect(summary).toContainText("请修改下面标出的项目。");
    await expect(summary.getByRole("listitem")).toHaveCount(1);
    const toField = summary.getByRole("link", { name: `居民身份证号码：${CHECKSUM_MESSAGE}` });
    await expect(toField).toHaveAttribute("href", "#id_number");
    await expect(idNumber).toHaveAttribute("id", "id_number");
    await expect(fieldError(idNumber)).toHaveText(CHECKSUM_MESSAGE);
    await expect(idNumber).toHaveAttribute("aria-invalid", "true");
    await expect(realName).toHaveValue("王芳");
    await expect(idNumber).toHaveValue(ids.wrong);
    await expect(mobile).toHaveValue("13912345678");
    await expect(user).toHaveValue(username);
    await expect(pass).toHaveValue("");
    await expect(fieldError(realName)).toBeHidden();
    await expectAccessible(page, { afterPost: true });
    if (js) await waitForHydration(page);

    await idNumber.fill(ids.valid);
    await idNumber.press("Tab");
    if (js) {
      await expect(fieldError(idNumber)).toBeHidden();
      await expect(idNumber).not.toHaveAttribute("aria-invalid", "true");
    }
    await pass.fill(password);
    await submitAndLoad(page, register);

    // Signed in, in my space: the numbers masked, the sections there.
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的空间");
    await expectSignedInHeader(page, "王芳");
    const profile = section(page, "个人信息");
    await expect(profile).toContainText("王芳");
    await expect(profile).toContainText(masked(ids.valid));
    await expect(profile).toContainText("139****5678");
    await expect(page.locator("body")).not.toContainText(ids.valid);
    await expect(page.locator("body")).not.toContainText("13912345678");
    await expect(section(page, "我的办件")).toContainText("您还没有办件");
    await expect(section(page, "我的评价")).toContainText("您还没有评价");
    await expect(section(page, "我的咨询")).toContainText("您还没有咨询");
    await expect(section(page, "谁查看了我的信息")).toContainText("目前没有工作人员查看过您的信息。");
    await expectAccessible(page);

    await submitAndLoad(page, main.getByRole("button", { name: "退出" }));
    await expect(page).toHaveURL(/\/$/);
    await expectSignedOutHeader(page);
    // The session is over on the server too.
    await page.goto("/me");
    await expect(page).toHaveURL(/\/login\?next=\/me$/);
  });
});

test("a wrong password keeps the username; the right one goes back to where the visitor was", async ({ page }) => {
  await page.goto("/services");
  const login = page.getByRole("banner").getByRole("link", { name: "登录", exact: true });
  await login.click();
  await expect(page).toHaveURL(/\/login\?next=(\/|%2F)services$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await expectAccessible(page);

  const main = page.getByRole("main");
  await main.getByLabel("用户名", { exact: true }).fill("citizen.demo");
  await main.getByLabel("密码", { exact: true }).fill("Not-the-password-1");
  const refused = await submitForPage(page, main.getByRole("button", { name: "登录", exact: true }));
  expect(refused.status()).toBe(401);
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确。");
  await expect(main.getByLabel("用户名", { exact: true })).toHaveValue("citizen.demo");
  await expect(main.getByLabel("密码", { exact: true })).toHaveValue("");
  await expect(page.getByRole("main").locator('input[type="hidden"][name="next"]')).toHaveValue("/services");
  await expectAccessible(page, { afterPost: true });

  await main.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  await submitAndLoad(page, main.getByRole("button", { name: "登录", exact: true }));
  await expect(page).toHaveURL(/\/services$/);
  await expectSignedInHeader(page, "张小明");
});

test("the demo citizen sees which department looked them up", async ({ page }) => {
  await page.goto("/login");
  await signIn(page, "citizen.demo", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/me$/);
  await expectSignedInHeader(page, "张小明");
  const profile = section(page, "个人信息");
  await expect(profile).toContainText("张小明");
  await expect(profile).toContainText("440***********1231");
  await expect(page.locator("body")).not.toContainText("440106199003071231");

  const accesses = section(page, "谁查看了我的信息");
  const table = accesses.getByRole("table");
  await expect(table.getByRole("columnheader")).toHaveText(["时间", "部门", "岗位", "查看内容"]);
  // 广州市民政局's reads of the demo citizen's identity (other journeys'
  // staff, answering the demo's questions, add rows of their own: the
  // newest is checked).
  const row = table.getByRole("row").filter({ hasText: "广州市民政局" }).filter({ hasText: "个人身份信息" }).first();
  await expect(row).toBeVisible();
  const cells = row.getByRole("cell");
  await expect(cells).toHaveCount(4);
  await expect(cells.nth(0)).toHaveText(/\d/);
  await expect(cells.nth(1)).toHaveText("广州市民政局");
  await expect(cells.nth(2)).not.toBeEmpty();
  await expect(cells.nth(3)).toHaveText("个人身份信息");
  await expectAccessible(page);
});

test("staff sign in with a one-time code", async ({ page }, info) => {
  test.skip(!withJs(info), "a one-time code counts once: the official signs in from one project only");
  // The code generator against RFC 6238's SHA-1 test vector (its last 6 digits).
  expect(totp("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", totpStep(59_000))).toBe("287082");
  const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

  await page.goto("/login");
  const main = page.getByRole("main");
  await main.getByLabel("用户名", { exact: true }).fill("staff.gz.mzj");
  await main.getByLabel("密码", { exact: true }).fill(DEMO_PASSWORD);
  const asked = await submitForPage(page, main.getByRole("button", { name: "登录", exact: true }));
  expect(asked.status()).toBe(401);
  await expect(page.getByRole("alert")).toContainText(/^此账号需要动态口令/);
  await expect(main.getByLabel("用户名", { exact: true })).toHaveValue("staff.gz.mzj");

  // Other tests sign this clerk in too: a code already used is refused
  // with a message, and the next acceptable one is taken.
  for (const { code, notBefore } of totpTries(secret)) {
    await until(notBefore);
    await signIn(page, "staff.gz.mzj", DEMO_PASSWORD, code);
    if (/\/me$/.test(page.url())) break;
    await expect(page.getByRole("alert")).toContainText("动态口令不正确或已使用过");
  }
  await expect(page).toHaveURL(/\/me$/);
  await expectSignedInHeader(page, "陈敏（广州市民政局）");
  const post = section(page, "工作岗位");
  await expect(post).toBeVisible();
  await expect(post.getByRole("definition").first()).toHaveText("广州市民政局");
  await expect(post).toContainText("部门");
  await expect(section(page, "我的办件")).toHaveCount(0);
  await expectAccessible(page);
});

test("my space without a session asks to sign in and comes back", async ({ page }) => {
  const direct = await page.request.get("/me", { maxRedirects: 0 });
  expect(direct.status()).toBe(303);
  expect(direct.headers()["location"]).toBe("/login?next=/me");

  await page.goto("/me");
  await expect(page).toHaveURL(/\/login\?next=\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("登录");
  await expect(page.getByRole("main").locator('input[type="hidden"][name="next"]')).toHaveValue("/me");
  await signIn(page, "citizen.demo", DEMO_PASSWORD);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的空间");
});
