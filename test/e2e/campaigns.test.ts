import type { APIRequestContext, Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AnnotatorCampaignsResponseSchema,
  CampaignsResponseSchema,
  NextItemResponseSchema,
  type Verdict,
} from "../../shared/schemas/campaigns";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";
import { judgeAll as judgeAllItems } from "../helpers/annotate-api";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  // Nine instructions with outputs of both the writer and the reference.
  w = await createWorkspace(server.ctx, { adminPassword, withOutputs: 9 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** An annotator's own session (a context of its own, so the admin's page keeps its cookie). */
async function annotatorSession(username: string): Promise<{ context: BrowserContext; request: APIRequestContext }> {
  await server.user(username, "annotator");
  const context = await browser.newContext();
  const login = await context.request.post(`${server.url}/api/auth/login`, { data: { username, password } });
  expect(login.status()).toBe(200);
  return { context, request: context.request };
}

/** Judges items of the campaign until none is left, the i-th with verdictFor(i); answers how many. */
const judgeAll = (request: APIRequestContext, campaignId: number, username: string, verdictFor: (i: number) => Verdict) =>
  judgeAllItems(
    request,
    server.url,
    campaignId,
    username,
    (_, i) => verdictFor(i),
    (i) => ({
      rationale: i === 0 ? `${username} read both to the end.` : "",
      time_ms: 45_000 + i * 10_000,
      coverage_left: 1,
      coverage_right: 0.8,
    }),
  );

/** The tally as the database holds it: A is the comparison's sample_a (the model, not the reference). */
function storedTally(campaignId: number) {
  const rows = server.db
    .prepare<[number], { verdict: string; winner_sample_id: number | null; sample_a_id: number }>(
      "SELECT x.verdict, x.winner_sample_id, c.sample_a_id FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id WHERE x.campaign_id = ?",
    )
    .all(campaignId);
  const count = (keep: (r: (typeof rows)[number]) => boolean) => rows.filter(keep).length;
  return {
    a: count((r) => r.verdict === "win" && r.winner_sample_id === r.sample_a_id),
    tie: count((r) => r.verdict === "tie"),
    b: count((r) => r.verdict === "win" && r.winner_sample_id !== r.sample_a_id),
    bothBad: count((r) => r.verdict === "both-bad"),
  };
}

const campaignsTable = (page: Page) => page.getByRole("table", { name: "Campaigns" });
const rowOf = (page: Page, name: string) =>
  campaignsTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) });

