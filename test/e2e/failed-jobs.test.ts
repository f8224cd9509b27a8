import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSamplingJob } from "../../server/sampling/jobs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedSet } from "../helpers/sampling";
import { password } from "../helpers/test-app";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let fake: FakeOpenAi;
// The endpoint refuses every request until the test lets it answer.
let healthy = false;

beforeAll(async () => {
  fake = await startFakeOpenAi(() =>
    healthy
      ? { kind: "stream", text: "An answer that is long enough." }
      : { kind: "status", status: 400, body: { error: { message: "maximum context length exceeded" } } },
  );
  server = await startServer({ runner: true });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe("a job whose samples all failed, in the browser", () => {
  it("shows a red failed badge, retries only the failed samples, and tests the model's connection", { timeout: 90_000 }, async () => {
    const rita = await server.user("rita", "researcher");
    const model = server.ctx.models.create(
      fieldsFromBody({ name: "flaky", base_urls: [fake.url], model: "fake-model" }),
      "ui",
      new Date(),
      rita.id,
    );
    const jobId = createSamplingJob(server.ctx, { set_id: seedSet(server.ctx, ["one", "two"]), model_id: model.id, n: 1 }, null);
    await expect.poll(() => server.ctx.samplingJobs.get(jobId)?.status, { timeout: 20_000 }).toBe("done");

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "rita", password);
    await page.getByRole("navigation", { name: "Main" }).waitFor();

    // The jobs list and the job page both say failed, not a green "done".
    await page.goto(`${server.url}/sampling`);
    const listed = page
      .getByRole("row")
      .filter({ hasText: `#${jobId}` })
      .locator(".status");
    await expect.poll(() => listed.getAttribute("data-outcome")).toBe("failed");
    expect(await listed.textContent()).toBe("failed");
    expect(await listed.getAttribute("class")).toContain("status-failed");

    await page.goto(`${server.url}/sampling/jobs/${jobId}`);
    const badge = page.getByRole("heading", { level: 1 }).locator(".status");
    await expect.poll(() => badge.textContent()).toBe("failed");
    expect(await badge.getAttribute("class")).toContain("status-failed");
    await page.getByText("HTTP 400 from http://127.0.0.1").first().waitFor();

    healthy = true;
    const before = fake.requests.length;
    await page.getByRole("button", { name: "Retry failed (2)" }).click();
    await expect.poll(() => page.getByTestId("job-counts").textContent(), { timeout: 20_000 }).toContain("2 done");
    await expect.poll(() => badge.textContent()).toBe("done");
    expect(fake.requests.length - before).toBe(2);
    expect(await page.getByRole("button", { name: /Retry failed/ }).count()).toBe(0);

    // Test connection on the models page shows the answer.
    await page.goto(`${server.url}/models`);
    await page.getByRole("button", { name: "Test connection flaky" }).click();
    await expect
      .poll(() => page.getByTestId(`connection-test-${model.id}`).textContent())
      .toMatch(/Connected: fake-model answered in \d+ ms/);
    expect(fake.requests.at(-1)!.body.max_tokens).toBe(1);

    // And a failure names the URL and the cause.
    healthy = false;
    await page.getByRole("button", { name: "Test connection flaky" }).click();
    await expect
      .poll(() => page.getByTestId(`connection-test-${model.id}`).textContent())
      .toContain(`Failed: HTTP 400 from ${fake.url}: maximum context length exceeded`);
    expect(errors).toEqual([]);
  });
});
