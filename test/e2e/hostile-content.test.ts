import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { password } from "../helpers/test-app";
import { allPayloads, attackerHost, payloads, seedHostileWorld, tagged, type HostileWorld } from "./hostile-seed";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let world: HostileWorld;

beforeAll(async () => {
  server = await startServer();
  world = await seedHostileWorld(server.ctx);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** What a page holds that it should not: anything made from markup in the data, anything that ran. */
interface Scan {
  elements: string[];
  xss: unknown;
  violations: string[];
  text: string;
}

// Runs in the page. The app's own markup has no images, frames, inline styles or scripts, forms with an
// action or on* attributes; every element payloads could create is one of those or carries data-xss.
function scanPage(): Scan {
  const elements: string[] = [];
  const flag = (el: Element) => elements.push(el.outerHTML.slice(0, 160));
  for (const el of document.querySelectorAll("*")) {
    if ([...el.attributes].some((a) => /^on/i.test(a.name) || a.name === "data-xss" || a.name === "srcdoc")) flag(el);
  }
  const ownScript = (el: HTMLScriptElement) => el.type === "module" && el.src.startsWith(`${location.origin}/assets/`);
  document.querySelectorAll("script").forEach((el) => ownScript(el) || flag(el));
  document
    .querySelectorAll(
      "iframe, frame, object, embed, base, meta[http-equiv], style, img, image, video, audio, source, form[action], foreignObject",
    )
    .forEach(flag);
  document
    .querySelectorAll("link")
    .forEach((el) => el.getAttribute("href") === "data:," || el.getAttribute("href")?.startsWith("/assets/") || flag(el));
  document
    .querySelectorAll("a[href]")
    .forEach((el) => ["http:", "https:", "mailto:"].includes((el as HTMLAnchorElement).protocol) || flag(el));
  const w = window as unknown as { xss?: unknown; cspViolations?: string[] };
  return { elements, xss: w.xss, violations: w.cspViolations ?? [], text: document.body.innerText };
}

const squash = (s: string) => s.replace(/\s+/g, " ").trim();

/**
 * Where a field shows in full: a short one (a name) as its whole value, a long one (tagged at both ends)
 * with each of its payloads between its tags; a payload verbatim or as Markdown renders it. `excerpt`:
 * only the field's start shows.
 */
function fieldShown(text: string, field: string, value: string, excerpt: boolean): string | undefined {
  const start = text.indexOf(`‹${field}›`);
  if (start < 0) return `‹${field}› not on the page`;
  if (excerpt) return undefined;
  const inValue = payloads.filter((p) => value.includes(p.text));
  if (!value.includes(`‹/${field}›`)) {
    const forms = [value, ...inValue.flatMap((p) => (p.shown ? [value.replace(p.text, p.shown)] : []))];
    return forms.some((form) => text.includes(squash(form))) ? undefined : `${field}: not shown whole, as text`;
  }
  const end = text.indexOf(`‹/${field}›`, start);
  if (end < 0) return `‹/${field}› not on the page: ${field} is cut`;
  const shown = text.slice(start, end);
  for (const p of inValue) {
    if (!shown.includes(squash(p.text)) && !(p.shown && shown.includes(squash(p.shown))))
      return `${field}: payload ${p.id} not shown as text`;
  }
  return undefined;
}

/** A signed-in browser page watching for everything a payload could do. */
async function watchedPage(username: string, userPassword: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  const events: string[] = [];
  const origin = new URL(server.url).origin;
  page.on("dialog", (d) => {
    events.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on("pageerror", (e) => events.push(`page error: ${e.message}`));
  page.on("console", (m) => /Content Security Policy|Refused to/.test(m.text()) && events.push(`console: ${m.text()}`));
  page.on("request", (r) => {
    const url = r.url();
    if (url === "data:,") return; // index.html's empty favicon
    if (!url.startsWith(`${origin}/`) || url.includes("xss-hit") || url.includes(attackerHost)) events.push(`request: ${url}`);
  });
  await page.addInitScript(() => {
    const list: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = list;
    document.addEventListener("securitypolicyviolation", (e) =>
      list.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`),
    );
  });
  await logIn(page, server.url, username, userPassword);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return { page, events };
}

const stats = { pages: 0, views: 0, places: 0, fields: new Set<string>() };

/**
 * Reads the page as it stands: nothing ran, no element came from the data, and each listed field shows as
 * text. Fields ending in `…` show only as an excerpt.
 */
async function expectInert(page: Page, events: string[], label: string, shown: string[]) {
  // Folded text (prompts, plans, raw answers) unfolded, so it is on the page too.
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  // Anything that would fire late (an image's error, a CSP report) has fired once every image has settled
  // and the event loop has turned after the next frame.
  await page.waitForFunction(() => [...document.images].every((img) => img.complete));
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  const scan = await page.evaluate(scanPage);
  const text = squash(scan.text);
  expect(scan.elements, `${label}: elements made from the data`).toEqual([]);
  expect(scan.xss, `${label}: window.xss`).toBeUndefined();
  expect([...events, ...scan.violations], `${label}: dialogs, requests, CSP violations, errors`).toEqual([]);
  const problems = shown.flatMap((entry) => {
    const field = entry.replace(/…$/, "");
    const value = world.fields.get(field);
    if (value === undefined) return [`${field}: no such field`];
    stats.fields.add(field);
    stats.places += 1;
    return fieldShown(text, field, value, entry.endsWith("…")) ?? [];
  });
  expect(problems, label).toEqual([]);
  stats.views += 1;
}

/** Opens `path`, waits for `ready` (a field tag or text), unfolds what the page folds, then checks it. */
async function visit(page: Page, events: string[], path: string, ready: string, shown: string[], act?: () => Promise<void>) {
  await page.goto(`${server.url}${path}`);
  stats.pages += 1;
  await page.getByText(ready).first().waitFor({ state: "attached" });
  // Parts of a page load after its first field (a sample's prompt and judgments come from their own
  // requests): unfold and read only once the network has been quiet for a moment.
  await page.waitForLoadState("networkidle");
  // Every row or panel that unfolds (judgments, templates, prompts), each once: some fold the others.
  const foldable = page.locator("main button[aria-expanded]:not([aria-keyshortcuts])");
  for (let i = 0, n = await foldable.count(); i < n; i++) {
    const button = foldable.nth(i);
    if ((await button.getAttribute("aria-expanded")) !== "false") continue;
    // A click from the page itself: the judging screen's guidelines panel may lie over the button.
    await button.evaluate((b: HTMLElement) => b.click());
    await expect.poll(() => button.getAttribute("aria-expanded")).toBe("true");
  }
  await act?.();
  await expectInert(page, events, path, shown);
}

describe("hostile content: markup in every field shows as text and never runs", () => {
  it("serves the app under a CSP that allows no inline script", async () => {
    const res = await fetch(`${server.url}/sets`);
    const csp = res.headers.get("content-security-policy") ?? "";
    const directive = (name: string) =>
      csp
        .split(";")
        .map((d) => d.trim())
        .find((d) => d.startsWith(`${name} `));
    expect(directive("script-src")).toBe("script-src 'self'");
    expect(directive("script-src-attr")).toBe("script-src-attr 'none'");
    expect(directive("object-src")).toBe("object-src 'none'");
    expect(directive("default-src")).toBe("default-src 'self'");
    expect(directive("base-uri")).toBe("base-uri 'self'");
  });

  it("every page an admin and an annotator open, every fold and view, shows each payload as text", { timeout: 90_000 }, async () => {
    const w = world;
    const models = ["model-demo-writer", "model-demo-reference", "model-demo-judge"];
    const categories = [...w.fields.keys()].filter((f) => f.startsWith("category-"));
    const { page, events } = await watchedPage("admin", w.adminPassword);
    const v = (path: string, ready: string, shown: string[], act?: () => Promise<void>) => visit(page, events, path, ready, shown, act);

    // A file about to be imported: its bad lines, then its preview, show what the file holds as text.
    const file = (name: string, lines: string[]) => ({ name, mimeType: "application/jsonl", buffer: Buffer.from(lines.join("\n")) });
    const importing = {
      "import-id": tagged("import-id", payloads[3]!.text),
      "import-category": tagged("import-category", payloads[4]!.text),
      "import-prompt": allPayloads("import-prompt"),
    };
    for (const [field, value] of Object.entries(importing)) w.fields.set(field, value);
    await v("/sets", "‹set-name›", ["set-name", "set-source", "import-id", "import-category", "import-prompt…"], async () => {
      await page.getByRole("button", { name: "Import instructions" }).click();
      await page.getByLabel("File").setInputFiles(file("bad.jsonl", [payloads[1]!.text]));
      await page.getByRole("button", { name: "Preview" }).click();
      // The parser's message quotes the line's start.
      await page
        .getByText(/^line 1: not JSON/)
        .filter({ hasText: '"<img data-' })
        .waitFor();
      await expectInert(page, events, "/sets: import error", []);
      await page
        .getByLabel("File")
        .setInputFiles(
          file("good.jsonl", [
            JSON.stringify({ id: importing["import-id"], prompt: importing["import-prompt"], type: importing["import-category"] }),
          ]),
        );
      await page.getByRole("button", { name: "Preview" }).click();
      await page.getByRole("cell", { name: importing["import-id"] }).waitFor();
    });
    await v(`/sets/${w.setId}`, "‹set-name›", ["set-name", "set-description", "set-source", ...categories]);
    await v(`/instructions?set=${w.setId}`, "‹external-id›", ["external-id", "prompt…", "set-name", ...categories]);
    await v(`/instructions/${w.instructionId}`, "‹meta-key›", [
      "external-id",
      "prompt",
      "meta-key",
      "meta-value",
      "set-name",
      "category-0",
      "output…",
      ...models.slice(0, 2),
    ]);
    await v(`/instructions/${w.instructionId}/review?run=${w.runId}`, "‹output›", [
      "output",
      "prompt",
      "external-id",
      "set-name",
      "category-0",
      "judge-analysis",
      ...models,
    ]);
    await v(`/samples/${w.sampleIds.hostile}`, "‹output›", [
      "output",
      "prompt",
      "external-id",
      "judge-analysis",
      "judge-answer",
      "failed-raw-answer",
      "judge-error",
      "model-demo-writer",
      "model-demo-judge",
    ]);
    await v(`/samples/${w.sampleIds.agentwrite}`, "‹plan›", ["output", "plan", "step", "prompt", "external-id", "model-demo-writer"]);
    await v(`/samples/${w.sampleIds.failed}`, "‹sample-error›", ["sample-error", "prompt", "external-id", "model-demo-writer"]);
    await v("/models", "‹model-demo-writer›", [
      ...models,
      ...models.map((m) => m.replace("model-", "model-id-")),
      ...models.map((m) => m.replace("model-", "base-url-")),
    ]);
    await v("/sampling", "‹model-demo-writer›", ["set-name", ...categories, ...models]);
    await v(`/sampling/jobs/${w.samplingJobId}`, "‹sample-error›", ["sample-error", "model-demo-writer", "set-name", "external-id"]);
    await v("/judging", "‹template-name›", ["template-name", "template-text", "set-name", ...categories, ...models]);
    await v(`/judging/jobs/${w.demoJudgeJobId}?page_size=5`, "of the judgment of sample", [
      "judge-analysis",
      "judge-answer",
      "set-name",
      "external-id",
      ...models,
    ]);
    await v(`/judging/jobs/${w.failedJudgeJobId}?page_size=5`, "of the judgment of sample", [
      "judge-error",
      "failed-raw-answer",
      "template-name",
      "set-name",
      "external-id",
      ...models,
    ]);
    await v("/pairs", "‹set-name›", ["set-name", "template-name", ...models]);
    await v(`/pairs/runs/${w.runId}`, "‹external-id›", ["external-id", "set-name", ...models]);
    await v("/campaigns", "‹campaign-name›", ["campaign-name", "demo-campaign-name", "set-name", ...categories, ...models]);
    await v(
      `/campaigns/${w.campaignId}`,
      "‹guidelines›",
      ["campaign-name", "campaign-title", "guidelines", "rationale…", "researcher-name", "set-name", "external-id", ...models.slice(0, 2)],
      async () => {
        // The editor: the guidelines in a textarea (a </textarea> in them must stay inside it), then previewed.
        await page.getByRole("button", { name: "Edit guidelines" }).click();
        expect(await page.getByRole("textbox").first().inputValue()).toBe(w.fields.get("guidelines"));
        await page.getByRole("button", { name: "Preview" }).click();
      },
    );
    await v(`/campaigns/${w.demoCampaignId}`, "‹demo-guidelines›", [
      "demo-campaign-name",
      "demo-campaign-title",
      "demo-guidelines",
      "rationale…",
      "annotator-name",
      "set-name",
      ...models.slice(0, 2),
    ]);
    await v(`/analytics?campaigns=${w.campaignId},${w.demoCampaignId}&rounds=100`, "Cohen's κ per pair", [
      "campaign-name",
      "demo-campaign-name",
      "researcher-name",
      "second-annotator-name",
      ...models.slice(0, 2),
    ]);
    await v("/exports", "‹set-name›", ["set-name", "model-demo-judge"]);
    await v("/reports", "‹model-demo-writer›", ["set-name", ...models]);
    await v("/users", "‹annotator-name›", ["annotator-name", "researcher-name"]);
    await v("/tokens", "‹token-name›", ["token-name"]);
    await v("/annotate", "‹campaign-title›", ["campaign-title", "demo-campaign-title"]);
    await v(`/annotate/${w.demoCampaignId}`, "‹output›", ["demo-campaign-title", "demo-guidelines", "output", "prompt"]);
    await v(`/nothing/${encodeURIComponent(payloads[1]!.text)}`, "Not found", []);
    await page.close();

    // The annotator: the home list, then the judging screen with its guidelines (G), raw text (M) and a
    // rationale typed with markup in it.
    const annotator = await watchedPage(w.annotator.username, password);
    const a = (path: string, ready: string, shown: string[], act?: () => Promise<void>) =>
      visit(annotator.page, annotator.events, path, ready, shown, act);
    const me = "annotator-name";
    await a("/annotate", "‹campaign-title›", [me, "campaign-title", "demo-campaign-title"]);
    await a(`/annotate/${w.campaignId}`, "‹output›", [me, "campaign-title", "guidelines", "output", "prompt"]);
    const keys = annotator.page.keyboard;
    const screen = (label: string, shown: string[]) =>
      expectInert(annotator.page, annotator.events, `annotate: ${label}`, [me, "campaign-title", ...shown]);
    await keys.press("g");
    await annotator.page.getByRole("complementary", { name: "Guidelines" }).waitFor({ state: "detached" });
    await screen("guidelines closed", ["output", "prompt"]);
    await keys.press("m");
    await annotator.page.locator(".annotate-raw").first().waitFor();
    await screen("raw text", ["output", "prompt"]);
    // Reading unfolded the outlines, which lie over the answers and hold the verdict keys back: Esc folds them.
    await keys.press("Escape");
    await keys.press("g");
    await keys.press("1");
    await keys.press("r");
    const rationale = payloads
      .slice(0, 5)
      .map((p) => p.text)
      .join(" ");
    await keys.type(rationale);
    await screen("rationale typed, guidelines open", ["guidelines", "output", "prompt"]);
    await keys.press("Escape");
    // Annotators never see which model wrote a side.
    expect(await annotator.page.evaluate(() => document.body.innerText.includes("‹model-"))).toBe(false);
    await keys.press("Control+Enter");
    await annotator.page.getByText(/^1 judged by you/).waitFor();
    const typed = server.db
      .prepare("SELECT rationale FROM human_judgments WHERE user_id = ? AND campaign_id = ?")
      .pluck()
      .all(w.annotator.id, w.campaignId);
    expect(typed).toEqual([rationale]);
    await annotator.page.close();

    // Seeded but shown on no page: the AgentWrite templates of a sampling job.
    expect([...w.fields.keys()].filter((f) => !stats.fields.has(f))).toEqual(["plan-template", "write-template"]);
    console.log(
      `hostile content: ${payloads.length} payloads in ${stats.fields.size} fields, ${stats.pages} pages visited ` +
        `(${stats.views} views checked, ${stats.places} field × view checks), 0 executed, 0 raw HTML elements`,
    );
  });
});
