import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Side } from "../../shared/stats/judge-calibration";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createUser } from "../helpers/factories";
import { insertHumanVotes, insertJobItems, judgeWorld, type JudgeWorld } from "../helpers/judge-world";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";

// Issue #17 point 3 on screen: the Analytics page shows an LLM judge's combined verdicts beside the people's
// judgments, or alone, and the counts it shows are the API's.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let world: JudgeWorld;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  await createUser(server.ctx, "admin", "admin", adminPassword);
  world = judgeWorld(server.ctx, { comparisons: 12 });
  const { jobId, templateHash } = insertPairJudgeJob(server.ctx, {
    setId: world.setId,
    judgeModelId: world.judge.id,
    source: { kind: "campaign", campaign_id: world.campaignId },
  });
  insertJobItems(server.ctx, jobId, world.comparisons);
  world.comparisons.forEach((c, i) => {
    insertBothOrders(server.ctx, { jobId, a: c.a, b: c.b, judgeModelId: world.judge.id, templateHash, aFirst: 1, bFirst: -1 });
    const votes: Side[] = i % 3 === 0 ? ["b", "b", "a"] : ["a", "a", "tie"];
    insertHumanVotes(server.ctx, world.campaignId, c, votes);
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the Analytics page with an LLM judge", () => {
  it("adds the judge's verdicts beside the people's, then shows them alone", async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("banner").getByRole("link", { name: "longpref" }).waitFor();
    await page.goto(`${server.url}/analytics?campaigns=${world.campaignId}`);
    const scope = page.getByTestId("analytics-scope");
    await expect.poll(() => scope.textContent()).toContain("36 judgments of 12 comparisons");

    const identity = `judge:${world.judge.name}`;
    // The URL holds the choice: the box shows it once the page has read it back (check() would look at once).
    const judgeBox = page.getByRole("checkbox", { name: identity });
    await judgeBox.click();
    await expect.poll(() => judgeBox.isChecked()).toBe(true);
    await expect.poll(() => scope.textContent()).toContain("48 judgments of 12 comparisons");
    // The judge is one more annotator in the annotators' table.
    await expect.poll(() => page.locator(".analytics-report").getByText(identity, { exact: true }).count()).toBeGreaterThan(0);

    const humansBox = page.getByRole("checkbox", { name: "Human judgments" });
    await humansBox.click();
    await expect.poll(() => humansBox.isChecked()).toBe(false);
    await expect.poll(() => scope.textContent()).toContain("12 judgments of 12 comparisons");
    expect(new URL(page.url()).searchParams.get("humans")).toBe("false");
    expect(new URL(page.url()).searchParams.get("judges")).toBe(identity);
    // The judge prefers the writer in both orders everywhere: 100% against the reference.
    const api = await page.request.get(
      `${server.url}/api/analytics/win-rates?campaigns=${world.campaignId}&judges=${encodeURIComponent(identity)}&humans=false&rounds=0`,
    );
    expect((await api.json()).vs_reference[world.writer.name].all.win_rate).toBe(1);
    expect(errors).toEqual([]);
    await page.close();
  });
});
