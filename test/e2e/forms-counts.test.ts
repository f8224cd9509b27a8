import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createOutputs, createSet, createWorkspace, type Workspace } from "../helpers/factories";

// Issue 15 point 5 in the browser: the campaign form says how many comparisons it will create and offers
// only models with outputs; files are refused before they are sent; outputs are imported through the UI.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const adminPassword = "admin-first-pass";
// Small, so a small file is over it; the server's own default is 50 MB.
const uploadLimit = 64 * 1024;

beforeAll(async () => {
  server = await startServer({ app: { maxBodyBytes: uploadLimit } });
  // Twelve instructions, five with outputs of the writer and the reference: five comparisons, not twelve.
  w = await createWorkspace(server.ctx, { adminPassword, instructions: 12, withOutputs: 5 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function adminPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(15_000);
  await logIn(page, server.url, "admin", adminPassword);
  await page.getByRole("navigation", { name: "Main" }).waitFor();
  return page;
}

const posts = (path: string) => server.requests.filter((r) => r.startsWith(`POST ${path}`)).length;

describe("forms that say what will happen", () => {
  it("counts the comparisons a campaign will create, and creates that many", async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/campaigns`);
    const form = page.getByRole("form", { name: "New campaign" });
    const willCreate = form.getByTestId("will-create");
    await willCreate.filter({ hasText: "5 comparisons will be created (15 judgments at k = 3), from 12 matching instructions." }).waitFor();
    await form.getByLabel("Judgments per comparison (k)").fill("2");
    await willCreate.filter({ hasText: "5 comparisons will be created (10 judgments at k = 2)" }).waitFor();
    // Chinese instructions are every fourth from the second: one of the five with outputs.
    await form.getByLabel("Language").selectOption("zh");
    await willCreate.filter({ hasText: "1 comparison will be created (2 judgments at k = 2), from 3 matching instructions." }).waitFor();
    await form.getByLabel("Name", { exact: true }).fill("Chinese only");
    await form.getByRole("button", { name: "Create campaign" }).click();
    await page.getByRole("status").filter({ hasText: "Created Chinese only" }).waitFor();
    const created = server.ctx.campaigns.list().find((c) => c.name === "Chinese only")!;
    expect(created.comparisons).toBe(1);
    await page.close();
  });

  it("does not pre-select a reference model without outputs in the set, and says why it is missing", async () => {
    // A second set with outputs of two writers only: the one reference model has none there.
    const other = createSet(server.ctx, { name: "No reference here", instructions: 4 });
    createOutputs(server.ctx, other, [
      { name: "writer-one", samples: 1 },
      { name: "writer-two", samples: 1 },
    ]);
    const page = await adminPage();
    await page.goto(`${server.url}/campaigns`);
    const form = page.getByRole("form", { name: "New campaign" });
    await form.getByLabel("Instruction set").selectOption({ label: other.name });
    const reference = form.getByLabel("Reference model");
    await form.getByTestId("models-not-offered").filter({ hasText: w.models.reference.name }).waitFor();
    expect(await reference.locator("option:checked").textContent()).toBe("Choose a model");
    const offered = await reference.locator("option").allTextContents();
    expect(offered).toEqual(["Choose a model", "writer-one", "writer-two"]);
    // Nothing to create until a reference is chosen; then the count, and no error naming the reference.
    expect(await form.getByRole("button", { name: "Create campaign" }).isDisabled()).toBe(true);
    await reference.selectOption({ label: "writer-two" });
    await form.getByTestId("will-create").filter({ hasText: "4 comparisons will be created" }).waitFor();
    expect(await form.getByText("has no outputs of a reference model").count()).toBe(0);
    await page.close();
  });

  it("refuses an empty file and one over the upload limit before sending anything, naming the limit and its setting", async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/sets`);
    await page.getByRole("button", { name: /import instructions/i }).click();
    const file = page.getByLabel("File");
    const before = posts("/api/instruction-sets/import");

    await file.setInputFiles({ name: "empty.jsonl", mimeType: "application/jsonl", buffer: Buffer.alloc(0) });
    await page.getByRole("alert").filter({ hasText: "The file is empty." }).waitFor();
    await file.setInputFiles({ name: "blank.jsonl", mimeType: "application/jsonl", buffer: Buffer.from("\n  \n") });
    await page.getByRole("alert").filter({ hasText: "The file is empty." }).waitFor();
    expect(await page.getByRole("button", { name: "Preview" }).isDisabled()).toBe(true);

    const big = Buffer.from(`${JSON.stringify({ prompt: "x".repeat(100 * 1024) })}\n`);
    await file.setInputFiles({ name: "big.jsonl", mimeType: "application/jsonl", buffer: big });
    const refusal = page.getByRole("alert").filter({ hasText: "over the server's upload limit" });
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(
      "The file is 100 KB, over the server's upload limit of 64 KB. An administrator can raise the limit with the LONGPREF_MAX_UPLOAD_MB setting.",
    );
    expect(await page.getByRole("button", { name: "Import", exact: true }).isDisabled()).toBe(true);
    expect(posts("/api/instruction-sets/import")).toBe(before);
    await page.close();
  });

  it("imports outputs through the set page, naming bad lines first", async () => {
    const page = await adminPage();
    await page.goto(`${server.url}/sets/${w.set.id}`);
    await page.getByRole("button", { name: "Import outputs" }).click();
    const form = page.getByRole("form", { name: "Import outputs" });
    const file = form.getByLabel("File");

    // Empty: refused in the page, never sent.
    const before = posts("/api/outputs/import");
    await file.setInputFiles({ name: "none.jsonl", mimeType: "application/jsonl", buffer: Buffer.alloc(0) });
    await form.getByRole("alert").filter({ hasText: "The file is empty." }).waitFor();
    expect(posts("/api/outputs/import")).toBe(before);

    const line = (id: string) => JSON.stringify({ instruction_id: id, model: "ui-writer", text: `An answer to ${id}, written elsewhere.` });
    // An unknown instruction: the server names the line and imports nothing.
    await file.setInputFiles({
      name: "bad.jsonl",
      mimeType: "application/jsonl",
      buffer: Buffer.from([line("item-01"), line("item-99")].join("\n")),
    });
    await form.getByTestId("outputs-preview").filter({ hasText: "ui-writer: 2 (new model)" }).waitFor();
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await form.getByRole("alert").filter({ hasText: 'line 2: unknown instruction "item-99"' }).waitFor();
    expect(server.ctx.models.findByName("ui-writer")).toBeUndefined();

    const good = ["item-01", "item-02", "item-03"].map(line).join("\n");
    await file.setInputFiles({ name: "good.jsonl", mimeType: "application/jsonl", buffer: Buffer.from(good) });
    await form.getByTestId("outputs-preview").filter({ hasText: "Will import 3 output(s)" }).waitFor();
    await form.getByRole("button", { name: "Import", exact: true }).click();
    await form.getByRole("status").filter({ hasText: "Imported 3 output(s) of ui-writer." }).waitFor();
    const model = server.ctx.models.findByName("ui-writer")!;
    const stored = server.db
      .prepare("SELECT COUNT(*) AS n FROM samples WHERE model_id = ? AND status = 'done' AND source = 'imported'")
      .get(model.id) as { n: number };
    expect(stored.n).toBe(3);
    await page.close();
  });

  it("samples with the other forms' text filter and N at random by seed, counting the samples first", async () => {
    // An endpoint nobody answers: the server here runs no jobs, the test reads the rows the job creates.
    const sampler = server.ctx.models.create(
      fieldsFromBody({ name: "sampler", base_urls: ["http://127.0.0.1:9/v1"], model: "sampler" }),
      "ui",
      new Date(),
    );
    const page = await adminPage();
    await page.goto(`${server.url}/sampling`);
    const form = page.getByRole("form", { name: "New sampling job" });
    await form.getByLabel("Instruction set").selectOption({ label: w.set.name });
    await form.getByLabel("Model").selectOption({ label: "sampler" });
    const willCreate = form.getByTestId("will-create");
    await willCreate.filter({ hasText: "Will create 48 sample(s) for 12 instruction(s): 48 requests to the endpoint." }).waitFor();
    // "piece 1" is in the English prompts of items 1, 11 and 12 (item 10 is Chinese).
    await form.getByLabel("Prompt or ID contains").fill("piece 1");
    await willCreate.filter({ hasText: "for 3 instruction(s)" }).waitFor();
    await form.getByLabel("Take").selectOption({ label: "N at random (seed)" });
    await form.getByLabel("N", { exact: true }).fill("2");
    await form.getByLabel("Seed").fill("5");
    await willCreate.filter({ hasText: "Will create 8 sample(s) for 2 instruction(s)" }).waitFor();
    await form.getByRole("button", { name: "Start sampling" }).click();
    await page.waitForURL(/\/sampling\/jobs\/\d+$/);
    const job = server.ctx.samplingJobs.list().find((j) => j.model_id === sampler.id)!;
    expect(job.filter).toEqual({ q: "piece 1", subset: { kind: "random", count: 2, seed: 5 } });
    expect(job.total).toBe(8);
    await page.close();
  });
});
