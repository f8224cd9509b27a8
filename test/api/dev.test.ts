import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { send } from "../faults/http";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { adminPassword, freePort, login } from "../helpers/server-process";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "longpref-dev-"));
let fake: FakeOpenAi;
let child: ChildProcess | undefined;
let output = "";

/** Resolves once `check` answers true, polling every 100 ms; fails after `ms` with what the server printed. */
async function until(what: string, check: () => Promise<boolean>, ms = 60_000) {
  const deadline = Date.now() + ms;
  while (!(await check().catch(() => false))) {
    if (child?.exitCode !== null && child?.exitCode !== undefined)
      throw new Error(`npm run dev exited (${child.exitCode}) before ${what}:\n${output}`);
    if (Date.now() > deadline) throw new Error(`${what} not reached in ${ms} ms:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  fake = await startFakeOpenAi((req) => ({ kind: "stream", text: `A piece for ${req.prompt}.` }));
});
afterAll(async () => {
  // SIGTERM: the dev server closes vite, the runner and the database, and exits; nothing is left running.
  const running = child;
  if (running && running.exitCode === null && running.signalCode === null) {
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => running.kill("SIGKILL"), 10_000);
      running.once("exit", () => {
        clearTimeout(force);
        resolve();
      });
      running.kill("SIGTERM");
    });
  }
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

// `npm run dev` must run what `npm start` runs: the models file, the job runner. Driven through vite's port.
describe("npm run dev", () => {
  it("serves the client through vite and runs a sampling job to the end through vite's proxy", async () => {
    const [port, apiPort] = [await freePort(), await freePort()];
    expect(port).not.toBe(apiPort);
    writeFileSync(
      join(dir, "models.json"),
      JSON.stringify({ models: [{ name: "from-file", base_urls: [fake.url], model: "file-model" }] }),
    );
    child = spawn(process.execPath, ["--import", "tsx", "server/dev.ts"], {
      cwd: root,
      env: {
        ...process.env,
        PORT: String(port),
        API_PORT: String(apiPort),
        HOST: "127.0.0.1",
        LONGPREF_DB: join(dir, "dev.db"),
        LONGPREF_ADMIN_PASSWORD: adminPassword,
        LONGPREF_NO_DEMO: "1",
        LONGPREF_MODELS_FILE: join(dir, "models.json"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
    const url = `http://127.0.0.1:${port}`;
    await until("the API answering through vite", async () => (await fetch(`${url}/api/health`)).status === 200);

    // The page comes from vite's dev server (its client script), not from client/dist.
    const page = await (await fetch(`${url}/sets`)).text();
    expect(page).toContain('<div id="root">');
    expect(page).toContain("/@vite/client");

    const cookie = await login(url, "admin", adminPassword);
    const models = await send(url, "GET", "/api/models", cookie);
    expect((models.body as { items: { name: string }[] }).items.map((m) => m.name)).toContain("from-file");

    const content = ["Write a haiku about rain", "Write a limerick about tea"]
      .map((prompt, i) => JSON.stringify({ id: `p${i + 1}`, prompt }))
      .join("\n");
    const set = await send(url, "POST", "/api/instruction-sets/import", cookie, { name: "dev set", format: "jsonl", content });
    expect(set.status).toBe(201);
    const setId = (set.body as { set: { id: number } }).set.id;
    const model = await send(url, "POST", "/api/models", cookie, { name: "dev-model", base_urls: [fake.url], model: "fake-model" });
    expect(model.status).toBe(201);
    const modelId = (model.body as { model: { id: number } }).model.id;
    const created = await send(url, "POST", "/api/sampling-jobs", cookie, { set_id: setId, model_id: modelId, n: 2 });
    expect(created.status).toBe(201);
    const jobId = (created.body as { job: { id: number } }).job.id;

    // Nothing but the server's own runner takes the job up.
    let job: { status: string } = { status: "" };
    await until("the sampling job done", async () => {
      job = ((await send(url, "GET", `/api/sampling-jobs/${jobId}`, cookie)).body as { job: { status: string } }).job;
      return job.status === "done";
    });
    const samples = (await send(url, "GET", `/api/sampling-jobs/${jobId}/samples`, cookie)).body as {
      total: number;
      items: { status: string; text: string }[];
    };
    expect(samples.total).toBe(4);
    expect(samples.items.every((s) => s.status === "done" && s.text.startsWith("A piece for Write a"))).toBe(true);
    expect(fake.requests.filter((r) => r.body.model === "fake-model")).toHaveLength(4);
  }, 180_000);
});
