import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { CampaignPreviewSchema, JudgePreviewSchema, SamplingPreviewSchema, SetModelsResponseSchema } from "../../shared/schemas/preview";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { createWorkspace, type Workspace } from "../helpers/factories";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Issue 15 point 5: the forms say what will be created, counted by the code that creates it.

let t: TestApp;
afterEach(() => t?.close());
let w: Workspace;

async function workspace(options: Parameters<typeof createWorkspace>[1] = {}) {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, ...options });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  return admin;
}
type Agent = Awaited<ReturnType<typeof workspace>>;

/** A model with an endpoint (sampling and judging need one); nothing is ever sent to it here. */
async function endpointModel(admin: Agent, name: string) {
  const res = await admin
    .post("/api/models")
    .send({ name, base_urls: ["http://127.0.0.1:9/v1"], model: name })
    .expect(201);
  return res.body.model.id as number;
}

const sampleRows = (jobId: number) =>
  t.db.prepare("SELECT instruction_id FROM samples WHERE job_id = ? ORDER BY instruction_id, sample_index").all(jobId) as {
    instruction_id: number;
  }[];

describe("campaign preview", () => {
  it("counts the comparisons and judgments creation makes, not the matching instructions", async () => {
    const admin = await workspace({ instructions: 12, withOutputs: 5 });
    const choices = [
      { source: { kind: "vs-reference", model_id: w.models.writer.id }, filter: {}, k: 3 },
      { source: { kind: "custom", model_a_id: w.models.writer.id, model_b_id: w.models.reference.id }, filter: { lang: "en" }, k: 2 },
      { source: { kind: "verify-pairs", pair_run_id: w.pairRunId }, filter: {}, k: 1 },
    ];
    for (const [i, c] of choices.entries()) {
      const preview = CampaignPreviewSchema.parse(
        (
          await admin
            .post("/api/campaigns/preview")
            .send({ set_id: w.set.id, source: c.source, filter: c.filter, judgments_per_comparison: c.k })
            .expect(200)
        ).body,
      );
      const created = await admin
        .post("/api/campaigns")
        .send({ name: `c${i}`, set_id: w.set.id, source: c.source, filter: c.filter, settings: { judgments_per_comparison: c.k } })
        .expect(201);
      expect(preview.comparisons).toBe(created.body.campaign.comparisons);
      expect(preview.judgments).toBe(created.body.campaign.comparisons * c.k);
      expect(preview.comparisons).toBeGreaterThan(0);
    }
    // The old form said "12 instructions match" here; 5 comparisons are made.
    const all = CampaignPreviewSchema.parse(
      (await admin.post("/api/campaigns/preview").send({ set_id: w.set.id, source: choices[0]!.source }).expect(200)).body,
    );
    expect(all).toMatchObject({ instructions: 12, comparisons: 5, judgments: 15, reference_model_id: w.models.reference.id });
    expect(t.ctx.campaigns.list()).toHaveLength(4); // the workspace's and the three above: previews write nothing
  });

  it("offers only models with outputs in the set, and no default reference where the set has none", async () => {
    const admin = await workspace();
    // A reference model registered without outputs: the old form pre-selected it and the server then refused.
    const empty = await endpointModel(admin, "gpt4o-ref");
    t.ctx.models.update(empty, {
      ...fieldsFromBody({ name: "gpt4o-ref", base_urls: ["http://127.0.0.1:9/v1"], model: "x" }),
      is_reference: true,
    });
    const listed = SetModelsResponseSchema.parse((await admin.get("/api/campaigns/models").query({ set_id: w.set.id }).expect(200)).body);
    // The judge has scores but no outputs of its own: not offered either.
    expect(listed.models.map((m) => m.name).sort()).toEqual([w.models.reference.name, w.models.writer.name].sort());
    expect(listed.models.some((m) => m.id === empty)).toBe(false);
    expect(listed.default_reference_id).toBe(w.models.reference.id);
    expect(listed.models.find((m) => m.id === w.models.writer.id)?.instructions).toBe(w.withOutputs);

    const other = await admin
      .post("/api/instruction-sets/import")
      .send({ name: "bare", format: "jsonl", content: '{"prompt":"Write."}' })
      .expect(201);
    const bare = SetModelsResponseSchema.parse(
      (await admin.get("/api/campaigns/models").query({ set_id: other.body.set.id }).expect(200)).body,
    );
    expect(bare).toEqual({ models: [], default_reference_id: null });
    await admin.get("/api/campaigns/models").query({ set_id: 999 }).expect(404);
    const annotator = await t.agentAs("annotator", "ann");
    await annotator.get("/api/campaigns/models").query({ set_id: w.set.id }).expect(403);
    await annotator
      .post("/api/campaigns/preview")
      .send({ set_id: w.set.id, source: { kind: "vs-reference", model_id: 1 } })
      .expect(403);
  });
});

