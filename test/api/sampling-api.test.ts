import { afterEach, describe, expect, it } from "vitest";
import { readFixture } from "../helpers/fixtures";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

const count = (sql: string) => (t.db.prepare(sql).get() as { n: number }).n;

async function researcherWithSet() {
  const agent = await t.agentAs("researcher");
  const set = await agent
    .post("/api/instruction-sets/import")
    .send({ name: "LBW", content: readFixture("longwriter/longbench_write.jsonl") })
    .expect(201);
  return { agent, setId: set.body.set.id as number };
}

describe("models API", () => {
  it("registers a model with defaults and never returns or stores an API key", async () => {
    t = testApp();
    process.env.LONGPREF_KEY_TEST = "sk-secret-value";
    const agent = await t.agentAs("admin");
    const res = await agent
      .post("/api/models")
      .send({ name: "glm", base_urls: ["http://127.0.0.1:8000/v1/"], model: "THUDM/LongWriter-glm4-9b", api_key_env: "LONGPREF_KEY_TEST" })
      .expect(201);
    expect(res.body.model).toMatchObject({
      name: "glm",
      base_urls: ["http://127.0.0.1:8000/v1"],
      params: { temperature: 0.5, top_p: null, max_tokens: 32768 },
      max_in_flight: 8,
      api_key_env: "LONGPREF_KEY_TEST",
      api_key_present: true,
      is_reference: false,
    });
    const list = await agent.get("/api/models").expect(200);
    expect(JSON.stringify(list.body)).not.toContain("sk-secret-value");
    expect(JSON.stringify(t.db.prepare("SELECT * FROM models").all())).not.toContain("sk-secret-value");

    const patched = await agent.patch(`/api/models/${res.body.model.id}`).send({ max_in_flight: 32, is_reference: true }).expect(200);
    expect(patched.body.model).toMatchObject({ max_in_flight: 32, is_reference: true, model: "THUDM/LongWriter-glm4-9b" });
    await agent
      .post("/api/models")
      .send({ name: "glm", base_urls: ["http://x/v1"], model: "m" })
      .expect(409);
    await agent.delete(`/api/models/${res.body.model.id}`).expect(200);
  });

  it.each([
    [{ name: "m", base_urls: [], model: "x" }, "base_urls"],
    [{ name: "m", base_urls: ["ftp://host"], model: "x" }, "base_urls.0"],
    [{ name: "m", base_urls: ["http://h/v1"], model: "x", api_key_env: "sk-abc def" }, "api_key_env"],
    [{ name: "m", base_urls: ["http://h/v1"], model: "x", max_in_flight: 0 }, "max_in_flight"],
    [{ name: "m", base_urls: ["http://h/v1"], model: "x", api_key: "sk-1" }, "api_key"],
  ])("refuses %j with 400 naming %s", async (body, field) => {
    t = testApp();
    const agent = await t.agentAs("admin");
    const res = await agent.post("/api/models").send(body).expect(400);
    expect(res.body.details.issues.map((i: { path: string }) => i.path)).toContain(field);
    expect(count("SELECT COUNT(*) AS n FROM models")).toBe(0);
  });
});

