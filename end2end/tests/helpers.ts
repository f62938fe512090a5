import AxeBuilder from "@axe-core/playwright";
import { createHmac, randomInt } from "node:crypto";
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { test as base, expect, type APIRequestContext, type Browser, type BrowserContext, Page, TestInfo } from "@playwright/test";

/** Errors each page printed (console errors and uncaught exceptions), for diagnostics. */
const pageErrors = new WeakMap<Page, string[]>();

/** Playwright's `test`, recording every page's errors so a failure can show them. */
export const test = base.extend<{ recordErrors: void }>({
  recordErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      pageErrors.set(page, errors);
      page.on("pageerror", (e) => errors.push(`uncaught: ${e.message}`));
      page.on("console", (m) => {
        if (m.type() === "error") errors.push(`console: ${m.text()}`);
      });
      await use();
    },
    { auto: true },
  ],
});

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

/**
 * Runs axe-core (WCAG 2.x A/AA rules and best practices) on the page as the
 * visitor sees it and expects no violations.
 *
 * axe needs JavaScript (it awaits promises in the page), so for the project
 * without JavaScript the very HTML the server sent to this visitor (same URL,
 * same cookies) is shown, scripts removed, in a scratch page with the same
 * origin and viewport, and audited there. A page that answered a form post
 * (`afterPost`) cannot be fetched again: its document as shown is audited.
 */
export async function expectAccessible(page: Page, options: { afterPost?: boolean; js?: boolean } = {}) {
  expect(await axeViolations(page, options), `axe violations on ${page.url()}`).toEqual([]);
}

/**
 * axe-core on one page, the way every audit here runs it: in the page
 * itself (legacy mode; the hall has no frames), not by axe's frame-by-frame
 * run that opens a blank page to merge the frames' results, which took
 * three times the time and CPU; violations only (axe then reports one node
 * of each passing rule instead of all, which spares most of its work and
 * the results sent back).
 */
export function auditor(page: Page): AxeBuilder {
  return new AxeBuilder({ page }).setLegacyMode(true).options({ resultTypes: ["violations"] });
}

/** What axe-core finds wrong with the page as the visitor sees it (see `expectAccessible`), one line a rule. */
export async function axeViolations(page: Page, options: { afterPost?: boolean; js?: boolean } = {}): Promise<string[]> {
  // Hydration changes the page (the menu folds away): audit the settled page.
  const js = options.js ?? withJs(test.info());
  // (Pages of the hall have the menu button; the offline page has no WASM.)
  if (js && (await page.locator("button.menu-toggle").count()) > 0) await waitForHydration(page);
  const target = js ? page : await noJsReplica(page, options.afterPost ?? false);
  const results = await auditor(target).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
}

/**
 * One page per browser that shows an HTML text as sent, without its
 * scripts, for axe (which runs in the page): made once per worker, as a
 * context and page each time cost about as much as the audit itself.
 */
const replicas = new WeakMap<Browser, { page: Page; html: string }>();

async function noJsReplica(page: Page, afterPost: boolean): Promise<Page> {
  const url = page.url();
  const sent = afterPost
    ? await page.content()
    : await (await page.context().request.get(url, { failOnStatusCode: false })).text();
  const html = sent.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  let replica = replicas.get(browser);
  if (!replica || replica.page.isClosed()) {
    const context = await browser.newContext({ locale: "zh-CN", javaScriptEnabled: true });
    const made = { page: await context.newPage(), html: "" };
    await made.page.route("**/__no-js-replica", (route) =>
      route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: made.html }),
    );
    replicas.set(browser, made);
    replica = made;
  }
  replica.html = html;
  await replica.page.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 });
  await replica.page.goto(new URL("/__no-js-replica", url).toString());
  return replica.page;
}

/** Whether this test runs with JavaScript (the hydrated project). */
export function withJs(info: TestInfo): boolean {
  return info.project.name === "js";
}

/** Waits until the WASM has hydrated the page (the menu button is revealed only then). */
export async function waitForHydration(page: Page) {
  try {
    await page.waitForFunction(
      () => {
        const b = document.querySelector("button.menu-toggle");
        return b !== null && !b.hasAttribute("hidden");
      },
      null,
      { timeout: 20_000 },
    );
  } catch (e) {
    const errors = pageErrors.get(page) ?? [];
    throw new Error(`the page ${page.url()} did not hydrate; its errors: ${JSON.stringify(errors)}\n${e}`);
  }
}

