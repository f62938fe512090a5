import { expect, type Page } from "@playwright/test";
import { birthApplication, checkAndSubmit, clerk, expectAccessible, fillBirthForm, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Applying online and parallel review. The hall under test runs with its
// clock fixed at Wednesday 30 September 2026, 20:00 (BANSHI_FAKE_NOW in
// playwright.config.ts): an application sent then is accepted on the next
// working day after the National Day holiday (1–7 October), Thursday
// 8 October, and its deadlines count from Friday 9 October, with the make-up
// working Saturday 10 October.

/** A minimal whole one-page PDF: the hall parses uploads, so a fragment is refused. */
function minimalPdf(): Buffer {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
    "<< /Length 25 >>\nstream\n0.5 w 72 72 m 523 770 l S\nendstream",
  ];
  let out = "%PDF-1.7\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("");
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, "latin1");
}

const PDF = minimalPdf();

/** Fills the birth bundle's form (one form for four departments). */
async function fillBirthFormChecked(page: Page, motherId: string) {
  const main = page.getByRole("main");
  // The applicant's name and ID number come from the account (forms that
  // know you, tests/prefill.spec.ts); the mobile starts filled in.
  await expect(main.getByRole("group", { name: "申请人公民身份号码" })).toContainText(motherId.slice(-4));
  await main.getByLabel("申请人手机号码", { exact: true }).fill("139 1234 5678");
  await fillBirthForm(page, motherId);
}

