import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JudgeScorePageSchema, JudgeScoresResponseSchema } from "../../shared/schemas/judging";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";
import { endpointPolicy } from "../../server/endpoint-policy";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let fake: FakeOpenAi;
let w: Workspace;
// The reference's samples, one per instruction with outputs: what the judge job here scores.
const samples = 9;

// The start of the reference's output for the third instruction (set below): the judge answers garbage
// whenever it is asked about it.
let unjudgeable = "";
// Markup on purpose: the raw answer must reach the page as text, never as HTML.
const garbage = 'I would rather not score this one. <b id="raw-html">Scores</b>: five, five, four... {not json';
const answer = (prompt: string) => {
  const n = prompt.length;
  const scores = [5, 4, (n % 5) + 1, 4, (n % 3) + 2, 3];
  const [relevance, accuracy, coherence, clarity, breadth, reading] = scores;
  return `Analysis first: the response is on topic.\n\`\`\`json\n${JSON.stringify({
    Analysis: `Judged ${n} characters of prompt.`,
    Relevance: relevance,
    Accuracy: accuracy,
    Coherence: coherence,
    Clarity: clarity,
    "Breadth and Depth": breadth,
    "Reading Experience": reading,
  })}\n\`\`\``;
};

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({
    kind: "stream",
    text: req.prompt.includes(unjudgeable) ? garbage : answer(req.prompt),
    chunks: 3,
    chunkDelayMs: 5,
  }));
  // The admin lets researchers register endpoints (LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1), as these journeys do.
  server = await startServer({ runner: true, app: { endpointPolicy: endpointPolicy({ LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1" }) } });
  w = await createWorkspace(server.ctx, { adminPassword: "admin-first-pass", withOutputs: samples });
  const third = server.db
    .prepare("SELECT s.text FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE i.external_id = ? AND s.model_id = ?")
    .pluck()
    .get(w.set.records[2]!.id, w.models.reference.id) as string;
  unjudgeable = third.split(" ").slice(0, 8).join(" ");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

/** Fills the judge job form: the workspace's set, the fake judge, the builtin template, the reference's samples. */
async function fillJudgeForm(page: Page, options: { maxAnswers: string; retryFailed: boolean }) {
  await page.getByRole("heading", { name: "New judge job" }).waitFor();
  await page.getByLabel("Instruction set").selectOption({ label: w.set.name });
  await page.getByLabel("Judge model").selectOption({ label: "fake-judge" });
  expect(await page.getByLabel("Judge template").locator("option:checked").textContent()).toContain("longpref default");
  await page.getByRole("checkbox", { name: new RegExp(w.models.reference.name) }).check();
  await page.getByLabel("Max answers per sample").fill(options.maxAnswers);
  await page.getByRole("checkbox", { name: "Ask again where this judge failed before" }).setChecked(options.retryFailed);
}

const jobIdOf = (page: Page) => Number(new URL(page.url()).pathname.split("/").at(-1));

describe("a researcher scores samples with an LLM judge in the browser", () => {
  it("starts a judge job, reads the failed judgment's raw answer, sees S_q on the sample, and gets a cached rerun", async () => {
    await server.user("june", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "june", password);
    const nav = page.getByRole("navigation", { name: "Main" });

    // The judge is any registered model with an endpoint.
    await nav.getByRole("link", { name: "Models" }).click();
    await page.getByLabel("Name").fill("fake-judge");
    await page.getByLabel("Base URLs").fill(fake.url);
    await page.getByLabel("Model ID").fill("judge-model");
    await page.getByRole("button", { name: "Add model" }).click();
    await page.getByRole("cell", { name: "fake-judge" }).first().waitFor();

    await nav.getByRole("link", { name: "Judging" }).click();
    await fillJudgeForm(page, { maxAnswers: "2", retryFailed: true });
    await page.getByRole("button", { name: "Start judging" }).click();

    const counts = page.getByTestId("judge-counts");
    await expect.poll(() => counts.textContent(), { timeout: 20_000 }).toContain(`${samples - 1} done`);
    expect(await counts.textContent()).toContain("1 judge failed");
    const jobId = jobIdOf(page);
    const reference = w.models.reference;
    await expect.poll(() => server.ctx.judgeJobs.get(jobId)?.status).toBe("done");
    const job = server.ctx.judgeJobs.get(jobId)!;
    expect(job).toMatchObject({
      total: samples,
      cached: 0,
      counts: { done: samples - 1, failed: 1, queued: 0, running: 0 },
      max_answers: 2,
    });
    expect(job.counts.done + job.counts.failed).toBe(job.total);
    expect(job.filter.model_ids).toEqual([reference.id]);
    // An answer read at once for each other sample, and two unreadable ones for the sample the judge fails on.
    expect(fake.requests).toHaveLength(samples + 1);
    expect(fake.requests.filter((r) => r.prompt.includes(unjudgeable))).toHaveLength(2);
    expect(fake.requests.every((r) => r.body.temperature === 0.5 && r.body.max_tokens === 1024)).toBe(true);
    await page.getByText(`${samples} of ${samples} judged`).waitFor();

    // The failed judgment keeps the judge's raw answer, shown as text.
    const judgments = page.getByRole("region", { name: "Judge scores" });
    await judgments.getByLabel("Status").selectOption("failed");
    await judgments.getByText("1 judge score", { exact: true }).waitFor();
    await judgments.getByRole("button", { name: /^Details/ }).click();
    const raw = judgments.locator("pre", { hasText: "I would rather not score this one." });
    expect(await raw.textContent()).toBe(garbage);
    expect(await page.locator("#raw-html").count()).toBe(0);
    await judgments.getByText(/judge failed: 2 answers could not be read as six scores/).waitFor();

    // A judged sample shows its S_q on its own page, as the API gives it.
    await judgments.getByLabel("Status").selectOption("done");
    await judgments.getByText(`${samples - 1} judge scores`, { exact: true }).waitFor();
    const done = JudgeScorePageSchema.parse(
      await (await page.request.get(`${server.url}/api/judge-jobs/${jobId}/judgments?status=done`)).json(),
    );
    const first = done.items[0]!;
    await judgments.getByRole("link", { name: `Sample ${first.sample_id}`, exact: true }).click();
    const perSample = JudgeScoresResponseSchema.parse(
      await (await page.request.get(`${server.url}/api/samples/${first.sample_id}/judgments`)).json(),
    );
    // The workspace judge's scores and this judge's.
    expect(perSample.judgments.map((j) => j.judge_model_name).sort()).toEqual([w.models.judge.name, "fake-judge"].sort());
    const judged = perSample.judgments.find((j) => j.judge_model_name === "fake-judge")!;
    expect(judged.quality_score).not.toBeNull();
    const sampleJudgments = page.getByRole("region", { name: "Judge scores" });
    const row = sampleJudgments.getByRole("row").filter({ has: page.getByRole("rowheader", { name: "fake-judge" }) });
    await expect.poll(() => row.getByRole("cell").nth(2).textContent()).toBe(judged.quality_score!.toFixed(1));
    expect(await row.getByRole("cell").nth(3).textContent()).toBe(String(judged.scores!.Relevance));
    await sampleJudgments.getByText(judged.analysis!, { exact: true }).waitFor();

    // The same job again, failures not asked again: everything is cached and the judge hears nothing.
    await nav.getByRole("link", { name: "Judging" }).click();
    await fillJudgeForm(page, { maxAnswers: "2", retryFailed: false });
    await page.getByRole("button", { name: "Start judging" }).click();
    await page
      .getByTestId("judge-cached")
      .getByText(new RegExp(`All ${samples} samples already judged`))
      .waitFor();
    const rerun = server.ctx.judgeJobs.get(jobIdOf(page))!;
    expect(rerun.id).not.toBe(jobId);
    expect(rerun).toMatchObject({ status: "done", total: 0, cached: samples });
    expect(fake.requests).toHaveLength(samples + 1);

    // The jobs table lists both, the rerun with its cached count.
    await nav.getByRole("link", { name: "Judging" }).click();
    const rerunRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: `#${rerun.id}`, exact: true }) });
    await expect.poll(() => rerunRow.getByRole("cell").nth(7).textContent()).toBe(String(samples));
    expect(await page.getByRole("link", { name: `#${jobId}`, exact: true }).count()).toBe(1);

    // A custom template needs both placeholders: the server's 400 message is shown as it is.
    await page.getByLabel("Template name").fill("short judge");
    await page.getByLabel("Template text").fill("Rate this answer to $INST$ from 1 to 5.");
    await page.getByRole("button", { name: "Add template" }).click();
    await page.getByRole("alert").filter({ hasText: "template must contain $RESPONSE$" }).waitFor();
    await page.getByLabel("Template text").fill("Rate this answer to $INST$ from 1 to 5:\n$RESPONSE$");
    await page.getByRole("button", { name: "Add template" }).click();
    await page.getByRole("status").filter({ hasText: "Added short judge." }).waitFor();
    await page.getByRole("button", { name: "View text of short judge" }).click();
    await page.locator("pre", { hasText: "Rate this answer to $INST$ from 1 to 5:" }).waitFor();
    expect(await page.getByRole("button", { name: "Delete longpref default" }).count()).toBe(0);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete short judge" }).click();
    await page.getByRole("status").filter({ hasText: "Deleted short judge." }).waitFor();
    expect(server.ctx.judgeTemplates.list().map((t) => t.name)).toEqual(["longpref default"]);

    expect(errors).toEqual([]);
  });
});
