import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, Page, TestInfo } from "@playwright/test";

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

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

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
export async function expectAccessible(page: Page, options: { afterPost?: boolean } = {}) {
  // Hydration changes the page (the menu folds away): audit the settled page.
  if (withJs(test.info())) await waitForHydration(page);
  const target = withJs(test.info()) ? page : await noJsReplica(page, options.afterPost ?? false);
  try {
    const results = await new AxeBuilder({ page: target }).withTags(AXE_TAGS).analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
    expect(summary, `axe violations on ${page.url()}`).toEqual([]);
  } finally {
    if (target !== page) await target.context().close();
  }
}

async function noJsReplica(page: Page, afterPost: boolean): Promise<Page> {
  const url = page.url();
  const sent = afterPost
    ? await page.content()
    : await (await page.context().request.get(url, { failOnStatusCode: false })).text();
  const html = sent.replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "");
  const browser = page.context().browser();
  if (!browser) throw new Error("no browser");
  const context = await browser.newContext({
    viewport: page.viewportSize(),
    locale: "zh-CN",
    javaScriptEnabled: true,
  });
  const replica = await context.newPage();
  const at = new URL("/__no-js-replica", url).toString();
  await replica.route(at, (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html }),
  );
  await replica.goto(at);
  return replica;
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

/** Clicks a control that submits a form and waits for the page the server answers with. */
export async function submitAndLoad(page: Page, control: ReturnType<Page["getByRole"]>) {
  await Promise.all([page.waitForEvent("load"), control.click()]);
}