describe("a researcher runs annotation campaigns from the browser", () => {
  it("creates campaigns through the form and watches judgments arrive on the dashboard", async () => {
    const setId = w.set.id;
    const referenceName = w.models.reference.name;
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Campaigns" }).click();
    await page.waitForURL(/\/campaigns$/);

    // The workspace's campaign is listed; the form starts on vs-reference against the set's reference model.
    await rowOf(page, w.campaign.name).waitFor();
    const form = page.getByRole("form", { name: "New campaign" });
    expect(await form.getByLabel("Instruction set").locator("option:checked").textContent()).toBe(w.set.name);
    expect(await form.getByRole("radio", { name: /vs-reference/ }).isChecked()).toBe(true);
    // Offered once the set's models with outputs are known (issue 15: never one without outputs).
    await expect.poll(() => form.getByLabel("Reference model").locator("option:checked").textContent()).toContain(referenceName);
    expect(await form.getByLabel("Judgments per comparison (k)").inputValue()).toBe("3");
    expect(await form.getByRole("radio", { name: "All signed-in users" }).isChecked()).toBe(true);

    // A taken name: the server's 409 is shown and nothing is created.
    await form.getByLabel("Name", { exact: true }).fill(w.campaign.name);
    await form.getByLabel("Model", { exact: true }).selectOption({ label: w.models.writer.name });
    await form.getByRole("button", { name: "Create campaign" }).click();
    await form.getByRole("alert").waitFor();
    await form.getByText("Campaign names are unique").waitFor();
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM campaigns").get()).toEqual({ n: 1 });

    // The writer against the reference, k = 2, with Markdown guidelines checked in the preview.
    const name = "Writer vs reference, k = 2";
    await form.getByLabel("Name", { exact: true }).fill(name);
    await form.getByLabel("Judgments per comparison (k)").fill("2");
    await form.getByRole("textbox", { name: "Guidelines" }).fill("## Read both\n\nA **length requirement** counts first.");
    await form.getByRole("button", { name: "Preview" }).click();
    const preview = form.getByRole("region", { name: "Guidelines preview" });
    await preview.getByRole("heading", { name: "Read both" }).waitFor();
    expect(await preview.locator("strong").textContent()).toBe("length requirement");
    await form.getByRole("button", { name: "Create campaign" }).click();
    await page
      .getByRole("status")
      .filter({ hasText: `Created ${name}` })
      .waitFor();
    const row = rowOf(page, name);
    await row.waitFor();

    const stored = server.db
      .prepare<[string], { id: number; kind: string; judgments_per_comparison: number; source: string }>(
        "SELECT id, kind, judgments_per_comparison, source FROM campaigns WHERE name = ?",
      )
      .get(name)!;
    const writer = w.models.writer;
    const reference = w.models.reference;
    expect(stored).toMatchObject({ kind: "vs-reference", judgments_per_comparison: 2 });
    expect(JSON.parse(stored.source)).toEqual({ kind: "vs-reference", model_id: writer.id, reference_model_id: reference.id });
    // One comparison per instruction with finished samples of both models: the workspace's nine.
    const bothDone = server.db
      .prepare<[number, number, number], { n: number }>(
        `SELECT COUNT(*) AS n FROM instructions i WHERE i.set_id = ?
           AND EXISTS (SELECT 1 FROM samples s WHERE s.instruction_id = i.id AND s.model_id = ? AND s.status = 'done')
           AND EXISTS (SELECT 1 FROM samples s WHERE s.instruction_id = i.id AND s.model_id = ? AND s.status = 'done')`,
      )
      .get(setId, writer.id, reference.id)!.n;
    expect(bothDone).toBe(w.withOutputs);
    expect(await row.getByTestId("campaign-comparisons").textContent()).toBe(String(bothDone));
    const campaignId = stored.id;

    // Its dashboard: nothing judged yet.
    await row.getByRole("link", { name }).click();
    await page.waitForURL(new RegExp(`/campaigns/${campaignId}$`));
    await page.getByRole("heading", { level: 1, name }).waitFor();
    expect(await page.getByTestId("campaign-judgments").textContent()).toContain(`0 of ${bothDone * 2} judgments`);
    expect(await page.getByTestId("campaign-complete").textContent()).toBe(`0 of ${bothDone} comparisons complete`);
    expect(await page.getByTestId("campaign-status").textContent()).toBe("open");
    expect(await page.getByTestId("campaign-settings").textContent()).toContain("k = 2");
    await page.getByText("Nobody has judged or skipped an item yet.").waitFor();
    await page.getByText("No judgments yet.").waitFor();
    expect(await page.getByRole("region", { name: "Guidelines", exact: true }).getByRole("heading", { name: "Read both" }).count()).toBe(1);

    // Two annotators judge through the API: ann-left always picks the left side, ann-mixed varies.
    const left = await annotatorSession("ann-left");
    const mixed = await annotatorSession("ann-mixed");
    const cycle: Verdict[] = ["right", "tie", "left", "both-bad"];
    expect(await judgeAll(left.request, campaignId, "ann-left", () => "left")).toBe(bothDone);
    await page
      .locator('tr[data-annotator="ann-left"]')
      .getByTestId("annotator-judgments")
      .filter({ hasText: String(bothDone) })
      .waitFor();

    // ann-mixed holds an item: the dashboard counts it as in progress.
    const held = NextItemResponseSchema.parse(
      await (await mixed.request.post(`${server.url}/api/annotate/campaigns/${campaignId}/next`)).json(),
    );
    expect(held.item).not.toBeNull();
    await page.getByTestId("campaign-in-progress").filter({ hasText: "1 in progress now" }).waitFor();
    expect(await judgeAll(mixed.request, campaignId, "ann-mixed", (i) => cycle[i % cycle.length]!)).toBe(bothDone);

    // Every comparison has its two judgments; the tally is what the database holds.
    const total = bothDone * 2;
    await page
      .getByTestId("campaign-complete")
      .filter({ hasText: `${bothDone} of ${bothDone} comparisons complete` })
      .waitFor();
    expect(await page.getByTestId("campaign-judgments").textContent()).toContain(`${total} of ${total} judgments`);
    expect(await page.getByTestId("campaign-in-progress").textContent()).toContain("0 in progress now");
    const expected = storedTally(campaignId);
    expect(expected.a + expected.tie + expected.b + expected.bothBad).toBe(total);
    expect(expected.tie).toBe(2);
    expect(expected.bothBad).toBe(2);
    const tally = page.getByTestId("campaign-tally");
    expect(await tally.getByTestId("tally-a").textContent()).toBe(String(expected.a));
    expect(await tally.getByTestId("tally-tie").textContent()).toBe(String(expected.tie));
    expect(await tally.getByTestId("tally-b").textContent()).toBe(String(expected.b));
    expect(await tally.getByTestId("tally-both-bad").textContent()).toBe(String(expected.bothBad));
    expect(await tally.locator('[data-verdict="a"]').textContent()).toContain(`${w.models.writer.name} wins`);
    expect(await tally.locator('[data-verdict="b"]').textContent()).toContain(`${referenceName} wins`);
    const rate = ((expected.a + 0.5 * (expected.tie + expected.bothBad)) / total) * 100;
    expect(await page.getByTestId("campaign-win-rate").textContent()).toBe(`${rate.toFixed(1)}%`);

    // Per annotator: counts, and ann-left's 100% left rate flagged as possible position bias.
    const leftRow = page.locator('tr[data-annotator="ann-left"]');
    const mixedRow = page.locator('tr[data-annotator="ann-mixed"]');
    expect(await mixedRow.getByTestId("annotator-judgments").textContent()).toBe(String(bothDone));
    expect(await leftRow.getByTestId("annotator-left-rate").textContent()).toBe("100%position bias?");
    expect(await mixedRow.getByText("position bias?").count()).toBe(0);
    expect(await mixedRow.locator("td").nth(4).textContent()).toBe(`${Math.round((2 / bothDone) * 100)}%`);

    // The raw judgments: all of them, the first with its rationale, winners named by model.
    const judgments = page.getByRole("table", { name: "Judgments" });
    await expect.poll(() => judgments.locator("tbody tr").count(), { timeout: 10_000 }).toBe(total);
    await judgments.getByText("ann-left read both to the end.").waitFor();
    expect(await judgments.getByTestId("judgment-verdict").filter({ hasText: "tie" }).count()).toBe(expected.tie);
    expect(await judgments.getByTestId("judgment-verdict").filter({ hasText: w.models.writer.name }).count()).toBe(expected.a);

    // The guidelines are edited in place.
    const guidelines = page.getByRole("region", { name: "Guidelines", exact: true });
    await guidelines.getByRole("button", { name: "Edit guidelines" }).click();
    await guidelines.getByRole("textbox", { name: "Guidelines" }).fill("## Read both\n\nThen **follow the request**.");
    await guidelines.getByRole("button", { name: "Save guidelines" }).click();
    await guidelines.locator("strong", { hasText: "follow the request" }).waitFor();
    const settings = server.db.prepare<[number], { settings: string }>("SELECT settings FROM campaigns WHERE id = ?").get(campaignId)!;
    expect(JSON.parse(settings.settings)).toMatchObject({
      guidelines: "## Read both\n\nThen **follow the request**.",
      judgments_per_comparison: 2,
    });

    // Closing it: the status changes, and annotators no longer see it.
    await page.getByRole("button", { name: "Close campaign" }).click();
    await page.getByTestId("campaign-status").filter({ hasText: "closed" }).waitFor();
    await page.getByRole("button", { name: "Reopen campaign" }).waitFor();
    expect(server.db.prepare("SELECT status FROM campaigns WHERE id = ?").get(campaignId)).toEqual({ status: "closed" });
    const open = AnnotatorCampaignsResponseSchema.parse(await (await left.request.get(`${server.url}/api/annotate/campaigns`)).json());
    expect(open.campaigns.map((c) => c.id)).not.toContain(campaignId);
    await left.context.close();
    await mixed.context.close();

    // A verify-pairs campaign of the workspace's pair run: one comparison per proposal (all still proposed).
    await page.getByRole("link", { name: "Campaigns", exact: true }).first().click();
    await page.waitForURL(/\/campaigns$/);
    const run = server.ctx.pairRuns.get(server.db.prepare<[], { id: number }>("SELECT id FROM pair_runs ORDER BY id LIMIT 1").get()!.id)!;
    expect(run.proposals).toBeGreaterThan(0);
    await form.getByLabel("Name", { exact: true }).fill("Verify the pairs");
    await form.getByRole("radio", { name: /verify-pairs/ }).check();
    expect(await form.getByLabel("Pair run").locator("option:checked").textContent()).toContain(`#${run.id}`);
    expect(await form.getByRole("checkbox", { name: "proposed" }).isChecked()).toBe(true);
    expect(await form.getByRole("checkbox", { name: "accepted" }).isChecked()).toBe(true);
    expect(await form.getByRole("checkbox", { name: "rejected" }).isChecked()).toBe(false);
    await form.getByRole("button", { name: "Create campaign" }).click();
    const verifyRow = rowOf(page, "Verify the pairs");
    await verifyRow.waitFor();
    expect(await verifyRow.getByTestId("campaign-comparisons").textContent()).toBe(String(run.proposals));
    const listed = CampaignsResponseSchema.parse(await (await page.request.get(`${server.url}/api/campaigns`)).json());
    const verify = listed.items.find((c) => c.name === "Verify the pairs")!;
    expect(verify).toMatchObject({
      kind: "verify-pairs",
      comparisons: run.proposals,
      source: { kind: "verify-pairs", pair_run_id: run.id },
    });
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM comparisons WHERE campaign_id = ?").get(verify.id)).toEqual({ n: run.proposals });

    expect(errors).toEqual([]);
    await page.close();
  });

  it("offers a researcher, who cannot list users, every signed-in user as annotators and says why", async () => {
    await server.user("rita", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "rita", password);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Campaigns" }).click();
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByText("Only admins can list users").waitFor();
    expect(await form.getByRole("radio", { name: "All signed-in users" }).isChecked()).toBe(true);
    expect(await form.getByRole("radio", { name: "Only these users" }).count()).toBe(0);
    expect(await page.getByRole("alert").count()).toBe(0);
    await rowOf(page, w.campaign.name).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
