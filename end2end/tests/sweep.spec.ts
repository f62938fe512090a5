// Every page axe-clean in every mode (issue 16): the standard hall, elder
// mode (长辈版) and a self-service terminal (kiosk mode), at 360 and 1280
// px, as a visitor, as the demo citizen and (elder mode) as staff and a
// supervisor. With JavaScript: the modes change the stylesheet's rules, not
// the HTML, and the no-JS project checks the modes' main pages
// (modes.spec.ts). One list of problems per sweep, every page's at once.
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { axeViolations, clerk, DEMO_PASSWORD, test, waitForHydration } from "./helpers";

const NAMED_CASE = "440100-20261102-000001";
const NAMED_CODE = "GZBS2K26";
const ITEM = "440100-MZJ-0001";

const VISITOR = [
  "/",
  "/services",
  "/services/find?q=出生",
  "/services/find?q=长辈版",
  `/services/${ITEM}`,
  "/services/440100-MZJ-9999",
  "/track",
  `/track?case_no=${NAMED_CASE}&code=${NAMED_CODE}`,
  "/ratings",
  "/stats",
  "/stats/regions/440100",
  "/disclosure",
  "/investment",
  "/interaction",
  "/login",
  "/register",
  "/register/enterprise",
];

const CITIZEN = [
  "/",
  "/me",
  "/inbox",
  "/apply?bundle=440100/birth",
  `/apply?service=${ITEM}`,
  `/cases/${NAMED_CASE}`,
  `/cases/${NAMED_CASE}/receipt`,
  `/consult?service=${ITEM}`,
];

const STAFF = ["/staff", "/staff/tasks", "/staff/consultations", "/staff/rectifications"];

/** Demo issuers (their queues hold the demo cases' issuance tasks). */
const STAFF_BY_WIDTH: Record<number, [string, string]> = {
  360: ["staff.gz.wjj.fz", "SUMNLMYTBX2KJQEVTAVETWT6UL66LDQB"],
  1280: ["staff.gz.rsj.fz", "BMK4LOLC6OKDIHUL6MC25WYENPXAWZR2"],
};

const SIZES = [
  { width: 360, height: 740 },
  { width: 1280, height: 800 },
];

type Mode = "standard" | "elder" | "kiosk";

async function setMode(context: BrowserContext, mode: Mode) {
  const url = test.info().project.use.baseURL!;
  if (mode === "elder") await context.addCookies([{ name: "banshi_mode", value: "elder", url }]);
  if (mode === "kiosk") await context.addCookies([{ name: "banshi_kiosk", value: "1", url }]);
}

/** Opens each path (and the pages its first link matching `more` leads to) and collects axe's findings. */
async function sweep(page: Page, paths: string[], mode: Mode, found: string[], more?: RegExp) {
  for (const path of paths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBeLessThan(500);
    await waitForHydration(page);
    if (mode === "elder") await expect(page.locator("html"), path).toHaveAttribute("data-mode", "elder");
    if (mode === "kiosk") await expect(page.locator("html"), path).toHaveAttribute("data-kiosk", "");
    for (const v of await axeViolations(page, { js: true })) found.push(`${path}: ${v}`);
  }
  if (more) {
    const links = await page.locator("main a[href]").evaluateAll((as, re) => as.map((a) => a.getAttribute("href")!).filter((h) => new RegExp(re).test(h)), more.source);
    expect(links.length, `a link matching ${more} on ${paths.at(-1)}`).toBeGreaterThan(0);
    await sweep(page, [links[0]], mode, found);
  }
}

test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, "the modes' pages without JavaScript: modes.spec.ts");

for (const mode of ["elder", "kiosk", "standard"] as Mode[]) {
  for (const size of SIZES) {
    // The standard hall at 1280 px is what every other journey audits.
    if (mode === "standard" && size.width === 1280) continue;
    test(`every page is axe-clean in ${mode} mode at ${size.width} px`, async ({ page, context, browser }) => {
      test.setTimeout(180_000);
      await page.setViewportSize(size);
      await setMode(context, mode);
      const found: string[] = [];
      await sweep(page, VISITOR, mode, found);
      // The offline page (the service worker's; the same for every mode).
      await page.goto("/offline");
      for (const v of await axeViolations(page, { js: true })) found.push(`/offline: ${v}`);
      const res = await context.request.post("/api/v1/session", {
        data: { username: "citizen.demo", password: DEMO_PASSWORD },
      });
      expect(res.status(), await res.text()).toBe(200);
      await sweep(page, CITIZEN, mode, found);
      await sweep(page, ["/me"], mode, found, /^\/consultations\/\d+$/);
      if (mode === "elder") {
        // Staff may read in elder mode too (an issuer of each width's own,
        // so that the two sweeps never wait for each other's one-time code).
        const [username, secret] = STAFF_BY_WIDTH[size.width];
        const staff = await clerk(browser, username, secret, true);
        await staff.setViewportSize(size);
        await setMode(staff.context(), mode);
        await sweep(staff, STAFF, mode, found);
        await sweep(staff, ["/staff/tasks"], mode, found, /^\/staff\/tasks\/\d+$/);
        await staff.context().close();
        if (size.width === 1280) {
          const supervisor = await clerk(browser, "supervisor.gz", "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", true);
          await setMode(supervisor.context(), mode);
          await sweep(supervisor, ["/supervision"], mode, found);
          await supervisor.context().close();
        }
      }
      expect(found, `axe violations in ${mode} mode at ${size.width} px`).toEqual([]);
    });
  }
}