describe("sampling preview and subsets", () => {
  it("counts instructions, samples and requests as creation makes them", async () => {
    const admin = await workspace({ instructions: 12 });
    const model = await endpointModel(admin, "sampler");
    const bodies = [
      { set_id: w.set.id, model_id: model, n: 3 },
      { set_id: w.set.id, model_id: model, n: 2, filter: { q: "piece 1" } },
      { set_id: w.set.id, model_id: model, n: 1, filter: { lang: "en", subset: { kind: "first", count: 4 } } },
    ];
    for (const body of bodies) {
      const preview = SamplingPreviewSchema.parse((await admin.post("/api/sampling-jobs/preview").send(body).expect(200)).body);
      const created = await admin.post("/api/sampling-jobs").send(body).expect(201);
      expect(preview.samples).toBe(created.body.job.total);
      expect(preview.samples).toBe(sampleRows(created.body.job.id).length);
      expect(preview.instructions * body.n).toBe(preview.samples);
      expect(preview).toMatchObject({ requests: preview.samples, requests_estimated: false });
    }
    const q = SamplingPreviewSchema.parse((await admin.post("/api/sampling-jobs/preview").send(bodies[1]).expect(200)).body);
    expect(q.instructions).toBeGreaterThan(0);
    expect(q.instructions).toBeLessThan(12);
    const agentwrite = SamplingPreviewSchema.parse(
      (await admin.post("/api/sampling-jobs/preview").send({ set_id: w.set.id, model_id: model, n: 1, strategy: "agentwrite" }).expect(200))
        .body,
    );
    expect(agentwrite.requests_estimated).toBe(true);
    expect(agentwrite.requests).toBeGreaterThan(2 * agentwrite.samples);
  });

  it("takes the first N, or N at random reproducibly by seed, and refuses bad subsets", async () => {
    const admin = await workspace({ instructions: 12 });
    const model = await endpointModel(admin, "sampler");
    const instructionsOf = async (subset: object) => {
      const res = await admin.post("/api/sampling-jobs").send({ set_id: w.set.id, model_id: model, n: 1, filter: { subset } }).expect(201);
      expect(res.body.job.filter.subset).toEqual(subset);
      return sampleRows(res.body.job.id).map((r) => r.instruction_id);
    };
    const all = t.ctx.instructions.ids({ set: w.set.id });
    expect(await instructionsOf({ kind: "first", count: 3 })).toEqual(all.slice(0, 3));
    const a = await instructionsOf({ kind: "random", count: 5, seed: 7 });
    expect(await instructionsOf({ kind: "random", count: 5, seed: 7 })).toEqual(a);
    expect(new Set(a).size).toBe(5);
    const others = await Promise.all([1, 2, 3].map((seed) => instructionsOf({ kind: "random", count: 5, seed })));
    expect(others.some((o) => o.join() !== a.join())).toBe(true);
    expect(await instructionsOf({ kind: "random", count: 50, seed: 1 })).toEqual(all);
    for (const subset of [
      { kind: "random", count: 5 },
      { kind: "first", count: 0 },
      { kind: "last", count: 2 },
      { kind: "first", count: 2, seed: 1 },
    ]) {
      await admin.post("/api/sampling-jobs").send({ set_id: w.set.id, model_id: model, filter: { subset } }).expect(400);
    }
  });
});

describe("judge preview", () => {
  it("counts the samples to judge and the requests left after the cache, as creation queues them", async () => {
    const admin = await workspace();
    const judge = await endpointModel(admin, "judge-with-endpoint");
    const body = { set_id: w.set.id, judge_model_id: judge, filter: { model_ids: [w.models.writer.id] } };
    const first = JudgePreviewSchema.parse((await admin.post("/api/judge-jobs/preview").send(body).expect(200)).body);
    expect(first).toMatchObject({ samples: w.withOutputs * w.writerSamples, cached: 0, requests: w.withOutputs * w.writerSamples });
    const job = (await admin.post("/api/judge-jobs").send(body).expect(201)).body.job;
    expect(job.counts.queued).toBe(first.requests);
    // The same choices again: every sample is in the hands of the running job.
    const wider = { ...body, filter: {} };
    const again = JudgePreviewSchema.parse((await admin.post("/api/judge-jobs/preview").send(wider).expect(200)).body);
    const second = (await admin.post("/api/judge-jobs").send(wider).expect(201)).body.job;
    expect(again.cached).toBe(first.samples);
    expect(second.cached).toBe(again.cached);
    expect(second.counts.queued).toBe(again.requests);
  });
});
