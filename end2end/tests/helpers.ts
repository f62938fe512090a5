import AxeBuilder from "@axe-core/playwright";
import { expect, Page, TestInfo } from "@playwright/test";

/** Runs axe-core (WCAG 2.x A/AA rules) on the page and expects no violations. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

/** Whether this test runs with JavaScript (the hydrated project). */
export function withJs(info: TestInfo): boolean {
  return info.project.name === "js";
}

/** Waits until the WASM has hydrated the page (the menu button is revealed only then). */
export async function waitForHydration(page: Page) {
  await page.waitForFunction(() => {
    const b = document.querySelector("button.menu-toggle");
    return b !== null && !b.hasAttribute("hidden");
  });
}
