import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";
import { clerk, expectAccessible, submitAndLoad, test, withJs } from "./helpers";

// supervisor.gz's TOTP secret (README, demo accounts).
const SUPERVISOR_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
// staff.gz.gaj: the police clerk whose step of the demo case is overdue.
const POLICE_SECRET = "WZB2XYA4CLMHP5WWQ5GXSC3FNVXJVRFT";

test("a supervisor sees the red alert of the overdue demo case, drills down to the post and exports CSV", async ({ browser }, info) => {
  const js = withJs(info);
  const page = await clerk(browser, "supervisor.gz", SUPERVISOR_SECRET, js);
  await page.goto("/supervision");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 2, name: "预警督办" })).toBeVisible();
  await expect(main.getByRole("status").filter({ hasText: "红牌" })).toContainText("广州市");
  // The demo's overdue case: the police review past its deadline.
  const red = main.locator("tr.urgency-red").filter({ hasText: "广州市公安局" }).first();
  await expect(red).toBeVisible();
  await expect(red).toContainText("红牌 · 逾期");
  await expect(red).toContainText("逾期");
  await expectAccessible(page, { js });

  // Drill down to the post that holds the step.
  const post = red.getByRole("link", { name: /户政管理处 · 审核岗/ });
  await post.click();
  await expect(page).toHaveURL(/\/stats\/posts\/\d+$/);
  await expect(main.getByRole("heading", { level: 1 })).toContainText("户政管理处 · 审核岗");
  const crumbs = page.getByRole("navigation", { name: "当前位置" });
  await expect(crumbs.getByRole("link", { name: "广州市公安局" })).toBeVisible();
  await expect(main.getByRole("heading", { level: 2, name: "月度趋势" })).toBeVisible();
  await expect(main.locator("figure svg[role=img]")).toHaveCount(1);
  await expectAccessible(page, { js });

  // Up to the department: its posts, ranked, with the chart and its table.
  await crumbs.getByRole("link", { name: "广州市公安局" }).click();
  await expect(page).toHaveURL(/\/stats\/departments\/\d+$/);
  await expect(main.getByRole("table").first()).toContainText("审核岗");
  await expectAccessible(page, { js });

  // Up to the city, and export its departments.
  await crumbs.getByRole("link", { name: "广州市", exact: true }).click();
  await expect(page).toHaveURL(/\/stats\/regions\/440100$/);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    main.getByRole("link", { name: "导出 CSV" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^departments-440100-\d{4}-\d{2}\.csv$/);
  const csv = (await readFile(await download.path())).toString("utf8");
  const lines = csv.replace(/^\uFEFF/, "").trim().split(/\r?\n/);
  expect(lines[0]).toContain("department_zh");
  expect(lines.some((l) => l.includes("广州市公安局"))).toBe(true);
  await page.context().close();
});

test("the public statistics rank the 21 cities with a chart and its table", async ({ page }, info) => {
  const js = withJs(info);
  await page.goto("/stats");
  const main = page.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toContainText("效能统计");
  const table = main.getByRole("table").first();
  await expect(table.locator("tbody tr")).toHaveCount(21);
  await expect(table).toContainText("广州市");
  await expect(main.locator("figure svg[role=img]").first()).toBeVisible();
  await expect(main.getByText("得分和星级如何计算")).toBeVisible();
  await expectAccessible(page, { js });
  // The alert list is for supervisors only.
  await page.goto("/supervision");
  await expect(main.getByText("预警督办名单只对监察人员开放")).toBeVisible();
  await expect(main.locator("tr.urgency-red")).toHaveCount(0);
});

test("a supervisor sends a 督办 from an alert; the department sees it in the inbox and on the task, and answers", async ({ browser }, info) => {
  test.setTimeout(150_000);
  const js = withJs(info);
  // Both projects run at once on one demo case: each finds its own notice.
  const note = `请于今日办结并说明延误原因（${info.project.name}）`;
  const answer = `已于今日办结，延误因材料待核（${info.project.name}）`;
  const sup = await clerk(browser, "supervisor.gz", SUPERVISOR_SECRET, js);
  await sup.goto("/supervision");
  const red = sup.getByRole("main").locator("tr.urgency-red").filter({ hasText: "广州市公安局" }).first();
  await red.getByRole("link", { name: /^查看案件/ }).click();
  await expect(sup).toHaveURL(/\/supervision\/cases\/440100-/);
  const main = sup.getByRole("main");
  await expect(main.getByRole("heading", { level: 1 })).toContainText("督查案件");
  await expect(main.getByText("已超期").first()).toBeVisible();
  await expectAccessible(sup, { js });
  const form = main.locator("form.sup-send").first();
  await form.getByLabel("督办意见").fill(note);
  await submitAndLoad(sup, form.getByRole("button", { name: "发出督办" }));
  await expect(main.getByRole("status")).toContainText("已发出督办");
  await expect(main.getByText(note)).toBeVisible();
  const caseUrl = sup.url().replace(/[?#].*$/, "");

  // The department: the police clerk reads it in the inbox and on the task.
  const gaj = await clerk(browser, "staff.gz.gaj", POLICE_SECRET, js);
  await gaj.goto("/inbox");
  const message = gaj.getByRole("article").filter({ hasText: "督办：" }).first();
  await expect(message).toBeVisible();
  await message.getByRole("link", { name: "查看" }).click();
  await expect(gaj).toHaveURL(/\/staff\/tasks\/\d+/);
  const mine = gaj.locator("li.sup-notice").filter({ hasText: note });
  await expect(mine).toBeVisible();
  await expectAccessible(gaj, { js });
  await mine.getByLabel("答复内容").fill(answer);
  await submitAndLoad(gaj, mine.getByRole("button", { name: "提交答复" }));
  await expect(gaj.locator("li.sup-notice").filter({ hasText: note })).toContainText(answer);

  // The supervisor reads the answer.
  await sup.goto(caseUrl);
  await expect(sup.locator("li.sup-notice").filter({ hasText: note })).toContainText(answer);
  await sup.context().close();
  await gaj.context().close();
});
