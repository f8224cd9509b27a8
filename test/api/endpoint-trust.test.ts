import { afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openAiChat } from "../../server/llm/chat-client";
import { loadModelsFile } from "../../server/sampling/models-file";
import { endpointPolicy } from "../../server/endpoint-policy";
import { createSamplingJob } from "../../server/sampling/jobs";
import { runCli } from "../helpers/cli";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { runToEnd, seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

// Issue #12 part 1: who may make the server send requests, where, and with which key.
let t: TestApp;
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  t?.close();
  await fake?.close();
  fake = undefined;
});

const adminSecret = "the admin password itself";
const modelCount = () => (t.db.prepare("SELECT COUNT(*) AS n FROM models").get() as { n: number }).n;
const delegated = endpointPolicy({ LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1" });

describe("who may point the server where", () => {
  it("refuses a model naming LONGPREF_ADMIN_PASSWORD from a researcher (403) and an admin (400), and creates nothing", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    const admin = await t.agentAs("admin");
    const body = { name: "exfil", base_urls: ["http://127.0.0.1:9/v1"], model: "x", api_key_env: "LONGPREF_ADMIN_PASSWORD" };
    const asResearcher = await researcher.post("/api/models").send(body);
    expect([400, 403]).toContain(asResearcher.status);
    const asAdmin = await admin.post("/api/models").send(body).expect(400);
    expect(asAdmin.body.message).toMatch(
      /api_key_env: LONGPREF_ADMIN_PASSWORD is not a key variable a model may use: name one starting LONGPREF_KEY_/,
    );
    expect(modelCount()).toBe(0);
  });

  it("lets researchers create models only when delegated, and still never with a longpref setting", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    const forbidden = await researcher
      .post("/api/models")
      .send({ name: "m", base_urls: ["http://127.0.0.1:9/v1"], model: "x" })
      .expect(403);
    expect(forbidden.body.message).toMatch(/admin action.*LONGPREF_RESEARCHERS_ADD_ENDPOINTS=1/);
    expect(modelCount()).toBe(0);
    t.close();

    t = testApp({
      endpointPolicy: endpointPolicy({
        LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1",
        LONGPREF_KEY_ENVS: "OPENAI_API_KEY,LONGPREF_ADMIN_PASSWORD,LONGPREF_KEY_ENVS",
      }),
    });
    const r = await t.agentAs("researcher");
    for (const name of ["LONGPREF_ADMIN_PASSWORD", "LONGPREF_KEY_ENVS", "LONGPREF_DB", "HOME", "PATH"]) {
      const res = await r
        .post("/api/models")
        .send({ name: `m-${name}`, base_urls: ["http://127.0.0.1:9/v1"], model: "x", api_key_env: name })
        .expect(400);
      expect(res.body.message).toContain(`api_key_env: ${name} is not a key variable`);
    }
    expect(modelCount()).toBe(0);
    for (const name of ["LONGPREF_KEY_OPENAI", "OPENAI_API_KEY"]) {
      const res = await r
        .post("/api/models")
        .send({ name: `m-${name}`, base_urls: ["http://127.0.0.1:9/v1"], model: "x", api_key_env: name })
        .expect(201);
      expect(res.body.model).toMatchObject({ api_key_env: name, created_by: "researcher" });
    }
  });

  it("refuses a longpref setting as the key variable from the CLI and from data/models.json too", { timeout: 60_000 }, async () => {
    t = testApp();
    const cli = await runCli([
      "model",
      "add",
      "exfil",
      "--base-url",
      "http://127.0.0.1:9/v1",
      "--model",
      "x",
      "--api-key-env",
      "LONGPREF_ADMIN_PASSWORD",
      "--db",
      t.dbPath,
    ]);
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/api_key_env: LONGPREF_ADMIN_PASSWORD is not a key variable a model may use/);
    // A directory of its own: on PostgreSQL the database is a URL, no folder.
    const file = join(mkdtempSync(join(tmpdir(), "longpref-models-")), "models.json");
    writeFileSync(
      file,
      JSON.stringify({
        models: [{ name: "exfil", base_urls: ["http://127.0.0.1:9/v1"], model: "x", api_key_env: "LONGPREF_ADMIN_PASSWORD" }],
      }),
    );
    expect(() => loadModelsFile(t.ctx, file)).toThrow(/models\.0\.api_key_env: LONGPREF_ADMIN_PASSWORD is not a key variable/);
    expect(modelCount()).toBe(0);
  });

  it("refuses base URLs with a query string, a fragment or credentials", async () => {
    t = testApp();
    const admin = await t.agentAs("admin");
    for (const [url, why] of [
      ["http://127.0.0.1:9/v1?", "query string"],
      ["http://127.0.0.1:9/internal/config?x=", "query string"],
      ["http://127.0.0.1:9/v1#", "fragment"],
      ["http://user:pw@127.0.0.1:9/v1", "user name or password"],
      ["file:///etc/passwd", "http(s) URL"],
    ] as const) {
      const res = await admin
        .post("/api/models")
        .send({ name: "m", base_urls: [url], model: "x" })
        .expect(400);
      expect(res.body.message).toContain(`base_urls.0: must`);
      expect(res.body.message).toContain(why);
    }
    expect(modelCount()).toBe(0);
  });

  it("reports api_key_present only for allowed names, and the runner sends no forbidden key even from a row written earlier", async () => {
    process.env.LONGPREF_ADMIN_PASSWORD = adminSecret;
    try {
      t = testApp();
      fake = await startFakeOpenAi(() => ({ kind: "stream", text: "an answer" }));
      // As an older version (or a hand-edited database) could have stored it.
      const model = seedModel(t.ctx, [fake.url], { api_key_env: "LONGPREF_ADMIN_PASSWORD" });
      expect(model.api_key_present).toBe(false);
      const admin = await t.agentAs("admin");
      expect((await admin.get(`/api/models/${model.id}`).expect(200)).body.model.api_key_present).toBe(false);

      const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: model.id, n: 1 }, null);
      const { runner } = testRunner(t.ctx, { env: { LONGPREF_ADMIN_PASSWORD: adminSecret } });
      const job = await runToEnd(t.ctx, runner, jobId);
      expect(job.counts.failed).toBe(1);
      expect(fake.requests).toHaveLength(0);
      const row = t.db.prepare("SELECT last_error FROM samples WHERE job_id = ?").get(jobId) as { last_error: string };
      expect(row.last_error).toMatch(/api_key_env: LONGPREF_ADMIN_PASSWORD is not a key variable a model may use/);
    } finally {
      delete process.env.LONGPREF_ADMIN_PASSWORD;
    }
  });
});

