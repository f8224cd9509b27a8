import { readFileSync } from "node:fs";
import type { Browser, Download, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignsResponseSchema } from "../../shared/schemas/campaigns";
import { PairRunsResponseSchema } from "../../shared/schemas/pairs";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const getJson = async (page: Page, path: string): Promise<unknown> => (await page.request.get(`${server.url}${path}`)).json();
const shownUrl = (page: Page, testId: string) => page.getByTestId(testId).locator("code").textContent();

/** How many times the server was asked to run an export (GET /api/exports, not its dataset_info entry). */
const exportRuns = () => server.requests.filter((r) => r.startsWith("GET /api/exports?")).length;

/** Clicks a download link and answers the file the browser saved; the export ran exactly once for it. */
async function download(page: Page, name: string): Promise<{ download: Download; rows: Record<string, unknown>[] }> {
  const runsBefore = exportRuns();
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name, exact: true }).click()]);
  expect(exportRuns() - runsBefore).toBe(1);
  const text = readFileSync((await file.path())!, "utf8");
  expect(text.endsWith("\n")).toBe(true);
  return {
    download: file,
    rows: text
      .trimEnd()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe("a researcher downloads training data in a trainer's format", () => {
  it("downloads a run's proposals as TRL, sees an empty selection refused inline, and gets LLaMA-Factory's dataset_info entry", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Exports" }).click();
    await page.getByRole("heading", { name: "New export" }).waitFor();

    const { items: runs } = PairRunsResponseSchema.parse(await getJson(page, "/api/pair-runs"));
    const run = runs.find((r) => r.id === w.pairRunId)!;
    // Nobody reviewed the pairs: every proposal is in the default statuses (proposed, accepted, confirmed).
    expect(run.status_counts.rejected + run.status_counts.overturned).toBe(0);
    expect(run.proposals).toBeGreaterThan(0);

    // Proposals of the run as TRL: the URL and the command line say so.
    await page.getByRole("radio", { name: "Proposals of a pair run" }).check();
    await page.getByLabel("Pair run", { exact: true }).selectOption(`run:${run.id}`);
    await page.getByRole("radio", { name: "TRL", exact: true }).check();
    expect(await shownUrl(page, "export-url")).toBe(`${server.url}/api/exports?from=proposals&run=${run.id}&format=trl`);
    expect(await page.getByTestId("export-command").locator("code").textContent()).toBe(
      `npx longpref export --from proposals --run ${run.id} --format trl --out longpref-proposals-run${run.id}-trl.jsonl`,
    );

    // The browser downloads it: one {prompt, chosen, rejected} row per proposal.
    const trl = await download(page, "Download");
    expect(trl.download.suggestedFilename()).toBe(`longpref-proposals-run${run.id}-trl.jsonl`);
    expect(trl.rows).toHaveLength(run.proposals);
    for (const row of trl.rows) {
      expect(Object.keys(row).sort()).toEqual(["chosen", "prompt", "rejected"]);
      for (const value of Object.values(row)) expect(typeof value === "string" && value.length > 0).toBe(true);
      expect(row.chosen).not.toBe(row.rejected);
    }
    expect(new URL(page.url()).pathname).toBe("/exports");

    // A filter out of range is refused in the server's words before anything is sent.
    const runsBeforeTyping = exportRuns();
    await page.getByLabel("Least agreement").fill("2");
    expect(await page.getByRole("status").filter({ hasText: "Cannot export yet" }).textContent()).toBe(
      "Cannot export yet: min_agreement: Too big: expected number to be <=1.",
    );
    expect(await page.getByRole("link", { name: "Download", exact: true }).count()).toBe(0);
    await page.getByLabel("Least agreement").fill("");
    expect(exportRuns()).toBe(runsBeforeTyping);

    // Battle records of the workspace's campaign, which nobody has judged yet: refused inline, no broken download.
    const { items: campaigns } = CampaignsResponseSchema.parse(await getJson(page, "/api/campaigns"));
    const campaign = campaigns.find((c) => c.id === w.campaign.id)!;
    expect(campaign.judgments).toBe(0);
    await page.getByRole("radio", { name: "Battle records" }).check();
    await page.getByLabel("Campaign", { exact: true }).selectOption(`campaign:${campaign.id}`);
    expect(await page.getByRole("radio", { name: "TRL", exact: true }).count()).toBe(0);
    expect(await page.getByRole("radio", { name: "Battle records JSONL" }).isChecked()).toBe(true);
    expect(await shownUrl(page, "export-url")).toBe(`${server.url}/api/exports?from=battles&campaign=${campaign.id}&format=battles-jsonl`);
    let downloads = 0;
    page.on("download", () => downloads++);
    const runsBefore = exportRuns();
    await page.getByRole("link", { name: "Download", exact: true }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "nothing to export" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(`nothing to export: judgments of campaign ${campaign.id} ("${w.campaign.name}")`);
    expect(downloads).toBe(0);
    expect(exportRuns() - runsBefore).toBe(1);
    expect(new URL(page.url()).pathname).toBe("/exports");

    // Judgments as pairs by the reliability-weighted majority: its confidence replaces the agreement filter,
    // checked in the server's words before anything is sent.
    await page.getByRole("radio", { name: "Human judgments as pairs" }).check();
    await page.getByLabel("Campaign", { exact: true }).selectOption(`campaign:${campaign.id}`);
    expect(await page.getByLabel("Least confidence").count()).toBe(0);
    await page.getByLabel("Majority", { exact: true }).selectOption("weighted");
    expect(await page.getByLabel("Least agreement").count()).toBe(0);
    expect(await page.getByRole("checkbox", { name: /One pair per winning judgment/ }).count()).toBe(0);
    await page.getByLabel("Least confidence").fill("2");
    expect(await page.getByRole("status").filter({ hasText: "Cannot export yet" }).textContent()).toBe(
      "Cannot export yet: min_confidence: Too big: expected number to be <=1.",
    );
    await page.getByLabel("Least confidence").fill("0.9");
    expect(await shownUrl(page, "export-url")).toBe(
      `${server.url}/api/exports?from=judgments&campaign=${campaign.id}&format=trl&majority=weighted&min_confidence=0.9`,
    );
    expect(await page.getByTestId("export-command").locator("code").textContent()).toContain("--majority weighted --min-confidence 0.9");
    expect(exportRuns()).toBe(runsBefore + 1);

    // Back to the run, as LLaMA-Factory alpaca with a 30 % test split.
    await page.getByRole("radio", { name: "Proposals of a pair run" }).check();
    expect(await refusal.count()).toBe(0);
    expect(await page.getByLabel("Pair run", { exact: true }).inputValue()).toBe(`run:${run.id}`);
    await page.getByRole("radio", { name: "LLaMA-Factory alpaca" }).check();
    const info = page.getByRole("link", { name: "dataset_info.json entry", exact: true });
    const infoUrl = `/api/exports/dataset-info?from=proposals&run=${run.id}&format=llama-factory-alpaca`;
    expect(await info.getAttribute("href")).toBe(infoUrl);
    const stem = `longpref-proposals-run${run.id}-llama-factory-alpaca`;
    expect(await getJson(page, infoUrl)).toEqual({
      [stem]: {
        file_name: `${stem}.jsonl`,
        ranking: true,
        columns: { prompt: "instruction", query: "input", chosen: "chosen", rejected: "rejected" },
      },
    });
    expect(await page.getByTestId("export-command").locator("code").textContent()).toContain("--dataset-info dataset_info.json");
    // Saved under its own name, never over the user's dataset_info.json.
    const [infoFile] = await Promise.all([page.waitForEvent("download"), info.click()]);
    expect(infoFile.suggestedFilename()).toBe(`${stem}.dataset_info.json`);

    await page.getByLabel("Test share").fill("0.3");
    await page.getByLabel("Split seed").fill("1");
    const query = `from=proposals&run=${run.id}&format=llama-factory-alpaca&test_share=0.3&split_seed=1`;
    expect(await shownUrl(page, "export-url-train")).toBe(`${server.url}/api/exports?${query}&split=train`);
    expect(await shownUrl(page, "export-url-test")).toBe(`${server.url}/api/exports?${query}&split=test`);
    expect(await page.getByRole("link", { name: "dataset_info.json entry (test)" }).getAttribute("href")).toBe(
      `/api/exports/dataset-info?${query}&split=test`,
    );
    const train = await download(page, "Download train");
    const test = await download(page, "Download test");
    expect(test.download.suggestedFilename()).toBe(`${stem}.test.jsonl`);
    // Each instruction goes to one side with all its rows; together the sides are the whole run.
    expect(train.rows.length + test.rows.length).toBe(run.proposals);
    expect(train.rows.length).toBeGreaterThan(0);
    expect(test.rows.length).toBeGreaterThan(0);
    const instructions = (rows: Record<string, unknown>[]) => new Set(rows.map((r) => r.instruction));
    const testInstructions = instructions(test.rows);
    expect([...instructions(train.rows)].filter((i) => testInstructions.has(i))).toEqual([]);
    for (const row of [...train.rows, ...test.rows])
      expect(Object.keys(row).sort()).toEqual(["chosen", "input", "instruction", "rejected"]);

    expect(errors).toEqual([]);
    await page.close();
  });
});
