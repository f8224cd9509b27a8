import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  InstructionReviewSchema,
  PairRunResponseSchema,
  ProposalPageSchema,
  type InstructionReview,
  type PairProposal,
} from "../../shared/schemas/pairs";
import { qualityDimensions, type QualityScores } from "../../shared/scoring/judge-answer";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { seedJudgeModel, seedJudgeScores } from "../helpers/judging";
import { password } from "../helpers/test-app";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
// Instructions with outputs: the writer's four samples of each make a group, the reference's one none.
const groups = 9;

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword: "admin-first-pass", withOutputs: groups, writerSamples: 4 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Six scores that differ by sample, so the samples of a group never tie on S_q. */
const variedScores = (sampleId: number): QualityScores =>
  Object.fromEntries(qualityDimensions.map((d, i) => [d, 1 + ((sampleId * 3 + i * 2) % 5)])) as QualityScores;

// Markup an output may hold: it must reach the reader as the text it is, never run or load anything.
const hostile = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const extraOutputs = (instructionId: string) => [
  { instruction_id: instructionId, model: "html-writer", text: `Keep feeding it.\n\n${hostile}\n\nIt should bubble again within a week.` },
  {
    instruction_id: instructionId,
    model: "html-writer",
    text: "**Do not give up** on it:\n\n- feed it twice a day\n- keep it somewhere warm\n",
  },
];

const shown = (score: number) => score.toFixed(1);
const getJson = async (page: Page, path: string) => (await page.request.get(`${server.url}${path}`)).json();

async function reviewOf(page: Page, instructionId: number, runId: number): Promise<InstructionReview> {
  return InstructionReviewSchema.parse(await getJson(page, `/api/instructions/${instructionId}/review?run=${runId}`));
}

/** The chosen or rejected column of the proposal on screen. */
const side = (page: Page, name: "Chosen" | "Rejected") => page.getByRole("region", { name, exact: true });

async function expectSides(page: Page, proposal: PairProposal) {
  for (const [name, scores] of [
    ["Chosen", proposal.chosen],
    ["Rejected", proposal.rejected],
  ] as const) {
    const column = side(page, name);
    await expect.poll(() => column.getAttribute("data-sample-id"), { message: `${name} sample` }).toBe(String(scores.sample_id));
    expect(await column.getByTestId("side-score").textContent()).toBe(shown(scores.score));
    expect(await column.getByTestId("side-quality-score").textContent()).toBe(shown(scores.quality_score));
    expect(await column.getByTestId("side-length-score").textContent()).toBe(
      scores.length_score === null ? "—" : shown(scores.length_score),
    );
  }
}

const instructionIdOf = (page: Page) => Number(new URL(page.url()).pathname.split("/").at(-2));