/**
 * Opens the header's menu where it folds away (phones): the region, language
 * and account controls are in it. A link to `#site-menu` without JavaScript,
 * a button once hydrated; nothing to do on wide screens or when it is open.
 */
export async function openMenu(page: Page) {
  if ((await page.locator(".menu-toggle:visible").count()) === 0) return;
  // Found again on every try: while the page hydrates, the link gives way
  // to the button.
  const toggle = page.locator(".menu-toggle").filter({ visible: true }).first();
  if ((await toggle.getAttribute("aria-expanded")) === "true" || page.url().endsWith("#site-menu")) return;
  // A click that found the link just before it was hidden waits on that
  // element for good: give up on it soon and find the toggle again.
  await expect(async () => {
    await toggle.click({ timeout: 3000 });
  }).toPass({ timeout: 45000 });
  await expect(page.locator("#site-menu .prefs")).toBeVisible();
}

/**
 * Clicks a control that submits a form (or follows a link) and waits for the
 * page the server answers with: a new document (POST forms, or no
 * JavaScript), or the page router's swap (links and GET forms, `router.js`).
 */
export async function submitAndLoad(page: Page, control: ReturnType<Page["getByRole"]>) {
  if (!withJs(test.info())) {
    await Promise.all([page.waitForEvent("load"), control.click()]);
    return;
  }
  const routes = () => (window as unknown as { __banshiRoutes?: number }).__banshiRoutes ?? 0;
  const before = await page.evaluate(routes);
  const loaded = page.waitForEvent("load");
  loaded.catch(() => {});
  await control.click();
  const routed = page.waitForFunction((n) => ((window as unknown as { __banshiRoutes?: number }).__banshiRoutes ?? 0) > n, before);
  routed.catch(() => {});
  await Promise.race([loaded, routed.then(() => undefined, () => loaded)]);
}

// ---- test data ----------------------------------------------------------------

/**
 * Headers that make a request come from an address of its own (the journeys'
 * server trusts `X-Forwarded-For`, as behind a proxy): registrations are
 * throttled per address, and the journeys register more accounts than one
 * address may in an hour.
 */
export function elsewhere(): Record<string, string> {
  const n = () => 1 + Math.floor(Math.random() * 254);
  return { "X-Forwarded-For": `198.51.${n()}.${n()}` };
}

/** The GB 11643 check character of the first 17 digits of an ID number. */
export function checkCharacter(body17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return "10X98765432"[sum % 11];
}

/** A new valid ID number (天河区, born 1960–1999) and the same number with a wrong check character. */
export function newIdNumbers(): { valid: string; wrong: string } {
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  const body =
    "440106" +
    pad(1960 + randomInt(40), 4) +
    pad(1 + randomInt(12), 2) +
    pad(1 + randomInt(28), 2) +
    pad(randomInt(1000), 3);
  const check = checkCharacter(body);
  return { valid: body + check, wrong: body + (check === "0" ? "1" : "0") };
}

// ---- one-time codes (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps) ---------

