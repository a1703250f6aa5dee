// In Chromium: every page a workshop uses, in a workshop full of real work, as the owner at a
// desk, as a signed-out customer or newcomer, and as the technician on a phone. Each page is
// photographed (artifacts/screenshots/walkthrough) and must show its seeded content with no
// console or page error, no serious or critical axe-core violation (WCAG 2 A/AA: labels, names,
// colour contrast…), Tab must reach its main actions with a focus indicator drawn on every stop,
// and every same-origin link on it must answer without a 404 or 5xx.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startAppServer, type AppServer } from "../support/app-server";
import { SCREENSHOTS, launchBrowser, signIn, watchErrors } from "../support/browser";
import { axeViolations, sameOriginLinks, tabThrough } from "../support/walkthrough-checks";
import { NOT_WALKED, PAGES, pageFiles, type Visitor, type WalkedPage } from "../support/walkthrough-pages";
import { DEMO_PASSWORD, DEMO_SLUG, OWNER_EMAIL, TECHNICIAN_EMAIL, seedWalkthroughWorkshop, type WalkthroughWorkshop } from "../support/walkthrough-seed";

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 812 };
const SHOTS = path.join(SCREENSHOTS, "walkthrough");
/** axe rules about names and labels: a form control nobody can name fails at any impact */
const LABEL_RULES = new Set(["label", "select-name", "input-button-name", "button-name", "link-name", "aria-input-field-name", "label-title-only"]);

interface Session {
  context: BrowserContext;
  page: Page;
  errors: string[];
}

let app: AppServer;
let browser: Browser;
let workshop: WalkthroughWorkshop;
const sessions = {} as Record<Visitor, Session>;
const attachments = mkdtempSync(path.join(tmpdir(), "awms-walkthrough-"));
/** same-origin link -> who saw it and where */
const links = new Map<string, { visitor: Visitor; from: string }>();
/** page -> the Tab stops on the way to its main actions; saved with the links beside the screenshots for review */
const keyboard: Record<string, string[]> = {};

async function session(visitor: Visitor): Promise<Session> {
  const phone = visitor === "technician";
  const context = await browser.newContext({ viewport: phone ? PHONE : DESKTOP, isMobile: phone, hasTouch: phone });
  const page = await context.newPage();
  const errors = watchErrors(page);
  if (visitor !== "visitor") await signIn(page, app.url, visitor === "owner" ? OWNER_EMAIL : TECHNICIAN_EMAIL, DEMO_PASSWORD, DEMO_SLUG);
  return { context, page, errors };
}

beforeAll(async () => {
  // Photos go to a folder of this run's own, for the seed (this process) and the server alike.
  process.env.ATTACHMENTS_DIR = attachments;
  app = await startAppServer({ ATTACHMENTS_DIR: attachments });
  workshop = await seedWalkthroughWorkshop(app.database);
  browser = await launchBrowser();
  mkdirSync(SHOTS, { recursive: true });
  sessions.owner = await session("owner");
  sessions.technician = await session("technician");
  sessions.visitor = await session("visitor");
}, 180_000);

afterAll(async () => {
  if (existsSync(SHOTS)) {
    writeFileSync(path.join(SHOTS, "tab-stops.json"), `${JSON.stringify(keyboard, null, 2)}\n`);
    writeFileSync(path.join(SHOTS, "links.json"), `${JSON.stringify(Object.fromEntries(links), null, 2)}\n`);
  }
  await browser?.close();
  await app?.stop();
  rmSync(attachments, { recursive: true, force: true });
});

test("every page.tsx under app/ is walked, or excused with a reason", () => {
  const walked = new Set(PAGES.map((page) => page.file));
  expect(pageFiles().filter((file) => !walked.has(file) && !NOT_WALKED[file])).toEqual([]);
  expect(Object.keys(NOT_WALKED).filter((file) => walked.has(file))).toEqual([]);
});

const shotName = (file: string) =>
  file.replace(/^app\/?/, "").replace(/\/?page\.tsx$/, "").replace(/[[\]]/g, "").replace(/\//g, "-") || "home";

/** The page's text, and what its fields hold (a saved note or address shows as a field's value). */
const hasContent = (page: Page, pattern: RegExp) =>
  page.waitForFunction(
    ({ source, flags }) => {
      const fields = Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>("input, textarea"), (field) => field.value);
      return new RegExp(source, flags).test([document.body.innerText, ...fields].join("\n"));
    },
    { source: pattern.source, flags: pattern.flags },
    { timeout: 10_000 },
  );