describe("a researcher proposes DPO pairs and reviews them in the browser", () => {
  it("creates a run through the form, reviews proposals with the keyboard, and sees the counts follow", async () => {
    const setId = w.set.id;
    const [one, two, three] = w.set.records.map((r) => r.id) as [string, string, string];
    await server.user("rita", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "rita", password);
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    // Two outputs of another model for the first instruction, one of them full of markup, then a judge scores everything.
    const imported = await page.request.post(`${server.url}/api/outputs/import`, {
      data: {
        set_id: setId,
        format: "longpref",
        content: extraOutputs(one)
          .map((o) => JSON.stringify(o))
          .join("\n"),
      },
    });
    expect(imported.status()).toBe(201);
    const judge = seedJudgeModel(server.ctx, "judge");
    seedJudgeScores(server.ctx, setId, judge.id, (s) => variedScores(s.id));

    // The form proposes pairs with seed 7 and opens the new run.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Pairs" }).click();
    await page.getByRole("heading", { name: "Propose pairs" }).waitFor();
    await page.getByLabel("Instruction set").selectOption({ label: w.set.name });
    await page.getByLabel("Judge model").selectOption({ label: "judge" });
    expect(await page.getByLabel("Judge template").locator("option:checked").textContent()).toContain("longpref default");
    expect(await page.getByRole("radio", { name: /best-vs-random/ }).isChecked()).toBe(true);
    expect(await page.getByRole("checkbox", { name: "empty" }).isChecked()).toBe(true);
    await page.getByLabel("Seed").fill("7");
    await page.getByRole("button", { name: "Propose pairs" }).click();
    await page.waitForURL(/\/pairs\/runs\/\d+$/);
    const runId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const { run } = PairRunResponseSchema.parse(await getJson(page, `/api/pair-runs/${runId}`));
    expect(run).toMatchObject({
      seed: 7,
      strategy: "best-vs-random",
      judge_model_name: "judge",
      length_weight: 0.5,
      exclude_flags: ["empty"],
    });
    // A pair per writer group and html-writer's pair; the reference has one sample per instruction.
    expect(run.proposals).toBe(groups + 1);
    await page.getByRole("heading", { name: `Pair run #${runId}` }).waitFor();
    expect(await page.getByTestId("run-proposals").textContent()).toBe(`${run.proposals} proposals`);
    const table = page.getByRole("table", { name: /Proposals: chosen and rejected/ });
    await expect.poll(() => table.locator("tbody tr").count()).toBe(run.proposals);

    // The review starts at the first instruction with proposals, a proposal per model.
    await page.getByRole("link", { name: "Start review" }).click();
    await page.waitForURL(/\/instructions\/\d+\/review\?run=/);
    const first = await reviewOf(page, instructionIdOf(page), runId);
    expect(first.instruction.external_id).toBe(one);
    expect(first.proposals.map((p) => p.model_name).sort()).toEqual(["html-writer", w.models.writer.name].sort());
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 1 of ${groups} with proposals` })
      .waitFor();
    const [writerPair, htmlPair] = first.proposals as [PairProposal, PairProposal];
    await expectSides(page, writerPair);

    // A accepts and moves on to the instruction's next proposal.
    await page.keyboard.press("a");
    const tabs = page.getByRole("tab");
    await expect.poll(() => tabs.nth(1).getAttribute("aria-selected")).toBe("true");
    expect(await tabs.nth(0).getByText("accepted", { exact: true }).count()).toBe(1);
    await expectSides(page, htmlPair);

    // The hostile output is shown as text: nothing ran, no image element; the Markdown one is formatted.
    const htmlSides = page.locator(".proposal-sides");
    await htmlSides.getByText(hostile).waitFor();
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    expect(await page.locator("img").count()).toBe(0);
    expect(await htmlSides.locator("strong", { hasText: "Do not give up" }).count()).toBe(1);
    expect(await htmlSides.getByRole("listitem").count()).toBe(2);

    // S swaps chosen and rejected (and accepts); the last proposal here, so the review moves to the second instruction.
    await page.keyboard.press("s");
    await page.waitForURL((url) => Number(url.pathname.split("/").at(-2)) !== first.instruction.id);
    const swapped = (await reviewOf(page, first.instruction.id, runId)).proposals.find((p) => p.id === htmlPair.id)!;
    expect(swapped).toMatchObject({
      status: "accepted",
      swapped: true,
      margin: -htmlPair.margin,
      chosen: htmlPair.rejected,
      rejected: htmlPair.chosen,
    });

    const second = await reviewOf(page, instructionIdOf(page), runId);
    expect(second.instruction.external_id).toBe(two);
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 2 of ${groups}` })
      .waitFor();
    await expectSides(page, second.proposals[0]!);
    await page.keyboard.press("r");
    await page.waitForURL((url) => Number(url.pathname.split("/").at(-2)) === second.next_instruction_id);

    // The third instruction's outputs start with a Markdown heading: shown as headings, not as "# " lines.
    const third = await reviewOf(page, instructionIdOf(page), runId);
    expect(third.instruction.external_id).toBe(three);
    await expectSides(page, third.proposals[0]!);
    expect(await side(page, "Chosen").getByRole("heading", { level: 1 }).count()).toBe(1);
    expect(await side(page, "Chosen").getByText(/^# /).count()).toBe(0);

    // K and ← go back, J and → forward; 2 picks the second proposal, shown swapped.
    await page.keyboard.press("k");
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 2 of ${groups}` })
      .waitFor();
    await page.getByRole("group", { name: "Decision" }).waitFor();
    expect(await page.locator(".review-status").getByText("rejected", { exact: true }).count()).toBe(1);
    await page.keyboard.press("ArrowLeft");
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 1 of ${groups}` })
      .waitFor();
    await page.keyboard.press("2");
    await expectSides(page, swapped);
    expect(await page.locator(".review-status").getByText("swapped").count()).toBe(1);
    await page.keyboard.press("j");
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 2 of ${groups}` })
      .waitFor();
    await page.keyboard.press("ArrowRight");
    await page
      .getByTestId("review-position")
      .filter({ hasText: `Instruction 3 of ${groups}` })
      .waitFor();
    await expectSides(page, third.proposals[0]!);

    // Annotators confirm the third instruction's proposal meanwhile: the decision is refused and the 409 shown.
    server.db.prepare("UPDATE pair_proposals SET status = 'confirmed' WHERE id = ?").run(third.proposals[0]!.id);
    await page.keyboard.press("a");
    await page.getByRole("alert").filter({ hasText: "confirmed by annotators" }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/instructions/${third.instruction.id}/review`);

    // What the API and the database hold now.
    const all = ProposalPageSchema.parse(await getJson(page, `/api/pair-runs/${runId}/proposals?page_size=100`));
    const statusOf = new Map(all.items.map((p) => [p.id, p.status]));
    expect([writerPair, htmlPair, second.proposals[0]!, third.proposals[0]!].map((p) => statusOf.get(p.id))).toEqual([
      "accepted",
      "accepted",
      "rejected",
      "confirmed",
    ]);
    const stored = server.db
      .prepare("SELECT status, COUNT(*) AS n FROM pair_proposals WHERE run_id = ? GROUP BY status ORDER BY status")
      .all(runId);
    expect(stored).toEqual([
      { status: "accepted", n: 2 },
      { status: "confirmed", n: 1 },
      { status: "proposed", n: groups + 1 - 4 },
      { status: "rejected", n: 1 },
    ]);

    // The run page counts them, and refuses to delete a run annotators have worked on.
    await page.getByRole("link", { name: `Pair run #${runId}` }).click();
    const counts = page.getByTestId("run-status-counts");
    await expect.poll(() => counts.textContent()).toBe(`${groups + 1 - 4} proposed2 accepted1 rejected1 confirmed`);
    await page.getByLabel("Status").selectOption("accepted");
    await expect.poll(() => table.locator("tbody tr").count()).toBe(2);
    expect(new URL(page.url()).searchParams.get("status")).toBe("accepted");
    expect(await table.getByText("swapped").count()).toBe(1);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete run" }).click();
    await page.getByRole("alert").filter({ hasText: "judged by annotators" }).waitFor();
    expect(server.ctx.pairRuns.get(runId)).toBeDefined();

    expect(errors).toEqual([]);
    await page.close();
  });
});
