import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCampaign } from "../../server/campaigns/create";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createOutputs, createSet, createUser, outputText } from "../helpers/factories";
import { password } from "../helpers/test-app";

// The judging screen on a 390 × 844 phone by touch and on a 1280 × 800 desktop by keyboard: no page wider
// than the screen, every control in view when used, no verdict while a panel hides an answer (issue 15).

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let set: ReturnType<typeof createSet>;
let adminId: number;
const items = 5;

// Answers a phone must hold without widening: headings (for the outline), a long URL, a wide table, long code.
function answer(i: number, s: number, model: string): string {
  const seed = `${model}/${i}/${s}`;
  const url = `https://example.com/${"a-very-long-path-segment-without-breaks-".repeat(6)}end`;
  const table = `| ${Array.from({ length: 9 }, (_, k) => `column${k}`).join(" | ")} |\n|${"---|".repeat(9)}\n| ${Array.from({ length: 9 }, () => "cellcontentwithoutspaces").join(" | ")} |`;
  const code = `\`\`\`\n${"const an_identifier_without_any_break = compute_the_next_value_of_it();".repeat(4)}\n\`\`\``;
  return [
    `# ${model === "phone-writer" ? "First" : "Second"} answer ${i + 1}`,
    outputText(`${seed}/a`, 220),
    `## Sources\n\nSee ${url} and \`${"inline_code_without_spaces_".repeat(5)}\`.`,
    table,
    code,
    "## Conclusion",
    outputText(`${seed}/b`, 220),
  ].join("\n\n");
}

const guidelines = [
  "## How to judge",
  "Read **both** answers to the end before choosing.",
  `A reference: https://example.com/${"guidelines-path-segment-".repeat(8)}`,
  outputText("guidelines", 300),
].join("\n\n");