test("a parent applies for the birth bundle with one form and gets a receipt with working-day deadlines", async ({ page, context }, info) => {
  // The whole path: the sectioned form, three materials, check your answers, the receipt, tracking, the case.
  test.setTimeout(120_000);
  const js = withJs(info);
  const motherId = await newCitizen(context, "李华", "parent");
  const response = await page.goto("/apply?bundle=440100/birth");
  expect(response?.status()).toBe(200);
  const main = page.getByRole("main");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("在线申办：出生一件事");
  // Four departments, one form; shared fields asked once.
  const parts = main.getByRole("region", { name: "一次申请，多个部门同时办理" }).getByRole("listitem");
  await expect(parts).toHaveCount(4);
  await expect(main.getByLabel("母亲姓名", { exact: true })).toHaveCount(1);
  await expectAccessible(page);

  await fillBirthFormChecked(page, motherId);
  // A wrong check digit: said at the field as it is typed (with JavaScript),
  // or when the form comes back (without), the message naming the field,
  // the focus on the error summary, nothing typed or uploaded lost.
  const father = main.getByLabel("父亲公民身份号码", { exact: true });
  await father.fill("440106199003071232");
  const fatherError = page.locator("#father_id_number-error");
  if (js) {
    await father.press("Tab");
    await expect(fatherError).toHaveText("请填写有效的 18 位居民身份证号码。");
    await expect(main.getByRole("status")).toHaveText("草稿已保存。");
  } else {
    const [sent] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === "POST" && r.url().endsWith("/apply")),
      submitAndLoad(page, main.getByRole("button", { name: "继续" })),
    ]);
    expect(sent.status()).toBe(422);
    const summary = page.locator(".error-summary");
    await expect(summary).toContainText("父亲公民身份号码：请填写有效的 18 位居民身份证号码。");
    await expect(summary).toBeFocused();
    await expect(fatherError).toBeVisible();
    await expect(main.getByLabel("子女（儿童）姓名", { exact: true })).toHaveValue("张安安");
    await expect(main.getByRole("list", { name: "已上传的近期免冠彩色证件照片" })).toContainText("近期免冠彩色证件照片.png");
    await expectAccessible(page, { afterPost: true });
  }
  await father.fill("440106199003071231");
  if (js) {
    await father.press("Tab");
    await expect(fatherError).toBeHidden();
  }
  // Checking the answers on a phone: nothing wider than the screen.
  await page.setViewportSize({ width: 360, height: 740 });
  await checkAndSubmit(page);
  await page.setViewportSize({ width: 1280, height: 720 });

  // The receipt: accepted on the next working day after the holiday.
  await expect(page).toHaveURL(/\/cases\/440100-20261008-\d{6}\/receipt$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("受理回执");
  const facts = page.getByRole("article");
  await expect(facts).toContainText("受理日期2026-10-08");
  await expect(facts).toContainText(/查询码[A-HJ-NP-Z2-9]{8}/);
  const rows = page.locator(".receipt-departments > li");
  await expect(rows).toHaveCount(4);
  // Three working days for the police's review: 9, 10 (the make-up
  // Saturday) and 12 October; two for the social security card: 9 and 10.
  await expect(rows.filter({ hasText: "广州市公安局" })).toContainText("2026-10-12");
  await expect(rows.filter({ hasText: "广州市人力资源和社会保障局" })).toContainText("2026-10-10");
  // What happens next (issue 17): who reviews, the limit in working days,
  // what may be asked, how to follow it; a print button once it can print.
  const next = page.getByRole("region", { name: "提交成功，已受理" });
  await expect(next).toContainText("以下部门将同时审查各自负责的部分：广州市");
  await expect(next).toContainText(/承诺在\d+个工作日内办结，即 2026-10-\d\d 前/);
  await expect(next).toContainText("补正期间办理期限暂停计算");
  await expect(next.getByRole("link", { name: "查看办理进度" })).toHaveAttribute("href", /\/track\?case_no=440100-20261008-\d{6}&code=/);
  if (js) {
    await expect(page.getByRole("button", { name: "打印回执" })).toBeVisible();
  } else {
    await expect(page.getByText("如需打印回执，请使用浏览器的打印功能。")).toBeVisible();
  }
  await expectAccessible(page);
  // Nothing is cut off on a phone.
  for (const width of [360, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(wide, `receipt at ${width} px`).toBeLessThanOrEqual(width);
    await expectAccessible(page);
  }
  // The inbox has the message of the submission.
  const receiptUrl = page.url();
  await page.goto("/inbox");
  await expect(page.getByRole("main")).toContainText("您的申请已受理");
  await page.goto(receiptUrl);

  // The receipt's QR code leads to the tracking page, which anyone can open
  // on a phone (no session).
  const trackUrl = await page.getByRole("figure").getByRole("link").getAttribute("href");
  expect(trackUrl).toMatch(/\/track\?case_no=440100-20261008-\d{6}&code=[A-Z2-9]{8}$/);
  const phone = await page.context().browser()!.newContext({
    locale: "zh-CN",
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    javaScriptEnabled: js,
  });
  const tracking = await phone.newPage();
  await tracking.goto(trackUrl!);
  await expect(tracking.getByRole("heading", { level: 1 })).toHaveText("办件进度查询");
  const tracked = tracking.getByRole("region", { name: "各部门并联审查" }).getByRole("listitem");
  await expect(tracked).toHaveCount(4);
  await expect(tracked.filter({ hasText: "广州市公安局" })).toContainText("剩余 4 个工作日");
  await expectAccessible(tracking, { js });
  await phone.close();

  // My space lists it; the case page shows the four departments at once.
  await page.goto("/me");
  const caseLink = page.getByRole("region", { name: "我的办件" }).getByRole("link").first();
  await expect(caseLink).toHaveText(/^440100-20261008-/);
  await caseLink.click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("办件 440100-20261008-");
  const branches = page.getByRole("region", { name: "各部门并联审查" }).getByRole("listitem");
  await expect(branches).toHaveCount(4);
  await expect(branches.filter({ hasText: "办理中" })).toHaveCount(4);
  // The files, each labelled by its material.
  const files = page.getByRole("region", { name: "已提交的材料" });
  await expect(files.getByRole("listitem")).toHaveCount(3);
  await expect(files.getByRole("listitem").filter({ hasText: "近期免冠彩色证件照片" })).toContainText("近期免冠彩色证件照片.png");
  await expectAccessible(page);
});

