import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { planBudget } from "../../shared/stats/budget-planner";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace } from "../helpers/factories";

// Issue 18 point 4 in the browser: the campaign form's budget line, the planner's judgments for the form's k
// and the typed win rate and width, against the comparisons this campaign will have (decision 040).

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  // Twelve instructions with outputs of the writer and the reference: twelve comparisons.
  await createWorkspace(server.ctx, { adminPassword, instructions: 12, withOutputs: 12 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const needed = (k: number, winRate: number, targetCi: number) => {
  const plan = planBudget({ models: 1, k, winRate, targetCi });
  return `Needed: ${plan.comparisons.toLocaleString("en-US")} comparisons, ${plan.judgments.toLocaleString("en-US")} judgments at k = ${k}.`;
};

describe("the campaign form's budget line", () => {
  it("shows the judgments needed for the typed target against the campaign's comparisons, following k", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("navigation", { name: "Main" }).waitFor();
    await page.goto(`${server.url}/campaigns`);
    const form = page.getByRole("form", { name: "New campaign" });
    const budget = form.getByTestId("campaign-budget");
    // Defaults: win rate 0.5, width 0.1, k = 3: far more than the twelve comparisons the set allows.
    const first = planBudget({ models: 1, k: 3, winRate: 0.5, targetCi: 0.1 });
    await budget.filter({ hasText: needed(3, 0.5, 0.1) }).waitFor();
    await budget.filter({ hasText: `This campaign will have 12 comparisons: ${first.comparisons - 12} too few for this width.` }).waitFor();
    // A wide target and k = 5: the planner's minimum of ten comparisons, which twelve satisfy.
    await form.getByLabel("Target 95% interval width").fill("0.8");
    await form.getByLabel("Judgments per comparison (k)").fill("5");
    await budget.filter({ hasText: needed(5, 0.5, 0.8) }).waitFor();
    await budget.filter({ hasText: "This campaign will have 12 comparisons: enough." }).waitFor();
    expect(await budget.textContent()).toContain("κ = 0.3");
    // A value out of range asks for a valid one instead of asking the server.
    await form.getByLabel("Expected win rate").fill("1.2");
    await budget.filter({ hasText: "Give a win rate and a width between 0 and 1." }).waitFor();
    await page.close();
  });
});
