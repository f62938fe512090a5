import { expect } from "@playwright/test";
import { clerk, expectAccessible, submitAndLoad, test, withJs } from "./helpers";

// Microblog accounts (issue 21): a Guangzhou unit applies for its account
// under a name one character from a verified one, is flagged, and the
// province's demo verifier sees the pair, verifies it, and the account
// shows the mark. Each project uses its own unit (one account per unit):
// with JavaScript the civil air defence office's 广州人防 (like 广州人社),
// without it the development and reform bureau's 广州发改 (like 广州发布).

const VERIFIER_SECRET = "MVSXE2LGNFSXEZ3EOZSXE2LGNFSXEZ3E";
const UNITS = {
  js: { username: "staff.gz.rfb", secret: "JEGEQE22HZEAIG65P4KFHPSYHCWD6B5O", name: "广州人防", like: "广州人社", handle: "gz_renfang" },
  nojs: { username: "staff.gz.fgw", secret: "DEKEXFUPK2MMNDPN2CUVVO5WKLVTIGFP", name: "广州发改", like: "广州发布", handle: "gz_fagai" },
};

// A 16×16 PNG: the approval letter's scan.
const LETTER = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR42mP49eMDSYhhVMOohuGrAQBfRuIfz/gJEwAAAABJRU5ErkJggg==",
  "base64",
);

test("a unit applies under a look-alike name, is flagged, the province verifies it and the mark shows", async ({ browser, request }, info) => {
  test.setTimeout(120_000);
  const js = withJs(info);
  const unit = js ? UNITS.js : UNITS.nojs;

  // The unit's clerk applies; the naming rule is on the form.
  const applicant = await clerk(browser, unit.username, unit.secret, js);
  await applicant.setViewportSize({ width: 360, height: 800 });
  await applicant.goto("/weibo/apply");
  const am = applicant.getByRole("main");
  await expect(am.getByRole("heading", { level: 1 })).toHaveText("申请政务微博账号");
  await expect(am).toContainText("命名规范");
  await expectAccessible(applicant);
  await am.getByLabel("账号名称").fill(unit.name);
  await am.getByLabel("账号标识").fill(unit.handle);
  await am.getByLabel("审批函扫描件").setInputFiles({ name: "审批函.png", mimeType: "image/png", buffer: LETTER });
  await submitAndLoad(applicant, am.getByRole("button", { name: "提交申请" }));
  await expect(applicant).toHaveURL(/\/staff\/weibo\/accounts\/\d+$/);
  await expect(am).toContainText("疑似仿冒，待人工审核");
  await expect(am.locator("table.wb-pair")).toContainText(unit.like);
  await expectAccessible(applicant, { afterPost: true });
  const accountUrl = new URL(applicant.url()).pathname;
  await applicant.context().close();

  // Not marked yet.
  const before = await (await request.get(`/api/v1/weibo/accounts/${unit.handle}`)).json();
  expect(before.account.verified).toBe(false);

  // The province's verifier finds it in the queue and sees the pair.
  const verifier = await clerk(browser, "verifier.gd", VERIFIER_SECRET, js);
  await verifier.setViewportSize({ width: 360, height: 800 });
  await verifier.goto("/staff/weibo/accounts");
  const vm = verifier.getByRole("main");
  await expect(vm.getByRole("heading", { level: 1 })).toHaveText("政务微博账号认证");
  await expectAccessible(verifier);
  await submitAndLoad(verifier, vm.getByRole("link", { name: unit.name, exact: true }));
  await expect(verifier).toHaveURL(new RegExp(`${accountUrl}$`));
  const pair = vm.locator("table.wb-pair");
  await expect(pair).toContainText(unit.name);
  await expect(pair).toContainText(unit.like);
  await expect(pair).toContainText("一字之差");
  await expect(vm.getByRole("link", { name: /审批函扫描件/ })).toBeVisible();
  await expectAccessible(verifier);
  await submitAndLoad(verifier, vm.getByRole("button", { name: "予以认证" }));
  await expect(vm.locator("dl.facts")).toContainText("已认证");
  await expect(vm.getByRole("heading", { level: 1 }).locator(".wb-mark")).toBeVisible();
  await verifier.context().close();

  // The mark, through the API and in the city's list.
  const after = await (await request.get(`/api/v1/weibo/accounts/${unit.handle}`)).json();
  expect(after.account.verified).toBe(true);
  const list = await (await request.get("/api/v1/weibo/accounts?region=440100")).json();
  expect(list.some((a: { account: { handle: string; verified: boolean } }) => a.account.handle === unit.handle && a.account.verified)).toBe(true);
});