test("four departments review at once; one supplement request becomes one notice; the case completes in the legal order", async ({ page, context, browser }, info) => {
  test.skip(!withJs(info), "demo clerks sign in with one-time codes: the journey runs once (clerks' pages are plain forms without JavaScript)");
  test.setTimeout(180_000);
  await newCitizen(context, "王芳", "parent");
  // The application through the API (the form itself has its own journey).
  const sent = await context.request.post("/api/v1/applications", {
    headers: { "idempotency-key": crypto.randomUUID() },
    data: await birthApplication(context.request),
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const caseNo: string = (await sent.json()).case_no;

  // Four clerks, each in their own browser, at the same time.
  const reviewers = await Promise.all([
    // One clerk with JavaScript (the page router), the others without.
    clerk(browser, "staff.gz.wjj", "QWB5PDKHX6PYGPAN2RLYKEI4IIAANNKK", true),
    clerk(browser, "staff.gz.gaj", "WZB2XYA4CLMHP5WWQ5GXSC3FNVXJVRFT", false),
    clerk(browser, "staff.gz.ybj", "2SJ5K57U6RS6ZJHYL7VLF7RXEWCTXR7Q", false),
    clerk(browser, "staff.gz.rsj", "SVLA6QUR5SWWRW2WL4XVJKMX6SF2K2TR", false),
  ]);
  const openTask = async (p: Page) => {
    await p.goto("/staff/tasks");
    await p.getByRole("link", { name: caseNo }).click();
    await expect(p.getByRole("heading", { level: 2, name: "本部门审查内容" })).toBeVisible();
  };
  await Promise.all(reviewers.map(openTask));
  await expectAccessible(reviewers[0], { js: false });
  await reviewers[0].goto("/staff/tasks");
  await expectAccessible(reviewers[0], { js: false });
  await openTask(reviewers[0]);
  const [wjj, gaj, ybj, rsj] = reviewers;
  // One decision control: a choice and a note, then the message.
  const decide = async (p: Page, choice: string, note = "") => {
    await p.getByRole("radio", { name: choice }).check();
    if (note) await p.getByLabel(/^意见或理由/).fill(note);
    await submitAndLoad(p, p.getByRole("button", { name: "提交决定" }));
    await expect(p).toHaveURL(/\/staff\/tasks\?decided=/);
    await expect(p.getByRole("status").filter({ hasText: "已记录：" })).toContainText(caseNo);
  };
  await Promise.all([
    decide(wjj, "审查通过"),
    decide(ybj, "审查通过"),
    decide(rsj, "审查通过"),
    decide(gaj, "要求补正", "请补充户口簿户主页扫描件"),
  ]);
  await expectAccessible(wjj, { js: false });

  // The parent sees one notice, uploads the page (with a progress bar) and answers.
  await page.goto(`/cases/${caseNo}`);
  const notice = page.getByRole("region", { name: "补正材料通知（一次性告知）" });
  await expect(notice).toContainText("请补充户口簿户主页扫描件");
  await expect(notice.getByRole("listitem")).toHaveCount(1);
  await expect(page.getByRole("main")).toContainText("待补正材料");
  await expectAccessible(page);
  await notice.getByLabel("上传材料扫描件").setInputFiles({ name: "户口簿户主页.pdf", mimeType: "application/pdf", buffer: PDF });
  await expect(notice.getByRole("progressbar")).toHaveAttribute("value", "100");
  await expect(notice.getByText("户口簿户主页.pdf ✓")).toBeVisible();
  await notice.getByLabel("补正说明").fill("已上传户口簿户主页");
  await submitAndLoad(page, notice.getByRole("button", { name: "提交补正" }));
  await expect(page.getByRole("region", { name: "补正材料通知（一次性告知）" })).toHaveCount(0);
  await expect(page.getByRole("main")).toContainText("审查中");

  // The police clerk sees the scan and approves.
  await openTask(gaj);
  await expect(gaj.getByRole("link", { name: "户口簿户主页.pdf" })).toBeVisible();
  // A refusal is confirmed first: going back leaves the task as it was.
  await gaj.getByRole("radio", { name: "不予通过" }).check();
  await gaj.getByLabel(/^意见或理由/).fill("材料不符");
  await submitAndLoad(gaj, gaj.getByRole("button", { name: "提交决定" }));
  await expect(gaj.getByRole("heading", { level: 2, name: "确认不予通过" })).toBeVisible();
  await expectAccessible(gaj, { js: false, afterPost: true });
  await gaj.getByRole("link", { name: "返回修改" }).click();
  await decide(gaj, "审查通过");

  // Certificates in the legally required order: birth certificate, household,
  // insurance, social security card.
  const issuers: [string, string, Page | null][] = [
    ["staff.gz.wjj.fz", "SUMNLMYTBX2KJQEVTAVETWT6UL66LDQB", null],
    ["staff.gz.gaj.fz", "UTLFJT6KDFZCPWQ52JDC7VNII2GK3XJD", null],
    ["", "", ybj],
    ["staff.gz.rsj.fz", "BMK4LOLC6OKDIHUL6MC25WYENPXAWZR2", null],
  ];
  for (const [n, [user, secret, signedIn]] of issuers.entries()) {
    const p = signedIn ?? (await clerk(browser, user, secret, false));
    await openTask(p);
    await decide(p, "出具证照", `C4401000${n + 1}`);
  }
  await page.goto(`/cases/${caseNo}`);
  await expect(page.getByRole("main")).toContainText("已办结");
  for (const p of reviewers) await p.context().close();
});
