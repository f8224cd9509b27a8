import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createBlindingWorld, planted, plantedIn } from "../helpers/blinding-world";
import { password } from "../helpers/test-app";

// Blind by construction, in a real browser (issue 15, point 2): with model names planted in every field only
// researchers see, no annotator page (home, annotate screen, history, a judgment looked at again) and no answer
// those pages fetch contains any of them; the researcher's form warns, as they type, when the title or the
// guidelines name one of the campaign's models.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let world: Awaited<ReturnType<typeof createBlindingWorld>>;

beforeAll(async () => {
  server = await startServer();
  world = await createBlindingWorld(server.ctx, password);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** A page that keeps the text of every API answer it receives. */
async function watchedPage(username: string) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  const answers: { url: string; text: Promise<string> }[] = [];
  page.on("response", (res) => {
    if (new URL(res.url()).pathname.startsWith("/api/")) answers.push({ url: res.url(), text: res.text().catch(() => "") });
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await logIn(page, server.url, username, password);
  await page.waitForURL((url) => url.pathname !== "/login");
  return { page, answers, errors };
}

/** The planted names found in the page's HTML and in its visible text. */
async function leaksOn(page: Page, label: string) {
  await page.waitForLoadState("networkidle");
  const html = await page.content();
  const text = await page.locator("body").innerText();
  return [...plantedIn(html).map((p) => `${label} html: ${p}`), ...plantedIn(text).map((p) => `${label} text: ${p}`)];
}

describe("an annotator's pages name no model", () => {
  it("home, annotate screen, history and a judgment looked at again: neither the pages nor the answers behind them", async () => {
    const { page, answers, errors } = await watchedPage("ann");
    const c = world.campaignId;
    const leaks: string[] = [];

    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    const row = page.getByRole("row", { name: new RegExp(`Campaign ${c}`) });
    await row.waitFor();
    leaks.push(...(await leaksOn(page, "home")));

    await row.getByRole("link", { name: `Start Campaign ${c}` }).click();
    await page.waitForURL(`${server.url}/annotate/${c}`);
    await page.getByRole("heading", { name: `Campaign ${c}`, level: 1 }).waitFor();
    await page.getByTestId("left-text").waitFor();
    await page.getByRole("complementary", { name: "Guidelines" }).waitFor();
    leaks.push(...(await leaksOn(page, "annotate screen with guidelines")));
    await page.keyboard.press("g");
    await page.getByRole("complementary", { name: "Guidelines" }).waitFor({ state: "detached" });

    // Judge one (1, Enter), skip the next (S): the history then has one of each.
    const verdict = page.getByRole("group", { name: "Verdict" }).getByRole("button", { name: /^Left better/ });
    await expect.poll(() => verdict.isEnabled()).toBe(true);
    await page.keyboard.press("1");
    await page.keyboard.press("Enter");
    await page
      .getByTestId("annotate-progress")
      .filter({ hasText: /^1 judged by you/ })
      .waitFor();
    await expect.poll(() => verdict.isEnabled()).toBe(true);
    await page.keyboard.press("s");
    leaks.push(...(await leaksOn(page, "annotate screen")));

    await page.getByRole("link", { name: "Your judgments" }).click();
    await page.waitForURL(`${server.url}/annotate/${c}/history`);
    await page.getByTestId("history-row").first().waitFor();
    await page.getByTestId("skipped-row").first().waitFor();
    leaks.push(...(await leaksOn(page, "history")));

    await page.getByRole("link", { name: "Look again or change" }).first().click();
    await page.getByRole("form", { name: "Change your judgment" }).waitFor();
    await page.getByTestId("right-text").waitFor();
    leaks.push(...(await leaksOn(page, "judgment looked at again")));

    const texts = await Promise.all(answers.map(async (a) => ({ url: a.url, text: await a.text })));
    for (const path of ["/api/annotate/campaigns", `/api/annotate/campaigns/${c}/next`, `/api/annotate/campaigns/${c}/history`])
      expect(texts.some((a) => new URL(a.url).pathname === path)).toBe(true);
    leaks.push(...texts.flatMap((a) => plantedIn(a.text).map((p) => `${new URL(a.url).pathname}: ${p}`)));
    expect(leaks).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe("the researcher is told before annotators see a model's name", () => {
  it("warns live in the campaign form, and shows and edits the title on the campaign page", async () => {
    const { page } = await watchedPage("admin");
    await page.goto(`${server.url}/campaigns`);
    const form = page.getByRole("form", { name: "New campaign" });
    await form.waitFor();
    await form.getByLabel("Model", { exact: true }).selectOption({ label: planted.writer });
    await form.getByLabel("Reference model").selectOption({ label: planted.reference });
    const warnings = form.getByTestId("blinding-warning");
    expect(await warnings.count()).toBe(0);

    const title = form.getByLabel("Title shown to annotators");
    await title.fill("Is Fake-Writer-7B any good?");
    await warnings.filter({ hasText: `The title names the model “${planted.writer}”` }).waitFor();
    await form.getByRole("textbox", { name: "Guidelines" }).fill("Answers come from openai/gpt-4o-planted and others.");
    await warnings.filter({ hasText: `The guidelines name the model “${planted.referenceEndpointId}”` }).waitFor();
    expect(await warnings.count()).toBe(2);
    await title.fill("Which essay is better?");
    await form.getByRole("textbox", { name: "Guidelines" }).fill("Read both to the end.");
    await expect.poll(() => warnings.count()).toBe(0);

    await form.getByLabel("Name", { exact: true }).fill("round 9: fake-writer-7b vs gpt4o-ref-2024");
    await form.getByRole("button", { name: "Create campaign" }).click();
    await expect
      .poll(() => server.db.prepare("SELECT title FROM campaigns WHERE name LIKE 'round 9%'").get())
      .toEqual({ title: "Which essay is better?" });
    const id = (server.db.prepare("SELECT id FROM campaigns WHERE name LIKE 'round 9%'").get() as { id: number }).id;

    await page.goto(`${server.url}/campaigns/${id}`);
    await page.getByTestId("campaign-title").filter({ hasText: "Which essay is better?" }).waitFor();
    await page.getByRole("button", { name: "Edit title" }).click();
    const edit = page.getByRole("form", { name: "Edit title" });
    await edit.getByRole("textbox").fill(`${planted.reference} or not`);
    await edit.getByRole("button", { name: "Save title" }).click();
    await page
      .getByTestId("campaign-title")
      .filter({ hasText: `${planted.reference} or not` })
      .waitFor();
    await page
      .getByTestId("blinding-warning")
      .filter({ hasText: `title: names the model "${planted.reference}"` })
      .waitFor();
    expect(server.db.prepare("SELECT title FROM campaigns WHERE id = ?").get(id)).toEqual({ title: `${planted.reference} or not` });
    await page.close();
  });
});
