import { expect, type Page } from "@playwright/test";
import { birthApplication, clerk, DEMO_PASSWORD, expectAccessible, test, waitForHydration, withJs } from "./helpers";

// Tracking live, rating with stars, and the rectification a bad rating
// opens. The demo citizen (citizen.demo) has cases in every state; one is
// completed and not yet rated.

const SECRETS: Record<string, string> = {
  "staff.gz.wjj": "QWB5PDKHX6PYGPAN2RLYKEI4IIAANNKK",
  "staff.gz.gaj": "WZB2XYA4CLMHP5WWQ5GXSC3FNVXJVRFT",
};

async function signInDemoCitizen(page: Page) {
  const res = await page.request.post("/api/v1/session", {
    data: { username: "citizen.demo", password: DEMO_PASSWORD },
  });
  expect(res.status(), await res.text()).toBe(200);
}

test("the tracking page shows a clerk's action while it is open", async ({ page, browser }, info) => {
  test.skip(!withJs(info), "live updates need JavaScript; without it the page is current when loaded");
  test.setTimeout(150_000);
  await signInDemoCitizen(page);
  const sent = await page.request.post("/api/v1/applications", {
    headers: { "idempotency-key": crypto.randomUUID() },
    data: await birthApplication(page.request),
  });
  expect(sent.status(), await sent.text()).toBe(201);
  const { case_no: caseNo, query_code: code } = await sent.json();

  await page.goto(`/track?case_no=${caseNo}&code=${code}`);
  await waitForHydration(page);
  const police = page
    .getByRole("region", { name: "各部门并联审查" })
    .getByRole("listitem")
    .filter({ hasText: "公安局" });
  await expect(police).toContainText("办理中");
  await expect(page.getByText("本页打开期间，各部门的办理进展会自动更新。")).toBeVisible();

  // The police clerk approves, elsewhere.
  const gaj = await clerk(browser, "staff.gz.gaj", SECRETS["staff.gz.gaj"], false);
  const queue: { case_no: string; task_id: number }[] = await (await gaj.request.get("/api/v1/staff/tasks")).json();
  const task = queue.find((r) => r.case_no === caseNo);
  expect(task, "the new case is in the police queue").toBeTruthy();
  const acted = await gaj.request.post(`/api/v1/staff/tasks/${task!.task_id}`, { data: { action: "approve" } });
  expect(acted.status(), await acted.text()).toBe(200);
  await gaj.context().close();

  // The open page shows it without being reloaded by the person.
  await expect(police).toContainText("已完成", { timeout: 40_000 });
  await expect(police).not.toContainText("办理中");
  await expectAccessible(page);
});

