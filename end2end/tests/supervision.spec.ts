import { readFile } from "node:fs/promises";
import { expect } from "@playwright/test";
import { clerk, expectAccessible, test, withJs } from "./helpers";

// supervisor.gz's TOTP secret (README, demo accounts).
const SUPERVISOR_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

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
  await crumbs.getByRole("link", { name: "广州市" }).click();
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