describe("sampling jobs API", () => {
  it("creates a job with one queued sample per (instruction, index), reports progress, pauses, resumes and cancels", async () => {
    t = testApp();
    const { agent, setId } = await researcherWithSet();
    const model = await (await t.agentAs("admin"))
      .post("/api/models")
      .send({ name: "m", base_urls: ["http://127.0.0.1:9/v1"], model: "x" })
      .expect(201);
    const res = await agent
      .post("/api/sampling-jobs")
      .send({ set_id: setId, model_id: model.body.model.id, filter: { range: "[4000,∞)" } })
      .expect(201);
    expect(res.body.job).toMatchObject({ n: 4, strategy: "direct", status: "running", total: 108, counts: { queued: 108 } });
    expect(res.body.eta_seconds).toBeNull();
    const id = res.body.job.id;
    expect(count(`SELECT COUNT(DISTINCT instruction_id || '#' || sample_index) AS n FROM samples WHERE job_id = ${id}`)).toBe(108);

    expect((await agent.post(`/api/sampling-jobs/${id}/pause`).expect(200)).body.job.status).toBe("paused");
    await agent.post(`/api/sampling-jobs/${id}/pause`).expect(409);
    expect((await agent.post(`/api/sampling-jobs/${id}/resume`).expect(200)).body.job.status).toBe("running");
    expect((await agent.post(`/api/sampling-jobs/${id}/cancel`).expect(200)).body.job.status).toBe("cancelled");
    const page = await agent.get(`/api/sampling-jobs/${id}/samples`).query({ status: "queued", page_size: 10 }).expect(200);
    expect(page.body).toMatchObject({ total: 108, page: 1 });
    expect(page.body.items).toHaveLength(10);
    const list = await agent.get("/api/sampling-jobs").expect(200);
    expect(list.body.items).toHaveLength(1);
  });

  it("refuses bad job parameters with 400 naming the field and writes nothing", async () => {
    t = testApp();
    const { agent, setId } = await researcherWithSet();
    const model = await (await t.agentAs("admin"))
      .post("/api/models")
      .send({ name: "m", base_urls: ["http://127.0.0.1:9/v1"], model: "x" })
      .expect(201);
    const modelId = model.body.model.id;
    const cases: [unknown, RegExp][] = [
      [{ set_id: setId, model_id: modelId, n: 0 }, /n:/],
      [{ set_id: setId, model_id: modelId, strategy: "magic" }, /strategy/],
      [{ set_id: 999, model_id: modelId }, /set_id/],
      [{ set_id: setId, model_id: 999 }, /model_id/],
      [{ set_id: setId, model_id: modelId, filter: { range: "[9,10)" } }, /filter/],
      [{ set_id: setId, model_id: modelId, strategy: "agentwrite", plan_template: "no placeholder" }, /plan_template/],
      [{ set_id: setId, model_id: modelId, temperature: 3 }, /temperature/],
    ];
    for (const [body, message] of cases) {
      const res = await agent
        .post("/api/sampling-jobs")
        .send(body as object)
        .expect(400);
      expect(res.body.message, JSON.stringify(body)).toMatch(message);
    }
    expect(count("SELECT COUNT(*) AS n FROM sampling_jobs")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM samples")).toBe(0);
  });
});

describe("importing outputs made elsewhere", () => {
  it("imports LongWriter predictions as a named model's outputs with LongBench-Write word counts", async () => {
    t = testApp();
    const { agent, setId } = await researcherWithSet();
    const lines = readFixture("longwriter/longbench_write.jsonl").trim().split("\n").slice(0, 3);
    const content = lines
      .map((l, i) =>
        JSON.stringify({ ...JSON.parse(l), response_length: 0, response: i === 2 ? "" : `Response ${i} with some words 以及中文` }),
      )
      .join("\n");
    const res = await agent.post("/api/outputs/import").send({ set_id: setId, model_name: "LongWriter-glm4-9b", content }).expect(201);
    expect(res.body).toMatchObject({ count: 3, models: ["LongWriter-glm4-9b"] });
    const rows = t.db.prepare("SELECT text, word_count, status, source, sample_index FROM samples ORDER BY id").all();
    expect(rows[0]).toEqual({
      text: "Response 0 with some words 以及中文",
      word_count: 8,
      status: "done",
      source: "imported",
      sample_index: 0,
    });
    expect(rows[2]).toMatchObject({ word_count: 0 });
    const instructionId = (t.db.prepare("SELECT id FROM instructions WHERE position = 1").get() as { id: number }).id;
    // Outputs now hang off the set: it can no longer be deleted.
    const refused = await agent.delete(`/api/instruction-sets/${setId}`).expect(409);
    expect(refused.body.message).toMatch(/1 sampling or import job/);
    const outputs = await agent.get(`/api/instructions/${instructionId}/samples`).expect(200);
    expect(outputs.body.samples).toHaveLength(1);
    expect(outputs.body.samples[0]).toMatchObject({ model_name: "LongWriter-glm4-9b", is_reference: false });
  });

  it("lists unknown instructions and bad lines by number and imports nothing", async () => {
    t = testApp();
    const { agent, setId } = await researcherWithSet();
    const content = [
      JSON.stringify({ instruction_id: "1", model: "a", text: "fine" }),
      JSON.stringify({ instruction_id: "nope", model: "a", text: "x" }),
      JSON.stringify({ prompt: "not a prompt of this set", model: "a", text: "x" }),
      JSON.stringify({ instruction_id: "2", text: "no model" }),
      JSON.stringify({ instruction_id: "1", model: "a", text: "again", sample_index: 0 }),
      JSON.stringify({ instruction_id: "2", model: "a", text: "a NUL \0 inside" }),
    ].join("\n");
    const res = await agent.post("/api/outputs/import").send({ set_id: setId, content }).expect(400);
    expect(res.body.details.lines.map((l: { line: number }) => l.line)).toEqual([2, 3, 4, 5, 6]);
    expect(res.body.details.lines[4].message).toBe("text: must not contain NUL characters");
    expect(res.body.details.lines[0].message).toMatch(/unknown instruction "nope"/);
    expect(res.body.details.lines[3].message).toMatch(/duplicate output/);
    expect(count("SELECT COUNT(*) AS n FROM samples")).toBe(0);
    expect(count("SELECT COUNT(*) AS n FROM models")).toBe(0);
  });
});
