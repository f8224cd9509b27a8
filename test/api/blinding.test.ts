import { cpSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { AnnotatorCampaignsResponseSchema, AnnotationItemSchema, CampaignResponseSchema } from "../../shared/schemas/campaigns";
import { migrate } from "../../server/db/migrate";
import { openDatabase } from "../../server/db/open";
import { createBlindingWorld, planted, plantedIn } from "../helpers/blinding-world";
import { password, testApp, type TestApp } from "../helpers/test-app";

// Blind by construction (issue 15, point 2): annotators see a campaign's title, never its name; nothing they
// receive names a model; researchers are warned when the title or guidelines do.

let t: TestApp;
afterEach(() => t?.close());

let clock = Date.parse("2026-12-02T08:00:00Z");

async function world() {
  clock = Date.parse("2026-12-02T08:00:00Z");
  t = testApp({ now: () => new Date(clock) });
  const w = await createBlindingWorld(t.ctx, password);
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const ann = request.agent(t.app);
  await ann.post("/api/auth/login").send({ username: "ann", password }).expect(200);
  return { ...w, adminAgent: admin, ann };
}

describe("what annotators receive", () => {
  it("names no model in any annotator answer, errors included, with model names planted in every researcher-only field", async () => {
    const w = await world();
    const seen: { what: string; status: number; text: string }[] = [];
    const call = async (what: string, req: request.Test) => {
      const res = await req;
      seen.push({ what, status: res.status, text: res.text });
      return res;
    };
    const ann = w.ann;
    const c = w.campaignId;
    let keys = 0;
    const verdict = (v: string, extra: Record<string, unknown> = {}) => ({
      verdict: v,
      time_ms: 5_000,
      coverage_left: 1,
      coverage_right: 1,
      idempotency_key: `blind-${++keys}-abcdef`,
      ...extra,
    });

    const list = await call("campaign list", ann.get("/api/annotate/campaigns"));
    const campaigns = AnnotatorCampaignsResponseSchema.parse(list.body).campaigns;
    expect(campaigns.map((x) => x.title)).toEqual([`Campaign ${c}`]);
    expect(campaigns[0]).not.toHaveProperty("name");

    const first = AnnotationItemSchema.parse((await call("next", ann.post(`/api/annotate/campaigns/${c}/next`))).body.item);
    const judged = await call("submit", ann.post(`/api/annotate/assignments/${first.assignment_id}/judgment`).send(verdict("left")));
    expect(judged.status).toBe(201);
    const judgmentId = judged.body.judgment.id as number;
    await call(
      "submit replay",
      ann.post(`/api/annotate/assignments/${first.assignment_id}/judgment`).send({ ...verdict("left"), idempotency_key: `blind-1-abcdef` }),
    );
    await call("undo", ann.post(`/api/annotate/judgments/${judgmentId}/undo`));
    await call("next after undo", ann.post(`/api/annotate/campaigns/${c}/next`));
    const again = await call("submit again", ann.post(`/api/annotate/assignments/${first.assignment_id}/judgment`).send(verdict("right")));
    const againId = again.body.judgment.id as number;
    const second = AnnotationItemSchema.parse((await call("next", ann.post(`/api/annotate/campaigns/${c}/next`))).body.item);
    expect((await call("skip", ann.post(`/api/annotate/assignments/${second.assignment_id}/skip`))).status).toBe(200);
    await call("history", ann.get(`/api/annotate/campaigns/${c}/history`));
    await call("history detail", ann.get(`/api/annotate/judgments/${againId}`));
    expect((await call("revise", ann.post(`/api/annotate/judgments/${againId}/revise`).send({ verdict: "tie" }))).status).toBe(200);
    expect((await call("revisit", ann.post(`/api/annotate/assignments/${second.assignment_id}/revisit`))).status).toBe(200);
    await call("next after revisit", ann.post(`/api/annotate/campaigns/${c}/next`));

    // Error answers: each says what went wrong without naming anything of the researcher's.
    const errors: [string, request.Test, number][] = [
      ["bad verdict", ann.post(`/api/annotate/assignments/${second.assignment_id}/judgment`).send(verdict("sideways")), 400],
      ["judged already", ann.post(`/api/annotate/assignments/${first.assignment_id}/judgment`).send(verdict("left")), 409],
      ["skip judged", ann.post(`/api/annotate/assignments/${first.assignment_id}/skip`), 409],
      ["undo not last", ann.post(`/api/annotate/judgments/999999/undo`), 404],
      ["no campaign", ann.post("/api/annotate/campaigns/999999/next"), 404],
      ["no history", ann.get("/api/annotate/campaigns/999999/history"), 404],
      ["revise bad", ann.post(`/api/annotate/judgments/${againId}/revise`).send({ verdict: "left", margin: "much" }), 400],
      ["revisit not skipped", ann.post(`/api/annotate/assignments/${first.assignment_id}/revisit`), 409],
      [
        "margin refused",
        ann.post(`/api/annotate/assignments/${second.assignment_id}/judgment`).send(verdict("left", { margin: "much" })),
        400,
      ],
    ];
    for (const [what, req, status] of errors) expect((await call(what, req)).status, what).toBe(status);
    // Closed: the history still answers, changes are refused.
    await w.adminAgent.patch(`/api/campaigns/${c}`).send({ status: "closed" }).expect(200);
    await call("closed list", ann.get("/api/annotate/campaigns"));
    await call("closed history", ann.get(`/api/annotate/campaigns/${c}/history`));
    expect((await call("closed revise", ann.post(`/api/annotate/judgments/${againId}/revise`).send({ verdict: "left" }))).status).toBe(409);
    expect((await call("closed next", ann.post(`/api/annotate/campaigns/${c}/next`))).status).toBe(404);

    expect(seen.length).toBeGreaterThan(20);
    const leaks = seen.flatMap((s) => plantedIn(s.text).map((p) => `${s.what} (${s.status}): ${p}`));
    expect(leaks).toEqual([]);
    // The researcher's side does carry the names (so the check above could see them).
    const researcher = await w.adminAgent.get(`/api/campaigns/${c}/judgments`).expect(200);
    expect(plantedIn(researcher.text)).toEqual(expect.arrayContaining([planted.writer, planted.reference]));
    expect(plantedIn((await w.adminAgent.get(`/api/campaigns/${c}`).expect(200)).text)).toContain(planted.campaignName);
  });
});

describe("campaign titles", () => {
  it("default to a neutral title, never the name; researchers set, change and see it", async () => {
    const w = await world();
    const admin = w.adminAgent;
    const made = CampaignResponseSchema.parse(
      (
        await admin
          .post("/api/campaigns")
          .send({
            name: "gpt4o-ref-2024 again",
            set_id: w.set.id,
            source: { kind: "vs-reference", model_id: w.writerId, reference_model_id: w.referenceId },
          })
          .expect(201)
      ).body,
    );
    expect(made.campaign.title).toBe(`Campaign ${made.campaign.id}`);
    expect(made.warnings).toEqual([]);
    const titled = CampaignResponseSchema.parse(
      (
        await admin
          .post("/api/campaigns")
          .send({
            name: "round 4",
            title: "  Which essay reads better?  ",
            set_id: w.set.id,
            source: { kind: "vs-reference", model_id: w.writerId, reference_model_id: w.referenceId },
          })
          .expect(201)
      ).body,
    );
    expect(titled.campaign.title).toBe("Which essay reads better?");
    const changed = CampaignResponseSchema.parse(
      (await admin.patch(`/api/campaigns/${titled.campaign.id}`).send({ title: "Essays, round 4" }).expect(200)).body,
    );
    expect(changed.campaign).toMatchObject({ title: "Essays, round 4", name: "round 4" });
    await admin.patch(`/api/campaigns/${titled.campaign.id}`).send({ title: "   " }).expect(400);
    const listed = AnnotatorCampaignsResponseSchema.parse((await w.ann.get("/api/annotate/campaigns").expect(200)).body);
    expect(listed.campaigns.map((x) => x.title)).toContain("Essays, round 4");
    // Only researchers change titles.
    await w.ann.patch(`/api/campaigns/${titled.campaign.id}`).send({ title: "mine now" }).expect(403);
  });

  it("warns the researcher when the title or guidelines name a model of the campaign, by name or endpoint id", async () => {
    const w = await world();
    const admin = w.adminAgent;
    const res = await admin
      .post("/api/campaigns")
      .send({
        name: "warned",
        title: "FAKE-WRITER-7B or not?",
        set_id: w.set.id,
        source: { kind: "vs-reference", model_id: w.writerId, reference_model_id: w.referenceId },
        settings: { guidelines: "The reference answer comes from openai/gpt-4o-planted; the judge is claude-judge-xl." },
      })
      .expect(201);
    const { warnings, campaign } = CampaignResponseSchema.parse(res.body);
    expect(warnings).toHaveLength(2);
    expect(warnings![0]).toMatch(/^title: names the model "fake-writer-7b"/);
    expect(warnings![1]).toMatch(/^guidelines: names the model "openai\/gpt-4o-planted"/);
    // The judge is not one of the campaign's models: not a warning (the campaign compares the writer and the reference).
    expect(warnings!.join()).not.toContain(planted.judge);
    const fixed = CampaignResponseSchema.parse(
      (await admin.patch(`/api/campaigns/${campaign.id}`).send({ title: "Essays", guidelines: "Read both." }).expect(200)).body,
    );
    expect(fixed.warnings).toEqual([]);
    const guidelines = CampaignResponseSchema.parse(
      (await admin.patch(`/api/campaigns/${campaign.id}`).send({ guidelines: "Compare with gpt4o-ref-2024." }).expect(200)).body,
    );
    expect(guidelines.warnings).toEqual([expect.stringMatching(/^guidelines: names the model "gpt4o-ref-2024"/)]);
  });
});

describe("migration 013", () => {
  it("gives existing campaigns a neutral title that owes nothing to their name", () => {
    const migrationsDir = fileURLToPath(new URL("../../server/db/migrations/", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "longpref-m012-"));
    const upTo012 = join(dir, "migrations/");
    for (const f of readdirSync(migrationsDir).filter((f) => /^0(0\d|1[012])_/.test(f))) cpSync(migrationsDir + f, upTo012 + f);
    const db = openDatabase(join(dir, "x.db"));
    expect(migrate(db, upTo012).applied.at(-1)).toBe("012_one_word_per_concept.sql");
    const now = "2026-01-01T00:00:00.000Z";
    db.exec(`
      INSERT INTO instruction_sets (id, name, length_ranges, created_at) VALUES (1, 'set', '[]', '${now}');
      INSERT INTO campaigns (id, name, kind, set_id, source, settings, judgments_per_comparison, created_at)
        VALUES (7, 'fake-writer vs gpt4o-ref', 'custom', 1, '{}', '{}', 2, '${now}');`);
    expect(migrate(db).applied).toContain("013_campaign_title.sql");
    expect(db.prepare("SELECT name, title FROM campaigns").all()).toEqual([{ name: "fake-writer vs gpt4o-ref", title: "Campaign 7" }]);
    db.close();
  });
});
