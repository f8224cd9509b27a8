import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignResponseSchema, type AnnotationItem, type Verdict } from "../../shared/schemas/campaigns";
import { JudgeCalibrationSchema, PairJudgeJobProgressSchema } from "../../shared/schemas/pair-judging";
import { ProposalPageSchema } from "../../shared/schemas/pairs";
import { countWords } from "../../shared/scoring/word-count";
import type { PairVerdictLabel } from "../../shared/scoring/pair-verdict";
import { apiSession, judgeAll } from "../helpers/annotate-api";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { chunk, startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { promptParts } from "../helpers/pair-judge-jobs";
import { seedModel } from "../helpers/sampling";
import { password } from "../helpers/test-app";

// The Judges page end to end: a pairwise judge (the fake endpoint) judges a campaign people judged, its
// calibration is read, it confirms a pair run's proposals, and annotators get a campaign over the rest.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let fake: FakeOpenAi;
let w: Workspace;
// Comparisons of the campaign (and proposals of the run): enough for a calibration verdict (20 judged by both).
const instructions = 24;

/**
 * The fake judge prefers the longer response ("much" when twice as long); on responses of equal length it
 * picks Response A, whichever is shown first: a known position bias, so exactly those pairs flip on swap.
 */
function judgeVerdict(prompt: string): PairVerdictLabel {
  const { a, b } = promptParts(prompt);
  const [wordsA, wordsB] = [countWords(a), countWords(b)];
  if (wordsA === wordsB) return "A>B";
  if (wordsA > wordsB) return wordsA >= 2 * wordsB ? "A>>B" : "A>B";
  return wordsB >= 2 * wordsA ? "B>>A" : "B>A";
}

/** People also pick the longer answer and call answers of equal length a tie, except one who then picks the left. */
const humanVerdict =
  (name: string) =>
  (item: AnnotationItem): Verdict => {
    const [left, right] = [countWords(item.left.text), countWords(item.right.text)];
    if (left === right) return name === "ann3" ? "left" : "tie";
    return left > right ? "left" : "right";
  };

// While set, the judge answers only once it opens: a job stays running for as long as the test needs.
let gate: Promise<void> | null = null;

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => {
    const text = JSON.stringify({ analysis: "Compared both.", verdict: judgeVerdict(req.prompt) });
    const held = gate;
    if (!held) return { kind: "stream", text };
    return {
      kind: "answer",
      write: async (res, model) => {
        await held;
        res.writeHead(200, { "content-type": "text/event-stream" });
        res.write(chunk(model, { role: "assistant", content: text }, null));
        res.write(chunk(model, {}, "stop"));
        res.end("data: [DONE]\n\n");
      },
    };
  });
  server = await startServer({ runner: true });
  w = await createWorkspace(server.ctx, { adminPassword: "admin-first-pass", instructions, withOutputs: instructions });
  seedModel(server.ctx, [fake.url], { name: "fake-judge", max_in_flight: 8 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

const getJson = async (page: Page, path: string) => (await page.request.get(`${server.url}${path}`)).json();
const jobIdOf = (page: Page) => Number(new URL(page.url()).pathname.split("/").at(-1));
const pct = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
const words = (sampleId: number) => server.db.prepare("SELECT word_count FROM samples WHERE id = ?").pluck().get(sampleId) as number;

/** Starts the job the form describes and waits on its page until every answer is in. */
async function runJobFromForm(page: Page, pairs: number) {
  await page
    .getByTestId("pair-judge-preview")
    .getByText(`Will judge ${pairs} pair(s) in both orders: ${pairs * 2} answers, 0 cached, ${pairs * 2} requests to the judge.`)
    .waitFor();
  await page.getByRole("button", { name: "Start judging pairs" }).click();
  await page.waitForURL(/\/judges\/jobs\/\d+$/);
  const jobId = jobIdOf(page);
  await page.getByText(`${pairs * 2} of ${pairs * 2} answered`).waitFor({ timeout: 30_000 });
  await expect.poll(() => server.ctx.pairJudgeJobs.get(jobId)?.status).toBe("done");
  const { job } = PairJudgeJobProgressSchema.parse(await getJson(page, `/api/pair-judge-jobs/${jobId}`));
  expect(job.counts).toEqual({ queued: 0, running: 0, done: pairs * 2, failed: 0 });
  return job;
}

describe("a researcher calibrates a pairwise judge against the annotators and lets it confirm pairs", () => {
  it("walks Judges → calibration → confirm pairs → campaign over the rest", async () => {
    // Three annotators judge every comparison of the workspace's campaign.
    for (const name of ["ann1", "ann2", "ann3"]) {
      await server.user(name, "annotator");
      const judged = await judgeAll(
        await apiSession(browser, server.url, name, password),
        server.url,
        w.campaign.id,
        name,
        humanVerdict(name),
      );
      expect(judged).toBe(instructions);
    }
    await server.user("rosa", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "rosa", password);
    const nav = page.getByRole("navigation", { name: "Main" });

    // A pairwise job over the campaign people judged: each comparison in both orders.
    await nav.getByRole("link", { name: "Judges" }).click();
    await page.getByRole("heading", { name: "Judges", level: 1 }).waitFor();
    await page.getByText("No judge has judged any pairs yet.").waitFor();
    expect(await page.getByRole("radio", { name: "A campaign's comparisons" }).isChecked()).toBe(true);
    await page
      .getByLabel("Campaign", { exact: true })
      .selectOption({ label: `#${w.campaign.id} · ${w.campaign.name} · ${instructions} comparisons` });
    expect(await page.getByLabel("Judge model").locator("option:checked").textContent()).toBe("fake-judge");
    expect(await page.getByLabel("Pairwise template").locator("option:checked").textContent()).toContain("Builtin pairwise template");
    const campaignJob = await runJobFromForm(page, instructions);
    expect(campaignJob.identity).toBe("judge:fake-judge");
    // Every ordered pair was asked once: the job's own requests, nothing more.
    expect(fake.requests).toHaveLength(instructions * 2);

    // The calibration: the judge's figures as the API gives them, beside the annotators'.
    await page.getByRole("link", { name: "Judges", exact: true }).first().click();
    await page.getByRole("heading", { name: "Judges", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Calibration of judge:fake-judge" }).click();
    const calibration = JudgeCalibrationSchema.parse(
      await getJson(page, `/api/judges/calibration?judge_model_id=${campaignJob.judge_model_id}&template_id=${campaignJob.template_id}`),
    );
    await page.getByRole("heading", { name: "Calibration of judge:fake-judge" }).waitFor();
    expect(await page.getByTestId("calibration-pairs").textContent()).toBe(String(instructions));
    expect(calibration.pairs_judged).toBe(instructions);
    // The injected position bias: the comparisons of equal length (every fourth) flip, and only they.
    const equalLength = Array.from({ length: instructions }, (_, i) => i).filter((i) => i % 4 === 0).length;
    expect(calibration.flip_rate).toBeCloseTo(equalLength / instructions, 10);
    expect(await page.getByTestId("calibration-flip").textContent()).toBe(pct(calibration.flip_rate));
    expect(await page.getByTestId("calibration-left").textContent()).toBe(pct(calibration.left_rate));
    const longer = await page.getByTestId("calibration-longer").textContent();
    expect(longer).toContain(`judge ${pct(calibration.longer_rate.judge)}`);
    expect(longer).toContain(`humans ${pct(calibration.longer_rate.humans)}`);
    expect(calibration.longer_rate.judge).toBe(1);
    const judgeRow = page.getByTestId("calibration-judge-row");
    expect(await judgeRow.getByRole("cell").allTextContents()).toEqual([
      String(calibration.human_agreement!.comparisons),
      pct(calibration.human_agreement!.agreement),
      calibration.human_agreement!.kappa!.toFixed(2),
    ]);
    const humansRow = page.getByTestId("calibration-humans-row");
    expect(await humansRow.getByRole("cell").allTextContents()).toEqual([
      String(calibration.humans_with_each_other!.judgments),
      pct(calibration.humans_with_each_other!.agreement),
      calibration.humans_with_each_other!.kappa!.toFixed(2),
    ]);
    // Judge and majority both pick the longer answer and call equal ones a tie (the judge's flip combines to one);
    // the annotator who breaks ties to the left agrees less with the others than the judge does.
    expect(calibration.human_agreement!.agreement).toBe(1);
    expect(calibration.humans_with_each_other!.agreement).toBeLessThan(1);
    expect(calibration.verdict).toBe("as-well-as-humans");
    expect(await page.getByTestId("calibration-verdict").textContent()).toBe(
      "Agrees with your annotators about as well as they agree with each other",
    );

    // The same judge over the workspace's pair run, then the proposals it agrees with in both orders are confirmed.
    const proposals = ProposalPageSchema.parse(await getJson(page, `/api/pair-runs/${w.pairRunId}/proposals?page_size=500`));
    expect(proposals.total).toBe(instructions);
    const agreed = proposals.items.filter((p) => words(p.chosen.sample_id) > words(p.rejected.sample_id)).length;
    expect(agreed).toBeGreaterThan(0);
    expect(agreed).toBeLessThan(instructions);
    await page.getByRole("radio", { name: "A pair run's proposals" }).check();
    await page
      .getByLabel("Pair run", { exact: true })
      .first()
      .selectOption({ value: String(w.pairRunId) });
    await runJobFromForm(page, instructions);

    await page.getByRole("link", { name: "Judges", exact: true }).first().click();
    const confirm = page.getByRole("region", { name: "Confirm pairs" });
    await confirm.getByLabel("Pair run").selectOption({ value: String(w.pairRunId) });
    await confirm.getByLabel("Judge").selectOption({ label: "judge:fake-judge" });
    await confirm.getByRole("button", { name: "Confirm pairs" }).click();
    await confirm.getByTestId("confirm-counts").waitFor();
    expect(await confirm.getByTestId("confirm-confirmed").textContent()).toBe(String(agreed));
    expect(await confirm.getByTestId("confirm-not-confirmed").textContent()).toBe(String(instructions - agreed));
    expect(await confirm.getByTestId("confirm-unjudged").textContent()).toBe("0");
    const confirmedNow = ProposalPageSchema.parse(
      await getJson(page, `/api/pair-runs/${w.pairRunId}/proposals?status=judge-confirmed&page_size=500`),
    );
    expect(confirmedNow.total).toBe(agreed);

    // A verify-pairs campaign over the rest: only the proposals the judge did not confirm.
    const rest = instructions - agreed;
    await confirm.getByTestId("verify-rest-preview").getByText(`${rest} comparisons to verify`).waitFor();
    await confirm.getByLabel("Campaign name").fill("Verify what the judge left");
    await confirm.getByRole("button", { name: "Verify the rest with annotators" }).click();
    const created = confirm.getByTestId("verify-rest-created");
    await created.waitFor();
    expect(await created.textContent()).toContain(`with ${rest} comparisons`);
    const href = await created.getByRole("link", { name: "Verify what the judge left" }).getAttribute("href");
    const { campaign } = CampaignResponseSchema.parse(await getJson(page, `/api${href}`));
    expect(campaign).toMatchObject({ kind: "verify-pairs", comparisons: rest });
    expect(campaign.source).toEqual({ kind: "verify-pairs", pair_run_id: w.pairRunId, statuses: ["proposed", "accepted"] });
    expect(campaign.comparisons).toBeLessThan(proposals.total);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("adds a pairwise template, offered to pairwise jobs only", async () => {
    await server.user("tomas", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "tomas", password);
    const nav = page.getByRole("navigation", { name: "Main" });

    await nav.getByRole("link", { name: "Judging" }).click();
    await page.getByRole("heading", { name: "Add a template" }).waitFor();
    await page.getByLabel("Template kind").selectOption({ label: "Pairwise" });
    // The help names the pairwise placeholders.
    const hint = page.locator("form", { has: page.getByRole("heading", { name: "Add a template" }) }).locator(".hint");
    expect(await hint.locator("code").allTextContents()).toEqual(["$INST$", "$RESPONSE_A$", "$RESPONSE_B$"]);
    await page.getByLabel("Template name").fill("terse pairwise");
    await page
      .getByLabel("Template text")
      .fill('Request: $INST$\nA: $RESPONSE_A$\nB: $RESPONSE_B$\nAnswer {"analysis": "...", "verdict": "A>>B|A>B|A=B|B>A|B>>A"}.');
    await page.getByRole("button", { name: "Add template" }).click();
    await page.getByText("Added terse pairwise.").waitFor();
    const row = page.locator(".templates-table tr", { hasText: "terse pairwise" });
    expect(await row.getByRole("cell").nth(1).textContent()).toBe("Pairwise");
    const stored = server.ctx.judgeTemplates.list().find((tpl) => tpl.name === "terse pairwise");
    expect(stored?.kind).toBe("pairwise");

    // A single-answer judge job and a pair run offer single-answer templates only; the Judges page only pairwise ones.
    const singleOptions = await page.getByLabel("Judge template").locator("option").allTextContents();
    expect(singleOptions.some((o) => o.includes("longpref default"))).toBe(true);
    expect(singleOptions.some((o) => o.includes("terse pairwise"))).toBe(false);
    await nav.getByRole("link", { name: "Pairs" }).click();
    await page.getByRole("heading", { name: "Propose pairs" }).waitFor();
    expect((await page.getByLabel("Judge template").locator("option").allTextContents()).some((o) => o.includes("terse pairwise"))).toBe(
      false,
    );
    await nav.getByRole("link", { name: "Judges" }).click();
    const pairOptions = page.getByLabel("Pairwise template").locator("option");
    await expect.poll(() => pairOptions.allTextContents()).toContainEqual(expect.stringContaining("terse pairwise"));
    expect((await pairOptions.allTextContents()).some((o) => o.includes("longpref default"))).toBe(false);

    expect(errors).toEqual([]);
    await page.close();
  });

  it("pauses and resumes a running pairwise job over two models of a set", async () => {
    // Another judge: nothing of it is cached, so every order is asked.
    seedModel(server.ctx, [fake.url], { name: "slow-judge", max_in_flight: 2 });
    let open = () => {};
    gate = new Promise<void>((resolve) => (open = resolve));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await server.user("pia", "researcher");
    await logIn(page, server.url, "pia", password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Judges" }).click();

    await page.getByRole("radio", { name: "Two models on a set" }).check();
    await page.getByLabel("Instruction set", { exact: true }).selectOption({ label: w.set.name });
    await page.getByLabel("Model A").selectOption({ label: w.models.writer.name });
    await page.getByLabel("Model B").selectOption({ label: w.models.reference.name });
    await page.getByLabel("Judge model").selectOption({ label: "slow-judge" });
    await page
      .getByTestId("pair-judge-preview")
      .getByText(
        `Will judge ${instructions} pair(s) in both orders: ${instructions * 2} answers, 0 cached, ${instructions * 2} requests to the judge.`,
      )
      .waitFor();
    await page.getByRole("button", { name: "Start judging pairs" }).click();
    await page.waitForURL(/\/judges\/jobs\/\d+$/);
    const jobId = jobIdOf(page);
    const { job } = PairJudgeJobProgressSchema.parse(await getJson(page, `/api/pair-judge-jobs/${jobId}`));
    expect(job.source).toEqual({
      kind: "models",
      set_id: w.set.id,
      model_a_id: w.models.writer.id,
      model_b_id: w.models.reference.id,
      filter: {},
    });
    expect(job.identity).toBe("judge:slow-judge");

    // The judge holds its answers: the job runs until paused, and the page says so.
    await expect.poll(() => fake.inFlight).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Pause" }).click();
    await page.getByRole("button", { name: "Resume" }).waitFor();
    expect(server.ctx.pairJudgeJobs.get(jobId)?.status).toBe("paused");
    await page.getByRole("button", { name: "Resume" }).click();
    await page.getByRole("button", { name: "Pause" }).waitFor();
    expect(server.ctx.pairJudgeJobs.get(jobId)?.status).toBe("running");

    open();
    gate = null;
    await page.getByText(`${instructions * 2} of ${instructions * 2} answered`).waitFor({ timeout: 30_000 });
    await expect.poll(() => server.ctx.pairJudgeJobs.get(jobId)?.status).toBe("done");
    expect(server.ctx.pairJudgeJobs.get(jobId)?.counts).toMatchObject({ done: instructions * 2, failed: 0 });
    expect(errors).toEqual([]);
    await page.close();
  });
});
