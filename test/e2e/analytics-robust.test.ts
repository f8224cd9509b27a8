import type { APIRequestContext, Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignAnnotatorReliabilitySchema } from "../../shared/schemas/annotator-reliability";
import { WinRatesSchema, type WinRates } from "../../shared/schemas/win-rates";
import { CampaignResponseSchema, type AnnotationItem, type Verdict } from "../../shared/schemas/campaigns";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createOutputs, createWorkspace, instructionRecord, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";
import { apiSession, judgeAll } from "../helpers/annotate-api";

// Issue #14 on screen: the Analytics page's raw, length-controlled and weighted win rates, style-controlled
// ratings and annotator table, and the campaign dashboard's low-reliability flag, each checked against the
// API's answer on a real server and SQLite file. Three careful annotators prefer the longer answer (a tie at
// equal length); a fourth picks the shorter one, so Dawid–Skene should find them unreliable; a fifth always ties. (Not one who always
// clicks "left": sides are shuffled at random, so how often that agrees with the truth is left to chance.)

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";
const briefName = "test-brief";
const terseName = "test-terse";
const briefInstructions = 3;

beforeAll(async () => {
  server = await startServer();
  // 24 comparisons of the writer (lengths 1, 0.6, 1.4 and 0.2 times the reference's, in turn) and the reference, 4 judgments each.
  w = await createWorkspace(server.ctx, { adminPassword, instructions: 24, withOutputs: 24, judgmentsPerComparison: 4 });
  // A model judged on 3 comparisons only: too few for a length-controlled win rate.
  // Two more models: one about 400 words shorter than the reference on 2 instructions in 3 and as long on the
  // third (its raw win rate is mostly about length: a warning), one judged on 3 comparisons only (too few for
  // a length-controlled win rate).
  const records = { id: w.set.id, name: w.set.name, records: w.set.records };
  const terseFactor = (i: number) => (i % 3 === 0 ? 1 : Math.max(0.05, 1 - 400 / instructionRecord(i).length));
  createOutputs(server.ctx, records, [{ name: terseName, samples: 1, lengthFactor: terseFactor }]);
  createOutputs(server.ctx, records, [{ name: briefName, samples: 1, lengthFactor: () => 0.5 }], { instructions: briefInstructions });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const session = (username: string, pass: string) => apiSession(browser, server.url, username, pass);

/** Words as the factories write them: a Han character is one, else runs between spaces. */
const words = (text: string) => text.match(/\p{Script=Han}/gu)?.length ?? text.split(/\s+/).filter(Boolean).length;

/** The shorter text wins, equal lengths tie: the contrarian's verdict. */
function shorter(item: AnnotationItem): Verdict {
  const verdict = longer(item);
  return verdict === "left" ? "right" : verdict === "right" ? "left" : "tie";
}

/** The longer text wins, equal lengths tie: what the careful annotators answer. */
function longer(item: AnnotationItem): Verdict {
  const [left, right] = [words(item.left.text), words(item.right.text)];
  return left === right ? "tie" : left > right ? "left" : "right";
}

const pct = (share: number) => `${(share * 100).toFixed(1)}%`;
const interval = (ci: readonly [number | null, number | null] | null | undefined) => (ci ? `[${pct(ci[0]!)}, ${pct(ci[1]!)}]` : "—");
/** Two decimals with a typographic minus, no sign on a zero: the page's coefficients. */
const coefficient = (v: number | null) => (v === null ? "—" : (Math.round(v * 100) / 100 || 0).toFixed(2).replace(/^-/, "−"));
const rating = (v: number | null) => (v === null ? "—" : String(Math.round(v)).replace(/^-/, "−"));
const cellTexts = async (row: Locator) => (await row.getByRole("cell").allTextContents()).map((t) => t.trim());
const band = (b: readonly [number, number]) => (b[0] === b[1] ? String(b[0]) : `${b[0]}–${b[1]}`);

async function openPage(width: number): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await logIn(page, server.url, "admin", adminPassword);
  // Signed in: the top bar is there (its navigation folds behind Menu on a phone, so it is not waited for).
  await page.getByRole("banner").getByRole("link", { name: "longpref" }).waitFor();
  return { page, errors };
}

let stats: WinRates;

describe("issue #14 on screen", () => {
  it("the Analytics page shows the API's raw, length-controlled and weighted win rates, style ratings and annotators, explained", async () => {
    const admin = await session("admin", adminPassword);
    const verdicts: Record<string, (item: AnnotationItem) => Verdict> = {
      careful1: longer,
      careful2: longer,
      careful3: longer,
      contrarian: shorter,
      fence: () => "tie",
    };
    const sessions = new Map<string, APIRequestContext>();
    for (const name of Object.keys(verdicts)) {
      await server.user(name, "annotator");
      sessions.set(name, await session(name, password));
    }
    /** Every comparison judged by each of `annotators`, by their habit. */
    const judgeCampaign = async (id: number, comparisons: number, annotators: string[]) => {
      for (const name of annotators) {
        const verdict = verdicts[name]!;
        expect(
          await judgeAll(sessions.get(name)!, server.url, id, name, verdict, () => ({
            time_ms: 60_000,
            coverage_left: 1,
            coverage_right: 1,
          })),
        ).toBe(comparisons);
      }
    };
    const newCampaign = async (model: string, k: number) => {
      const created = await admin.post(`${server.url}/api/campaigns`, {
        data: {
          name: `${model} vs reference`,
          set_id: w.set.id,
          source: { kind: "vs-reference", model_id: server.ctx.models.findByName(model)!.id },
          settings: { judgments_per_comparison: k },
        },
      });
      expect(created.status()).toBe(201);
      return CampaignResponseSchema.parse(await created.json()).campaign;
    };
    await judgeCampaign(w.campaign.id, w.campaign.comparisons, ["careful1", "careful2", "careful3", "contrarian"]);
    // The terse model: the careful three, whose verdicts follow length exactly, and one who always ties (so
    // the fit has a finite maximum) — a raw win rate far below the length-controlled one.
    const terse = await newCampaign(terseName, 4);
    await judgeCampaign(terse.id, terse.comparisons, ["careful1", "careful2", "careful3", "fence"]);
    const brief = await newCampaign(briefName, 2);
    expect(brief.comparisons).toBe(briefInstructions);
    await judgeCampaign(brief.id, brief.comparisons, ["careful1", "contrarian"]);

    const campaigns = `${w.campaign.id},${terse.id},${brief.id}`;
    const answer = await admin.get(`${server.url}/api/analytics/win-rates?campaigns=${campaigns}`);
    expect(answer.status()).toBe(200);
    stats = WinRatesSchema.parse(await answer.json());
    const writer = w.models.writer.name;
    // The data were built for these cases: the writer has a length-controlled figure, the terse model one with a
    // warning, the brief model none; the contrarian and the fence keep wins and losses from separating by style.
    expect(stats.length_controlled?.[writer]?.win_rate).toEqual(expect.any(Number));
    expect(stats.length_controlled?.[briefName]).toMatchObject({ win_rate: null, reason: expect.any(String) });
    expect(stats.length_controlled?.[terseName]?.warning).toEqual(expect.any(String));
    expect(stats.style_controlled).not.toBeNull();
    expect(stats.bootstrap).toEqual({ rounds: 1000, seed: stats.seed, cluster: "instruction" });

    const { page, errors } = await openPage(1280);
    await page.goto(`${server.url}/analytics?campaigns=${campaigns}`);
    const table = page.getByRole("table", {
      name: `Each model against ${stats.reference_model}: raw, length-controlled and weighted, with ranks`,
    });
    await table.waitFor();

    // Every model's row: as the API says, a dash where it has no figure.
    for (const [model, v] of Object.entries(stats.vs_reference)) {
      const lc = stats.length_controlled![model]!;
      const weighted = stats.weighted_vs_reference![model]!;
      const rank = stats.ranks![model];
      expect(await cellTexts(table.locator(`tr[data-model="${model}"]`))).toEqual([
        String(v.all.n),
        pct(v.all.win_rate!),
        interval(v.bootstrap_ci95_over_instructions),
        lc.win_rate === null ? "—" : `${pct(lc.win_rate)}${lc.warning === null ? "" : "warning"}`,
        lc.win_rate === null ? "—" : interval(lc.ci),
        lc.win_rate === null ? "—" : coefficient(lc.length_coefficient),
        weighted.win_rate === null ? "—" : pct(weighted.win_rate),
        weighted.win_rate === null ? "—" : interval(weighted.ci),
        rank ? String(rank.rank) : "—",
        rank ? band(rank.band) : "—",
      ]);
    }
    // The reference's own rank, and the sentences: intervals, the flip, warnings and reasons in full.
    const referenceRank = stats.ranks![stats.reference_model]!;
    expect((await cellTexts(table.locator(`tr[data-model="${stats.reference_model}"]`))).slice(-2)).toEqual([
      String(referenceRank.rank),
      band(referenceRank.band),
    ]);
    expect(await page.getByTestId("robust-bootstrap").textContent()).toBe(
      `95% intervals: bootstrap over instructions, 1,000 rounds, seed ${stats.seed}.`,
    );
    const flip = stats.rank_flip!;
    const { top, runner_up: second, votes } = flip;
    expect(await page.getByTestId("rank-flip").textContent()).toBe(
      votes === null
        ? `${top} has the highest Bradley–Terry rating: not even a million added votes of ${second} beating ${top} would put ${second} level or ahead.`
        : votes === 0
          ? `${top} and ${second} share the highest Bradley–Terry rating: which of them leads is not settled.`
          : `${top} has the highest Bradley–Terry rating: ${votes.toLocaleString("en-US")} added vote${votes === 1 ? "" : "s"} of ${second} beating ${top} would put ${second} level or ahead.`,
    );
    const notes = page.getByRole("list", { name: "Warnings and missing figures" });
    expect(await notes.textContent()).toContain(
      `Length-controlled win rate of ${briefName}: none. ${stats.length_controlled![briefName]!.reason}`,
    );
    expect(await notes.textContent()).toContain(`${terseName}: ${stats.length_controlled![terseName]!.warning}`);
    // A researcher reads what each figure means on the page itself, and the server's exact definitions.
    for (const term of ["Raw win rate", "Length-controlled win rate", "Weighted by reliability", "Rank and band"]) {
      await page.getByRole("term").filter({ hasText: term }).waitFor();
    }
    const lcDefinition = page.locator('[data-definition="length_controlled"] dd');
    expect(await lcDefinition.textContent()).toBe(stats.definitions.length_controlled);

    // Style-controlled ratings and coefficients, or the reason there are none.
    const style = stats.style_controlled;
    if (style) {
      const styleTable = page.getByRole("table", { name: /Ratings with style held equal/ });
      for (const [model, r] of Object.entries(style.ratings)) {
        const cells = await cellTexts(styleTable.locator(`tr[data-model="${model}"]`));
        expect(cells[0]).toBe(rating(r.rating));
        expect(cells[2]).toBe(rating(stats.bradley_terry[model] ?? null));
      }
      const shown = page.getByTestId("style-coefficients");
      for (const key of ["words", "headers", "list_items", "bold"] as const) {
        expect(await shown.locator(`[data-feature="${key}"] dd`).textContent()).toBe(coefficient(style.coefficients[key]));
      }
    } else {
      expect(await page.getByTestId("style-reason").textContent()).toBe(`No style-controlled ratings. ${stats.style_controlled_reason}`);
    }

    // Annotators: flagged first; reliability, judgments and position bias as the API says; the contrarian flagged.
    const annotators = stats.annotators!;
    const flaggedNames = Object.keys(annotators).filter((name) => annotators[name]!.flagged);
    expect(annotators.contrarian!.flagged).toBe(true);
    const annotatorTable = page.getByRole("table", { name: "Annotator reliability (Dawid–Skene)" });
    const order = await annotatorTable.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-annotator")));
    expect(new Set(order.slice(0, flaggedNames.length))).toEqual(new Set(flaggedNames));
    expect(new Set(order)).toEqual(new Set(Object.keys(annotators)));
    for (const [name, a] of Object.entries(annotators)) {
      expect(await cellTexts(annotatorTable.locator(`tr[data-annotator="${name}"]`))).toEqual([
        a.reliability === null ? "—" : pct(a.reliability),
        String(a.judgments),
        a.position_bias === null ? "—" : pct(a.position_bias),
        a.flagged ? "low reliability" : "",
      ]);
    }

    // 390 px wide: no sideways scroll of the page; the wide table scrolls in its own box, by keyboard too.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect.poll(() => page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = page.getByRole("group", { name: "Win rates table, scrolls sideways" });
    expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);
    await box.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => box.evaluate((e) => e.scrollLeft)).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  }, 120_000);

  it("the campaign dashboard flags the low-reliability annotator and says why", async () => {
    const admin = await session("admin", adminPassword);
    const answer = await admin.get(`${server.url}/api/campaigns/${w.campaign.id}/annotator-reliability`);
    expect(answer.status()).toBe(200);
    const reliability = CampaignAnnotatorReliabilitySchema.parse(await answer.json());
    const contrarian = reliability.annotators.contrarian!;
    expect(contrarian.flagged).toBe(true);

    const { page, errors } = await openPage(390);
    await page.goto(`${server.url}/campaigns/${w.campaign.id}`);
    const flags = page.getByRole("status", { name: "Annotators with low reliability" });
    await flags.waitFor();
    const flagged = Object.entries(reliability.annotators).filter(([, a]) => a.flagged);
    expect(await flags.getByRole("listitem").count()).toBe(flagged.length);
    expect(await flags.locator('li[data-annotator="contrarian"]').textContent()).toBe(
      `contrarian: reliability ${pct(contrarian.reliability!)}, below the ${pct(reliability.threshold)} threshold; gave ${pct(contrarian.position_bias!)} of decided verdicts to the left side (about 50% when judging the texts).`,
    );
    // The careful ones are not flagged.
    expect(flagged.map(([name]) => name)).toEqual(["contrarian"]);
    for (const [name, a] of Object.entries(reliability.annotators)) {
      expect(await page.locator(`tr[data-annotator="${name}"]`).getByTestId("annotator-reliability").textContent()).toBe(
        `${a.reliability === null ? "—" : pct(a.reliability)}${a.flagged ? "low reliability" : ""}`,
      );
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    expect(errors).toEqual([]);
    await page.close();
  });
});
