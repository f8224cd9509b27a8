import type { Browser, Page, Request as BrowserRequest, Route } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignResponseSchema, type CreateCampaignBody } from "../../shared/schemas/campaigns";
import { hashPassword } from "../../server/auth/password";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let admin: ReturnType<typeof request.agent>;
let w: Workspace;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  // Nine instructions with outputs: a vs-reference campaign over the set has nine comparisons.
  w = await createWorkspace(server.ctx, { adminPassword, withOutputs: 9 });
  admin = request.agent(server.app);
  await admin.post("/api/auth/login").send({ username: "admin", password: adminPassword }).expect(200);
  // Only the campaigns made here are open: each test's annotator starts the one it was given.
  await admin.patch(`/api/campaigns/${w.campaign.id}`).send({ status: "closed" }).expect(200);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const modelNames = () => new RegExp(`${w.models.writer.name}|${w.models.reference.name}`);

async function annotator(username: string) {
  return server.ctx.users.create(username, "annotator", await hashPassword(password), new Date());
}

/** A vs-reference campaign of the writer against the set's reference, created by the admin over the API. */
async function createCampaign(body: Partial<CreateCampaignBody> & { name: string }) {
  const res = await admin
    .post("/api/campaigns")
    .send({
      set_id: w.set.id,
      source: { kind: "vs-reference", model_id: w.models.writer.id },
      annotators: "all",
      // Annotators see the title, not the name: these campaigns are titled as they are named (no model in either).
      title: body.name,
      ...body,
    })
    .expect(201);
  return CampaignResponseSchema.parse(res.body).campaign;
}

interface Row {
  id: number;
  assignment_id: number;
  left_sample_id: number;
  right_sample_id: number;
  winner_sample_id: number | null;
  verdict: string;
  rationale: string;
  time_ms: number;
  coverage_left: number;
  coverage_right: number;
  idempotency_key: string;
}
const judgmentsBy = (userId: number, campaignId: number) =>
  server.db.prepare("SELECT * FROM human_judgments WHERE user_id = ? AND campaign_id = ? ORDER BY id").all(userId, campaignId) as Row[];
const sampleText = (id: number) => (server.db.prepare("SELECT text FROM samples WHERE id = ?").get(id) as { text: string }).text;

const progress = (page: Page) => page.getByTestId("annotate-progress");
const pane = (page: Page, side: "left" | "right") => page.getByTestId(`${side}-text`);
const verdictButton = (page: Page, name: string) =>
  page.getByRole("group", { name: "Verdict" }).getByRole("button", { name: new RegExp(`^${name}`) });

/** Waits until `n` judgments are counted and the next item can be judged. */
async function itemReady(page: Page, judged: number) {
  await progress(page)
    .filter({ hasText: new RegExp(`^${judged} judged by you`) })
    .waitFor();
  await expect.poll(() => verdictButton(page, "Left better").isEnabled()).toBe(true);
}

/** What the annotator sees of each side: the first 80 characters, and whether the side can scroll. */
async function readSides(page: Page, raw: boolean) {
  const read = async (side: "left" | "right") => {
    const el = pane(page, side);
    const text = raw ? ((await el.textContent()) ?? "") : await el.innerText();
    const scrollable = await el.evaluate((e) => e.scrollHeight > e.clientHeight + 1);
    return { start: text.slice(0, 80), scrollable };
  };
  return { left: await read("left"), right: await read("right"), raw };
}
type Shown = Awaited<ReturnType<typeof readSides>>;

// Rendered Markdown loses its marks (#, **, list markers): compare letters only, in any script.
const letters = (text: string) => text.replace(/[^\p{L}]/gu, "");
function showsSample(shown: Shown["left"], raw: boolean, sampleId: number): boolean {
  const text = sampleText(sampleId);
  if (raw) return text.startsWith(shown.start);
  const seen = letters(shown.start).slice(0, 40);
  return seen.length >= 10 && letters(text).startsWith(seen);
}

