// What the walkthrough checks on every page: axe-core's WCAG 2 A/AA rules, the keyboard (Tab
// order, a focus indicator you can see), and the same-origin links it offers.
import path from "node:path";
import type { Page } from "playwright-core";

const AXE = path.join(process.cwd(), "node_modules", "axe-core", "axe.min.js");

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core's violations of the WCAG 2.0/2.1 A and AA rules, one entry per rule. */
export async function axeViolations(page: Page): Promise<AxeFinding[]> {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }> }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] }, resultTypes: ["violations"] });
    return result.violations.map((violation) => ({
      rule: violation.id, impact: violation.impact ?? "unknown", help: violation.help, targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    }));
  });
}

export interface TabStop {
  name: string;
  tag: string;
  /** an outline or a box shadow is drawn around the focused element */
  visibleFocus: boolean;
}

/** What has focus now: its accessible-ish name and whether a focus indicator is drawn. */
export function focused(page: Page): Promise<TabStop | null> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
    const field = element.tagName === "INPUT" || element.tagName === "SELECT" || element.tagName === "TEXTAREA";
    const name = element.getAttribute("aria-label")
      ?? (field && element.id ? document.querySelector(`label[for="${CSS.escape(element.id)}"]`)?.textContent : null)
      ?? (field ? element.closest("label")?.textContent : element.innerText)
      ?? "";
    return { name: name.replace(/\s+/g, " ").trim(), tag: element.tagName.toLowerCase(), visibleFocus: outline || shadow };
  });
}

/**
 * Presses Tab from the top of the page until every wanted action has had focus (or `limit`
 * presses), returning every stop on the way: the caller asserts the wanted ones were reached
 * and each stop showed where focus is.
 */
export async function tabThrough(page: Page, wanted: RegExp[], limit = 120): Promise<{ stops: TabStop[]; missing: RegExp[] }> {
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const stops: TabStop[] = [];
  let missing = [...wanted];
  for (let i = 0; i < limit && missing.length > 0; i += 1) {
    await page.keyboard.press("Tab");
    const stop = await focused(page);
    if (!stop) continue;
    stops.push(stop);
    missing = missing.filter((pattern) => !pattern.test(stop.name));
  }
  return { stops, missing };
}

/** Every same-origin href on the page, without its fragment. */
export async function sameOriginLinks(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const here = location.origin;
    const links = new Set<string>();
    for (const anchor of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href]"))) {
      const url = new URL(anchor.href, location.href);
      if (url.origin !== here) continue;
      url.hash = "";
      links.add(url.pathname + url.search);
    }
    return [...links];
  });
}
