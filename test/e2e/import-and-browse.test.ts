import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath } from "../helpers/fixtures";
import { launchBrowser, startServer } from "../helpers/browser";
import { password } from "../helpers/test-app";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a researcher in the browser", () => {
  it("logs in, uploads LongBench-Write, filters to [4000,∞) and sees 27 instructions", async () => {
    await server.user("rita", "researcher");
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await page.goto(`${server.url}/sets`);
    await page.getByLabel("Username").fill("rita");
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("heading", { name: "Instruction sets" }).waitFor();

    await page.getByRole("button", { name: /import instructions/i }).click();
    await page.getByLabel("File").setInputFiles(fixturePath("longwriter/longbench_write.jsonl"));
    await page.getByLabel("Set name").fill("LongBench-Write");
    await page.getByRole("button", { name: "Preview" }).click();
    await page.getByRole("heading", { name: "Preview: 120 instructions parsed" }).waitFor();
    expect(server.ctx.sets.list()).toEqual([]);
    await page.getByRole("button", { name: "Import", exact: true }).click();

    const total = page.getByTestId("instruction-total");
    await expect.poll(() => total.textContent()).toBe("120 instructions");
    await page.getByLabel("Length range").selectOption("[4000,∞)");
    await expect.poll(() => total.textContent()).toBe("27 instructions");
    expect(new URL(page.url()).searchParams.get("range")).toBe("[4000,∞)");
    // 27 data rows plus the header row, when the page holds them all.
    await page.getByLabel("Page size").selectOption("50");
    await expect.poll(() => page.getByRole("row").count()).toBe(28);
    await expect.poll(() => page.getByRole("row").nth(1).textContent()).toContain("4,000");

    const stored = server.db
      .prepare("SELECT COUNT(*) AS n FROM instructions i JOIN instruction_sets s ON s.id = i.set_id WHERE s.name = ? AND length_range = ?")
      .get("LongBench-Write", "[4000,∞)") as { n: number };
    expect(stored.n).toBe(27);

    // And a set imported by mistake can be deleted, after a confirmation.
    const setId = server.ctx.sets.findByName("LongBench-Write")!.id;
    await page.goto(`${server.url}/sets/${setId}`);
    page.once("dialog", (dialog) => void dialog.accept());
    await page.getByRole("button", { name: "Delete set" }).click();
    await page.getByRole("heading", { name: "Instruction sets" }).waitFor();
    expect(server.ctx.sets.get(setId)).toBeUndefined();
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM instructions").get()).toEqual({ n: 0 });

    // Models are the admin's to register and repoint: she sees them, with no form to add or edit one.
    server.ctx.models.create(
      {
        name: "admins-endpoint",
        base_urls: ["http://127.0.0.1:9/v1"],
        model: "x",
        api_key_env: null,
        params: { temperature: 0.5, top_p: null, max_tokens: 100 },
        max_in_flight: 2,
        timeout_ms: 60_000,
        is_reference: false,
        resume_partial: false,
      },
      "config",
      new Date(),
    );
    await page.goto(`${server.url}/models`);
    await page.getByRole("cell", { name: "admins-endpoint" }).waitFor();
    await page.getByText(/is an admin's action/).waitFor();
    expect(await page.getByRole("button", { name: "Add model" }).count()).toBe(0);
    expect(await page.getByRole("button", { name: /^Edit/ }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
