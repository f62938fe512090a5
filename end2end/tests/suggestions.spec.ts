import { expect } from "@playwright/test";
import { clerk, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Suggestion collection (建议征集). The demo topic of 广州市发展和改革局 on the
// draft 15th five-year plan is open; a new citizen supports a suggestion
// nobody has supported yet, the department's moderator selects it with an
// official reply, and the citizen finds the reply in the inbox. At 360 px,
// every page audited.

const MOD_SECRET = "MOX77IYTZKYDHAORFJVR7JPDUZYEV4VK";
const TITLE = "每个街道建设一个社区养老服务综合体";

test.use({ viewport: { width: 360, height: 740 } });

async function fitsTheScreen(page: import("@playwright/test").Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
}

test("a citizen supports a suggestion, the department selects it with a reply, and the citizen is told", async ({ page, context, browser }, info) => {
  test.setTimeout(150_000);
  const js = withJs(info);
  await newCitizen(context, "赵敏", "supporter");
  const reply = `感谢建议，规划纲要已写入社区养老服务综合体建设目标。（${info.project.name}）`;

  await page.goto("/suggestions");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("建议征集");
  const open = page.getByRole("region", { name: "正在征集" });
  await expect(open).toContainText("十五个五年规划");
  await expect(page.getByRole("region", { name: "往期征集与结果" })).toContainText("2026年广州市两会建议征集");
  await expectAccessible(page);
  await fitsTheScreen(page);
  await submitAndLoad(page, open.getByRole("link", { name: /十五个五年规划/ }));
  await expect(page).toHaveURL(/\/suggestions\/\d+$/);
  const main = page.getByRole("main");
  await expect(main).toContainText("征集中");
  // The hidden advertisement is not listed; names are masked.
  await expect(main).not.toContainText("高价回收");
  await expect(main).toContainText("张**");
  await expectAccessible(page);
  await fitsTheScreen(page);

  const item = main.getByRole("listitem").filter({ has: page.getByRole("link", { name: TITLE }) });
  await submitAndLoad(page, item.getByRole("button", { name: /^支持/ }));
  await expect(item.getByRole("button", { name: /^取消支持/ })).toBeVisible();
  await expectAccessible(page, { afterPost: true });

  // The moderator selects it with a reply.
  const desk = await clerk(browser, "mod.gz.fgw", MOD_SECRET, js);
  await desk.setViewportSize({ width: 360, height: 740 });
  await desk.goto("/staff/suggestions");
  await expect(desk.getByRole("heading", { level: 1 })).toHaveText("建议征集管理");
  await expect(desk.getByRole("region", { name: "待审核的建议" })).toContainText("高价回收各类购物卡请加微信");
  await expectAccessible(desk);
  await fitsTheScreen(desk);
  const selectable = desk
    .getByRole("region", { name: "精选与回复" })
    .getByRole("listitem")
    .filter({ has: desk.getByRole("link", { name: TITLE }) });
  await selectable.getByLabel("官方回复").fill(reply);
  await submitAndLoad(desk, selectable.getByRole("button", { name: "精选并回复" }));
  await expect(desk).toHaveURL(/\/staff\/suggestions(#select-h)?$/);
  await desk.context().close();

  // The citizen is told, and the reply is on the suggestion's page.
  await page.goto("/inbox");
  const notice = page.getByRole("article", { name: new RegExp(`建议有了官方回复：${TITLE}`) });
  await expect(notice).toBeVisible();
  await expectAccessible(page);
  await fitsTheScreen(page);
  await submitAndLoad(page, notice.getByRole("link"));
  await expect(page).toHaveURL(/\/suggestions\/\d+\/s\/\d+#reply-h$/);
  await expect(page.getByRole("region", { name: /官方回复/ })).toContainText(reply);
  await expectAccessible(page);
  await fitsTheScreen(page);
});
