import type { Browser, Locator } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AutoVsHumanSchema } from "../../shared/schemas/analytics";
import { CampaignResponseSchema, type Verdict } from "../../shared/schemas/campaigns";
import { WinRatesSchema } from "../../shared/schemas/win-rates";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";
import { apiSession, judgeAll } from "../helpers/annotate-api";

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

const session = (username: string, pass: string) => apiSession(browser, server.url, username, pass);

const cellTexts = async (row: Locator) => (await row.getByRole("cell").allTextContents()).map((t) => t.trim());
const pct = (share: number) => `${(share * 100).toFixed(1)}%`;

describe("the analytics page", () => {
  it("reports a vs-reference campaign's win rates, Bradley–Terry ratings, agreement and the best length weight as the API computes them", async () => {
    const admin = await session("admin", adminPassword);
    const setId = w.set.id;
    const writer = w.models.writer;
    const referenceName = w.models.reference.name;
    const created = await admin.post(`${server.url}/api/campaigns`, {
      data: {
        name: "Writer vs reference, k = 3",
        set_id: setId,
        source: { kind: "vs-reference", model_id: writer.id },
        settings: { judgments_per_comparison: 3 },
      },
    });
    expect(created.status()).toBe(201);
    const campaign = CampaignResponseSchema.parse(await created.json()).campaign;

    // Three annotators: one always left, one always right, one a tie every third item, else right.
    const verdicts: ((i: number) => Verdict)[] = [() => "left", () => "right", (i) => (i % 3 === 0 ? "tie" : "right")];
    for (const [n, verdictFor] of verdicts.entries()) {
      await server.user(`ann${n}`, "annotator");
      expect(await judgeAll(await session(`ann${n}`, password), server.url, campaign.id, `ann${n}`, (_, i) => verdictFor(i))).toBe(
        campaign.comparisons,
      );
    }
    const stats = WinRatesSchema.parse(await (await admin.get(`${server.url}/api/analytics/win-rates?campaigns=${campaign.id}`)).json());
    const auto = AutoVsHumanSchema.parse(await (await admin.get(`${server.url}/api/campaigns/${campaign.id}/auto-vs-human`)).json());
    expect(stats).toMatchObject({ reference_model: referenceName, judgments: 3 * campaign.comparisons });
    expect(auto.best_weight).not.toBeNull();

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "admin", adminPassword);
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Analytics" }).click();
    await page.waitForURL(/\/analytics$/);
    await page.getByText("Pick one or more campaigns").waitFor();

    // Picking the campaign puts it in the URL; the reference is the server's choice.
    // (click, not check: the router applies the new URL in a transition, a moment after the click.)
    const box = page.getByRole("checkbox", { name: /Writer vs reference, k = 3/ });
    await box.click();
    await page.waitForURL(new RegExp(`campaigns=${campaign.id}$`));
    await expect.poll(() => box.isChecked()).toBe(true);
    const table = page.getByRole("table", { name: `Win rates against ${referenceName}` });
    await table.waitFor();
    expect(await page.getByLabel("Reference model").locator("option:checked").textContent()).toContain(referenceName);

    // The table: counts, shares, win rate with its interval, majority vote, as the API gives them.
    const { all, majority_vote: majority, bootstrap_ci95_over_instructions: ci } = stats.vs_reference[writer.name]!;
    const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: writer.name }) });
    expect(await cellTexts(row)).toEqual([
      String(all.win),
      String(all.tie),
      String(all.loss),
      String(all.n),
      pct(all.win / all.n),
      pct(all.tie / all.n),
      pct(all.loss / all.n),
      pct(all.win_rate!),
      `[${pct(ci![0])}, ${pct(ci![1])}]`,
      pct(majority.win_rate!),
      String(majority.n),
    ]);

    // ...which are what the database holds: the writer is each comparison's sample a.
    const stored = server.db
      .prepare<[number], { verdict: string; a: number }>(
        "SELECT x.verdict, x.winner_sample_id = c.sample_a_id AS a FROM human_judgments x JOIN comparisons c ON c.id = x.comparison_id WHERE x.campaign_id = ?",
      )
      .all(campaign.id);
    const wins = stored.filter((r) => r.verdict === "win" && r.a === 1).length;
    const losses = stored.filter((r) => r.verdict === "win" && r.a === 0).length;
    expect([wins, stored.length - wins - losses, losses]).toEqual([all.win, all.tie, all.loss]);

    // Figure 9: one stacked bar per model, its shares labelled.
    const chart = page.getByRole("img", { name: new RegExp(`Win, tie and loss shares against ${referenceName}`) });
    expect(await chart.locator("[data-row]").count()).toBe(Object.keys(stats.vs_reference).length);
    expect(await chart.locator(`[data-row="${writer.name}"] .analytics-win text`).textContent()).toBe(
      `${Math.round((all.win / all.n) * 100)}%`,
    );

    // By length range: one row per range, counts adding up to the whole.
    await page.getByLabel("Breakdown").selectOption({ label: "By length range" });
    await page.waitForURL(/view=length/);
    const buckets = stats.vs_reference[writer.name]!.by_length_bucket!;
    // The URL changes before the table re-renders: wait for the rows, not just the URL.
    await expect.poll(() => table.locator("tbody tr").count()).toBe(Object.keys(buckets).length);
    for (const [range, tally] of Object.entries(buckets)) {
      const cells = await cellTexts(table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: range, exact: true }) }));
      expect(cells.slice(0, 4)).toEqual([String(tally.win), String(tally.tie), String(tally.loss), String(tally.n)]);
    }
    await expect.poll(() => chart.locator("[data-row]").count()).toBe(Object.keys(buckets).length);

    // Bradley–Terry: the reference fixed at 1000, the writer's rating as fitted.
    const bt = page.getByRole("table", { name: /Bradley–Terry ratings/ });
    expect(await bt.locator(`tr[data-model="${referenceName}"] td`).first().textContent()).toBe("1000");
    expect(await bt.locator(`tr[data-model="${writer.name}"] td`).first().textContent()).toBe(
      String(Math.round(stats.bradley_terry[writer.name]!)),
    );

    // Agreement: every pair of annotators, and position bias.
    const kappa = page.getByRole("table", { name: "Cohen's κ per pair of annotators" });
    expect(await kappa.locator("tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-pair")))).toEqual(
      Object.keys(stats.agreement.cohen_kappa),
    );
    expect(await kappa.getByRole("rowheader").allTextContents()).toEqual(["ann0 · ann1", "ann0 · ann2", "ann1 · ann2"]);
    const bias = stats.position_bias;
    expect(await page.getByTestId("left-win-rate").textContent()).toBe(`${pct(bias.left_win_rate!)} (${bias.left_wins})`);
    expect(await page.getByTestId("position-p-value").textContent()).toBe(bias.p_value!.toFixed(2));

    // One campaign picked: the automatic scores against the humans, with the API's best weight.
    const panel = page.getByRole("region", { name: "Automatic vs human" });
    expect(await panel.getByTestId("best-weight").textContent()).toBe(`w = ${auto.best_weight}`);
    const best = auto.weights.find((w) => w.weight === auto.best_weight)!;
    expect(await panel.getByTestId("weight-suggestion").textContent()).toContain(`${pct(best.agreement)} of decided judgments`);
    await panel.getByRole("img", { name: new RegExp(`best at w = ${auto.best_weight}`) }).waitFor();

    // The state survives a reload; an unknown reference is the server's 400, shown as such.
    await page.reload();
    await table.waitFor();
    expect(await page.getByLabel("Breakdown").inputValue()).toBe("length");
    await page.goto(`${server.url}/analytics?campaigns=${campaign.id}&reference=nobody`);
    await page.getByRole("alert").filter({ hasText: 'model "nobody" is in none of these judgments' }).waitFor();
    expect(await page.getByLabel("Reference model").inputValue()).toBe("nobody");
    expect(errors).toEqual([]);
    await page.close();
  });
});
