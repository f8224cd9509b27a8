import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bootstrapEmptyDatabase } from "../../server/bootstrap";
import { verifyPassword } from "../../server/auth/password";
import { launchBrowser, logIn, startServer } from "../helpers/browser";

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;

beforeAll(async () => {
  server = await startServer();
  await bootstrapEmptyDatabase(server.ctx, { adminPassword: "admin-first-pass", demo: false, print: () => {} });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const stored = (username: string) =>
  server.db.prepare("SELECT id, role, disabled_at, password_hash FROM users WHERE username = ?").get(username) as {
    id: number;
    role: string;
    disabled_at: string | null;
    password_hash: string;
  };

describe("accounts in the browser", () => {
  it("an admin disables one user and resets another's password; that user changes it and signs out everywhere", async () => {
    const { hashPassword } = await import("../../server/auth/password");
    server.ctx.users.create("rita", "annotator", await hashPassword("rita-password"), new Date());
    server.ctx.users.create("sam", "researcher", await hashPassword("sam-password"), new Date());
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(10_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));

    await logIn(page, server.url, "admin", "admin-first-pass");
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Users" }).click();
    await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
    // An admin's top bar holds the most links: at 1280 px it fits, "Log out" included (no sideways scrolling).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

    await page.getByRole("button", { name: "Disable rita" }).click();
    await page.getByRole("status").filter({ hasText: "rita is disabled." }).waitFor();
    await page.getByRole("button", { name: "Enable rita" }).waitFor();

    await page.getByRole("combobox", { name: "Role of sam" }).selectOption("admin");
    await page.getByRole("status").filter({ hasText: "sam is now admin." }).waitFor();

    await page.getByRole("button", { name: "Reset password of sam" }).click();
    const shown = page.getByRole("textbox", { name: "New password for sam" });
    await shown.waitFor();
    const reset = await shown.inputValue();
    expect(reset.length).toBeGreaterThanOrEqual(12);
    await page.getByRole("button", { name: "I have passed it on" }).click();
    expect(await page.getByRole("textbox", { name: "New password for sam" }).count()).toBe(0);

    await page.getByRole("button", { name: "Log out" }).click();
    // Rita is refused exactly like a wrong password.
    await logIn(page, server.url, "rita", "rita-password");
    await page.getByRole("alert").filter({ hasText: "invalid username or password" }).waitFor();

    await logIn(page, server.url, "sam", reset);
    await page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Account" }).click();
    await page.getByRole("heading", { name: "Account", level: 1 }).waitFor();
    await page.getByLabel("Current password").fill("not-the-password");
    await page.getByLabel("New password").fill("sam-own-password");
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("alert").filter({ hasText: "current_password" }).waitFor();
    await page.getByLabel("Current password").fill(reset);
    await page.getByRole("button", { name: "Change password" }).click();
    await page.getByRole("status").filter({ hasText: "Password changed." }).waitFor();

    await page.getByRole("button", { name: "Sign out everywhere" }).click();
    await page.getByRole("button", { name: "Log in" }).waitFor();

    const sam = stored("sam");
    expect(sam.role).toBe("admin");
    expect(await verifyPassword("sam-own-password", sam.password_hash)).toBe(true);
    expect(server.db.prepare("SELECT COUNT(*) AS n FROM sessions WHERE user_id = ?").get(sam.id)).toEqual({ n: 0 });
    expect(stored("rita").disabled_at).not.toBeNull();
    expect(errors).toEqual([]);
  }, 120_000);
});