beforeAll(async () => {
  server = await startServer();
  const admin = await createUser(server.ctx, "admin", "admin", password);
  adminId = admin.id;
  set = createSet(server.ctx, { name: "Responsive set", instructions: items, createdBy: admin.id });
  createOutputs(
    server.ctx,
    set,
    [
      { name: "phone-writer", samples: 1, text: (i, s) => answer(i, s, "phone-writer") },
      { name: "phone-reference", samples: 1, reference: true, text: (i, s) => answer(i, s, "phone-reference") },
    ],
    { createdBy: admin.id },
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function campaignFor(username: string, name: string, askMargin: boolean) {
  const user = await createUser(server.ctx, username, "annotator", password);
  const writer = server.ctx.models.findByName("phone-writer")!.id;
  const id = createCampaign(
    server.ctx,
    {
      name,
      title: name,
      set_id: set.id,
      source: { kind: "vs-reference", model_id: writer },
      annotators: [user.id],
      settings: { judgments_per_comparison: 1, guidelines, ask_margin: askMargin },
    },
    adminId,
  );
  return { user, id };
}

interface JudgmentRow {
  assignment_id: number;
  left_sample_id: number;
  right_sample_id: number;
  winner_sample_id: number | null;
  verdict: string;
  margin: string | null;
}
const judgments = (userId: number, campaignId: number) =>
  server.db
    .prepare(
      "SELECT assignment_id, left_sample_id, right_sample_id, winner_sample_id, verdict, margin FROM human_judgments WHERE user_id = ? AND campaign_id = ? ORDER BY id",
    )
    .all(userId, campaignId) as JudgmentRow[];
const skipped = (userId: number, campaignId: number) =>
  (
    server.db
      .prepare("SELECT COUNT(*) AS n FROM assignments WHERE user_id = ? AND campaign_id = ? AND status = 'skipped'")
      .get(userId, campaignId) as {
      n: number;
    }
  ).n;

/** The page is no wider than the screen (the layout viewport included: a phone widens it to fit overflow). */
async function noHorizontalOverflow(page: Page, where: string) {
  const viewport = page.viewportSize()!;
  // What sticks out, for the failure message: boxes past the right edge that no scrolling box of their own holds.
  const wide = await page.evaluate(
    (width) =>
      Array.from(document.querySelectorAll("body *"))
        .filter((e) => e.getBoundingClientRect().right > width + 1)
        .filter((e) => getComputedStyle(e).position === "absolute" || !e.parentElement?.closest(".table-wrap, .annotate-pane-body, pre"))
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
    viewport.width,
  );
  const sizes = await page.evaluate(() => ({ scrollWidth: document.scrollingElement!.scrollWidth, innerWidth: window.innerWidth }));
  expect(sizes.innerWidth, `${where}: window width (${wide.join(", ")})`).toBeLessThanOrEqual(viewport.width);
  expect(sizes.scrollWidth, `${where}: page width (${wide.join(", ")})`).toBeLessThanOrEqual(viewport.width);
}

/** The element lies wholly inside the viewport, as it is now (nothing scrolls it there first). */
async function inViewport(locator: Locator, what: string) {
  const page = locator.page();
  const viewport = page.viewportSize()!;
  const box = await locator.evaluate((el) => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
  expect(box.right - box.left, `${what}: visible`).toBeGreaterThan(0);
  expect(box.left, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.top, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.right, `${what}: right edge`).toBeLessThanOrEqual(viewport.width + 0.5);
  expect(box.bottom, `${what}: bottom edge`).toBeLessThanOrEqual(viewport.height + 0.5);
  return box;
}

/** A tap on a control that must already be on screen and big enough for a finger. */
async function tap(locator: Locator, what: string) {
  const box = await inViewport(locator, what);
  expect(box.bottom - box.top, `${what}: touch target height`).toBeGreaterThanOrEqual(44);
  expect(box.right - box.left, `${what}: touch target width`).toBeGreaterThanOrEqual(44);
  await locator.tap();
}

type Rect = { left: number; top: number; right: number; bottom: number };
const rectOf = (locator: Locator) =>
  locator.evaluate((el): Rect => {
    const r = el.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  });
const intersects = (a: Rect, b: Rect) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

/** The answer panes on screen (display: none ones have no box; one rendered off-screen ahead of time is not shown). */
async function visiblePanes(page: Page): Promise<Rect[]> {
  const viewport = page.viewportSize()!;
  // The next item waits laid out but hidden behind the one on screen (prefetch): only what can be seen counts.
  const all = await page.locator(".annotate-pane").evaluateAll((els) =>
    els
      .filter((el) => getComputedStyle(el).visibility !== "hidden")
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
      }),
  );
  return all.filter(
    (r) => r.right > r.left && r.bottom > r.top && r.right > 0 && r.bottom > 0 && r.left < viewport.width && r.top < viewport.height,
  );
}

const progress = (page: Page) => page.getByTestId("annotate-progress");
const verdict = (page: Page, name: string) =>
  page.getByRole("group", { name: "Verdict" }).getByRole("button", { name: new RegExp(`^${name}`) });
const guidelinesPanel = (page: Page) => page.getByRole("complementary", { name: "Guidelines" });

async function itemReady(page: Page, judged: number) {
  await progress(page)
    .filter({ hasText: new RegExp(`^${judged} judged by you`) })
    .waitFor();
  await expect.poll(() => verdict(page, "Left better").isEnabled()).toBe(true);
}

/**
 * The verdict keys change nothing: no verdict chosen, no judgment recorded. Enter is left out where the focus
 * is on the outline's own toggle (there Enter folds it, as on any disclosure).
 */
async function keysDoNothing(page: Page, userId: number, campaignId: number, keys = ["1", "Enter", "3"]) {
  const before = judgments(userId, campaignId).length;
  for (const key of keys) await page.keyboard.press(key);
  // The keys are handled synchronously on keydown: a round trip through the page is enough to see their effect.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  expect(await verdict(page, "Left better").getAttribute("aria-pressed")).toBe("false");
  expect(await verdict(page, "Right better").getAttribute("aria-pressed")).toBe("false");
  expect(judgments(userId, campaignId)).toHaveLength(before);
}

async function phoneContext(): Promise<BrowserContext> {
  return browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 2 });
}

