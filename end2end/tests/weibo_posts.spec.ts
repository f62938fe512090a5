import { expect } from "@playwright/test";
import { preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "jsonld";
import { clerk, expectAccessible, submitAndLoad, test, withJs } from "./helpers";

// Microblog posts (issue 21): a member of 广州民政's team drafts a post, a
// reviewer approves it, and it appears in the Guangzhou hall with the mark;
// the account's WebFinger answer and its ActivityPub actor hold to the
// ActivityStreams vocabulary. The demo accounts come from the accounts'
// part of the hall (`gz_minzheng`, with `editor.gz.mzj` and
// `reviewer.gz.mzj` in its team).

const EDITOR_SECRET = "E2DRM3WF6ZUHKSMD4QGBHN7D7OFW7OII";
const REVIEWER_SECRET = "KKTRT3XXVBXHVY5SWJWKIH7BZT5KMXJM";
const AS = "https://www.w3.org/ns/activitystreams";
const LDP_INBOX = "http://www.w3.org/ns/ldp#inbox";

/** A JSON-LD document loader that knows the ActivityStreams context (the
 * copy an npm package ships) and nothing else: nothing is fetched. */
const documentLoader = async (url: string) => {
  const context = (preloadedContexts as Record<string, unknown>)[url];
  if (!context) throw new Error(`no bundled context for ${url}`);
  return { contextUrl: undefined, documentUrl: url, document: context };
};

test("a member drafts a post, a reviewer approves it, it shows in the Guangzhou hall with the mark; WebFinger and the actor are ActivityStreams", async ({ page, browser, request, baseURL }, info) => {
  test.setTimeout(120_000);
  const js = withJs(info);
  const account = await request.get("/weibo/@gz_minzheng", { failOnStatusCode: false });
  test.skip(account.status() === 404, "the demo accounts of the microblog hall are not loaded");
  await page.setViewportSize({ width: 360, height: 800 });

  // The editor drafts and sends it for review.
  const text = `冬季救助提示：寒潮期间救助站全天开放${info.project.name}${Date.now().toString(36)}`;
  const editor = await clerk(browser, "editor.gz.mzj", EDITOR_SECRET, js);
  await editor.setViewportSize({ width: 360, height: 800 });
  await editor.goto("/staff/weibo");
  await expectAccessible(editor);
  const em = editor.getByRole("main");
  await submitAndLoad(editor, em.getByRole("link", { name: "撰写微博" }).first());
  await em.getByLabel("正文", { exact: true }).fill(text);
  await submitAndLoad(editor, em.getByRole("button", { name: "保存草稿" }));
  await expect(editor).toHaveURL(/\/staff\/weibo\/posts\/\d+$/);
  await expectAccessible(editor, { afterPost: true });
  await submitAndLoad(editor, em.getByRole("button", { name: "送审", exact: true }));
  await expect(em).toContainText("待审核");
  await editor.context().close();

  // Not in the hall before approval.
  await page.goto("/weibo/r/440100");
  await expect(page.getByRole("main")).not.toContainText(text);

  // The reviewer approves it from the queue.
  const reviewer = await clerk(browser, "reviewer.gz.mzj", REVIEWER_SECRET, js);
  await reviewer.setViewportSize({ width: 360, height: 800 });
  await reviewer.goto("/staff/review");
  await submitAndLoad(reviewer, reviewer.getByRole("main").getByRole("link", { name: text }));
  const rm = reviewer.getByRole("main");
  await submitAndLoad(reviewer, rm.getByRole("button", { name: "审核发布", exact: true }));
  await expect(rm).toContainText("已发布");
  await expect(rm).toContainText("审核发布人");
  await reviewer.context().close();

  // In the Guangzhou hall, with the account's mark.
  await page.goto("/weibo/r/440100");
  const post = page.getByRole("main").locator("article.wb-post", { hasText: text });
  await expect(post).toBeVisible();
  await expect(post.locator(".wb-mark")).toContainText("政务认证");
  await expect(post.getByRole("link", { name: "广州民政" })).toBeVisible();
  await expectAccessible(page);
  await submitAndLoad(page, post.getByRole("link", { name: "广州民政" }));
  await expect(page).toHaveURL(/\/weibo\/@gz_minzheng$/);
  await expect(page.locator('a[rel~="me"][href="/ap/weibo/gz_minzheng"]')).toHaveCount(1);
  await expectAccessible(page);

  // WebFinger: the subject and the self link to the actor.
  const host = new URL(baseURL!).host;
  const finger = await request.get(`/.well-known/webfinger?resource=acct:gz_minzheng@${host}`);
  expect(finger.headers()["content-type"]).toContain("application/jrd+json");
  const jrd = await finger.json();
  expect(jrd.subject).toBe(`acct:gz_minzheng@${host}`);
  const self = jrd.links.find((l: { rel: string }) => l.rel === "self");
  expect(self.type).toBe("application/activity+json");
  expect(self.href).toBe(`${baseURL}/ap/weibo/gz_minzheng`);

  // The actor: every property is ActivityStreams' (or ldp:inbox), nothing dropped.
  const res = await request.get(new URL(self.href).pathname, { headers: { accept: "application/activity+json" } });
  expect(res.headers()["content-type"]).toContain("application/activity+json");
  const actor = await res.json();
  expect(actor["@context"]).toBe(AS);
  expect(actor.type).toBe("Organization");
  const [expanded] = (await jsonld.expand(actor, { documentLoader })) as Record<string, unknown>[];
  expect(expanded["@id"]).toBe(self.href);
  expect(expanded["@type"]).toEqual([`${AS}#Organization`]);
  const properties = Object.keys(expanded).filter((k) => !k.startsWith("@"));
  for (const p of properties) expect(p === LDP_INBOX || p.startsWith(`${AS}#`), p).toBe(true);
  const given = Object.keys(actor).filter((k) => !["@context", "id", "type"].includes(k));
  expect(properties.length).toBe(given.length);
  for (const name of ["preferredUsername", "name", "summary", "url", "outbox"]) {
    expect(properties).toContain(`${AS}#${name}`);
  }
  expect(properties).toContain(LDP_INBOX);

  // The outbox's first page: Create activities of Notes, the new post among them.
  const outbox = await (await request.get("/ap/weibo/gz_minzheng/outbox?page=true")).json();
  expect(outbox.type).toBe("OrderedCollectionPage");
  const create = outbox.orderedItems.find((a: { object: { content: string } }) => a.object.content.includes(text));
  expect(create.type).toBe("Create");
  expect(create.object.type).toBe("Note");
  expect(create.object.attributedTo).toBe(self.href);
  const [note] = (await jsonld.expand({ "@context": AS, ...create }, { documentLoader })) as Record<string, unknown>[];
  for (const p of Object.keys(note).filter((k) => !k.startsWith("@"))) expect(p.startsWith(`${AS}#`), p).toBe(true);
});
