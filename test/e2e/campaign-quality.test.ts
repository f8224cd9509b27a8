import type { APIRequestContext, Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignDashboardSchema, type AnnotationItem, type Verdict } from "../../shared/schemas/campaigns";
import { StandingLogPageSchema } from "../../shared/schemas/gold";
import { formatPercent } from "../../client/src/common/campaign-format";
import { apiSession, judgeAll } from "../helpers/annotate-api";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

// Issue 18 in the browser: a campaign with adaptive k and gold pairs made through the form, judged by two careful
// annotators and a careless one, then the dashboard's judgments saved, gold accuracy, the automatic flag, and a
// researcher's Exclude and Clear (decisions 037 and 039).

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  // Twelve instructions with outputs of the writer and the reference: twelve real comparisons.
  w = await createWorkspace(server.ctx, { adminPassword, instructions: 12, withOutputs: 12 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

interface Served {
  comparison_id: number;
  left_sample_id: number;
  sample_a_id: number;
  sample_b_id: number;
  gold_answer: "a" | "b" | null;
}

/** What the database knows of an item the annotator was given (the API sends no sample ids). */
const served = (item: AnnotationItem) =>
  server.db
    .prepare<[number], Served>(
      `SELECT a.comparison_id, a.left_sample_id, c.sample_a_id, c.sample_b_id, c.gold_answer
       FROM assignments a JOIN comparisons c ON c.id = a.comparison_id WHERE a.id = ?`,
    )
    .get(item.assignment_id)!;

/** The verdict that makes `sampleId` the winner of this item. */
const sideOf = (s: Served, sampleId: number): Verdict => (s.left_sample_id === sampleId ? "left" : "right");
const goldRight = (s: Served) => (s.gold_answer === "a" ? s.sample_a_id : s.sample_b_id);
const goldWrong = (s: Served) => (s.gold_answer === "a" ? s.sample_b_id : s.sample_a_id);

/** Careful: gold pairs right, and the model (sample a) on every real comparison. */
const careful = (item: AnnotationItem): Verdict => {
  const s = served(item);
  return sideOf(s, s.gold_answer ? goldRight(s) : s.sample_a_id);
};
/** Careless: always wrong on gold; on real comparisons agrees with the careful ones on every other one. */
const careless = (item: AnnotationItem): Verdict => {
  const s = served(item);
  if (s.gold_answer) return sideOf(s, goldWrong(s));
  return sideOf(s, s.comparison_id % 2 === 0 ? s.sample_a_id : s.sample_b_id);
};

async function dashboardOf(request: APIRequestContext, id: number) {
  const res = await request.get(`${server.url}/api/campaigns/${id}/dashboard`);
  expect(res.status()).toBe(200);
  return CampaignDashboardSchema.parse(await res.json());
}

const annotatorRow = (page: Page, username: string) => page.locator(`tr[data-annotator="${username}"]`);

describe("a campaign's annotator quality in the browser", () => {
  it("creates an adaptive-k campaign with gold pairs, flags the careless annotator, excludes and clears them", async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto(`${server.url}/campaigns`);

    // 1. The form: k = 3 with adaptive k 2 to 3, assignment left Uniform, gold pairs at 0.3.
    const form = page.getByRole("form", { name: "New campaign" });
    const name = "Quality: adaptive k with gold";
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Model", { exact: true }).selectOption({ label: w.models.writer.name });
    await form.getByLabel("Judgments per comparison (k)").fill("3");
    await form.getByLabel("At least (k_min)").fill("2");
    await form.getByLabel("At most (k_max)").fill("3");
    expect(await form.getByLabel("Assignment").locator("option:checked").textContent()).toBe("Uniform");
    await form.getByLabel("Gold pairs (share of items)").fill("0.3");
    await form.getByRole("button", { name: "Create campaign" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Created ${name}` })
      .waitFor();
    const campaign = server.db
      .prepare<[string], { id: number; settings: string }>("SELECT id, settings FROM campaigns WHERE name = ?")
      .get(name)!;
    expect(JSON.parse(campaign.settings)).toMatchObject({ k_min: 2, k_max: 3, assignment: "uniform", gold_rate: 0.3 });
    const gold = server.db
      .prepare<[number], { n: number }>("SELECT COUNT(*) AS n FROM comparisons WHERE campaign_id = ? AND gold_answer IS NOT NULL")
      .get(campaign.id)!.n;
    expect(gold).toBeGreaterThanOrEqual(4);

    // 2. Judging through the API: a careful annotator, the careless one, then a second careful one.
    for (const u of ["careful1", "careless", "careful2"]) await server.user(u, "annotator");
    const judged: Record<string, number> = {};
    for (const [u, verdictFor] of [
      ["careful1", careful],
      ["careless", careless],
      ["careful2", careful],
    ] as const) {
      judged[u] = await judgeAll(await apiSession(browser, server.url, u, password), server.url, campaign.id, u, verdictFor);
    }
    expect(judged.careless).toBeGreaterThan(0);

    // 3. The dashboard, as the API reports it: the careless one flagged by the rule, the careful ones not.
    const before = await dashboardOf(page.request, campaign.id);
    const byName = new Map(before.annotators.map((a) => [a.username, a]));
    const bad = byName.get("careless")!;
    expect(bad.gold.judgments).toBeGreaterThanOrEqual(4);
    expect(bad.gold.correct).toBe(0);
    expect(bad.standing).toBe("flagged");
    for (const u of ["careful1", "careful2"]) {
      expect(byName.get(u)!.standing).toBeNull();
      expect(byName.get(u)!.gold.accuracy).toBe(1);
    }
    // Real comparisons where the careless one agreed were decided at k_min = 2.
    expect(before.adaptive_k).toMatchObject({ k_min: 2, k_max: 3 });
    expect(before.adaptive_k.decided_at_k_min).toBeGreaterThan(0);
    expect(before.adaptive_k.judgments_saved).toBe(before.adaptive_k.decided_at_k_min);

    // The page shows the same figures.
    await page.goto(`${server.url}/campaigns/${campaign.id}`);
    const savedLine = `${before.adaptive_k.judgments_saved} judgments saved: ${before.adaptive_k.decided_early} comparisons decided before k_max, ${before.adaptive_k.decided_at_k_min} of them at k_min`;
    await page.getByTestId("campaign-judgments-saved").filter({ hasText: savedLine }).waitFor();
    await page.getByTestId("campaign-judgments").filter({ hasText: "(adaptive k: 2 to 3 per comparison)" }).waitFor();
    // The settings line names what the form set (it said "k = 3" alone before).
    const settingsLine = await page.getByTestId("campaign-settings").textContent();
    expect(settingsLine).toContain("adaptive k 2 to 3");
    expect(settingsLine).toContain("gold pairs 30%");
    expect(settingsLine).not.toContain("adaptive assignment");
    const badRow = annotatorRow(page, "careless");
    const goldText = `${formatPercent(0)} 0/${bad.gold.judgments}, 95% CI ${formatPercent(bad.gold.ci_low!)}–${formatPercent(bad.gold.ci_high!)}`;
    await badRow.getByTestId("annotator-gold").filter({ hasText: goldText }).waitFor();
    await badRow.getByTestId("annotator-standing").filter({ hasText: "flagged" }).waitFor();
    const good = byName.get("careful1")!;
    await annotatorRow(page, "careful1")
      .getByTestId("annotator-gold")
      .filter({ hasText: `${good.gold.correct}/${good.gold.judgments}, 95% CI` })
      .waitFor();
    expect(await annotatorRow(page, "careful1").getByTestId("annotator-standing").textContent()).not.toContain("flagged");

    // Exclude: the prompt asks why; the standing changes on the page and the judgments leave the tally.
    const tallyTotal = (d: typeof before) => d.tally.a_wins + d.tally.ties + d.tally.b_wins + d.tally.both_bad;
    const realOf = (user: string) =>
      server.db
        .prepare<[number, string], { n: number }>(
          `SELECT COUNT(*) AS n FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id JOIN users u ON u.id = x.user_id
           WHERE x.campaign_id = ? AND c.gold_answer IS NULL AND u.username = ?`,
        )
        .get(campaign.id, user)!.n;
    const carelessReal = realOf("careless");
    expect(carelessReal).toBeGreaterThan(0);
    expect(tallyTotal(before)).toBe(realOf("careful1") + realOf("careful2") + carelessReal);
    page.once("dialog", (d) => void d.accept("Wrong on every gold pair"));
    await badRow.getByRole("button", { name: "Exclude" }).click();
    await badRow.getByTestId("annotator-standing").filter({ hasText: "excluded" }).waitFor();
    const excluded = await dashboardOf(page.request, campaign.id);
    expect(excluded.annotators.find((a) => a.username === "careless")!.standing).toBe("excluded");
    expect(tallyTotal(excluded)).toBe(tallyTotal(before) - carelessReal);
    const log = StandingLogPageSchema.parse(
      await (await page.request.get(`${server.url}/api/campaigns/${campaign.id}/standing-log`)).json(),
    );
    expect(log.items[0]).toMatchObject({ username: "careless", action: "exclude", by: "admin", reason: "Wrong on every gold pair" });
    // The automatic flag is logged too, by nobody.
    expect(log.items.find((e) => e.action === "flag")).toMatchObject({ username: "careless", by: null });

    // Clear restores the judgments.
    page.once("dialog", (d) => void d.accept("Checked: a misunderstanding, explained"));
    await badRow.getByRole("button", { name: "Clear" }).click();
    await badRow.getByRole("button", { name: "Exclude" }).waitFor();
    expect(await badRow.getByTestId("annotator-standing").textContent()).not.toMatch(/flagged|excluded/);
    const cleared = await dashboardOf(page.request, campaign.id);
    expect(cleared.annotators.find((a) => a.username === "careless")!.standing).toBeNull();
    expect(cleared.tally).toEqual(before.tally);
    const after = StandingLogPageSchema.parse(
      await (await page.request.get(`${server.url}/api/campaigns/${campaign.id}/standing-log`)).json(),
    );
    expect(after.items[0]).toMatchObject({ username: "careless", action: "clear", by: "admin" });
    expect(errors).toEqual([]);
    await page.close();
  });
});