describe("the judging screen on a phone, by touch", () => {
  it("walks a whole campaign at 390 × 844: tabs, verdict bar, guidelines sheet, outline, skip and undo", async () => {
    const { user, id } = await campaignFor("pia", "Phone study", true);
    const context = await phoneContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "pia", password);
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    await noHorizontalOverflow(page, "annotator home");
    await tap(page.getByRole("link", { name: "Start Phone study" }), "Start");
    await page.waitForURL(`${server.url}/annotate/${id}`);

    // First visit: the guidelines open by themselves as a sheet whose Close button is in view.
    const panel = guidelinesPanel(page);
    await panel.getByRole("heading", { name: "How to judge" }).waitFor();
    await itemReady(page, 0);
    await noHorizontalOverflow(page, "guidelines open");
    const close = panel.getByRole("button", { name: /^Close/ });
    await inViewport(close, "guidelines Close");
    // It covers the answers, so the verdict keys wait.
    const panes = await visiblePanes(page);
    expect(panes.length).toBe(1);
    expect(intersects(await rectOf(panel), panes[0]!)).toBe(true);
    await keysDoNothing(page, user.id, id);
    // Nothing under the sheet takes the focus either: Tab never reaches a verdict button hidden beneath.
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => document.activeElement?.closest(".annotate-head, .annotate-work, .annotate-bar") != null)).toBe(
        false,
      );
    }
    await tap(close, "guidelines Close");
    await panel.waitFor({ state: "detached" });

    const leftTab = page.getByRole("tab", { name: /^Left/ });
    const rightTab = page.getByRole("tab", { name: /^Right/ });
    const leftText = page.getByTestId("left-text");
    const rightText = page.getByTestId("right-text");
    // What happens to each item: a verdict (with its margin), a skip, then the last one taken back and judged again.
    const plan: ({ verdict: "Left better" | "Right better" | "Tie" | "Both bad"; margin?: "Slightly" | "Much" } | "skip")[] = [
      { verdict: "Left better", margin: "Much" },
      "skip",
      { verdict: "Tie" },
      { verdict: "Right better", margin: "Slightly" },
      { verdict: "Both bad" },
    ];
    let judged = 0;
    for (const [index, step] of plan.entries()) {
      await itemReady(page, judged);
      await noHorizontalOverflow(page, `item ${index + 1}`);
      // One side at a time, filling the height: at least half the screen, fifteen lines and more.
      expect(await leftText.isVisible()).toBe(true);
      expect(await rightText.isVisible()).toBe(false);
      const pane = await rectOf(page.locator("[data-slot=live] .annotate-pane-left"));
      expect(pane.bottom - pane.top, "pane height").toBeGreaterThanOrEqual(844 * 0.5);
      const lines = await leftText.evaluate((el) => el.clientHeight / Number.parseFloat(getComputedStyle(el).lineHeight));
      expect(lines, "lines in view").toBeGreaterThanOrEqual(15);
      expect(await leftTab.getAttribute("aria-selected")).toBe("true");

      if (index === 2) {
        // The smallest phones in use (360 × 640): still no overflow, every verdict and Submit on screen.
        await page.setViewportSize({ width: 360, height: 640 });
        await noHorizontalOverflow(page, "360 × 640");
        for (const name of ["Left better", "Tie", "Right better", "Both bad"]) await inViewport(verdict(page, name), `${name} at 360 px`);
        await inViewport(page.getByRole("button", { name: /^Submit/ }), "Submit at 360 px");
        await inViewport(rightTab, "Right tab at 360 px");
        await page.setViewportSize({ width: 390, height: 844 });
      }
      if (index === 0) {
        // The outline lies over the text: the keys wait; Esc closes it, and so does a tap outside.
        const summary = page.locator("[data-slot=live] .annotate-pane-left .annotate-outline > summary");
        await tap(summary, "Outline");
        const list = page.getByRole("list", { name: "Left outline" });
        await list.waitFor();
        await inViewport(list, "outline list");
        await noHorizontalOverflow(page, "outline open");
        await keysDoNothing(page, user.id, id, ["1", "3"]);
        await page.keyboard.press("Escape");
        await list.waitFor({ state: "hidden" });
        await tap(summary, "Outline");
        await list.waitFor();
        await page.getByRole("region", { name: "Instruction" }).tap({ position: { x: 10, y: 10 } });
        await list.waitFor({ state: "hidden" });
      }

      // Reading: the left side to its end (the tab says so), then the right one.
      expect(await leftTab.textContent()).toMatch(/% seen$/);
      await leftText.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(() => leftTab.textContent()).toMatch(/read$/);
      expect(await rightTab.textContent()).toMatch(/not opened$/);
      await tap(rightTab, "Right tab");
      await expect.poll(() => rightText.isVisible()).toBe(true);
      expect(await leftText.isVisible()).toBe(false);
      await noHorizontalOverflow(page, `item ${index + 1}, right side`);
      await rightText.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await expect.poll(() => rightTab.textContent()).toMatch(/read$/);

      if (step === "skip") {
        await tap(page.getByRole("button", { name: /^Skip/ }), "Skip");
        await expect.poll(() => skipped(user.id, id)).toBe(1);
        continue;
      }
      await tap(verdict(page, step.verdict), step.verdict);
      await expect.poll(() => verdict(page, step.verdict).getAttribute("aria-pressed")).toBe("true");
      if (step.margin) {
        const margin = page.getByRole("group", { name: "How much better" }).getByRole("button", { name: new RegExp(`^${step.margin}`) });
        await tap(margin, step.margin);
      }
      await tap(page.getByRole("button", { name: /^Submit/ }), "Submit");
      judged++;
      await progress(page)
        .filter({ hasText: new RegExp(`^${judged} judged by you`) })
        .waitFor();

      if (index === plan.length - 1) {
        // The last judgment taken back: the item returns with its verdict; judged again as Left better, slightly.
        await page.getByRole("heading", { name: "All done" }).waitFor();
        const undo = page.getByRole("button", { name: /^Undo/ });
        await expect.poll(() => undo.isEnabled()).toBe(true);
        await tap(undo, "Undo");
        await itemReady(page, judged - 1);
        await expect.poll(() => verdict(page, "Both bad").getAttribute("aria-pressed")).toBe("true");
        await tap(verdict(page, "Left better"), "Left better");
        await tap(page.getByRole("group", { name: "How much better" }).getByRole("button", { name: /^Slightly/ }), "Slightly");
        await tap(page.getByRole("button", { name: /^Submit/ }), "Submit");
      }
    }
    await page.getByRole("heading", { name: "All done" }).waitFor();
    await noHorizontalOverflow(page, "all done");

    const rows = judgments(user.id, id);
    expect(rows.map((r) => [r.verdict, r.margin])).toEqual([
      ["win", "much"],
      ["tie", null],
      ["win", "slightly"],
      ["win", "slightly"],
    ]);
    expect(rows[0]!.winner_sample_id).toBe(rows[0]!.left_sample_id);
    expect(rows[2]!.winner_sample_id).toBe(rows[2]!.right_sample_id);
    expect(rows[3]!.winner_sample_id).toBe(rows[3]!.left_sample_id);
    expect(skipped(user.id, id)).toBe(1);

    // Log out is reachable: in the bar when an annotator's few links fit, else in the menu, which opens in view.
    const menu = page.getByRole("button", { name: "Menu" });
    if (await menu.isVisible()) {
      await tap(menu, "Menu");
      await noHorizontalOverflow(page, "menu open");
    }
    await tap(page.getByRole("button", { name: "Log out" }), "Log out");
    await page.waitForURL(/\/login/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("keeps researcher pages within a 390 px screen, the navigation folded behind Menu", async () => {
    const context = await phoneContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, server.url, "admin", password);
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    for (const path of ["/sets", "/instructions", "/campaigns", "/models", "/reports", "/annotate"]) {
      await page.goto(`${server.url}${path}`);
      await page.locator("main h1").first().waitFor();
      await noHorizontalOverflow(page, path);
    }
    await tap(page.getByRole("button", { name: "Menu" }), "Menu");
    const nav = page.getByRole("navigation", { name: "Main" });
    await inViewport(nav.getByRole("link", { name: "Campaigns" }), "Campaigns link");
    await inViewport(page.getByRole("button", { name: "Log out" }), "Log out");
    await noHorizontalOverflow(page, "menu open");
    await tap(nav.getByRole("link", { name: "Sets" }), "Sets link");
    await page.waitForURL(`${server.url}/sets`);
    // Following a link folds the menu again.
    await nav.waitFor({ state: "hidden" });
    await context.close();
  });
});

