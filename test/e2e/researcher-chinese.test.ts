import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignResponseSchema } from "../../shared/schemas/campaigns";
import { apiSession, judgeAll } from "../helpers/annotate-api";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";
import { seedModel } from "../helpers/sampling";
import { password } from "../helpers/test-app";

// The researcher pages in Chinese: every page shows no untranslated interface English. The data on them
// (model, set, campaign and template names, prompts, outputs) is never translated, so it is taken out of the
// text first, and so are code blocks, which show commands and URLs as they are typed.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
let campaignId: number;
let samplingJobId: number;
let pairJudge: { jobId: number; templateId: number; modelId: number };
const adminPassword = "admin-first-pass";
const campaignName = "mdl-campaign-01";

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword });
  browser = await launchBrowser();
  // A model with an endpoint, so the sampling and judging forms show, and a queued sampling job (no runner).
  seedModel(server.ctx, ["http://127.0.0.1:9/v1"], { name: "mdl-endpoint" });
  const admin = await apiSession(browser, server.url, "admin", adminPassword);
  const endpoint = server.ctx.models.findByName("mdl-endpoint")!;
  const job = await admin.post(`${server.url}/api/sampling-jobs`, { data: { set_id: w.set.id, model_id: endpoint.id, n: 1 } });
  expect(job.status()).toBe(201);
  samplingJobId = ((await job.json()) as { job: { id: number } }).job.id;
  // A campaign judged by three annotators, so the dashboard, analytics and reliability have figures.
  const created = await admin.post(`${server.url}/api/campaigns`, {
    data: { name: campaignName, set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, settings: {} },
  });
  expect(created.status()).toBe(201);
  campaignId = CampaignResponseSchema.parse(await created.json()).campaign.id;
  for (const [n, verdict] of (["left", "right", "tie"] as const).entries()) {
    await server.user(`mdl-ann${n}`, "annotator");
    await judgeAll(await apiSession(browser, server.url, `mdl-ann${n}`, password), server.url, campaignId, `mdl-ann${n}`, () => verdict);
  }
  // A pairwise judge's answers on that campaign (both orders of every comparison): the Judges page has a judge to calibrate.
  const judge = insertPairJudgeJob(server.ctx, {
    setId: w.set.id,
    judgeModelId: endpoint.id,
    source: { kind: "campaign", campaign_id: campaignId },
  });
  pairJudge = { jobId: judge.jobId, templateId: judge.templateId, modelId: endpoint.id };
  const pairs = server.ctx.db
    .prepare("SELECT sample_a_id AS a, sample_b_id AS b FROM comparisons WHERE campaign_id = ?")
    .all(campaignId) as {
    a: number;
    b: number;
  }[];
  for (const { a, b } of pairs) {
    insertBothOrders(server.ctx, {
      jobId: judge.jobId,
      a,
      b,
      judgeModelId: endpoint.id,
      templateHash: judge.templateHash,
      aFirst: 1,
      bFirst: -2,
    });
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

// Names that stay English in Chinese text: products, formats, methods and units.
const allowed = [
  "Bradley–Terry",
  "Dawid–Skene",
  "Chatbot Arena",
  "Arena-Hard",
  "LLaMA-Factory alpaca",
  "LLaMA-Factory sharegpt",
  "TRL KTO",
  "TRL DPOTrainer",
  "TRL KTOTrainer",
  "TRL SFTTrainer",
  "OpenRLHF DPO",
  "Axolotl DPO",
  "Base URL",
  "stage dpo",
  "JSON Lines",
  "Hugging Face Hub",
];

/** Runs of two or more ASCII words in a text: what an untranslated label or sentence leaves behind. */
function englishRuns(text: string, data: string[]): string[] {
  let rest = text;
  for (const s of [...data, ...allowed].sort((a, b) => b.length - a.length)) rest = rest.split(s).join(" ");
  // S_l and S_q read "Sl", "Sq" as text: symbols, not words.
  rest = rest.replace(/\bS[lq]\b/g, " ");
  return [...rest.matchAll(/[A-Za-z]{2,}(?: +[A-Za-z]{2,})+/g)].map((m) => m[0].replace(/ +/g, " "));
}

/** The page's visible text, outside code blocks (commands and URLs are typed as they are). */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector("main")!.cloneNode(true) as HTMLElement;
    // Code, and the containers of outputs and prompt excerpts: data.
    for (const el of main.querySelectorAll("code, pre, kbd, .sample-text, .side-text, .excerpt-cell, .clamp")) el.remove();
    // The campaign form is another change's (see above), and its running count is built from pieces.
    for (const el of main.querySelectorAll(".campaign-form")) el.remove();
    document.body.append(main);
    const text = main.innerText;
    main.remove();
    return text;
  });
}

