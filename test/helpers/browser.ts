import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type Browser, type Page } from "playwright-core";
import type { AppDeps } from "../../server/app";
import { clientDist } from "../../server/client-build";
import { systemClock } from "../../server/clock";
import { openAiChat } from "../../server/llm/chat-client";
import { createJobRunner } from "../../server/job-runner";
import { testApp, type TestApp } from "./test-app";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Debian's chromium, headless. A missing browser fails the test (never a silent skip): CI installs
 * it in .ci/run, a developer with `apt-get install chromium`.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no browser at ${chromiumPath}: run 'apt-get install -y chromium' (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** The real server (built client + API) on a fresh SQLite file, listening on a free loopback port. */
export async function startServer(
  options: { runner?: boolean; app?: Partial<AppDeps> } = {},
): Promise<TestApp & { url: string; requests: string[]; stop: () => Promise<void> }> {
  if (!existsSync(`${clientDist}/index.html`)) throw new Error("client build missing: the global setup builds it");
  const t = testApp({ clientDir: clientDist, ...options.app });
  // Sampling jobs run as in `npm start`: a runner in the server process.
  const runner = options.runner ? createJobRunner(t.ctx, { chat: openAiChat(), clock: systemClock, pollMs: 100 }).start() : undefined;
  const server = t.app.listen(0, "127.0.0.1");
  // Every request the server received, as "GET /api/exports?...": what a page really asked for. Logged
  // before express sees it (express shortens req.url inside its routers).
  const requests: string[] = [];
  server.prependListener("request", (req: IncomingMessage) => requests.push(`${req.method} ${req.url}`));
  await new Promise<void>((resolve) => server.once("listening", () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    ...t,
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: async () => {
      await runner?.stop();
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          t.close();
          resolve();
        });
      });
    },
  };
}

/** Logs in through the login page, as a person would. */
export async function logIn(page: Page, baseUrl: string, username: string, password: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
}
