import { expect, type Locator, type Page } from "@playwright/test";
import { clerk, DEMO_PASSWORD, expectAccessible, newEnterprise, SCAN_PNG, submitAndLoad, test, withJs } from "./helpers";

// Issue 18, investment approval (投资审批): an enterprise registers a project
// (赋码) and gets its code and QR code, applies for stage 1 (立项用地规划许可)
// with one form, four departments' clerks review at once (the environmental
// approval, issued on commitment, is only verified), the permits are
// issued, and the project's timeline (my projects) and its public status
// page follow. On a phone (360 px), each page audited by axe, the main ones
// at 1280 px too.
//
// The project with JavaScript is the demo enterprise; the one without, an
// enterprise of its own: both run at once, and an application is made from
// the applicant's one draft per bundle, so one account must not fill the
// same stage's form twice at the same time. Every run registers a new
// project, so reruns on the same database work.

const STAGE1 = "440100/investment-stage-1";
const STAGES = ["立项用地规划许可", "工程建设许可", "施工许可", "竣工验收"];
const PROJECT_CODE = /^\d{4}-440103-\d{2}-\d{2}-\d{5}[0-9A-Z]$/;

// The clerks of stage 1 (docs/demo.md): each part's review, the commitment
// item's verification, the issuances.
const REVIEWERS: [string, string, string][] = [
  ["staff.gz.fgw.sh", "TEYOMJTALUFENYJJYISAHUL23FGW6XFE", "广州市发展和改革局"],
  ["staff.gz.ghzyj.yt", "EKR2MVQXUFBKN2YUXAMEDERRVFG26O5S", "广州市规划和自然资源局"],
  ["staff.gz.ghzyj.sh", "BVTYLDJBPWIZXC2GOD6UZEAWESHUHVR4", "广州市规划和自然资源局"],
  ["staff.gz.sthjj", "KSDFLIDEXMJ67RD5QM7C7OWSIIVKANNM", "广州市生态环境局"],
];
const ISSUERS: [string, string][] = [
  ["staff.gz.fgw.fz", "NRJWV2A6J3HAHMBRJIAV63LW53JDNQCD"],
  ["staff.gz.ghzyj.fz", "73LBBDJLO4HIAADJHPTHBWB6LFAJ7VY3"],
];

test.use({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });

/** Nothing on the page is wider than the screen. */
async function fits(page: Page) {
  const width = page.viewportSize()?.width ?? 360;
  expect(await page.evaluate(() => document.documentElement.scrollWidth), `${page.url()} at ${width} px`).toBeLessThanOrEqual(width);
}

/**
 * Audited at 360 px, then at 1280 px, then back on the phone. The wide
 * audit runs with JavaScript only: without it the page is the same HTML
 * and stylesheet (the journey's other half audits it at 1280 px).
 */
async function audit(page: Page, options: { afterPost?: boolean; wide?: boolean } = {}) {
  await fits(page);
  await expectAccessible(page, options);
  if (options.wide === false || !withJs(test.info())) return;
  await page.setViewportSize({ width: 1280, height: 800 });
  await fits(page);
  await expectAccessible(page, options);
  await page.setViewportSize({ width: 360, height: 740 });
}

/** Stage `n` (1–4) of a project's timeline. */
function stage(scope: Page | Locator, n: number): Locator {
  return scope.locator(`ol.inv-stages > li:has(> h3#inv-stage-${n})`);
}

/** Opens the clerk's first task of the case, records `choice` (with `note`), back on the task list. */
async function decide(p: Page, caseNo: string, choice: string, note = "") {
  await p.goto("/staff/tasks");
  await p.getByRole("link", { name: caseNo }).first().click();
  await expect(p.getByRole("heading", { level: 2, name: "本部门审查内容" })).toBeVisible();
  await p.getByRole("radio", { name: choice }).check();
  if (note) await p.getByLabel(/^意见或理由/).fill(note);
  await submitAndLoad(p, p.getByRole("button", { name: "提交决定" }));
  await expect(p).toHaveURL(/\/staff\/tasks\?decided=/);
  await expect(p.getByRole("status").filter({ hasText: "已记录：" })).toContainText(caseNo);
}

