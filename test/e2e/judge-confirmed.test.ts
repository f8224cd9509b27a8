import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignsResponseSchema } from "../../shared/schemas/campaigns";
import { judgeConfirm } from "../../server/pairs/judge-confirm";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";

// Issue #17 point 5 on screen: judge-confirmed proposals shown apart from the annotators' "confirmed", and the
// verify-pairs form saying it leaves them out.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword, withOutputs: 6 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("judge-confirmed proposals in the browser", () => {
  it("shows them on the run, filters them, and leaves them out of a default verify-pairs campaign", async () => {
    const ctx = server.ctx;
    const runId = w.pairRunId;
    const judge = w.models.judge.id;
    const job = insertPairJudgeJob(ctx, { setId: w.set.id, judgeModelId: judge, source: { kind: "pair-run", pair_run_id: runId } });
    const proposals = ctx.pairRuns.page(runId, undefined, undefined, 1, 100).items;
    const confirmed = proposals.slice(0, 2);
    for (const p of confirmed) {
      const common = { jobId: job.jobId, judgeModelId: judge, templateHash: job.templateHash };
      insertBothOrders(ctx, { ...common, a: p.chosen.sample_id, b: p.rejected.sample_id, aFirst: 2, bFirst: -1 });
    }
    expect(judgeConfirm(ctx, runId, { judge_model_id: judge })).toEqual({
      confirmed: 2,
      not_confirmed: 0,
      unjudged: proposals.length - 2,
    });

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto(`${server.url}/pairs/runs/${runId}`);

    const counts = page.getByTestId("run-status-counts");
    await counts.getByText("judge-confirmed").waitFor();
    expect(await counts.locator("li", { hasText: "judge-confirmed" }).textContent()).toMatch(/^2\s*judge-confirmed$/);
    // Two unreviewed proposals the judge confirmed are no reviews.
    expect(await page.locator(".run-total").textContent()).toContain("0 reviewed");

    await page.getByLabel("Status").selectOption("judge-confirmed");
    await expect.poll(() => page.locator(".proposals-table tbody tr").count()).toBe(2);
    const badges = page.locator(".proposals-table .status.proposal-judge-confirmed");
    expect(await badges.count()).toBe(2);
    expect(await badges.first().getAttribute("title")).toMatch(/LLM judge preferred the chosen sample in both orders/);
    // Distinct from the annotators' confirmation: its own outline, not the confirmed fill.
    const [judgeStyle, plainStyle] = await badges
      .first()
      .evaluate((el) => [getComputedStyle(el).borderStyle, getComputedStyle(el).backgroundColor] as const);
    expect(judgeStyle).toBe("dashed");
    expect(plainStyle).toBe("rgba(0, 0, 0, 0)");

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
    await page.waitForURL(/\/campaigns$/);
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Name", { exact: true }).fill("The rest");
    await form.getByRole("radio", { name: /verify-pairs/ }).check();
    expect(await form.getByRole("checkbox", { name: "judge-confirmed" }).isChecked()).toBe(false);
    const note = form.getByTestId("judge-confirmed-note");
    expect(await note.textContent()).toBe(
      "Leaves out the 2 proposals an LLM judge confirmed in both orders: annotators judge only the rest.",
    );
    await form.getByRole("checkbox", { name: "judge-confirmed" }).check();
    await expect.poll(() => note.textContent()).toBe("Includes the 2 proposals an LLM judge confirmed in both orders.");
    await form.getByRole("checkbox", { name: "judge-confirmed" }).uncheck();
    await form.getByRole("button", { name: "Create campaign" }).click();
    await expect
      .poll(async () =>
        CampaignsResponseSchema.parse(await (await page.request.get(`${server.url}/api/campaigns`)).json()).items.find(
          (c) => c.name === "The rest",
        ),
      )
      .toMatchObject({ comparisons: proposals.length - 2, source: { statuses: ["proposed", "accepted"] } });

    await page.goto(`${server.url}/exports`);
    await page.getByRole("checkbox", { name: "judge-confirmed" }).first().waitFor();
    expect(await page.getByRole("checkbox", { name: "judge-confirmed" }).first().isChecked()).toBe(true);
    expect(errors).toEqual([]);
  });
});
