import type { Page } from "playwright-core";
import { ensureClientBuild } from "../../server/client-build";
import { launchBrowser, logIn } from "../helpers/browser";
import { password } from "../helpers/test-app";
import { benchWorld } from "./annotation-browser-setup";

// The annotator's wait, in a real browser (Chromium, 1280×800) against the real server: Enter → next item fully
// painted (keydown to the second animation frame after the new item's text is in the DOM and visible), the
// Raw/Markdown switch on a 20,000-word item, and the first render of a 20,000-word item. Figures, not pass/fail;
// the goals (issue 15, decision 022) beside them.

const items = 24;
const longAt = [6, 15];
const toggles = 12;
const fmt = (ms: number) => `${Math.round(ms)} ms`;

function summary(values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

/** Which item is on screen: the start of both live panes (empty while there is none). */
const onScreen = (page: Page) =>
  page.evaluate(() =>
    ["left", "right"].map((s) => document.querySelector(`[data-testid="${s}-text"]`)?.textContent?.slice(0, 120) ?? "").join("|"),
  );

/**
 * Resolves with the ms from the next keydown of `key` until two frames after `done()` first holds (checked on
 * every DOM change and every frame).
 */
async function timeKey(page: Page, key: string, condition: string, arg: string): Promise<() => Promise<number>> {
  // A string, not a function: tsx would wrap named inner functions in a helper the page does not have. The
  // listener is in place before this returns; the caller presses the key, then awaits the figure.
  await page.evaluate(`window.benchTiming = new Promise((resolve, reject) => {
    setTimeout(() => reject(new Error("${key}: the screen did not change in 20 s")), 20000);
    const done = (arg) => { ${condition} };
    const arg = ${JSON.stringify(arg)};
    let start = null;
    let finished = false;
    addEventListener("keydown", (e) => { if (e.key === ${JSON.stringify(key)}) start = performance.now(); }, { capture: true, once: true });
    const check = () => {
      if (finished || start === null || !done(arg)) return;
      finished = true;
      observer.disconnect();
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - start)));
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    const frame = () => { check(); if (!finished) requestAnimationFrame(frame); };
    requestAnimationFrame(frame);
  }); true`);
  return () => page.evaluate("window.benchTiming") as Promise<number>;
}

// Conditions evaluated in the page (as function bodies): a new item's text visible; the raw view visible or not.
const newItemVisible = `
  const panes = ["left", "right"].map((s) => document.querySelector('[data-testid="' + s + '-text"]'));
  if (panes.some((p) => !p || !p.checkVisibility({ visibilityProperty: true }))) return false;
  const now = panes.map((p) => p.textContent.slice(0, 120)).join("|");
  return now !== arg && panes.every((p) => p.textContent.length > 0);`;
const rawIs = `
  const raw = document.querySelector('[data-testid="left-text"] .annotate-raw');
  const shown = !!raw && raw.checkVisibility({ visibilityProperty: true });
  return shown === (arg === "on");`;

/** Waits until the screen is idle: the item judgeable, requests answered, long outputs fully rendered. */
async function settle(page: Page, inFlight: () => number) {
  await page.getByRole("button", { name: /^Left better/ }).waitFor();
  await page.waitForFunction(() => {
    const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.startsWith("Left better"));
    // Nothing left to render: no chunk pending, both views of every pane mounted (where the client keeps both).
    const views = [...document.querySelectorAll(".annotate-pane-body")].every(
      (pane) => !pane.querySelector(".annotate-view") || pane.querySelectorAll(".annotate-view").length === 2,
    );
    return button && !button.disabled && views && document.querySelector(".annotate-chunk-pending") === null;
  });
  for (let i = 0; i < 200 && inFlight() > 0; i++) await page.waitForTimeout(10);
  // An annotator reads for seconds: a short pause lets idle work (prefetch rendering) finish as it would.
  await page.waitForTimeout(300);
}

await ensureClientBuild((line) => console.log(line));
const { server, campaignId } = await benchWorld(items, longAt);
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(30_000);
  let inFlight = 0;
  page.on("request", () => inFlight++);
  page.on("requestfinished", () => inFlight--);
  page.on("requestfailed", () => inFlight--);
  await logIn(page, server.url, "bench-annotator", password);
  await page.getByRole("button", { name: /^Log out/ }).waitFor();
  await page.goto(`${server.url}/annotate/${campaignId}`);

  const nextMs: number[] = [];
  const longNextMs: number[] = [];
  const toggleMs: number[] = [];
  let firstRenderMs: number | undefined;
  for (let i = 0; i < items - 1; i++) {
    await settle(page, () => inFlight);
    if (i === longAt[0]) {
      // The Raw/Markdown switch on a 20,000-word item, both ways, several times (M).
      for (let j = 0; j < toggles; j++) {
        const timing = await timeKey(page, "m", rawIs, j % 2 === 0 ? "on" : "off");
        await page.keyboard.press("m");
        toggleMs.push(await timing());
      }
      // First render of a 20,000-word item: reload on it; from the /next answer to its text painted.
      await page.addInitScript({
        content: `(() => {
          const done = (arg) => { ${newItemVisible} };
          const check = () => {
            if (!document.body || !done("")) return requestAnimationFrame(check);
            requestAnimationFrame(() => requestAnimationFrame(() => {
              const answer = performance.getEntriesByType("resource").find((e) => e.name.includes("/next"));
              window.firstRender = performance.now() - (answer ? answer.responseEnd : 0);
            }));
          };
          requestAnimationFrame(check);
        })();`,
      });
      await page.reload();
      await page.waitForFunction(() => "firstRender" in window);
      firstRenderMs = await page.evaluate(() => (window as unknown as { firstRender: number }).firstRender);
      await settle(page, () => inFlight);
    }
    await page.keyboard.press("1");
    await page.waitForFunction(() =>
      [...document.querySelectorAll("button")].some(
        (b) => b.textContent?.startsWith("Left better") && b.getAttribute("aria-pressed") === "true",
      ),
    );
    const before = await onScreen(page);
    const timing = await timeKey(page, "Enter", newItemVisible, before);
    await page.keyboard.press("Enter");
    const ms = await timing();
    nextMs.push(ms);
    if (process.env.BENCH_VERBOSE) console.log(`item ${i + 1}: ${fmt(ms)}`);
    // The item that came next was a 20,000-word one.
    if (longAt.includes(i + 1)) longNextMs.push(ms);
  }
  const next = summary(nextMs);
  const toggle = summary(toggleMs);
  console.log(
    `annotation browser: Enter → next item painted over ${nextMs.length} items: p50 ${fmt(next.p50)}, p95 ${fmt(next.p95)}, max ${fmt(next.max)} ` +
      `(goal p95 < 100 ms); onto the 20,000-word items: ${longNextMs.map(fmt).join(", ")}`,
  );
  console.log(
    `annotation browser: Raw/Markdown switch on a 20,000-word item (${toggleMs.length}×): p50 ${fmt(toggle.p50)}, p95 ${fmt(toggle.p95)} (goal < 100 ms); ` +
      `first render of a 20,000-word item after a reload (answer → painted): ${firstRenderMs === undefined ? "n/a" : fmt(firstRenderMs)}`,
  );
} finally {
  await browser.close();
  await server.stop();
}
