import type { Browser, Page } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignResponseSchema, type CreateCampaignBody } from "../../shared/schemas/campaigns";
import { hashPassword } from "../../server/auth/password";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

// No wait between items (decision 022): the next item is prefetched and rendered before Enter, and the
// judgment being made survives a reload without ever reaching another user of the same browser.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let admin: ReturnType<typeof request.agent>;
let w: Workspace;

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword: password, withOutputs: 6 });
  admin = request.agent(server.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  await admin.patch(`/api/campaigns/${w.campaign.id}`).send({ status: "closed" }).expect(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function annotator(username: string) {
  return server.ctx.users.create(username, "annotator", await hashPassword(password), new Date());
}

async function createCampaign(name: string, settings: CreateCampaignBody["settings"] = {}) {
  const res = await admin
    .post("/api/campaigns")
    .send({ name, set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, annotators: "all", settings })
    .expect(201);
  return CampaignResponseSchema.parse(res.body).campaign;
}

const pane = (page: Page, side: "left" | "right") => page.getByTestId(`${side}-text`);
const verdictButton = (page: Page, name: string) =>
  page.getByRole("group", { name: "Verdict" }).getByRole("button", { name: new RegExp(`^${name}`) });
const marginButton = (page: Page, name: string) =>
  page.getByRole("group", { name: "How much better" }).getByRole("button", { name: new RegExp(`^${name}`) });
const judgmentCount = (campaignId: number) =>
  (server.db.prepare("SELECT COUNT(*) AS n FROM human_judgments WHERE campaign_id = ?").get(campaignId) as { n: number }).n;

async function itemReady(page: Page) {
  await expect.poll(() => verdictButton(page, "Left better").isEnabled()).toBe(true);
}

/** What localStorage holds under the drafts' prefix, as "key=value" lines. */
const storedDrafts = (page: Page) =>
  page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("longpref.annotate.draft."))
      .map((k) => `${k}=${localStorage.getItem(k)}`),
  );

