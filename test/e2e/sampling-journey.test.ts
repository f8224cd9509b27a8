import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapEmptyDatabase, demoSetName } from "../../server/bootstrap";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { password } from "../helpers/test-app";
import { endpointPolicy } from "../../server/endpoint-policy";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({ kind: "stream", text: `A sampled answer to: ${req.prompt.slice(0, 40)}`, chunks: 5, chunkDelayMs: 10 }));
  // The admin lets researchers register endpoints (LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1), as these journeys do.
  server = await startServer({ runner: true, app: { endpointPolicy: endpointPolicy({ LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1" }) } });
  await bootstrapEmptyDatabase(server.ctx, { adminPassword: "admin-first-pass", demo: true, print: () => {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe("a researcher samples outputs from a model endpoint in the browser", () => {
  it("registers the endpoint, starts a job on the demo set, watches it finish and reads the outputs", async () => {
    await server.user("rita", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "rita", password);
    const nav = page.getByRole("navigation", { name: "Main" });

    // Only demo models so far (no base URL): the sampling page says how to connect an endpoint.
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
    await page.getByLabel("Instruction set").selectOption({ label: demoSetName });
    await page.getByLabel("Model", { exact: true }).selectOption({ label: "fake-endpoint" });
    await page.getByLabel("Samples per instruction").fill("2");
    await page.getByLabel("Length range").selectOption("[0,500)");
    await page.getByRole("button", { name: "Start sampling" }).click();

    const counts = page.getByTestId("job-counts");
    await expect.poll(() => counts.textContent(), { timeout: 20_000 }).toContain("16 done");
    const jobId = Number(new URL(page.url()).pathname.split("/").at(-1));
    const job = server.ctx.samplingJobs.get(jobId)!;
    expect(job).toMatchObject({ status: "done", counts: { done: 16, failed: 0 }, n: 2 });
    expect(fake.requests).toHaveLength(16);
    expect(fake.maxInFlight).toBeLessThanOrEqual(4);

    // The instruction page shows the new outputs beside the illustrative demo ones.
    const demo01 = server.db.prepare("SELECT id FROM instructions WHERE external_id = 'demo-01'").get() as { id: number };
    await page.goto(`${server.url}/instructions/${demo01.id}`);
    await page.getByText(/Illustrative demo outputs written for longpref/).waitFor();
    await page.getByText("fake-endpoint").first().waitFor();
    await page.getByText("demo-reference").first().waitFor();
    // Length scores shown beside word counts: demo-01 asks for 150 words; its reference answer has 140.
    const referenceRow = page.getByRole("table").first().getByRole("row").nth(1);
    await expect.poll(() => referenceRow.textContent()).toContain("140 / 150 words");
    expect(await referenceRow.textContent()).toContain((100 * (1 - (150 / 140 - 1) / 2)).toFixed(1));
    expect(errors).toEqual([]);
  });
});