describe("secret exfiltration by a researcher", () => {
  it("gets no server secret to the researcher's own listener, whatever variable a model names", async () => {
    const secrets = {
      LONGPREF_ADMIN_PASSWORD: adminSecret,
      LONGPREF_DB: "/srv/secret-path.db",
      LONGPREF_KEY_ENVS: "OPENAI_API_KEY",
      HOME: "/root/secret-home",
    };
    const saved = Object.keys(secrets).map((name) => [name, process.env[name]] as const);
    Object.assign(process.env, secrets);
    try {
      // Even with endpoints delegated to researchers (by default they may not add a model at all).
      t = testApp({ endpointPolicy: endpointPolicy({ ...process.env, LONGPREF_RESEARCHERS_ADD_ENDPOINTS: "1" }) });
      fake = await startFakeOpenAi(() => ({ kind: "stream", text: "an answer" }));
      const mallory = await t.agentAs("researcher", "mallory");
      const names = [...Object.keys(secrets), "PATH", "LONGPREF_SAMPLING_LEASE_MS", "LONGPREF_TRUST_PROXY", "NODE_OPTIONS"];
      const answers: number[] = [];
      for (const name of names) {
        answers.push(
          (await mallory.post("/api/models").send({ name: `x-${name}`, base_urls: [fake.url], model: "x", api_key_env: name })).status,
        );
      }
      const own = await mallory
        .post("/api/models")
        .send({ name: "own", base_urls: [fake.url], model: "x", api_key_env: "LONGPREF_KEY_MALLORY" })
        .expect(201);
      for (const name of names) answers.push((await mallory.patch(`/api/models/${own.body.model.id}`).send({ api_key_env: name })).status);
      const set = await mallory
        .post("/api/instruction-sets/import")
        .send({ name: "s", format: "jsonl", content: '{"prompt":"Write"}' })
        .expect(201);
      const job = await mallory.post("/api/sampling-jobs").send({ set_id: set.body.set.id, model_id: own.body.model.id, n: 1 }).expect(201);
      await runToEnd(t.ctx, testRunner(t.ctx).runner, job.body.job.id);
      const received = fake.requests.map((r) => r.authorization ?? "").join("\n");
      const leaked = Object.values(secrets).filter((v) => received.includes(v));
      console.log(
        `security exfiltration: ${answers.length} attempts by a researcher to name a server variable as a model's key: ${answers.filter((s) => s >= 400 && s < 500).length} refused (4xx), ${modelCount() - 1} created, ${leaked.length} secrets received by the researcher's listener`,
      );
      expect(answers.every((s) => s === 400)).toBe(true);
      expect(modelCount()).toBe(1);
      expect(t.ctx.models.get(own.body.model.id)!.api_key_env).toBe("LONGPREF_KEY_MALLORY");
      expect(fake.requests).toHaveLength(1);
      expect(leaked).toEqual([]);
    } finally {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});

describe("what an endpoint's error gives back", () => {
  const dump = "Internal config dump: db_password=hunter2hunter2 admin_token=abc";

  it("stores the status line and at most 300 characters of the JSON error message, never a raw body", async () => {
    t = testApp();
    const long = `context too long: ${"x".repeat(1000)}`;
    fake = await startFakeOpenAi((req) =>
      req.prompt === "raw"
        ? { kind: "answer", write: async (res) => void res.writeHead(400, { "content-type": "text/plain" }).end(dump) }
        : req.prompt === "html"
          ? { kind: "answer", write: async (res) => void res.writeHead(502, { "content-type": "text/html" }).end(`<html>${dump}</html>`) }
          : req.prompt === "no-message"
            ? { kind: "status", status: 404, body: { detail: dump } }
            : { kind: "status", status: 400, body: { error: { message: long, type: "invalid_request_error" } } },
    );
    const model = seedModel(t.ctx, [fake.url]);
    const jobId = createSamplingJob(
      t.ctx,
      { set_id: seedSet(t.ctx, ["raw", "html", "no-message", "json"]), model_id: model.id, n: 1 },
      null,
    );
    const { runner } = testRunner(t.ctx, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    await runToEnd(t.ctx, runner, jobId);
    const errors = Object.fromEntries(
      (
        t.db
          .prepare("SELECT i.prompt, s.last_error FROM samples s JOIN instructions i ON i.id = s.instruction_id WHERE s.job_id = ?")
          .all(jobId) as { prompt: string; last_error: string }[]
      ).map((r) => [r.prompt, r.last_error]),
    );
    expect(errors.raw).toBe(`HTTP 400 Bad Request from ${fake.url}`);
    expect(errors.html).toMatch(
      /^attempt 1: HTTP 502 Bad Gateway from \S+\nattempt 2: HTTP 502 Bad Gateway|gave up after 2 attempts: HTTP 502 Bad Gateway/,
    );
    expect(errors["no-message"]).toBe(`HTTP 404 Not Found from ${fake.url}`);
    expect(errors.json).toBe(`HTTP 400 from ${fake.url}: ${long.slice(0, 300)}`);
    const admin = await t.agentAs("admin");
    const progress = await admin.get(`/api/sampling-jobs/${jobId}`).expect(200);
    expect(JSON.stringify(progress.body)).not.toContain("db_password");
    expect(JSON.stringify(t.db.prepare("SELECT * FROM samples").all())).not.toContain("db_password");
  });
});

describe("who changes a model", () => {
  it("lets only its creator or an admin change or delete it; any researcher reads and uses it", async () => {
    t = testApp({ endpointPolicy: delegated });
    const alice = await t.agentAs("researcher", "alice");
    const bob = await t.agentAs("researcher", "bob");
    const admin = await t.agentAs("admin");
    const created = await alice
      .post("/api/models")
      .send({ name: "alice-model", base_urls: ["http://127.0.0.1:9/v1"], model: "x" })
      .expect(201);
    const id = created.body.model.id as number;
    expect(created.body.model.created_by).toBe("alice");

    // Bob may not repoint Alice's model (and send its key to his host), rename it or delete it.
    const repoint = await bob
      .patch(`/api/models/${id}`)
      .send({ base_urls: ["http://127.0.0.1:10/v1"] })
      .expect(403);
    expect(repoint.body.message).toMatch(/only the user who created model "alice-model" \(alice\) or an admin/);
    await bob.patch(`/api/models/${id}`).send({ name: "bob-now" }).expect(403);
    await bob.delete(`/api/models/${id}`).expect(403);
    expect((await bob.get(`/api/models/${id}`).expect(200)).body.model).toMatchObject({
      name: "alice-model",
      base_urls: ["http://127.0.0.1:9/v1"],
    });
    const set = await bob
      .post("/api/instruction-sets/import")
      .send({ name: "s", format: "jsonl", content: '{"prompt":"Write"}' })
      .expect(201);
    await bob.post("/api/sampling-jobs").send({ set_id: set.body.set.id, model_id: id, n: 1 }).expect(201);

    await alice
      .patch(`/api/models/${id}`)
      .send({ base_urls: ["http://127.0.0.1:11/v1"] })
      .expect(200);
    await admin.patch(`/api/models/${id}`).send({ max_in_flight: 2 }).expect(200);
    expect(t.ctx.models.get(id)).toMatchObject({ base_urls: ["http://127.0.0.1:11/v1"], max_in_flight: 2 });
  });

  it("keeps a researcher's own model's endpoint and key the admin's when not delegated, other fields theirs", async () => {
    t = testApp();
    const alice = await t.agentAs("researcher", "alice");
    const { id } = t.ctx.models.create(
      {
        name: "m",
        base_urls: ["http://127.0.0.1:9/v1"],
        model: "x",
        api_key_env: null,
        params: { temperature: 0.5, top_p: null, max_tokens: 10 },
        max_in_flight: 1,
        timeout_ms: 10_000,
        is_reference: false,
        resume_partial: false,
      },
      "ui",
      new Date(),
      t.ctx.users.findByName("alice")!.id,
    );
    await alice
      .patch(`/api/models/${id}`)
      .send({ base_urls: ["http://127.0.0.1:10/v1"] })
      .expect(403);
    await alice.patch(`/api/models/${id}`).send({ api_key_env: "LONGPREF_KEY_X" }).expect(403);
    // A form sending the unchanged URL back with another field is not a repointing.
    await alice
      .patch(`/api/models/${id}`)
      .send({ base_urls: ["http://127.0.0.1:9/v1"], max_in_flight: 3 })
      .expect(200);
    expect(t.ctx.models.get(id)).toMatchObject({ base_urls: ["http://127.0.0.1:9/v1"], max_in_flight: 3, api_key_env: null });
  });
});

describe("who deletes an instruction set", () => {
  it("lets only whoever imported it or an admin delete it; any researcher reads it and sees who imported it", async () => {
    t = testApp();
    const alice = await t.agentAs("researcher", "alice");
    const bob = await t.agentAs("researcher", "bob");
    const admin = await t.agentAs("admin");
    const ids: number[] = [];
    for (const name of ["a1", "a2"])
      ids.push(
        (await alice.post("/api/instruction-sets/import").send({ name, format: "jsonl", content: '{"prompt":"Write"}' }).expect(201)).body
          .set.id,
      );
    expect((await bob.get(`/api/instruction-sets/${ids[0]}`).expect(200)).body.set.created_by).toBe("alice");
    const refused = await bob.delete(`/api/instruction-sets/${ids[0]}`).expect(403);
    expect(refused.body.message).toMatch(/only the user who imported set "a1" \(alice\) or an admin/);
    await alice.delete(`/api/instruction-sets/${ids[0]}`).expect(200);
    await admin.delete(`/api/instruction-sets/${ids[1]}`).expect(200);
    expect(t.ctx.sets.list()).toEqual([]);
  });
});

describe("LONGPREF_ENDPOINT_HOSTS", () => {
  const policy = endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "*.internal.example, 10.0.0.0/8, ::1/128" });

  it("refuses to create a model whose base URL is outside the listed hosts", async () => {
    t = testApp({ endpointPolicy: policy });
    const admin = await t.agentAs("admin");
    for (const url of [
      "http://127.0.0.1:8000/v1",
      "http://169.254.169.254/latest",
      "http://internal.example.evil.com/v1",
      "http://localhost:8000/v1",
    ]) {
      const res = await admin
        .post("/api/models")
        .send({ name: "m", base_urls: [url], model: "x" })
        .expect(400);
      expect(res.body.message).toContain("is outside LONGPREF_ENDPOINT_HOSTS");
    }
    for (const url of ["http://gpu1.internal.example:8000/v1", "http://10.1.2.3:8000/v1", "http://[::1]:8000/v1"]) {
      await admin
        .post("/api/models")
        .send({ name: url, base_urls: [url], model: "x" })
        .expect(201);
    }
  });

  it("refuses at request time a target whose address is outside, and checks the address a name resolves to", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "an answer" }));
    const port = new URL(fake.url).port;
    // Rows written before the policy was set: a literal address, and a name resolving to it.
    const literal = seedModel(t.ctx, [fake.url], { name: "literal" });
    const named = seedModel(t.ctx, [`http://localhost:${port}/v1`], { name: "named" });
    const setId = seedSet(t.ctx, ["Write"]);
    const hosts = endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "10.0.0.0/8" }).hosts;
    for (const model of [literal, named]) {
      const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: model.id, n: 1 }, null);
      const { runner } = testRunner(t.ctx, { chat: openAiChat({ hosts }) });
      expect((await runToEnd(t.ctx, runner, jobId)).counts.failed).toBe(1);
      const row = t.db.prepare("SELECT last_error FROM samples WHERE job_id = ?").get(jobId) as { last_error: string };
      expect(row.last_error).toMatch(
        /refused by LONGPREF_ENDPOINT_HOSTS: (127\.0\.0\.1|localhost \((127\.0\.0\.1|::1)\)) is outside 10\.0\.0\.0\/8/,
      );
    }
    expect(fake.requests).toHaveLength(0);

    // A redirect is a new connection, checked as well (an address needs no lookup: the connector checks it).
    const bouncer = await startFakeOpenAi(() => ({
      kind: "answer",
      write: async (res) => void res.writeHead(307, { location: `${fake!.url}/chat/completions` }).end(),
    }));
    try {
      const bouncing = seedModel(t.ctx, [`http://localhost:${new URL(bouncer.url).port}/v1`], { name: "bouncing" });
      const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: bouncing.id, n: 1 }, null);
      const { runner } = testRunner(t.ctx, { chat: openAiChat({ hosts: endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "localhost" }).hosts }) });
      expect((await runToEnd(t.ctx, runner, jobId)).counts.failed).toBe(1);
      const row = t.db.prepare("SELECT last_error FROM samples WHERE job_id = ?").get(jobId) as { last_error: string };
      expect(row.last_error).toMatch(/refused by LONGPREF_ENDPOINT_HOSTS: 127\.0\.0\.1 is outside localhost/);
      expect(bouncer.requests).toHaveLength(1);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await bouncer.close();
    }

    // The same name is reached once its resolved address is inside the ranges.
    const loopback = endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "127.0.0.0/8" }).hosts;
    const jobId = createSamplingJob(t.ctx, { set_id: setId, model_id: named.id, n: 1 }, null);
    const { runner } = testRunner(t.ctx, { chat: openAiChat({ hosts: loopback }) });
    expect((await runToEnd(t.ctx, runner, jobId)).counts.done).toBe(1);
    expect(fake.requests).toHaveLength(1);
  });
});