test("the applicant rates with the keyboard only; two stars become the department's rectification", async ({ page, browser }, info) => {
  test.setTimeout(150_000);
  const js = withJs(info);
  await signInDemoCitizen(page);
  // One rating per department of a closed case (issue 17, 一次一评): each
  // project rates its own department of a completed demo case not rated
  // yet — the health commission with JavaScript, the police without.
  const department = js ? "卫生健康" : "公安局";
  type Text = { zh: string; en: string };
  type Step = { task_id: number; key: string; name: Text; department: Text };
  type Rating = { task_id: number; point: boolean };
  type Case = { case_no: string; steps: Step[]; ratings: Rating[] };
  const lines: { case_no: string; status: string }[] = await (await page.request.get("/api/v1/me/cases")).json();
  let target: Case | null = null;
  for (const l of lines.filter((l) => l.status === "completed")) {
    const c: Case = await (await page.request.get(`/api/v1/me/cases/${l.case_no}`)).json();
    const rated = c.ratings
      .filter((r) => !r.point)
      .map((r) => c.steps.find((s) => s.task_id === r.task_id)?.department.zh ?? "");
    if (!rated.some((d) => d.includes(department))) {
      target = c;
      break;
    }
  }
  expect(target, "a completed demo case with this department not rated").not.toBeNull();
  const name = target!.steps.find((s) => s.department.zh.includes(department))!.department.zh;

  await page.goto(`/cases/${target!.case_no}`);
  const rate = page.getByRole("region", { name: "服务评价" });
  await expect(rate).toContainText("办结后，请为每个办理部门评价一次");
  // A form per department, never one per internal step.
  const groups = rate.getByRole("group", { name: /^请评价：/ });
  expect(await groups.count()).toBeLessThanOrEqual(4);
  const stars = rate.getByRole("group", { name: `请评价：${name}` });
  await expect(stars.getByRole("radio")).toHaveCount(5);
  await expect(stars.getByRole("radio", { name: "1 星 · 非常不满意" })).toBeVisible();
  await expect(stars.getByRole("radio", { name: "5 星 · 非常满意" })).toBeVisible();
  await expectAccessible(page);

  // Only the keyboard: Tab to the star group, arrow to two stars, Tab to the
  // comment, type, Tab to the button, Enter.
  let inside = false;
  for (let i = 0; i < 400 && !inside; i++) {
    await page.keyboard.press("Tab");
    inside = await stars.evaluate((el) => el.contains(document.activeElement));
  }
  expect(inside, "the star group is reachable with Tab").toBe(true);
  await expect(stars.getByRole("radio", { name: "1 星 · 非常不满意" })).toBeFocused();
  await page.keyboard.press("ArrowRight");
  await expect(stars.getByRole("radio", { name: "2 星 · 不满意" })).toBeChecked();
  await page.keyboard.press("Tab");
  await page.keyboard.type("等了很久，也没有人告诉我进度。");
  await page.keyboard.press("Tab");
  await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);

  // The rating is recorded; the bad rating has a rectification.
  const rated = page.getByRole("region", { name: "服务评价" }).getByRole("listitem").filter({ hasText: name });
  await expect(rated).toContainText("2 星 · 不满意");
  await expect(rated).toContainText("等了很久，也没有人告诉我进度。");
  const link = rated.getByRole("link", { name: "查看整改情况" });
  const href = await link.getAttribute("href");
  const id = href!.split("/").pop();
  await expectAccessible(page);
  await link.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("差评整改");
  await expect(page.getByRole("main")).toContainText("待回访");
  await expect(page.getByRole("main")).toContainText("目前无需您操作。");

  // The department's clerk finds it in the rectification list, due in five
  // working days, with the call-back to record first.
  const username = js ? "staff.gz.wjj" : "staff.gz.gaj";
  const staff = await clerk(browser, username, SECRETS[username], false);
  await staff.goto("/staff/rectifications");
  await expect(staff.getByRole("heading", { level: 1 })).toHaveText("差评整改");
  const row = staff.getByRole("row").filter({ has: staff.getByRole("link", { name: `第 ${id} 号` }) });
  await expect(row).toContainText("2 星 · 不满意");
  await expect(row).toContainText("待回访");
  await expectAccessible(staff, { js: false });
  await row.getByRole("link", { name: `第 ${id} 号` }).click();
  await expect(staff.getByRole("button", { name: "记录回访" })).toBeVisible();
  await expect(staff.getByRole("button", { name: "申诉恶意差评" })).toBeVisible();
  await expect(staff.getByRole("button", { name: "提交整改结果" })).toHaveCount(0);
  await expectAccessible(staff, { js: false });
  await staff.context().close();
});

test("the public rating boards show the formula, the cities and the rectifications", async ({ page }) => {
  await page.goto("/ratings");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("好差评公示");
  await expect(page.getByText(/排名得分 = \(20 × 3 \+ 各评价星数之和\)/)).toBeVisible();
  const cities = page.getByRole("table", { name: "城市排行" });
  await expect(cities.getByRole("row")).toHaveCount(22);
  await expect(cities.getByRole("row").nth(1)).toContainText("广州市");
  await expect(page.getByRole("table", { name: "差评整改公示" })).toContainText("已开通参保结果短信通知");
  await expectAccessible(page);
});
