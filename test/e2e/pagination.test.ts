import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSet, createUser } from "../helpers/factories";
import { launchBrowser, logIn, startServer } from "../helpers/browser";

// A paged list in the browser (decision 032): the sets page shows one page of the list and pages through the
// rest with the shared pager, its page in the URL; every set is reachable, none shown twice.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
const sets = 55;

beforeAll(async () => {
  server = await startServer();
  await createUser(server.ctx, "rose", "researcher", "rose-password");
  for (let i = 0; i < sets; i++) createSet(server.ctx, { name: `Set ${String(i).padStart(2, "0")}`, instructions: 1 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a paged list in the browser", () => {
  it("pages through the instruction sets: 50 on the first page, the rest on the next, none twice", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "rose", "rose-password");
    await page.waitForURL((url) => !url.pathname.startsWith("/login"));
    const before = server.requests.length;
    await page.goto(`${server.url}/sets`);

    const pager = page.getByRole("navigation", { name: "Pagination" });
    await pager.getByText("Page 1 of 2").waitFor();
    const rows = page.locator("table tbody tr");
    const names = () => rows.locator("td:first-child a").allTextContents();
    const first = await names();
    expect(first).toHaveLength(50);
    // Newest first: the last set made heads the list.
    expect(first[0]).toBe("Set 54");

    await pager.getByRole("button", { name: "Next page" }).click();
    await pager.getByText("Page 2 of 2").waitFor();
    await page.waitForURL((url) => url.searchParams.get("page") === "2");
    const second = await names();
    expect(second).toHaveLength(sets - 50);
    expect(new Set([...first, ...second]).size).toBe(sets);
    expect(second.at(-1)).toBe("Set 00");
    expect(await pager.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);

    // A smaller page size: three pages, back on the first.
    await pager.getByLabel("Page size").selectOption("25");
    await pager.getByText("Page 1 of 3").waitFor();
    expect(await names()).toEqual(first.slice(0, 25));
    // The browser asked the API for pages, never for the whole list.
    const listCalls = server.requests.slice(before).filter((r) => r.startsWith("GET /api/instruction-sets"));
    expect(listCalls.length).toBeGreaterThan(0);
    for (const call of listCalls) expect(call).toMatch(/page_size=(25|50)\b/);
    expect(errors).toEqual([]);
  });
});
