import { expect } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { clerk, expectAccessible, newCitizen, submitAndLoad, test, withJs } from "./helpers";

// Online interviews (在线访谈). The hall's clock is fixed at Wednesday 30
// September 2026, 20:00: an interview scheduled from 19:00 to 23:00 that day
// is live. The moderator (staff.gz.rsj) adds a transcript entry from the
// console; with JavaScript the citizen's open page shows it without
// reloading (the island polls the transcript), without JavaScript a reload
// (the page's refresh link) does.

const RSJ_SECRET = "SVLA6QUR5SWWRW2WL4XVJKMX6SF2K2TR";

test("a live interview's transcript reaches a citizen's open page", async ({ page, context, browser }, info) => {
  test.setTimeout(120_000);
  const js = withJs(info);
  const tag = `${info.project.name}-${Date.now().toString(36)}`;
  const desk = await clerk(browser, "staff.gz.rsj", RSJ_SECRET, js);
  const made = await desk.context().request.post("/api/v1/interviews", {
    headers: { "idempotency-key": randomUUID() },
    data: { title: `社保政策在线访谈（${tag}）`, guests: "王建国（局长）", starts_at: "2026-09-30T19:00", ends_at: "2026-09-30T23:00" },
  });
  expect(made.status(), await made.text()).toBe(201);
  const { id } = await made.json();

  await page.setViewportSize({ width: 360, height: 800 });
  await newCitizen(context, "赵敏", "iv");
  await page.goto(`/interviews/${id}`);
  const main = page.getByRole("main");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`社保政策在线访谈（${tag}）`);
  await expect(main).toContainText("直播中");
  await expectAccessible(page);

  // Ask: the question is listed under "my questions", the name masked.
  const question = `灵活就业人员怎么参保？（${tag}）`;
  await main.getByLabel("您的问题").fill(question);
  await submitAndLoad(page, main.getByRole("button", { name: "提交问题" }));
  await expect(page.getByRole("region", { name: "我的提问" })).toContainText(question);
  await expect(main).toContainText("待审核");

  // The moderator adds an entry from the console.
  const text = `各位网友好，访谈开始了（${tag}）`;
  await desk.goto(`/staff/interviews/${id}`);
  await expect(desk.getByRole("main")).toContainText(question);
  await expectAccessible(desk);
  await desk.getByRole("main").getByLabel("内容").fill(text);
  await submitAndLoad(desk, desk.getByRole("button", { name: "发布" }));
  await expect(desk.getByRole("region", { name: "文字实录" })).toContainText(text);
  await desk.context().close();

  const transcript = page.getByRole("region", { name: "文字实录" });
  if (js) {
    // No reload: the island appends the entry.
    const navigations: string[] = [];
    page.on("framenavigated", (f) => { if (f === page.mainFrame()) navigations.push(f.url()); });
    await expect(transcript).toContainText(text, { timeout: 20_000 });
    expect(navigations).toEqual([]);
  } else {
    await expect(transcript).not.toContainText(text);
    await submitAndLoad(page, main.getByRole("link", { name: "刷新实录" }));
    await expect(transcript).toContainText(text);
  }
  await expectAccessible(page);
});
