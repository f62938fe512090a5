import { expect } from "@playwright/test";
import { clerk, elsewhere, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Letters (留言/诉求, issue 19). The hall under test runs with its clock
// fixed at Wednesday 30 September 2026, 20:00; the follow-up is made from
// the next working day after the reply, so the journey moves the clock to
// Thursday 8 October (after the National Day holiday) and back.

const CENTRE_SECRET = "NBSWY3DPO5XXE3DEEBQW4ZDJNZTXGMTF";
const GAJ_SECRET = "WZB2XYA4CLMHP5WWQ5GXSC3FNVXJVRFT";
const START = "2026-09-30T20:00:00+08:00";

test("a citizen complains, the centre dispatches, the department replies, the citizen is unsatisfied and reopens", async ({ page, context, browser, request }, info) => {
  test.setTimeout(180_000);
  const js = withJs(info);
  await page.setViewportSize({ width: 360, height: 800 });
  await newCitizen(context, "赵敏", "writer");
  const subject = `工地夜间施工扰民${info.project.name}${Date.now().toString(36)}`.slice(0, 60);
  const main = page.getByRole("main");

  await page.goto("/letters/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("我要写信");
  await expectAccessible(page);
  await main.getByLabel("地区").selectOption({ label: "广州市" });
  await main.getByLabel("类型").selectOption({ label: "投诉" });
  await main.getByLabel("标题").fill(subject);
  await main.getByLabel("内容").fill("天河区某工地每晚十一点后仍在施工，噪音很大。");
  await submitAndLoad(page, main.getByRole("button", { name: "提交", exact: true }));
  await expect(page).toHaveURL(/\/letters\/XJ\d{14}$/);
  const letterUrl = new URL(page.url()).pathname;
  await expect(main).toContainText("待受理");
  await expectAccessible(page);

  // The centre accepts and dispatches to the public security bureau.
  const centre = await clerk(browser, "clerk.gz.12345", CENTRE_SECRET, js);
  await centre.goto(letterUrl);
  const cm = centre.getByRole("main");
  await submitAndLoad(centre, cm.getByRole("button", { name: "受理", exact: true }));
  await expect(cm).toContainText("已受理");
  await cm.getByLabel("承办部门").selectOption({ label: "广州市公安局" });
  await submitAndLoad(centre, cm.getByRole("button", { name: "派单", exact: true }));
  await expect(cm).toContainText("已派单");
  await expectAccessible(centre, { afterPost: true });
  await centre.context().close();

  // The department takes it and replies.
  const gaj = await clerk(browser, "staff.gz.gaj", GAJ_SECRET, js);
  await gaj.goto("/staff/letters");
  await expectAccessible(gaj);
  await submitAndLoad(gaj, gaj.getByRole("link", { name: letterUrl.split("/").pop()! }));
  const gm = gaj.getByRole("main");
  await submitAndLoad(gaj, gm.getByRole("button", { name: "签收", exact: true }));
  await gm.getByLabel("答复内容").fill("已责令工地停止夜间施工。");
  await submitAndLoad(gaj, gm.getByRole("button", { name: "答复", exact: true }));
  await expect(gm).toContainText("已答复");
  await gaj.context().close();

  // The next working day: not satisfied, then reopened.
  const moved = await request.put("/api/v1/test/now", { headers: elsewhere(), data: { now: "2026-10-08T10:00:00+08:00" } });
  expect(moved.status()).toBe(204);
  try {
    await page.goto(letterUrl);
    await expect(main).toContainText("已责令工地停止夜间施工。");
    await main.getByRole("group", { name: "回访" }).getByLabel("不满意").check();
    await submitAndLoad(page, main.getByRole("button", { name: "回访", exact: true }));
    await expect(main).toContainText("不满意");
    await main.getByLabel("说明").fill("夜里仍在施工");
    await submitAndLoad(page, main.getByRole("button", { name: "重新办理", exact: true }));
    await expect(main).toContainText("办理中");
    await expectAccessible(page, { afterPost: true });
  } finally {
    await request.put("/api/v1/test/now", { headers: elsewhere(), data: { now: START } });
  }
});
