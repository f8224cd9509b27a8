import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NextItemResponseSchema } from "../../shared/schemas/campaigns";
import { hashPassword } from "../../server/auth/password";
import { apiSession } from "../helpers/annotate-api";
import { launchBrowser, logIn, startServer } from "../helpers/browser";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

// The annotator's history in a real browser (issue 15, point 4): from the annotate screen to their judgments,
// one opened with both answers and changed (the earlier version kept), a skipped item taken up again.

let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;

beforeAll(async () => {
  server = await startServer();
  w = await createWorkspace(server.ctx, { adminPassword: "admin pass for history", withOutputs: 6, judgmentsPerComparison: 2 });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const sampleText = (id: number) => (server.db.prepare("SELECT text FROM samples WHERE id = ?").get(id) as { text: string }).text;
// Rendered Markdown loses its marks: compare letters only.
const letters = (text: string) => text.replace(/[^\p{L}]/gu, "");

describe("an annotator's history", () => {
  it("opens a judgment with both answers, changes it, and takes a skipped item up again", async () => {
    const user = await server.ctx.users.create("hana", "annotator", await hashPassword(password), new Date());
    const c = w.campaign.id;
    // Two judgments and a skip over the API; the browser then works from the history.
    const api = await apiSession(browser, server.url, "hana", password);
    const take = async () =>
      NextItemResponseSchema.parse(await (await api.post(`${server.url}/api/annotate/campaigns/${c}/next`)).json()).item!;
    const judged = [];
    for (const [i, verdict] of (["left", "right"] as const).entries()) {
      const item = await take();
      const res = await api.post(`${server.url}/api/annotate/assignments/${item.assignment_id}/judgment`, {
        data: {
          verdict,
          rationale: `reason ${i}`,
          time_ms: 20_000,
          coverage_left: 1,
          coverage_right: 1,
          idempotency_key: `hist-e2e-${i}-abc`,
        },
      });
      expect(res.status()).toBe(201);
      judged.push({ item, id: ((await res.json()) as { judgment: { id: number } }).judgment.id });
    }
    const skipped = await take();
    expect((await api.post(`${server.url}/api/annotate/assignments/${skipped.assignment_id}/skip`)).status()).toBe(200);

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(15_000);
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await logIn(page, server.url, "hana", password);
    await page.getByRole("heading", { name: "Annotation", level: 1 }).waitFor();
    // From the annotate screen, its link to the history.
    await page
      .getByRole("row", { name: new RegExp(`Campaign ${c}`) })
      .getByRole("link", { name: /^Continue/ })
      .click();
    await page.waitForURL(`${server.url}/annotate/${c}`);
    await page.getByRole("link", { name: "Your judgments" }).click();
    await page.waitForURL(`${server.url}/annotate/${c}/history`);

    // Newest first: the "right" judgment, then the "left" one; one skipped item.
    const rows = page.getByTestId("history-row");
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(0).getByRole("cell").nth(1).innerText()).toBe("Right better");
    expect(await rows.nth(1).getByRole("cell").nth(1).innerText()).toBe("Left better");
    expect(await page.getByTestId("skipped-row").count()).toBe(1);

    // The older one, opened: both answers where they were, the verdict as given.
    const first = judged[0]!;
    await rows.nth(1).getByRole("link", { name: "Look again or change" }).click();
    await page.waitForURL(`${server.url}/annotate/${c}/history/${first.id}`);
    const form = page.getByRole("form", { name: "Change your judgment" });
    await form.waitFor();
    const left = await page.getByTestId("left-text").innerText();
    const right = await page.getByTestId("right-text").innerText();
    expect(letters(left).slice(0, 60)).toBe(letters(first.item.left.text).slice(0, 60));
    expect(letters(right).slice(0, 60)).toBe(letters(first.item.right.text).slice(0, 60));
    expect(await form.getByRole("radio", { name: "Left better" }).isChecked()).toBe(true);
    expect(await form.getByRole("textbox", { name: "Rationale (optional)" }).inputValue()).toBe("reason 0");

    // Changed to "Right better": the row holds it, the earlier version is kept.
    await form.getByRole("radio", { name: "Right better" }).check();
    await form.getByRole("textbox", { name: "Rationale (optional)" }).fill("the right one holds up better");
    await form.getByRole("button", { name: "Save the change" }).click();
    await form.getByText("Saved: Right better. The earlier version is kept.").waitFor();
    const row = server.db
      .prepare("SELECT winner_sample_id, right_sample_id, rationale FROM human_judgments WHERE id = ?")
      .get(first.id) as { winner_sample_id: number; right_sample_id: number; rationale: string };
    expect(row.winner_sample_id).toBe(row.right_sample_id);
    expect(row.rationale).toBe("the right one holds up better");
    expect(server.db.prepare("SELECT rationale FROM judgment_revisions WHERE human_judgment_id = ?").all(first.id)).toEqual([
      { rationale: "reason 0" },
    ]);
    expect(sampleText(row.right_sample_id)).toBe(first.item.right.text);

    await page.getByRole("link", { name: "Your judgments" }).click();
    await page.waitForURL(`${server.url}/annotate/${c}/history`);
    await rows
      .nth(1)
      .getByText(/^changed 1×/)
      .waitFor();
    expect(await rows.nth(1).getByRole("cell").nth(1).innerText()).toMatch(/^Right better/);

    // The skipped item, taken up again: the annotate screen shows it next.
    await page.getByTestId("skipped-row").getByRole("button", { name: "Judge it now" }).click();
    await page.waitForURL(`${server.url}/annotate/${c}`);
    await expect
      .poll(async () => letters(await page.getByTestId("left-text").innerText()).slice(0, 60))
      .toBe(letters(skipped.left.text).slice(0, 60));
    expect(server.db.prepare("SELECT status FROM assignments WHERE id = ? AND user_id = ?").get(skipped.assignment_id, user.id)).toEqual({
      status: "active",
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
