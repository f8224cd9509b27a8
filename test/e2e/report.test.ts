import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapEmptyDatabase, demoReferenceModel, demoSetName } from "../../server/bootstrap";
import { lengthReport } from "../../server/scoring/length-report";
import { launchBrowser, logIn, startServer } from "../helpers/browser";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  await bootstrapEmptyDatabase(server.ctx, { adminPassword: "admin-first-pass", demo: true, print: () => {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the length report", () => {
  it("shows each demo model's S_l as the server computes it, and one point per scored sample", async () => {
    const setId = server.ctx.sets.findByName(demoSetName)!.id;
    const report = lengthReport(server.ctx, setId);
    expect(report.models.map((m) => m.model_name).sort()).toEqual([demoReferenceModel, "demo-writer"]);
    expect(report.points.length).toBeGreaterThan(0);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "admin", "admin-first-pass");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Reports" }).click();
    await page.getByRole("heading", { name: "Length scores" }).waitFor();
    // Without ?set the first (here the only) set is shown.
    expect(await page.getByLabel("Set").inputValue()).toBe(String(setId));

    const table = page.getByRole("table");
    for (const model of report.models) {
      const row = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: model.model_name }) });
      // Cells after the row header: Samples, S_l, then one S_l per range.
      const cells = row.getByRole("cell");
      expect(await cells.nth(0).textContent()).toBe(String(model.samples));
      expect(await cells.nth(1).textContent()).toBe(model.length_score!.toFixed(1));
      for (const [i, range] of report.ranges.entries()) {
        const score = model.by_range[range]?.length_score ?? null;
        expect(await cells.nth(2 + i).textContent()).toBe(score === null ? "—" : score.toFixed(1));
      }
    }
    const reference = table.getByRole("row").filter({ has: page.getByRole("rowheader", { name: demoReferenceModel }) });
    expect(await reference.getByText("reference", { exact: true }).count()).toBe(1);

    const scatter = page.getByRole("img", { name: "Required versus produced length, log scales" });
    expect(await scatter.locator("circle").count()).toBe(report.points.length);
    expect(errors).toEqual([]);
  });
});
