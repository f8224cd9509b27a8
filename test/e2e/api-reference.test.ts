import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createUser } from "../helpers/factories";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  await createUser(server.ctx, "reader", "researcher", "reader-password");
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("the API reference page", () => {
  it("shows every operation of /api/openapi.json grouped by tag, with roles and schemas, and searches by path", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "reader", "reader-password");
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "API tokens" }).click();
    await page.getByRole("link", { name: "API reference" }).click();
    await page.getByRole("heading", { name: "API reference", level: 1 }).waitFor();

    const doc = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    const total = Object.values(doc.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    await page.getByText(`${total} operations`).waitFor();
    expect(await page.locator("details.api-operation").count()).toBe(total);
    await page.getByRole("heading", { name: "users", level: 2 }).waitFor();
    await page.getByRole("heading", { name: "campaigns", level: 2 }).waitFor();

    await page.getByRole("searchbox", { name: "Search by path" }).fill("/api/users");
    const users = Object.keys(doc.paths)
      .filter((p) => p.includes("/api/users"))
      .reduce((n, p) => n + Object.keys(doc.paths[p]!).length, 0);
    await page.getByText(`${users} operations`).waitFor();
    expect(await page.locator("details.api-operation").count()).toBe(users);
    expect(await page.getByRole("heading", { name: "campaigns", level: 2 }).count()).toBe(0);

    const create = page.locator('details.api-operation[data-method="post"][data-path="/api/users"]');
    await expect.poll(() => create.locator("summary").innerText()).toContain("Roles: admin");
    await create.locator("summary").click();
    const body = create.locator("pre.api-schema").first();
    await body.waitFor();
    const text = await body.innerText();
    expect(text).toContain('"username"');
    expect(text).toContain('"researcher"');
    await create.getByRole("heading", { name: "Answer 201 (application/json)" }).waitFor();
    expect(await create.innerText()).toContain("401, 403, 409, 413");

    await page.getByRole("searchbox", { name: "Search by path" }).fill("/no/such/path");
    await page.getByText("No operation matches.").waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });
});
