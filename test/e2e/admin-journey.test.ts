import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapEmptyDatabase, demoSetName } from "../../server/bootstrap";
import { launchBrowser, logIn, startServer } from "../helpers/browser";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  // On purpose the demo workspace, as `npm start` makes it (every other browser test uses test/helpers/factories):
  // this journey is a newcomer's first look at it.
  await bootstrapEmptyDatabase(server.ctx, { adminPassword: "admin-first-pass", demo: true, print: () => {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("an admin on a fresh workspace", () => {
  it("finds the demo set, adds an annotator who sees only annotation, and gets bad lines named on import", async () => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "admin", "admin-first-pass");
    await page.getByRole("link", { name: demoSetName }).click();
    await page.getByRole("heading", { name: demoSetName }).waitFor();
    // The counts table covers every type and range of the demo set.
    const table = page.getByRole("table");
    for (const range of ["[0,500)", "[500,2000)", "[2000,4000)", "[4000,∞)"]) {
      await table.getByRole("columnheader", { name: range }).waitFor();
    }
    await table.getByRole("rowheader", { name: "Education and Training" }).waitFor();

    // A file with two bad lines: the alert names both, and nothing is imported.
    const bad = join(mkdtempSync(join(tmpdir(), "longpref-e2e-")), "bad.jsonl");
    writeFileSync(
      bad,
      '{"prompt": "Write a 300-word poem", "type": "x", "length": 300}\n{oops\n{"prompt": "", "type": "x", "length": 10}\n',
    );
    const nav = page.getByRole("navigation", { name: "Main" });
    await nav.getByRole("link", { name: "Sets" }).click();
    await page.getByRole("button", { name: /import instructions/i }).click();
    await page.getByLabel("File").setInputFiles(bad);
    await page.getByLabel("Set name").fill("Broken");
    await page.getByRole("button", { name: "Import", exact: true }).click();
    const alert = page.getByRole("alert");
    await expect.poll(() => alert.textContent()).toContain("line 2: not JSON");
    expect(await alert.textContent()).toContain("line 3: missing prompt");
    expect(server.ctx.sets.findByName("Broken")).toBeUndefined();

    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Users" }).click();
    await page.getByLabel("Username").fill("ann");
    await page.getByLabel("Role", { exact: true }).selectOption("annotator");
    await page.getByLabel("Password").fill("annotator-pass");
    await page.getByRole("button", { name: "Add user" }).click();
    await page.getByRole("cell", { name: "ann", exact: true }).waitFor();
    expect(server.ctx.users.findByName("ann")?.role).toBe("annotator");

    await page.getByRole("button", { name: "Log out" }).click();
    await logIn(page, server.url, "ann", "annotator-pass");
    // An annotator lands on annotation: the demo's campaign is open to everyone.
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    await page.getByText("Demo: which answer is better?").waitFor();
    expect(await nav.getByRole("link", { name: "Sets" }).count()).toBe(0);
    await page.goto(`${server.url}/sets`);
    await page.getByRole("heading", { name: "Not available" }).waitFor();
    expect(errors).toEqual([]);
  });
});