async function chinesePage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(15_000);
  await logIn(page, server.url, "admin", adminPassword);
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
  // This browser's choice (the account has none): every page visited next opens in Chinese.
  await page.evaluate(() => window.localStorage.setItem("longpref.language", "zh"));
  return page;
}

describe("the researcher pages in Chinese", () => {
  it("show no untranslated interface English, with real data on every page", async () => {
    const page = await chinesePage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const firstInstruction = server.ctx.db
      .prepare("SELECT id FROM instructions WHERE set_id = ? ORDER BY position LIMIT 1")
      .get(w.set.id) as {
      id: number;
    };
    const sample = server.ctx.db
      .prepare("SELECT id FROM samples WHERE instruction_id = ? ORDER BY id LIMIT 1")
      .get(firstInstruction.id) as {
      id: number;
    };
    const data = [
      w.set.name,
      w.models.writer.name,
      w.models.reference.name,
      w.models.judge.name,
      "mdl-endpoint",
      w.campaign.name,
      campaignName,
      "Read both answers to the end.",
      "longpref default",
      "longpref pairwise",
      "admin",
      "jsonl import",
      "Community Forum",
      "Functional Writing",
      "Creative Writing",
      ...w.set.records.map((r) => r.prompt),
      ...w.set.records.map((r) => r.id),
    ];
    // Each page with what shows once its data has loaded (selectors, so the wait does not depend on the language).
    const pages: [string, string[]][] = [
      ["/sets", [`text=${w.set.name}`]],
      [`/sets/${w.set.id}`, [".counts-table", ".lang-counts li"]],
      [`/instructions?set=${w.set.id}`, [`text=${w.set.records[0]!.id}`]],
      [`/instructions/${firstInstruction.id}`, [".output-group"]],
      [`/samples/${sample.id}`, [".judge-scores-table", ".details"]],
      // The models table with a model that has an endpoint (so its Test connection button shows), and the admin's form.
      ["/models", [".models-table", ".connection-test button", ".model-form"]],
      ["/sampling", ["form", 'td:has-text("mdl-endpoint")']],
      [`/sampling/jobs/${samplingJobId}`, ["[data-testid=job-counts]", ".samples-table"]],
      ["/judging", ["form", ".templates-table", `td:has-text("${w.models.judge.name}")`]],
      [`/judging/jobs/${w.judgeJobId}`, ["[data-testid=judge-counts]", ".judge-scores-table"]],
      // The judge's calibration open, the job form, its jobs and the confirmation of pairs.
      [
        `/judges?judge=${pairJudge.modelId}&template=${pairJudge.templateId}`,
        ["[data-testid=calibration-verdict]", ".judges-page form", ".jobs-table", ".judges-confirm form"],
      ],
      [`/judges/jobs/${pairJudge.jobId}`, ["[data-testid=pair-judge-counts]", "[data-testid=pair-judge-summary]", "table"]],
      ["/pairs", [".pair-run-form", ".pair-runs-table"]],
      [`/pairs/runs/${w.pairRunId}`, ["[data-testid=run-status-counts]", ".proposals-table"]],
      [`/instructions/${firstInstruction.id}/review?run=${w.pairRunId}`, [".proposal-sides", ".scored-samples-table"]],
      ["/campaigns", [".campaign-form", `text=${campaignName}`]],
      [`/campaigns/${campaignId}`, ["[data-testid=campaign-tally]", ".campaign-annotators-table", ".campaign-judgments-table"]],
      ["/exports", [".export-form"]],
      [`/reports?set=${w.set.id}`, [".score-table", ".dimension-table"]],
      [
        `/analytics?campaigns=${campaignId}`,
        ["[data-testid=position-bias]", ".analytics-robust-table", "[data-testid=kept-overall], .analytics-auto"],
      ],
    ];
    const leftovers: string[] = [];
    for (const [route, ready] of pages) {
      await page.goto(`${server.url}${route}`);
      for (const selector of ready) await page.locator("main").locator(selector).first().waitFor();
      const runs = englishRuns(await visibleText(page), data);
      leftovers.push(...runs.map((r) => `${route}: ${r}`));
    }
    // The model form editing a model (its own heading, hints and buttons), opened from the models table.
    await page.goto(`${server.url}/models`);
    await page.locator(".models-table tr", { hasText: "mdl-endpoint" }).locator("button.button-small").first().click();
    await page.locator(".model-form h2", { hasText: "mdl-endpoint" }).waitFor();
    leftovers.push(...englishRuns(await visibleText(page), data).map((r) => `/models (editing): ${r}`));
    expect(leftovers).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
