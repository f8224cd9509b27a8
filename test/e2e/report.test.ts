import type { Browser, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { qualityDimensions, type QualityScores } from "../../shared/scoring/judge-answer";
import type { LengthReport } from "../../shared/schemas/report";
import { lengthReport } from "../../server/scoring/length-report";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { allScores, seedJudgeModel, seedJudgeScores } from "../helpers/judging";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword: "admin-first-pass" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shown = (score: number | null | undefined) => (score === null || score === undefined ? "—" : score.toFixed(1));

/** Six scores that differ by sample and dimension, so every mean is its own number. */
const variedScores = (sampleId: number): QualityScores =>
  Object.fromEntries(qualityDimensions.map((d, i) => [d, 1 + ((sampleId * 3 + i * 2) % 5)])) as QualityScores;

const rowOf = (page: Page, table: Locator, model: string) =>
  table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: model }) });

/** The score table's cells after the row header: Samples, S, S_l, S_q, S_l and S_q per range, Judged, Judge failed. */
async function expectScoreRows(page: Page, report: LengthReport) {
  const table = page.getByRole("table", { name: /S, length score S_l and quality score S_q per model/ });
  for (const model of report.models) {
    const cells = rowOf(page, table, model.model_name).getByRole("cell");
    expect(await cells.nth(0).textContent()).toBe(String(model.samples));
    expect(await cells.nth(1).textContent(), `${model.model_name} S`).toBe(shown(model.score));
    expect(await cells.nth(2).textContent(), `${model.model_name} S_l`).toBe(shown(model.length_score));
    expect(await cells.nth(3).textContent(), `${model.model_name} S_q`).toBe(shown(model.quality_score));
    for (const [i, range] of report.ranges.entries()) {
      expect(await cells.nth(4 + 2 * i).textContent(), `${model.model_name} S_l ${range}`).toBe(shown(model.by_range[range]?.length_score));
      expect(await cells.nth(5 + 2 * i).textContent(), `${model.model_name} S_q ${range}`).toBe(
        shown(model.by_range[range]?.quality_score),
      );
    }
    const after = 4 + 2 * report.ranges.length;
    const counts = report.judge ? [String(model.judged), String(model.judge_failed)] : ["—", "—"];
    expect([await cells.nth(after).textContent(), await cells.nth(after + 1).textContent()]).toEqual(counts);
  }
}

describe("the score report", () => {
  it("shows each model's S, S_l and S_q as the server computes them, for the judge picked", async () => {
    const setId = w.set.id;
    const before = lengthReport(server.ctx, setId);
    expect(before.models.map((m) => m.model_name).sort()).toEqual([w.models.reference.name, w.models.writer.name].sort());
    expect(before.points.length).toBeGreaterThan(0);
    // The workspace's judge has scored every sample.
    expect(before.judge?.judge_model_name).toBe(w.models.judge.name);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "admin", "admin-first-pass");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Scores", exact: true }).waitFor();
    // Without ?set the first (here the only) set is shown.
    expect(await page.getByLabel("Set").inputValue()).toBe(String(setId));

    await expectScoreRows(page, before);

    // Without judgments (the workspace's removed): S_l only, "—" for S_q and S, and a note pointing to the Judging page.
    server.db.exec("DELETE FROM pair_proposals; DELETE FROM pair_runs; DELETE FROM judge_scores; DELETE FROM judge_jobs;");
    const unjudged = lengthReport(server.ctx, setId);
    expect(unjudged.judge).toBeNull();
    await page.reload();
    await page.getByRole("note").waitFor();
    await expectScoreRows(page, unjudged);
    const note = page.getByRole("note");
    expect(await note.textContent()).toContain("need a judge job");
    expect(await note.getByRole("link", { name: "Judging page" }).getAttribute("href")).toBe("/judging");
    expect(await page.getByLabel("Judge").isDisabled()).toBe(true);
    const reference = rowOf(page, page.getByRole("table").first(), w.models.reference.name);
    expect(await reference.getByText("reference", { exact: true }).count()).toBe(1);
    const scatter = page.getByRole("img", { name: "Required versus produced length, log scales" });
    expect(await scatter.locator("circle").count()).toBe(unjudged.points.length);

    // Two judges score the set; every seventh output defeats the newer one ("judge failed").
    const older = seedJudgeModel(server.ctx, "judge-older");
    const newer = seedJudgeModel(server.ctx, "judge-newer");
    seedJudgeScores(server.ctx, setId, older.id, () => allScores(4));
    seedJudgeScores(server.ctx, setId, newer.id, (s) => (s.id % 7 === 0 ? "I would rather not score this." : variedScores(s.id)));
    const report = lengthReport(server.ctx, setId);
    expect(report.judge?.judge_model_name).toBe("judge-newer");
    expect(report.models.some((m) => m.judge_failed > 0)).toBe(true);
    expect(report.models.every((m) => m.score !== null && m.quality_score !== null)).toBe(true);

    await page.reload();
    await page.getByRole("heading", { name: "Quality by dimension" }).waitFor();
    const picker = page.getByLabel("Judge");
    expect(await picker.inputValue()).toBe(`${newer.id}:${report.judge!.template_id}`);
    expect(await picker.locator("option").count()).toBe(2);
    await expectScoreRows(page, report);
    expect(await page.getByRole("note").count()).toBe(0);

    const dimensions = page.getByRole("table", { name: "Quality score per dimension and model, 0–100" });
    for (const model of report.models) {
      const cells = rowOf(page, dimensions, model.model_name).getByRole("cell");
      expect(await cells.nth(0).textContent()).toBe(String(model.judged));
      for (const [i, d] of qualityDimensions.entries()) {
        expect(await cells.nth(1 + i).textContent(), `${model.model_name} ${d}`).toBe(shown(model.dimension_scores?.[d]));
      }
      expect(await cells.nth(7).textContent()).toBe(shown(model.quality_score));
    }
    const histogram = page.getByRole("img", { name: "Distribution of the quality score per model" });
    expect(await histogram.locator("rect").count()).toBe(10 * report.models.length);
    await page.getByRole("img", { name: "Distribution of the length score per model" }).waitFor();

    // Picking the other judge puts it in the URL and shows its scores.
    const olderJudge = report.judges.find((j) => j.judge_model_id === older.id)!;
    await picker.selectOption(`${older.id}:${olderJudge.template_id}`);
    await page.waitForURL(/judge_model=/);
    const url = new URL(page.url());
    expect([url.searchParams.get("set"), url.searchParams.get("judge_model")]).toEqual([String(setId), String(older.id)]);
    const olderReport = lengthReport(server.ctx, setId, { judge_model: older.id });
    const writer = rowOf(page, page.getByRole("table").first(), w.models.writer.name).getByRole("cell");
    await expect.poll(() => writer.nth(3).textContent()).toBe("75.0");
    await expectScoreRows(page, olderReport);
    await page.reload();
    expect(await page.getByLabel("Judge").inputValue()).toBe(`${older.id}:${olderReport.judge!.template_id}`);

    // What the table counts as judged and failed is what the database holds for that judge.
    const stored = server.db
      .prepare("SELECT status, COUNT(*) AS n FROM judge_scores WHERE judge_model_id = ? GROUP BY status ORDER BY status")
      .all(newer.id) as { status: string; n: number }[];
    expect(stored).toEqual([
      { status: "done", n: report.models.reduce((n, m) => n + m.judged, 0) },
      { status: "failed", n: report.models.reduce((n, m) => n + m.judge_failed, 0) },
    ]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
