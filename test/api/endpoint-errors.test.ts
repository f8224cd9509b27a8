import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../../server/clock";
import { endpointPolicy } from "../../server/endpoint-policy";
import { openAiChat } from "../../server/llm/chat-client";
import { createSamplingJob } from "../../server/sampling/jobs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { startFakeOpenAi, type FakeOpenAi } from "../helpers/fake-openai";
import { seedModel, seedSet, testRunner } from "../helpers/sampling";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
let fake: FakeOpenAi | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  t?.close();
});

const key = "sk-live-abcdefghijklmnop0123456789";
process.env.LONGPREF_KEY_ERRORS_TEST = key;

/** A loopback port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe("an endpoint's errors", () => {
  it("fails an unreachable endpoint in seconds, naming the URL and the cause, never the key", async () => {
    t = testApp();
    const refusedUrl = `http://127.0.0.1:${await closedPort()}/v1`;
    const researcher = await t.agentAs("researcher");
    for (const [baseUrl, reason] of [
      [refusedUrl, `could not connect to ${refusedUrl}: ECONNREFUSED`],
      ["http://no-such-host.invalid/v1", "DNS lookup failed for http://no-such-host.invalid/v1: ENOTFOUND (no such host)"],
    ] as const) {
      const model = seedModel(t.ctx, [baseUrl], { name: baseUrl, api_key_env: "LONGPREF_KEY_ERRORS_TEST" });
      const created = await researcher
        .post("/api/sampling-jobs")
        .send({ set_id: seedSet(t.ctx, ["Write"], baseUrl), model_id: model.id, n: 1 })
        .expect(201);
      // The real clock and the default retry policy: six attempts with backoff would take 30 s.
      const { runner } = testRunner(t.ctx, { clock: systemClock, random: Math.random, retry: undefined });
      const started = Date.now();
      await runner.runJob(created.body.job.id);
      expect(Date.now() - started).toBeLessThan(5_000);
      const progress = await researcher.get(`/api/sampling-jobs/${created.body.job.id}`).expect(200);
      expect(progress.body.job).toMatchObject({ outcome: "failed", counts: { failed: 1 } });
      expect(progress.body.recent_errors[0].error).toBe(reason);
      expect(JSON.stringify(progress.body)).not.toContain(key.slice(8, 20));
    }
  }, 30_000);

  it("tries a model's other base URL at once when one is unreachable", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "an answer" }));
    const down = `http://127.0.0.1:${await closedPort()}/v1`;
    const model = seedModel(t.ctx, [down, fake.url]);
    const researcher = await t.agentAs("researcher");
    const created = await researcher
      .post("/api/sampling-jobs")
      .send({ set_id: seedSet(t.ctx, ["a", "b", "c"]), model_id: model.id, n: 1 })
      .expect(201);
    const { runner, sleeps } = testRunner(t.ctx);
    await runner.runJob(created.body.job.id);
    expect(t.ctx.samplingJobs.get(created.body.job.id)).toMatchObject({ outcome: "succeeded", counts: { done: 3 } });
    expect(sleeps).toEqual([]);
  });
});

describe("Test connection", () => {
  it("sends one token's request through the model's key and answers ok with the latency", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "OK" }));
    const model = seedModel(t.ctx, [fake.url], { api_key_env: "LONGPREF_KEY_ERRORS_TEST" });
    const admin = await t.agentAs("admin");
    const res = await admin.post(`/api/models/${model.id}/test-connection`).expect(200);
    expect(res.body).toMatchObject({ ok: true, model: "fake-model", latency_ms: expect.any(Number) });
    expect(res.body.error).toBeUndefined();
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]!.body.max_tokens).toBe(1);
    expect(fake.requests[0]!.authorization).toBe(`Bearer ${key}`);
  });

  it("names a 401 with the URL and the endpoint's message, the key redacted", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({
      kind: "status",
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com.` } },
    }));
    const model = seedModel(t.ctx, [fake.url], { api_key_env: "LONGPREF_KEY_ERRORS_TEST" });
    const admin = await t.agentAs("admin");
    const res = await admin.post(`/api/models/${model.id}/test-connection`).expect(200);
    expect(res.body.ok).toBe(false);
    expect(res.body.error).toMatch(
      new RegExp(`^HTTP 401 from ${fake.url.replace(/[./]/g, "\\$&")}: Incorrect API key provided: \\[redacted\\]`),
    );
    expect(JSON.stringify(res.body)).not.toContain(key.slice(8, 20));
  });

  it("names an unreachable endpoint and its cause, quickly", async () => {
    t = testApp();
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const model = seedModel(t.ctx, [url]);
    const admin = await t.agentAs("admin");
    const started = Date.now();
    const res = await admin.post(`/api/models/${model.id}/test-connection`).expect(200);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(res.body).toMatchObject({ ok: false, latency_ms: null, error: `could not connect to ${url}: ECONNREFUSED` });
  });

  it("contacts no host outside LONGPREF_ENDPOINT_HOSTS and says nothing about it but that it is outside", async () => {
    t = testApp({ endpointPolicy: endpointPolicy({ LONGPREF_ENDPOINT_HOSTS: "10.0.0.0/8" }) });
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "OK" }));
    // Rows written before the policy: a listening loopback address, and a name that resolves nowhere.
    const listening = seedModel(t.ctx, [fake.url], { name: "listening" });
    const unresolvable = seedModel(t.ctx, ["http://secret-db.no-such-host.invalid/v1"], { name: "unresolvable" });
    const admin = await t.agentAs("admin");
    const a = await admin.post(`/api/models/${listening.id}/test-connection`).expect(200);
    const b = await admin.post(`/api/models/${unresolvable.id}/test-connection`).expect(200);
    expect(a.body.error).toBe(`refused by LONGPREF_ENDPOINT_HOSTS: ${fake.url} is outside 10.0.0.0/8`);
    expect(b.body.error).toBe("refused by LONGPREF_ENDPOINT_HOSTS: http://secret-db.no-such-host.invalid/v1 is outside 10.0.0.0/8");
    expect(JSON.stringify([a.body, b.body])).not.toMatch(/ENOTFOUND|ECONNREFUSED|DNS/);
    expect(fake.requests).toHaveLength(0);

    // A job's client says the same of a name outside the policy, whether or not it resolves.
    const jobId = createSamplingJob(t.ctx, { set_id: seedSet(t.ctx, ["Write"]), model_id: unresolvable.id, n: 1 }, null);
    const { runner } = testRunner(t.ctx, { chat: openAiChat({ hosts: t.ctx.policy.hosts }) });
    await runner.runJob(jobId);
    const row = t.db.prepare("SELECT last_error FROM samples WHERE job_id = ?").get(jobId) as { last_error: string };
    expect(row.last_error).toBe("refused by LONGPREF_ENDPOINT_HOSTS: secret-db.no-such-host.invalid is outside 10.0.0.0/8");
  });

  it("is for the model's creator or an admin: not an annotator, not another researcher", async () => {
    t = testApp();
    fake = await startFakeOpenAi(() => ({ kind: "stream", text: "OK" }));
    const owner = await t.agentAs("researcher", "owner");
    const other = await t.agentAs("researcher", "other");
    const annotator = await t.agentAs("annotator");
    const ownerId = t.ctx.users.findByName("owner")!.id;
    const model = t.ctx.models.create(fieldsFromBody({ name: "mine", base_urls: [fake.url], model: "m" }), "ui", new Date(), ownerId);
    await annotator.post(`/api/models/${model.id}/test-connection`).expect(403);
    await other.post(`/api/models/${model.id}/test-connection`).expect(403);
    expect(fake.requests).toHaveLength(0);
    const res = await owner.post(`/api/models/${model.id}/test-connection`).expect(200);
    expect(res.body.ok).toBe(true);
  });
});