test("an enterprise registers a project, applies for stage 1, four departments review at once, the timeline follows", async ({ page, context, browser }, info) => {
  test.setTimeout(240_000);
  const js = withJs(info);
  if (js) {
    const res = await context.request.post("/api/v1/session", { data: { username: "enterprise.demo", password: DEMO_PASSWORD } });
    expect(res.status(), await res.text()).toBe(200);
  } else {
    await newEnterprise(context, "investor");
  }
  const main = page.getByRole("main");

  // The channel: the ways in, the four stages.
  await page.goto("/investment");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const stageList = main.locator("ol.inv-stage-list > li");
  await expect(stageList).toHaveCount(4);
  for (const [n, name] of STAGES.entries()) await expect(stageList.nth(n)).toContainText(name);
  await audit(page, { wide: false });
  await submitAndLoad(page, main.getByRole("link", { name: "项目赋码登记" }).first());

  // Registration (赋码登记).
  await expect(page).toHaveURL(/\/investment\/register$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("项目赋码登记");
  const name = `荔湾示范物流仓储中心（${info.project.name} ${Date.now().toString(36)}）`;
  await main.getByLabel("项目名称").fill(name);
  await main.getByLabel("项目类型").selectOption({ label: "核准" });
  await main.getByLabel("所属行业").selectOption({ label: "批发零售和商贸物流" });
  await main.getByLabel("建设地点").selectOption({ label: "荔湾区" });
  await main.getByLabel("总投资（万元）").fill("12800.50");
  await main.getByLabel("用地面积（平方米）").fill("23000");
  await main.getByLabel("建设规模及内容").fill("新建仓库 3 栋，总建筑面积 4.6 万平方米");
  await audit(page);
  await submitAndLoad(page, main.getByRole("button", { name: "提交登记" }));

  // The receipt: the code in large type, its QR code, a way to print.
  await expect(page).toHaveURL(/\/investment\/projects\/[0-9A-Z-]{24}\?registered=1$/);
  const receipt = main.getByRole("region", { name: "赋码成功" });
  const code = ((await receipt.locator(".inv-code").textContent()) ?? "").trim();
  expect(code).toMatch(PROJECT_CODE);
  expect(page.url()).toContain(`/investment/projects/${code}?`);
  const qr = receipt.getByRole("img", { name: "扫码查看项目进度：" });
  await expect(qr.locator("svg")).toBeVisible();
  await expect(receipt.getByRole("link", { name: new RegExp(`/investment/projects/${code}$`) })).toHaveAttribute(
    "href",
    new RegExp(`/investment/projects/${code}$`),
  );
  if (js) await expect(receipt.getByRole("button", { name: "打印回执" })).toBeVisible();
  else await expect(receipt.getByText("如需打印回执，请使用浏览器的打印功能。")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(name);
  // The four stages, the first open to apply (for its owner only).
  await expect(main.locator("ol.inv-stages > li")).toHaveCount(4);
  for (const [n, title] of STAGES.entries()) await expect(stage(main, n + 1).locator("h3")).toHaveText(title);
  await expect(stage(main, 1)).toContainText("可以申报");
  await expect(stage(main, 2)).toContainText("待前一阶段批复");
  const apply = stage(main, 1).getByRole("link", { name: "申报本阶段" });
  await expect(apply).toHaveAttribute("href", `/apply?bundle=${STAGE1}&project=${code}`);
  await audit(page);

  // Stage 1: one form for four items of three departments, the code filled in.
  await submitAndLoad(page, apply);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/^在线申办：立项用地规划许可阶段/);
  const parts = main.getByRole("region", { name: "一次申请，多个部门同时办理" }).getByRole("listitem");
  await expect(parts).toHaveCount(4);
  await expect(main.getByLabel("投资项目统一代码", { exact: true })).toHaveValue(code);
  // What the registration knows is shown, not asked again.
  for (const [field, shown] of [
    ["project_name", name],
    ["project_location", "广东省广州市荔湾区"],
    ["project_investment_10k_yuan", "12800.50 万元"],
    ["land_area_m2", "23000.00"],
  ]) {
    const fixed = main.locator(`[data-field="${field}"]`);
    await expect(fixed.locator(".known-value")).toContainText(shown);
    await expect(fixed.locator("input")).toHaveCount(0);
  }
  await fillStageOne(page);
  await audit(page, { wide: false });
  await submitAndLoad(page, main.getByRole("button", { name: "继续" }));
  await expect(page).toHaveURL(/\/apply\/check\?bundle=440100/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("核对申请信息");
  await expect(main).toContainText(code);
  await audit(page, { wide: false });
  await main.getByLabel("我已阅读并同意以上承诺").check();
  await submitAndLoad(page, main.getByRole("button", { name: "提交申请" }));
  await expect(page).toHaveURL(/\/cases\/440100-\d{8}-\d{6}\/receipt$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("受理回执");
  const caseNo = /\/cases\/(440100-\d{8}-\d{6})\//.exec(page.url())![1];
  await audit(page, { wide: false });

  // The public status page (no session, on a phone): stage 1 in review,
  // each department's step with its days against its limit.
  const phone = await browser.newContext({
    locale: "zh-CN",
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: js,
    baseURL: info.project.use.baseURL,
  });
  const pub = await phone.newPage();
  await pub.goto(`/investment/projects/${code}`);
  const first = stage(pub.getByRole("main"), 1);
  await expect(first.locator(".inv-state")).toHaveText("审批中");
  await expect(first).toContainText(caseNo);
  const steps = first.locator("ul.inv-steps > li");
  // Three reviews and the commitment item's verification at once, three
  // issuances after their reviews; the environmental approval holds already.
  await expect(steps).toHaveCount(7);
  await expect(first.locator("li.step-ready")).toHaveCount(4);
  await expect(first.locator("li.step-waiting")).toHaveCount(3);
  await expect(first.locator("li.step-ready").filter({ hasText: "广州市生态环境局" })).toContainText("告知承诺核查");
  await expect(first.locator("ul.inv-permits > li")).toHaveCount(1);
  await expect(steps.first()).toContainText(/已用\d+个工作日，时限\d+个工作日/);
  await expect(first.getByRole("link", { name: "申报本阶段" })).toHaveCount(0);
  await audit(pub, { wide: false });

  // Four clerks, each in their own browser, review at the same time.
  const reviewers = await Promise.all(REVIEWERS.map(([user, secret]) => clerk(browser, user, secret, js)));
  await Promise.all(reviewers.map((p) => decide(p, caseNo, "审查通过")));
  await expectAccessible(reviewers[3], { js });
  await pub.reload();
  await expect(first.locator("li.step-done")).toHaveCount(4);
  await expect(first.locator("li.step-ready")).toHaveCount(3);
  for (const p of reviewers) await p.context().close();

  // The permits: the development and reform bureau's, and the planning bureau's two.
  const [fgw, ghzyj] = await Promise.all(ISSUERS.map(([user, secret]) => clerk(browser, user, secret, js)));
  await Promise.all([
    decide(fgw, caseNo, "出具证照", `穗发改核〔2026〕${Date.now() % 1000}号`),
    (async () => {
      await decide(ghzyj, caseNo, "出具证照", `穗规划资源预选〔2026〕${Date.now() % 1000}号`);
      await decide(ghzyj, caseNo, "出具证照", `穗规划资源地证〔2026〕${Date.now() % 1000}号`);
    })(),
  ]);
  await fgw.context().close();
  await ghzyj.context().close();

  // The public page follows: stage 1 completed with its four permits, stage 2 next.
  await pub.reload();
  await expect(first.locator(".inv-state")).toHaveText("已办结");
  await expect(first.locator("li.step-done")).toHaveCount(7);
  await expect(first.locator("ul.inv-permits > li")).toHaveCount(4);
  await expect(stage(pub.getByRole("main"), 2).locator(".inv-state")).toHaveText("可以申报");
  await expect(pub.getByRole("main").getByRole("link", { name: "申报本阶段" })).toHaveCount(0);
  await audit(pub);
  await phone.close();

  // My projects: the project, where it is, its whole timeline.
  await page.goto("/me/projects");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我的投资项目");
  const mine = main.getByRole("region", { name });
  await expect(mine).toContainText(code);
  await expect(mine).toContainText("工程建设许可：可以申报");
  const timeline = mine.locator("details.inv-timeline");
  await timeline.locator("summary").click();
  await expect(stage(timeline, 1).locator(".inv-state")).toHaveText("已办结");
  await expect(stage(timeline, 2).getByRole("link", { name: "申报本阶段" })).toHaveAttribute(
    "href",
    `/apply?bundle=440100/investment-stage-2&project=${code}`,
  );
  await audit(page);
  await submitAndLoad(page, mine.getByRole("link", { name }));
  await expect(page).toHaveURL(new RegExp(`/investment/projects/${code}$`));
  await expect(stage(main, 1).locator(".inv-state")).toHaveText("已办结");
});

/** Answers stage 1's questions the registration does not answer, and uploads each required material. */
async function fillStageOne(page: Page) {
  const main = page.getByRole("main");
  const text = async (label: string, value: string) => {
    const field = main.getByLabel(label, { exact: true });
    if ((await field.count()) > 0 && (await field.inputValue()) === "") await field.fill(value);
  };
  await text("联系人姓名", "王经理");
  await text("联系人手机号码", "13912345678");
  const address = main.getByRole("group", { name: "单位住所（地址）" });
  if ((await address.getByLabel("所在地区").inputValue()) === "") {
    await address.getByLabel("所在地区").selectOption({ label: "荔湾区" });
  }
  if ((await address.getByLabel("详细地址（街道、门牌号）").inputValue()) === "") {
    await address.getByLabel("详细地址（街道、门牌号）").fill("荔湾路 1 号");
  }
  await text("国民经济行业类别", "批发业");
  await text("建设用地批准文件编号", "440103-2026-000123");
  await text("环保投资（万元）", "320.5");
  await text("环评文件编制单位", "广州示范环境科技有限公司");
  const slots = main.locator("li.slot").filter({ has: page.locator(".mark-required") });
  const count = await slots.count();
  expect(count).toBeGreaterThan(0);
  for (let i = 0; i < count; i++) {
    const slot = slots.nth(i);
    const material = ((await slot.locator("label.slot-name").textContent()) ?? "").trim();
    await slot.locator('input[type="file"]').setInputFiles({ name: `${material}.png`, mimeType: "image/png", buffer: SCAN_PNG });
    if (withJs(test.info())) await expect(slot.getByRole("progressbar")).toHaveAttribute("value", "100");
  }
}