function base32(text: string): Buffer {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of text.replace(/=+$/, "").toUpperCase()) {
    const index = alphabet.indexOf(c);
    if (index < 0) throw new Error(`not base32: ${c}`);
    value = ((value << 5) | index) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

export function totpStep(unixMillis: number): number {
  return Math.floor(unixMillis / 1000 / 30);
}

export function totp(secretBase32: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", base32(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const binary = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, "0");
}


/** The password of every demo account (README). */
export const DEMO_PASSWORD = "Banshi-Demo-2026";

/**
 * The one-time codes to try, in order, for a sign-in now, each with the
 * moment it becomes acceptable: the server takes a code made for the step
 * before, the current one or the next, each step once and only in rising
 * order (tests sign the same clerk in at the same time), so the three
 * acceptable steps are tried before waiting for a later one.
 */
export function* totpTries(secret: string): Generator<{ code: string; notBefore: number }> {
  const now = totpStep(Date.now());
  for (let step = now - 1; step <= now + 4; step++) {
    yield { code: totp(secret, step), notBefore: (step - 1) * 30_000 + 500 };
  }
}

/** Waits until `notBefore` (milliseconds since the epoch). */
export async function until(notBefore: number): Promise<void> {
  const wait = notBefore - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/**
 * Where the demo clerks' sessions of this run are kept, for every worker
 * and both projects (the config clears it with the run's database). A
 * one-time code counts once, so a clerk signs in at most three times in 30
 * seconds; journeys that each signed the same clerk in waited for the next
 * step, and the run for them.
 */
const SESSIONS = join(process.cwd(), "..", "target", "e2e-sessions");

/**
 * A demo clerk signed in, in a new context: with the session an earlier
 * journey of this run made, while the server still takes it; otherwise
 * through the API with a one-time code, kept for the next journey.
 */
export async function clerk(browser: Browser, username: string, secret: string, js: boolean): Promise<Page> {
  const options = { locale: "zh-CN", javaScriptEnabled: js, baseURL: test.info().project.use.baseURL };
  const file = join(SESSIONS, `${username}.json`);
  if (existsSync(file)) {
    const context = await browser.newContext({ ...options, storageState: file });
    const me = await context.request.get("/api/v1/me");
    if (me.status() === 200 && (await me.json()).username === username) return context.newPage();
    await context.close();
  }
  const context = await browser.newContext(options);
  for (const { code, notBefore } of totpTries(secret)) {
    await until(notBefore);
    const res = await context.request.post("/api/v1/session", { data: { username, password: DEMO_PASSWORD, totp: code } });
    if (res.status() === 200) {
      mkdirSync(SESSIONS, { recursive: true });
      const partial = `${file}.${process.pid}.${randomInt(1_000_000)}`;
      await context.storageState({ path: partial });
      renameSync(partial, file);
      return context.newPage();
    }
  }
  throw new Error(`${username} could not sign in`);
}

/** Answers for every field of the birth bundle's form, from the form itself. */
export async function birthAnswers(request: APIRequestContext): Promise<Record<string, string>> {
  const form = await (await request.get("/api/v1/applications/form?bundle=440100/birth")).json();
  const answers: Record<string, string> = {};
  const known: Record<string, string> = {
    applicant_id_number: "440106199003071231", mother_id_number: "440106199003071231",
    father_id_number: "440106199003071231", child_birth_date: "2026-09-20", applicant_mobile: "13912345678",
  };
  for (const f of form.fields) {
    if (f.kind === "address") {
      answers[`${f.key}.region`] = "440106";
      answers[`${f.key}.detail`] = "天河路 100 号";
    } else if (f.kind === "choice") answers[f.key] = f.options[0].value;
    else if (f.kind === "person_name") answers[f.key] = "王芳";
    else if (f.kind === "id_number") answers[f.key] = "440106199003071231";
    else answers[f.key] = known[f.key] ?? "Q440100";
  }
  return answers;
}

/** Registers a new real-name citizen in this context (the session cookie is kept); returns the ID number. */
export async function newCitizen(context: BrowserContext, realName: string, prefix = "citizen"): Promise<string> {
  const id = newIdNumbers().valid;
  const username = `${prefix}-${test.info().project.name}-${Date.now().toString(36)}${randomInt(1000)}`;
  const res = await context.request.post("/api/v1/accounts/citizens", {
    headers: elsewhere(),
    data: { username, password: "Correct-Horse-9-battery", real_name: realName, id_number: id, mobile: "13912345678" },
  });
  expect(res.status(), await res.text()).toBe(201);
  return id;
}

/** A new valid unified social credit code (GB 32100) of a company in 荔湾区. */
export function newCreditCode(): string {
  const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  let body = "91440103";
  for (let i = 0; i < 9; i++) body += alphabet[randomInt(10)];
  const sum = [...body].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return body + alphabet[(31 - (sum % 31)) % 31];
}

/** Registers a new enterprise account in this context (the session cookie is kept); returns its name. */
export async function newEnterprise(context: BrowserContext, prefix = "company"): Promise<string> {
  const stamp = `${test.info().project.name}-${Date.now().toString(36)}${randomInt(1000)}`;
  const name = `广州示范${stamp}有限公司`;
  const res = await context.request.post("/api/v1/accounts/enterprises", {
    headers: elsewhere(),
    data: {
      username: `${prefix}-${stamp}`,
      password: "Correct-Horse-9-battery",
      enterprise_name: name,
      credit_code: newCreditCode(),
      legal_representative: "李四",
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return name;
}

/** A small real PNG (the hall decodes every image it keeps). */
export const SCAN_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEUlEQVR42mM4ISeHFTEMLQkAkL9BAc9woTwAAAAASUVORK5CYII=",
  "base64",
);

/** The three materials a parent must upload for the birth bundle (one slot each). */
export const BIRTH_MATERIALS = ["居民身份证", "居民身份证或居民户口簿", "近期免冠彩色证件照片"];

/** A whole birth-bundle submission for the API: answers, the declaration, a scan of each required material. */
export async function birthApplication(request: APIRequestContext): Promise<Record<string, unknown>> {
  const form = await (await request.get("/api/v1/applications/form?bundle=440100/birth")).json();
  const uploads: { id: number; material: string }[] = [];
  for (const m of form.materials.filter((m: { required: boolean }) => m.required)) {
    const res = await request.post("/api/v1/uploads", {
      headers: { "x-file-name": "scan.png", "content-type": "image/png" },
      data: SCAN_PNG,
    });
    expect(res.status(), await res.text()).toBe(201);
    uploads.push({ id: (await res.json()).id, material: m.key });
  }
  return { bundle: "440100/birth", answers: await birthAnswers(request), declaration: true, uploads };
}

/**
 * Answers, in the page, the birth bundle's questions a citizen's account
 * cannot answer (name, ID number and mobile come from the account; what
 * the bundle knows is not asked), in its sections, and uploads a scan in
 * each required material's slot.
 */
export async function fillBirthForm(page: Page, motherId: string) {
  const main = page.getByRole("main");
  const section = (name: string) => main.getByRole("region", { name });
  const text = async (label: string, value: string) => main.getByLabel(label, { exact: true }).fill(value);
  const choose = async (group: string, option: string) =>
    main.getByRole("group", { name: group }).getByLabel(option, { exact: true }).check();
  const address = async (group: string, district: string, detail: string) => {
    const g = main.getByRole("group", { name: group });
    // City → district: the districts grouped by city.
    await g.getByLabel("所在地区").selectOption({ label: district });
    await g.getByLabel("详细地址（街道、门牌号）").fill(detail);
  };
  await expect(section("申请人信息")).toBeVisible();
  await address("申请人联系地址", "天河区", "天河路 100 号 2 栋 301 房");
  await expect(section("新生儿（子女）信息").getByLabel("子女（儿童）姓名", { exact: true })).toBeVisible();
  await text("子女（儿童）姓名", "张安安");
  await choose("子女（儿童）性别", "女");
  await text("子女（儿童）出生日期", "2026-09-20");
  await text("出生地", "广州市妇女儿童医疗中心");
  await expect(section("父母信息").getByLabel("母亲姓名", { exact: true })).toBeVisible();
  await text("母亲姓名", "李华");
  await text("母亲公民身份号码", motherId);
  await text("父亲姓名", "张明");
  await text("父亲公民身份号码", "440106199003071231");
  await choose("落户方式", "随母落户");
  await address("落户地址（户籍地址）", "天河区", "天河路 100 号 2 栋 301 房");
  await choose("户籍情况", "本市户籍");
  await choose("社会保障卡合作银行", "中国工商银行");
  await choose("领取方式", "邮寄送达");
  // Not asked: the bundle issues the certificate and applies for the newborn.
  await expect(main.getByLabel("出生医学证明编号")).toHaveCount(0);
  await expect(main.getByRole("group", { name: "参保人员类别" })).toHaveCount(0);
  // One slot per material, each labelled by it.
  const materials = section("申请材料");
  for (const name of BIRTH_MATERIALS) {
    const slot = materials.getByRole("listitem").filter({ has: page.getByLabel(name, { exact: true }) });
    await materials.getByLabel(name, { exact: true }).setInputFiles({ name: `${name}.png`, mimeType: "image/png", buffer: SCAN_PNG });
    if (withJs(test.info())) {
      // Uploaded at once, with a progress bar, then shown with a delete button.
      await expect(slot.getByRole("progressbar")).toHaveAttribute("value", "100");
      await expect(slot.getByRole("button", { name: `删除 ${name}.png` })).toBeVisible();
    }
  }
}

/**
 * From the filled form: continue to check your answers (each with a
 * change link, the three materials by name), agree to the declaration and
 * submit; ends on the receipt.
 */
export async function checkAndSubmit(page: Page) {
  await submitAndLoad(page, page.getByRole("main").getByRole("button", { name: "继续" }));
  await expect(page).toHaveURL(/\/apply\/check\?bundle=440100/);
  const main = page.getByRole("main");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("核对申请信息");
  await expect(main.getByRole("link", { name: "修改 子女（儿童）姓名" })).toHaveAttribute("href", /\/apply\?bundle=440100%2Fbirth#child_name$/);
  const materials = main.getByRole("region", { name: "申请材料" });
  for (const name of BIRTH_MATERIALS) await expect(materials).toContainText(`${name}.png`);
  const width = page.viewportSize()?.width ?? 1280;
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
  await expectAccessible(page);
  await main.getByLabel("我已阅读并同意以上承诺").check();
  await submitAndLoad(page, main.getByRole("button", { name: "提交申请" }));
}