describe("no wait between items", () => {
  it("shows the prefetched next item on Enter while /next is still held back", async () => {
    await annotator("prefetch-ann");
    const campaign = await createCampaign("Prefetch study", { judgments_per_comparison: 1 });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    await logIn(page, server.url, "prefetch-ann", password);
    await page.getByRole("button", { name: /^Log out/ }).waitFor();
    await page.goto(`${server.url}/annotate/${campaign.id}`);
    await itemReady(page);
    // The next item is already rendered, out of sight: its text is in the page before anything is pressed.
    const aheadLeft = page.locator('[data-slot="ahead"] [data-testid="left-text-ahead"]');
    await expect.poll(async () => ((await aheadLeft.textContent()) ?? "").length).toBeGreaterThan(20);
    // Out of sight, so read as textContent (innerText leaves hidden text out).
    const nextText = ((await aheadLeft.textContent()) ?? "").slice(0, 60);
    expect(await aheadLeft.isVisible()).toBe(false);
    const firstText = ((await pane(page, "left").textContent()) ?? "").slice(0, 60);
    expect(nextText).not.toBe(firstText);

    // From now on /next is held back until this test lets it go: only a prefetched item can show up.
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let nextAsked = 0;
    await page.route("**/api/annotate/campaigns/*/next*", async (route) => {
      nextAsked++;
      await held;
      await route.continue();
    });
    try {
      await page.keyboard.press("1");
      await expect.poll(() => verdictButton(page, "Left better").getAttribute("aria-pressed")).toBe("true");
      await page.keyboard.press("Enter");
      await expect.poll(async () => ((await pane(page, "left").textContent()) ?? "").slice(0, 60), { timeout: 5000 }).toBe(nextText);
      expect(await pane(page, "left").isVisible()).toBe(true);
      // It can be judged at once; the judgment of the first item went out meanwhile.
      await itemReady(page);
      await expect.poll(() => judgmentCount(campaign.id)).toBe(1);
      await expect.poll(() => nextAsked).toBe(1);
    } finally {
      release();
    }
    // The server's answer is the item already on screen: it stays, with the verdict chosen meanwhile.
    await page.keyboard.press("3");
    await page.locator('[data-slot="ahead"] [data-testid="left-text-ahead"]').waitFor({ state: "attached" });
    expect(((await pane(page, "left").textContent()) ?? "").slice(0, 60)).toBe(nextText);
    expect(await verdictButton(page, "Right better").getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("Enter");
    await expect.poll(() => judgmentCount(campaign.id)).toBe(2);
    const assignments = server.db
      .prepare("SELECT comparison_id, status FROM assignments WHERE campaign_id = ? ORDER BY id")
      .all(campaign.id) as { comparison_id: number; status: string }[];
    expect(new Set(assignments.map((a) => a.comparison_id)).size).toBe(assignments.length);
    expect(assignments.slice(0, 2).map((a) => a.status)).toEqual(["done", "done"]);
    await page.close();
  });

  it("keeps the verdict, margin and rationale through a reload, clears them on submit, and never shows them to another user", async () => {
    await annotator("draft-ann");
    await annotator("draft-other");
    const campaign = await createCampaign("Draft study", { judgments_per_comparison: 2, ask_margin: true, rationale: "optional" });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await logIn(page, server.url, "draft-ann", password);
    await page.getByRole("button", { name: /^Log out/ }).waitFor();
    await page.goto(`${server.url}/annotate/${campaign.id}`);
    await itemReady(page);
    const itemText = (await pane(page, "left").innerText()).slice(0, 60);

    await page.keyboard.press("3");
    await page.keyboard.press("x");
    await page.keyboard.press("r");
    await page.keyboard.type("The right one keeps its promise to the end.");
    await expect.poll(() => marginButton(page, "Much").getAttribute("aria-pressed")).toBe("true");

    await page.reload();
    await itemReady(page);
    expect((await pane(page, "left").innerText()).slice(0, 60)).toBe(itemText);
    await expect.poll(() => verdictButton(page, "Right better").getAttribute("aria-pressed")).toBe("true");
    expect(await marginButton(page, "Much").getAttribute("aria-pressed")).toBe("true");
    expect(await page.getByRole("textbox").inputValue()).toBe("The right one keeps its promise to the end.");

    // Submitted as restored; the next item starts empty and so does a reload of it.
    await page.keyboard.press("Enter");
    await expect.poll(() => judgmentCount(campaign.id)).toBe(1);
    const recorded = server.db.prepare("SELECT verdict, margin, rationale FROM human_judgments WHERE campaign_id = ?").get(campaign.id);
    expect(recorded).toEqual({ verdict: "win", margin: "much", rationale: "The right one keeps its promise to the end." });
    await expect.poll(async () => (await pane(page, "left").innerText()).slice(0, 60)).not.toBe(itemText);
    await itemReady(page);
    expect(await storedDrafts(page)).toEqual([]);
    await page.reload();
    await itemReady(page);
    for (const name of ["Left better", "Tie", "Right better", "Both bad"])
      expect(await verdictButton(page, name).getAttribute("aria-pressed")).not.toBe("true");
    expect(await page.getByRole("textbox").inputValue()).toBe("");

    // A draft on the second item, then another person on the same browser.
    await page.keyboard.press("1");
    await page.keyboard.press("r");
    await page.keyboard.type("A private thought of draft-ann.");
    await expect.poll(async () => (await storedDrafts(page)).join("\n")).toContain("A private thought");
    await page.keyboard.press("Escape");
    await page.getByRole("button", { name: /^Log out/ }).click();
    await logIn(page, server.url, "draft-other", password);
    await page.getByRole("button", { name: /^Log out/ }).waitFor();
    await page.goto(`${server.url}/annotate/${campaign.id}`);
    await itemReady(page);
    for (const name of ["Left better", "Tie", "Right better", "Both bad"])
      expect(await verdictButton(page, name).getAttribute("aria-pressed")).not.toBe("true");
    expect(await page.getByRole("textbox").inputValue()).toBe("");
    // Nothing of draft-ann's is left where draft-other could read it.
    expect((await storedDrafts(page)).join("\n")).not.toContain("private thought");
    await context.close();
  });
});
