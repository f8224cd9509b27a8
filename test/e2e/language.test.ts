import type { Browser, BrowserContext, Page } from "playwright-core";
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CampaignResponseSchema } from "../../shared/schemas/campaigns";
import { launchBrowser, startServer } from "../helpers/browser";
import { createUser, createWorkspace, type Workspace } from "../helpers/factories";
import { password } from "../helpers/test-app";

// Issue 15, point 6: the interface speaks Chinese or English, by the browser until a user chooses, then by the
// account's stored choice everywhere; a length reads "字" for a Chinese instruction and "words" (词) otherwise.
let browser: Browser;
let server: Awaited<ReturnType<typeof startServer>>;
let w: Workspace;
const campaigns: { zh: number; en: number } = { zh: 0, en: 0 };
const contexts: BrowserContext[] = [];
const adminPassword = "admin-first-pass";

beforeAll(async () => {
  server = await startServer();
  // Four instructions with outputs, the second of them Chinese (factories.instructionRecord).
  w = await createWorkspace(server.ctx, { adminPassword, withOutputs: 4 });
  const admin = request.agent(server.app);
  await admin.post("/api/auth/login").send({ username: "admin", password: adminPassword }).expect(200);
  await admin.patch(`/api/campaigns/${w.campaign.id}`).send({ status: "closed" }).expect(200);
  for (const lang of ["zh", "en"] as const) {
    const res = await admin
      .post("/api/campaigns")
      .send({ name: `Study ${lang}`, set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, filter: { lang } })
      .expect(201);
    campaigns[lang] = CampaignResponseSchema.parse(res.body).campaign.id;
  }
  for (const name of ["lin", "emma"]) await createUser(server.ctx, name, "annotator", password);
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

/** A new browser whose languages are those of `locale` (navigator.languages and Accept-Language). */
async function pageIn(locale: string): Promise<Page> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 800 } });
  contexts.push(context);
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

const htmlLang = (page: Page) => page.evaluate(() => document.documentElement.lang);
const leftWords = (page: Page) => page.getByTestId("left-words").textContent();

async function logInAs(page: Page, username: string, labels: { user: string; password: string; button: string }, secret = password) {
  await page.goto(`${server.url}/login`);
  await page.getByLabel(labels.user, { exact: true }).fill(username);
  await page.getByLabel(labels.password, { exact: true }).fill(secret);
  await page.getByRole("button", { name: labels.button, exact: true }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}
const chinese = { user: "用户名", password: "密码", button: "登录" };

describe("the interface language", () => {
  it("follows a Chinese browser: the login page and the annotator's screen are in Chinese, lengths of a Chinese text in 字", async () => {
    const page = await pageIn("zh-CN");
    await page.goto(`${server.url}/login`);
    await page.getByRole("heading", { name: "登录", level: 1 }).waitFor();
    expect(await htmlLang(page)).toBe("zh-CN");
    expect(await page.title()).toBe("登录 · longpref");

    await logInAs(page, "lin", chinese);
    await page.goto(`${server.url}/annotate/${campaigns.zh}`);
    await page.getByRole("button", { name: /^都不好/ }).waitFor();
    expect(await page.getByRole("button", { name: /^Both bad/ }).count()).toBe(0);
    await expect.poll(() => leftWords(page)).toMatch(/^[\d,]+ \/ [\d,]+ 字$/);
    expect(await page.getByTestId("required-length").textContent()).toMatch(/字/);
    // The account has chosen nothing: the browser decided.
    expect(server.ctx.users.findByName("lin")!.language).toBeNull();
  });

  it("switches in the top bar without leaving the page, and keeps the choice with the account across reloads and browsers", async () => {
    const page = await pageIn("zh-CN");
    await logInAs(page, "emma", chinese);
    const address = `${server.url}/annotate/${campaigns.en}`;
    await page.goto(address);
    await page.getByRole("button", { name: /^都不好/ }).waitFor();
    // An English instruction's lengths, in the Chinese interface: 词.
    await expect.poll(() => leftWords(page)).toMatch(/^[\d,]+ \/ [\d,]+ 词$/);

    await page.getByRole("banner").getByLabel("语言").selectOption("en");
    await page.getByRole("button", { name: /^Both bad/ }).waitFor();
    expect(page.url()).toBe(address);
    expect(await htmlLang(page)).toBe("en");
    await expect.poll(() => leftWords(page)).toMatch(/^[\d,]+ \/ [\d,]+ words$/);
    await expect.poll(() => server.ctx.users.findByName("emma")!.language).toBe("en");

    await page.reload();
    await page.getByRole("button", { name: /^Both bad/ }).waitFor();
    expect(await page.getByRole("button", { name: /^都不好/ }).count()).toBe(0);
    // A Chinese instruction keeps 字 in the English interface: the unit follows the text, not the interface.
    await page.goto(`${server.url}/annotate/${campaigns.zh}`);
    await page.getByRole("button", { name: /^Both bad/ }).waitFor();
    await expect.poll(() => leftWords(page)).toMatch(/^[\d,]+ \/ [\d,]+ 字$/);

    // Another browser, also Chinese: Chinese until emma signs in, then her English.
    const other = await pageIn("zh-CN");
    await logInAs(other, "emma", chinese);
    await expect.poll(() => htmlLang(other)).toBe("en");
    await other.goto(address);
    await other.getByRole("button", { name: /^Both bad/ }).waitFor();
    await expect.poll(() => leftWords(other)).toMatch(/words$/);

    // Signing out leaves the account's choice with the account: the next person meets the browser's language.
    await other.getByRole("button", { name: "Log out" }).click();
    await other.getByRole("heading", { name: "登录", level: 1 }).waitFor();
    await logInAs(other, "emma", chinese);
    await expect.poll(() => htmlLang(other)).toBe("en");

    // Back to Chinese from the account page, again kept with the account.
    await other.goto(`${server.url}/account`);
    await other.getByRole("main").getByRole("combobox", { name: "Language" }).selectOption("zh");
    await other.getByRole("heading", { name: "账户", level: 1 }).waitFor();
    expect(other.url()).toBe(`${server.url}/account`);
    await expect.poll(() => server.ctx.users.findByName("emma")!.language).toBe("zh");
  });

  it("shows a Chinese instruction's required length in 字 and an English one's in words on the researcher's pages", async () => {
    const page = await pageIn("en-US");
    await logInAs(page, "admin", { user: "Username", password: "Password", button: "Log in" }, adminPassword);
    const idOf = (lang: string) =>
      (
        server.db.prepare("SELECT id FROM instructions WHERE set_id = ? AND lang = ? ORDER BY position LIMIT 1").get(w.set.id, lang) as {
          id: number;
        }
      ).id;
    for (const [lang, unit] of [
      ["zh", "字"],
      ["en", "words"],
    ] as const) {
      await page.goto(`${server.url}/instructions/${idOf(lang)}`);
      await expect.poll(() => page.locator(".required-length").first().textContent()).toMatch(new RegExp(`^[\\d,]+ ${unit}`));
    }
  });
});