describe("the judging screen on a desktop, by keyboard", () => {
  it("walks a campaign at 1280 × 800 with the guidelines beside the answers, never over them", async () => {
    const { user, id } = await campaignFor("kai", "Desk study", false);
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "kai", password);
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    await noHorizontalOverflow(page, "annotator home");
    const start = page.getByRole("link", { name: "Start Desk study" });
    await inViewport(start, "Start");
    await start.focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(`${server.url}/annotate/${id}`);

    // The guidelines open beside the answers: a column that does not intersect either pane, Close in view.
    const panel = guidelinesPanel(page);
    await panel.getByRole("heading", { name: "How to judge" }).waitFor();
    await itemReady(page, 0);
    await noHorizontalOverflow(page, "guidelines open");
    await inViewport(panel.getByRole("button", { name: /^Close/ }), "guidelines Close");
    const panes = await visiblePanes(page);
    expect(panes).toHaveLength(2);
    const column = await rectOf(panel);
    for (const pane of panes) {
      expect(intersects(column, pane), "guidelines over an answer").toBe(false);
      expect(pane.right - pane.left, "pane width beside the guidelines").toBeGreaterThanOrEqual(300);
    }
    // Nothing is covered, so the keys judge as usual with the guidelines open.
    await page.keyboard.press("1");
    await expect.poll(() => verdict(page, "Left better").getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("Enter");
    await itemReady(page, 1);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });

    // A window too narrow for a column: the guidelines cover the answers, and the keys wait until Esc.
    await page.setViewportSize({ width: 900, height: 800 });
    await page.keyboard.press("g");
    await panel.waitFor();
    await noHorizontalOverflow(page, "guidelines over the answers at 900 px");
    await inViewport(panel.getByRole("button", { name: /^Close/ }), "guidelines Close at 900 px");
    const sheet = await rectOf(panel);
    expect((await visiblePanes(page)).every((pane) => intersects(sheet, pane))).toBe(true);
    await keysDoNothing(page, user.id, id);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    // A tablet held upright: both answers side by side, nothing wider than the screen.
    await page.setViewportSize({ width: 768, height: 1024 });
    await noHorizontalOverflow(page, "768 × 1024");
    expect(await visiblePanes(page)).toHaveLength(2);
    await inViewport(verdict(page, "Both bad"), "Both bad at 768 px");
    await page.setViewportSize({ width: 1280, height: 800 });

    // The outline lies over its side's text: the keys wait, Esc closes it.
    const summary = page.locator("[data-slot=live] .annotate-pane-right .annotate-outline > summary");
    await summary.focus();
    await page.keyboard.press("Enter");
    const list = page.getByRole("list", { name: "Right outline" });
    await list.waitFor();
    await inViewport(list, "outline list");
    await noHorizontalOverflow(page, "outline open");
    await keysDoNothing(page, user.id, id, ["1", "3"]);
    await page.keyboard.press("Escape");
    await list.waitFor({ state: "hidden" });

    // Item 2: both sides read with the keys, then 3 and Enter. Item 3: skipped (S). Item 4: 2, Enter, then undone (U)
    // and judged 1 instead. Item 5: 4 and Enter.
    await page.keyboard.press("ArrowLeft");
    await page.keyboard.press("End");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("End");
    await expect.poll(() => page.getByTestId("right-text").evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 1)).toBe(true);
    await page.keyboard.press("3");
    await page.keyboard.press("Enter");
    await itemReady(page, 2);
    await noHorizontalOverflow(page, "item 3");
    await page.keyboard.press("s");
    await expect.poll(() => skipped(user.id, id)).toBe(1);
    await itemReady(page, 2);
    await page.keyboard.press("2");
    await page.keyboard.press("Enter");
    await itemReady(page, 3);
    await page.keyboard.press("u");
    await itemReady(page, 2);
    await expect.poll(() => verdict(page, "Tie").getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("1");
    await page.keyboard.press("Enter");
    await itemReady(page, 3);
    await page.keyboard.press("4");
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { name: "All done" }).waitFor();
    await noHorizontalOverflow(page, "all done");

    const rows = judgments(user.id, id);
    expect(rows.map((r) => r.verdict)).toEqual(["win", "win", "win", "both-bad"]);
    expect(rows[0]!.winner_sample_id).toBe(rows[0]!.left_sample_id);
    expect(rows[1]!.winner_sample_id).toBe(rows[1]!.right_sample_id);
    expect(rows[2]!.winner_sample_id).toBe(rows[2]!.left_sample_id);
    expect(skipped(user.id, id)).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