async function walk(spec: WalkedPage): Promise<string[]> {
  const { page, errors } = sessions[spec.visitor];
  errors.length = 0;
  const problems: string[] = [];
  const response = await page.goto(`${app.url}${spec.path(workshop)}`);
  if (!response || response.status() >= 400) problems.push(`answered ${response?.status()}`);
  try {
    await page.getByRole("heading", { level: 1, name: spec.heading }).first().waitFor({ timeout: 10_000 });
    if (spec.shows) await hasContent(page, spec.shows);
  } finally {
    await page.screenshot({ path: path.join(SHOTS, `${spec.visitor}-${shotName(spec.file)}.png`), fullPage: true });
  }
  if (spec.visitor === "technician" && (await page.evaluate(() => document.documentElement.scrollWidth)) > PHONE.width) problems.push("wider than the phone's screen");

  for (const finding of await axeViolations(page)) {
    if (finding.impact === "serious" || finding.impact === "critical" || LABEL_RULES.has(finding.rule)) {
      problems.push(`axe ${finding.rule} (${finding.impact}): ${finding.help} at ${finding.targets.join(" | ")}`);
    }
  }

  const { stops, missing } = await tabThrough(page, spec.actions);
  keyboard[spec.file] = stops.map((stop) => stop.name || `<${stop.tag}>`);
  if (missing.length > 0) problems.push(`Tab never reached ${missing.join(", ")}; it stopped at: ${keyboard[spec.file]!.join(" · ")}`);
  for (const stop of stops.filter((s) => !s.visibleFocus)) problems.push(`no visible focus on <${stop.tag}> "${stop.name}"`);

  for (const link of await sameOriginLinks(page)) if (!links.has(link)) links.set(link, { visitor: spec.visitor, from: spec.path(workshop) });
  problems.push(...errors.map((error) => `console: ${error}`));
  return problems;
}

describe.each(PAGES)("$file as $visitor", (spec) => {
  test("shows its content with no error, no serious accessibility violation, and works from the keyboard", async () => {
    expect(await walk(spec)).toEqual([]);
  });
});

test("every same-origin link on those pages answers without a 404 or 5xx", async () => {
  const broken: string[] = [];
  for (const [link, { visitor, from }] of links) {
    const response = await sessions[visitor].context.request.get(`${app.url}${link}`, { maxRedirects: 5 });
    if (response.status() === 404 || response.status() >= 500) broken.push(`${link} (on ${from}): ${response.status()}`);
  }
  expect(links.size).toBeGreaterThan(40);
  expect(broken).toEqual([]);
});

test("the skip link moves focus past the navigation to the page's content", async () => {
  const { page } = sessions.owner;
  await page.goto(`${app.url}/${DEMO_SLUG}/customers`);
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to content" });
  expect(await skip.evaluate((element) => element === document.activeElement)).toBe(true);
  expect((await skip.boundingBox())?.width ?? 0).toBeGreaterThan(10);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  // The next stop is inside <main>, not the header's navigation.
  expect(await page.evaluate(() => Boolean(document.activeElement?.closest("main")))).toBe(true);
});

test("the booking dialog keeps focus inside while open, closes on Escape and gives focus back", async () => {
  const { page, errors } = sessions.owner;
  errors.length = 0;
  await page.goto(`${app.url}/${DEMO_SLUG}/appointments`);
  const opener = page.getByRole("button", { name: "New appointment" });
  await opener.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "New appointment" });
  await dialog.waitFor();
  const inside = () => dialog.evaluate((element) => element.contains(document.activeElement));
  expect(await inside()).toBe(true);
  // Twice round every control: focus never lands behind the dialog.
  const controls = await dialog.locator("input, select, textarea, button, a[href]").count();
  for (let i = 0; i < controls * 2 + 2; i += 1) {
    await page.keyboard.press("Tab");
    const where = await page.evaluate(() => (document.activeElement === document.body ? "body" : document.activeElement?.closest("dialog") ? "dialog" : "page"));
    expect(where).not.toBe("page");
  }
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "detached" });
  expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
  expect(errors).toEqual([]);
});
