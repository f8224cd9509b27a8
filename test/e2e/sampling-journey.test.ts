import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lengthScore } from "../../shared/scoring/length-score";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";
import { endpointPolicy } from "../../server/endpoint-policy";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let fake: FakeOpenAi;
let w: Workspace;

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({
    kind: "stream",
    text: `A sampled answer to: ${req.prompt.slice(0, 40)}`,
    chunks: 5,
    chunkDelayMs: 10,
  }));
  // The admin lets researchers register endpoints (LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1), as these journeys do.
  server = await startServer({ runner: true, app: { endpointPolicy: endpointPolicy({ LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1" }) } });
  w = await createWorkspace(server.ctx, { adminPassword: "admin-first-pass" });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe("a researcher samples outputs from a model endpoint in the browser", () => {
  it("registers the endpoint, starts a job on a set, watches it finish and reads the outputs", async () => {
    await server.user("rita", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "rita", password);
    const nav = page.getByRole("navigation", { name: "Main" });

    // Only imported models so far (no base URL): the sampling page says how to connect an endpoint.
    await nav.getByRole("link", { name: "Sampling" }).click();
    await page.getByRole("heading", { name: "Connect a model endpoint" }).waitFor();

    await nav.getByRole("link", { name: "Models" }).click();
    await page.getByLabel("Name").fill("fake-endpoint");
    await page.getByLabel("Base URLs").fill(fake.url);
    await page.getByLabel("Model ID").fill("fake-model");
    await page.getByLabel("Max requests in flight").fill("4");
    await page.getByRole("button", { name: "Add model" }).click();
    await page.getByRole("cell", { name: "fake-endpoint" }).first().waitFor();
    expect(server.ctx.models.findByName("fake-endpoint")?.max_in_flight).toBe(4);

    await nav.getByRole("link", { name: "Sampling" }).click();
    await page.getByLabel("Instruction set").selectOption({ label: w.set.name });
    await page.getByLabel("Model", { exact: true }).selectOption({ label: "fake-endpoint" });
    await page.getByLabel("Samples per instruction").fill("2");
    await page.getByLabel("Length range").selectOption("[0,500)");
    await page.getByRole("button", { name: "Start sampling" }).click();

    // Two samples of each instruction asking for fewer than 500 words.
    const expected = 2 * w.set.records.filter((r) => r.length < 500).length;
    const counts = page.getByTestId("job-counts");
    await expect.poll(() => counts.textContent(), { timeout: 20_000 }).toContain(`${expected} done`);
    const jobId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const job = server.ctx.samplingJobs.get(jobId)!;
    expect(job).toMatchObject({ status: "done", counts: { done: expected, failed: 0 }, n: 2 });
    expect(fake.requests).toHaveLength(expected);
    expect(fake.maxInFlight).toBeLessThanOrEqual(4);

    // The instruction page shows the new outputs beside the imported ones.
    const first = w.set.records[0]!;
    const instruction = server.db.prepare("SELECT id FROM instructions WHERE external_id = ?").get(first.id) as { id: number };
    await page.goto(`${server.url}/instructions/${instruction.id}`);
    await page.getByText("fake-endpoint").first().waitFor();
    await page.getByText(w.models.reference.name).first().waitFor();
    // Length scores shown beside word counts, for the reference's answer as for the others.
    const words = server.db
      .prepare("SELECT word_count FROM samples WHERE instruction_id = ? AND model_id = ?")
      .pluck()
      .get(instruction.id, w.models.reference.id) as number;
    // Reference models come first, each model's samples in a section of its own.
    const referenceRow = page.getByRole("table").first().getByRole("row").nth(1);
    expect(await page.getByRole("region", { name: w.models.reference.name, exact: true }).getByRole("table").count()).toBe(1);
    await expect.poll(() => referenceRow.textContent()).toContain(`${words} / ${first.length} words`);
    expect(await referenceRow.textContent()).toContain(lengthScore(first.length, words).toFixed(1));
    expect(errors).toEqual([]);
  });
});