describe("an annotator judges long outputs side by side, with the keyboard only", () => {
  it("judges five comparisons, undoes the last and judges it again; the database holds what the screen showed", async () => {
    const user = await annotator("anna");
    const campaign = await createCampaign({
      name: "Writing study",
      settings: { judgments_per_comparison: 1, guidelines: "## How to judge\n\nRead **both** answers before choosing." },
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const noModelNames = async () => expect(await page.content()).not.toMatch(modelNames());

    await logIn(page, server.url, "anna", password);
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    const row = page.getByRole("row", { name: /Writing study/ });
    expect(await row.getByRole("cell").allTextContents()).toEqual(["0", "9", "Start"]);
    await noModelNames();
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Annotate" }).waitFor();
    await row.getByRole("link", { name: "Start Writing study" }).click();
    await page.waitForURL(`${server.url}/annotate/${campaign.id}`);

    // The guidelines open by themselves on a first visit; G closes them.
    const guidelines = page.getByRole("complementary", { name: "Guidelines" });
    await guidelines.getByRole("heading", { name: "How to judge" }).waitFor();
    await page.keyboard.press("g");
    await guidelines.waitFor({ state: "detached" });

    await itemReady(page, 0);
    expect(await progress(page).textContent()).toBe("0 judged by you · 9 remaining");
    expect(await page.getByRole("heading", { name: "Left", exact: true }).count()).toBe(1);
    expect(await page.getByRole("heading", { name: "Right", exact: true }).count()).toBe(1);
    expect(await page.getByTestId("required-length").textContent()).toMatch(/required length \d+ (words|字)/);
    await expect.poll(() => page.getByTestId("left-words").textContent()).toMatch(/^[\d,]+ \/ [\d,]+ (words|字)$/);

    const verdictKeys = ["1", "3", "2", "1", "3"];
    const shown: Shown[] = [];
    let scrolled: { item: number; side: "left" | "right" } | undefined;
    for (const [index, key] of verdictKeys.entries()) {
      await itemReady(page, index);
      // Markdown for the first three items; M on the fourth switches to raw text, and it stays so.
      const before = index === 3 ? await readSides(page, false) : undefined;
      if (before) {
        await page.keyboard.press("m");
        await expect.poll(() => page.locator(".annotate-raw:visible").count()).toBe(2);
      }
      const sides = await readSides(page, index >= 3);
      // Coverage is the most ever seen: a side that fits in either view was seen whole.
      if (before) for (const side of ["left", "right"] as const) sides[side].scrollable &&= before[side].scrollable;
      if (index > 0) expect(sides.left.start + sides.right.start).not.toBe(shown[index - 1]!.left.start + shown[index - 1]!.right.start);
      shown.push(sides);
      await noModelNames();

      // The first side too long for its pane: → or ← gives it the focus, End scrolls it to the bottom.
      const side = sides.right.scrollable ? "right" : sides.left.scrollable ? "left" : undefined;
      if (!scrolled && side) {
        await page.keyboard.press(side === "right" ? "ArrowRight" : "ArrowLeft");
        await page.keyboard.press("End");
        await expect.poll(() => pane(page, side).evaluate((e) => e.scrollTop + e.clientHeight >= e.scrollHeight - 1)).toBe(true);
        scrolled = { item: index, side };
      }

      await page.keyboard.press(key);
      const name = { "1": "Left better", "2": "Tie", "3": "Right better" }[key]!;
      await expect.poll(() => verdictButton(page, name).getAttribute("aria-pressed")).toBe("true");
      if (index === 1) {
        // R opens the rationale; typed keys are text there (1, a, t, b change nothing), Enter is a new line,
        // and Ctrl+Enter submits.
        await page.keyboard.press("r");
        await page.keyboard.type("Right answers point 1 better");
        await page.keyboard.press("Enter");
        await page.keyboard.type("and is shorter");
        expect(await verdictButton(page, "Right better").getAttribute("aria-pressed")).toBe("true");
        await page.keyboard.press("Control+Enter");
      } else {
        await page.keyboard.press("Enter");
      }
    }
    await itemReady(page, 5);
    expect(scrolled, "one of the five items has a side longer than its pane").toBeDefined();

    // U takes the fifth judgment back: the same item with the same sides and the verdict it had.
    await page.keyboard.press("u");
    await progress(page)
      .filter({ hasText: /^4 judged by you/ })
      .waitFor();
    await expect.poll(() => verdictButton(page, "Right better").getAttribute("aria-pressed")).toBe("true");
    const again = await readSides(page, true);
    expect([again.left.start, again.right.start]).toEqual([shown[4]!.left.start, shown[4]!.right.start]);
    expect(await page.getByRole("button", { name: /^Undo/ }).isDisabled()).toBe(true);
    // Judged again, differently: left.
    await page.keyboard.press("a");
    await expect.poll(() => verdictButton(page, "Left better").getAttribute("aria-pressed")).toBe("true");
    await page.keyboard.press("Enter");
    await itemReady(page, 5);
    await expect.poll(() => progress(page).textContent()).toBe("5 judged by you · 4 remaining");
    await noModelNames();

    // The database: five judgments, sides as shown, winners as chosen on screen.
    const rows = judgmentsBy(user.id, campaign.id);
    expect(rows).toHaveLength(5);
    expect(new Set(rows.map((r) => r.assignment_id)).size).toBe(5);
    expect(new Set(rows.map((r) => r.idempotency_key)).size).toBe(5);
    const finalVerdicts = ["left", "right", "tie", "left", "left"];
    rows.forEach((r, i) => {
      const seen = shown[i]!;
      expect(showsSample(seen.left, seen.raw, r.left_sample_id), `item ${i + 1}: left side`).toBe(true);
      expect(showsSample(seen.right, seen.raw, r.right_sample_id), `item ${i + 1}: right side`).toBe(true);
      const verdict = finalVerdicts[i];
      expect(r.winner_sample_id).toBe(verdict === "left" ? r.left_sample_id : verdict === "right" ? r.right_sample_id : null);
      expect(r.verdict).toBe(verdict === "tie" ? "tie" : "win");
      expect(r.time_ms).toBeGreaterThan(0);
      for (const side of ["left", "right"] as const) {
        const coverage = side === "left" ? r.coverage_left : r.coverage_right;
        expect(coverage).toBeGreaterThan(0);
        expect(coverage).toBeLessThanOrEqual(1);
        // A side that fits is read whole; one that must scroll and was not scrolled, only in part.
        if (!seen[side].scrollable) expect(coverage).toBe(1);
        else if (scrolled?.item !== i || scrolled.side !== side) expect(coverage).toBeLessThan(1);
      }
    });
    const scrolledRow = rows[scrolled!.item]!;
    expect(scrolled!.side === "left" ? scrolledRow.coverage_left : scrolledRow.coverage_right).toBeGreaterThanOrEqual(0.99);
    expect(rows[1]!.rationale).toBe("Right answers point 1 better\nand is shorter");
    expect(rows.filter((_, i) => i !== 1).every((r) => r.rationale === "")).toBe(true);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("keeps a judgment the server did not get, and sends it again with the same key until it is recorded once", async () => {
    const user = await annotator("olga");
    // Functional Writing: the instructions of that type with outputs, one comparison each.
    const functional = w.set.records.slice(0, w.withOutputs).filter((r) => r.type === "Functional Writing").length;
    expect(functional).toBe(2);
    const campaign = await createCampaign({
      name: "Retry study",
      filter: { category: "Functional Writing" },
      annotators: [user.id],
      settings: { judgments_per_comparison: 1, rationale: "off" },
    });
    expect(campaign.comparisons).toBe(functional);
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    // The judgment POSTs, as the server would have received them; some never arrive.
    const sent: { key: string; aborted: boolean }[] = [];
    let abortNext = 0;
    let blocked = false;
    await page.route("**/api/annotate/assignments/*/judgment", async (route: Route, req: BrowserRequest) => {
      const key = (req.postDataJSON() as { idempotency_key: string }).idempotency_key;
      const abort = blocked || abortNext > 0;
      if (abortNext > 0) abortNext--;
      sent.push({ key, aborted: abort });
      await (abort ? route.abort("internetdisconnected") : route.continue());
    });

    await logIn(page, server.url, "olga", password);
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    await page.getByRole("link", { name: "Start Retry study" }).click();
    await itemReady(page, 0);
    expect(await page.getByRole("textbox").count()).toBe(0);

    // First item: the POST is lost once; the notice shows, the retry records it.
    abortNext = 1;
    await page.keyboard.press("1");
    await page.keyboard.press("Enter");
    await page.getByTestId("pending-judgments").filter({ hasText: "1 judgment waiting to be sent" }).waitFor();
    await itemReady(page, 1);
    await page.getByTestId("pending-judgments").waitFor({ state: "detached" });
    expect(judgmentsBy(user.id, campaign.id)).toHaveLength(1);
    expect(sent.map((s) => s.aborted)).toEqual([true, false]);
    expect(sent[1]!.key).toBe(sent[0]!.key);

    // Second item: the server stays out of reach, the page is reloaded; the judgment waits in storage.
    blocked = true;
    await page.keyboard.press("4");
    await page.keyboard.press("Enter");
    await page.getByTestId("pending-judgments").waitFor();
    await page.reload();
    await page.getByTestId("pending-judgments").filter({ hasText: "1 judgment waiting to be sent" }).waitFor();
    await expect.poll(() => sent.length).toBeGreaterThanOrEqual(4);
    expect(judgmentsBy(user.id, campaign.id)).toHaveLength(1);
    blocked = false;
    await page.getByRole("heading", { name: "All done" }).waitFor({ timeout: 15_000 });
    await expect.poll(() => progress(page).textContent()).toBe("2 judged by you · 0 remaining");

    const rows = judgmentsBy(user.id, campaign.id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ verdict: "both-bad", winner_sample_id: null });
    const secondKeys = new Set(sent.slice(2).map((s) => s.key));
    expect(secondKeys).toEqual(new Set([rows[1]!.idempotency_key]));
    expect(sent.at(-1)!.aborted).toBe(false);
    expect(await page.evaluate(() => Object.keys(window.localStorage).filter((k) => k.includes("pending")))).toEqual([]);
    expect(await page.content()).not.toMatch(modelNames());
    expect(errors).toEqual([]);
    await page.close();
  });
});
