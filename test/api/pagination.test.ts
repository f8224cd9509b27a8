import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { pageSizeMax } from "../../shared/schemas/page";
import type { RouteInfo } from "../../server/http/route";
import { createCampaign } from "../../server/campaigns/create";
import { createPairRun } from "../../server/pairs/runs";
import { fieldsFromBody } from "../../server/sampling/model-fields";
import { createSet, createWorkspace, type Workspace } from "../helpers/factories";
import { insertBothOrders, insertPairJudgeJob } from "../helpers/pair-judgments";
import { password, testApp, type TestApp } from "../helpers/test-app";

// One pagination convention on every list (issue 16, point 4; decision 032): `?page=&page_size=` in,
// `{ total, page, page_size, items }` out, pages that concatenate to the whole list, the old access rules.

let t: TestApp;
let w: Workspace;
let admin: ReturnType<typeof request.agent>;
let researcher: ReturnType<typeof request.agent>;
let pairJudgeJobId: number;
afterAll(() => t?.close());

const label = (r: RouteInfo) => `${r.method.toUpperCase()} ${r.path}`;

/** Every list the API answers, paged. A new GET list route must join this list (and be paged) or the next one. */
const lists = [
  "GET /api/instruction-sets/",
  "GET /api/instructions/",
  "GET /api/models/",
  "GET /api/sampling-jobs/",
  "GET /api/sampling-jobs/:id/samples",
  "GET /api/judge-templates",
  "GET /api/judge-jobs",
  "GET /api/judge-jobs/:id/judgments",
  "GET /api/pair-judge-jobs",
  "GET /api/pair-judge-jobs/:id/answers",
  "GET /api/judges",
  "GET /api/pair-runs",
  "GET /api/pair-runs/:id/proposals",
  "GET /api/campaigns/",
  "GET /api/campaigns/:id/judgments",
  "GET /api/campaigns/:id/standing-log",
  "GET /api/annotate/campaigns/:id/history",
  "GET /api/users/",
  "GET /api/tokens/",
];

/** GET routes not ending in an id that answer no list, or a list bounded by one record (why, each). */
const notLists: Record<string, string> = {
  "GET /api/health": "a status",
  "GET /api/auth/me": "the caller",
  "GET /api/limits/upload": "one limit",
  "GET /api/openapi.json": "the API document",
  "GET /api/analytics/win-rates": "a report over chosen campaigns",
  "GET /api/judges/calibration": "a report of one judge",
  "GET /api/pair-judge-jobs/:id/summary": "a summary of one job",
  "GET /api/reports/length": "a report of one set",
  "GET /api/exports/": "a download",
  "GET /api/exports/dataset-info": "a download",
  "GET /api/campaigns/models": "a form's choices for one set: one row per model with outputs there",
  "GET /api/campaigns/:id/dashboard": "a summary of one campaign",
  "GET /api/campaigns/:id/auto-vs-human": "a report of one campaign",
  "GET /api/campaigns/:id/annotator-reliability": "a report of one campaign",
  "GET /api/instructions/:id/review": "the review of one instruction",
  "GET /api/instructions/:id/samples": "one instruction's samples: models × samples per model",
  "GET /api/samples/:id/judgments": "one sample's judge scores: one per judge and template",
  "GET /api/annotate/campaigns": "the campaigns open to the caller, each with its progress; the annotate screen finds its own among them",
};

const getRoutes = () => t.app.locals.routes.filter((r) => r.method === "get" && !/\/:[a-z_]+$/.test(r.path));
const shapeOf = (schema: unknown) => (schema instanceof z.ZodObject ? (schema.shape as Record<string, unknown>) : {});

/** A URL for the route in the world below: the workspace's records stand in for the path ids. */
function urlOf(r: RouteInfo): string {
  const ids: Record<string, number> = {
    "/api/sampling-jobs/:id/samples": t.ctx.samplingJobs.list().at(-1)!.id,
    "/api/judge-jobs/:id/judgments": w.judgeJobId,
    "/api/pair-judge-jobs/:id/answers": pairJudgeJobId,
    "/api/pair-runs/:id/proposals": w.pairRunId,
    "/api/campaigns/:id/judgments": w.campaign.id,
    "/api/campaigns/:id/standing-log": w.campaign.id,
    "/api/annotate/campaigns/:id/history": w.campaign.id,
  };
  return r.path.replace(":id", String(ids[r.path])).replace(/\/$/, "");
}

/** The agent a list is read with: the annotator's own history by its annotator, tokens by their owner, the rest by the admin. */
let annotator: ReturnType<typeof request.agent>;
const reader = (r: RouteInfo) => (r.path.startsWith("/api/annotate/") ? annotator : r.path.startsWith("/api/tokens") ? researcher : admin);

beforeAll(async () => {
  t = testApp();
  w = await createWorkspace(t.ctx, { adminPassword: password, withOutputs: 6, judgmentsPerComparison: 3 });
  const now = new Date();
  // Several of everything, more than the page size the test reads with.
  for (let i = 0; i < 6; i++) {
    const set = createSet(t.ctx, { name: `extra set ${i}`, instructions: 1 });
    t.ctx.models.create(fieldsFromBody({ name: `extra model ${i}`, base_urls: [], model: `m${i}` }), "ui", now);
    t.ctx.judgeTemplates.create(`extra template ${i}`, `Rate $INST$ answered by $RESPONSE$ (${i})`, null, now);
    const template = t.ctx.judgeTemplates.list()[0]!;
    t.ctx.judgeJobs.create(
      {
        set_id: set.id,
        judge_model_id: w.models.judge.id,
        template_id: template.id,
        filter: {},
        temperature: 0,
        max_tokens: 100,
        max_answers: 1,
        created_by: null,
      },
      now,
    );
    t.ctx.samplingJobs.create(
      {
        set_id: set.id,
        model_id: w.models.writer.id,
        n: 1,
        strategy: "direct",
        filter: {},
        params: { temperature: 1, top_p: null, max_tokens: 100 },
        templates: null,
        status: "paused",
        created_by: null,
      },
      now,
    );
    createPairRun(t.ctx, { set_id: w.set.id, judge_model_id: w.models.judge.id, seed: i + 2 }, w.admin.id);
    // A judge identity per pairwise template (GET /api/judges).
    const pairwise = t.ctx.judgeTemplates.create(
      `extra pair template ${i}`,
      `$INST$ $RESPONSE_A$ $RESPONSE_B$ (${i})`,
      null,
      now,
      "pairwise",
    );
    insertPairJudgeJob(t.ctx, {
      setId: w.set.id,
      judgeModelId: w.models.judge.id,
      source: { kind: "campaign", campaign_id: w.campaign.id },
      templateId: pairwise.id,
    });
    createCampaign(
      t.ctx,
      { name: `extra campaign ${i}`, set_id: w.set.id, source: { kind: "vs-reference", model_id: w.models.writer.id }, annotators: "all" },
      w.admin.id,
    );
    await t.user(`user-${i}`, "annotator");
  }
  // Pair judge jobs over the campaign, the first with both orders of every comparison answered.
  const source = { kind: "campaign" as const, campaign_id: w.campaign.id };
  const jobs = Array.from({ length: 6 }, () => insertPairJudgeJob(t.ctx, { setId: w.set.id, judgeModelId: w.models.judge.id, source }));
  pairJudgeJobId = jobs[0]!.jobId;
  for (const c of t.ctx.pairJudgeJobs.campaignPairs(w.campaign.id)) {
    insertBothOrders(t.ctx, { ...jobs[0]!, judgeModelId: w.models.judge.id, a: c.sample_a_id, b: c.sample_b_id, aFirst: 1, bFirst: -1 });
  }
  admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  researcher = await t.agentAs("researcher");
  const me = t.ctx.users.findByName("researcher")!;
  for (let i = 0; i < 7; i++) t.ctx.apiTokens.create(me.id, `token ${i}`, `lp_${i}abcde`, `hash-${i}`, now);
  // Someone else's tokens, which nobody else's list may show.
  for (let i = 0; i < 3; i++) t.ctx.apiTokens.create(w.admin.id, `admin token ${i}`, `lp_a${i}bcde`, `admin-hash-${i}`, now);
  // An annotator's judgments: rows for the campaign's judgments and the annotator's own history.
  annotator = await t.agentAs("annotator", "ann");
  for (let i = 0; i < w.campaign.comparisons; i++) {
    const item = (await annotator.post(`/api/annotate/campaigns/${w.campaign.id}/next`).expect(200)).body.item;
    await annotator
      .post(`/api/annotate/assignments/${item.assignment_id}/judgment`)
      .send({ verdict: "left", rationale: "", time_ms: 5000, coverage_left: 1, coverage_right: 1, idempotency_key: `page-${i}-abcdef` })
      .expect(201);
  }
  // Standing changes of that annotator: the campaign's standing log (decision 039).
  const ann = t.ctx.users.findByName("ann")!;
  for (let i = 0; i < 6; i++)
    t.ctx.goldPairs.setStanding(w.campaign.id, ann.id, i % 2 === 0 ? "flagged" : null, w.admin.id, `check ${i}`, now);
});

describe("one pagination convention on every list", () => {
  it("pages every GET list route, and knows every other GET route for what it answers", () => {
    const routes = getRoutes();
    const paged = routes.filter((r) => {
      const answer = shapeOf(r.input.response);
      return "items" in answer && "total" in answer;
    });
    expect(paged.map(label).sort()).toEqual([...lists].sort());
    for (const r of paged) {
      const query = shapeOf(r.input.query);
      expect(["page" in query, "page_size" in query, "page" in shapeOf(r.input.response)], label(r)).toEqual([true, true, true]);
    }
    const unknown = routes.map(label).filter((l) => !lists.includes(l) && !(l in notLists));
    expect(unknown, "a new GET route: page it (decision 032) or say here why it answers no list").toEqual([]);
  });

  it("serves each list in pages that concatenate to the whole list, with the right total and no row twice", async () => {
    const pageSize = 4;
    for (const r of getRoutes().filter((r) => lists.includes(label(r)))) {
      const agent = reader(r);
      const url = urlOf(r);
      const whole = (await agent.get(url).query({ page_size: pageSizeMax }).expect(200)).body;
      expect(whole.total, `${label(r)} needs more rows than a page`).toBeGreaterThan(pageSize);
      expect(whole.items, label(r)).toHaveLength(whole.total);
      const seen: unknown[] = [];
      const pages = Math.ceil(whole.total / pageSize);
      for (let page = 1; page <= pages; page++) {
        const body = (await agent.get(url).query({ page, page_size: pageSize }).expect(200)).body;
        expect(body, `${label(r)} page ${page}`).toMatchObject({ total: whole.total, page, page_size: pageSize });
        expect(body.items.length, `${label(r)} page ${page}`).toBe(page < pages ? pageSize : whole.total - pageSize * (pages - 1));
        seen.push(...body.items);
      }
      expect(seen, label(r)).toEqual(whole.items);
      const ids = seen.map((item) => (item as { id?: number }).id);
      if (ids.every((id) => id !== undefined)) expect(new Set(ids).size, label(r)).toBe(ids.length);

      const past = (
        await agent
          .get(url)
          .query({ page: pages + 1, page_size: pageSize })
          .expect(200)
      ).body;
      expect(past, `${label(r)} past the end`).toMatchObject({ total: whole.total, items: [] });
      for (const bad of [{ page_size: pageSizeMax + 1 }, { page_size: 0 }, { page: 0 }, { page: "x" }, { zzz: "1" }]) {
        const res = await agent.get(url).query(bad);
        expect(res.status, `${label(r)} ${JSON.stringify(bad)}`).toBe(400);
      }
    }
  });

  it("pages in the order the whole list had: newest first where it was, by name where it was", async () => {
    const sets = (await admin.get("/api/instruction-sets").query({ page_size: 3 }).expect(200)).body;
    expect(sets.items.map((s: { name: string }) => s.name)).toEqual(
      t.ctx.sets
        .list()
        .slice(0, 3)
        .map((s) => s.name),
    );
    const users = (await admin.get("/api/users").query({ page: 2, page_size: 3 }).expect(200)).body;
    expect(users.items.map((u: { username: string }) => u.username)).toEqual(
      t.ctx.users
        .list()
        .slice(3, 6)
        .map((u) => u.username),
    );
    const runs = (await admin.get("/api/pair-runs").query({ page_size: 2 }).expect(200)).body.items as { id: number }[];
    expect(runs[0]!.id).toBeGreaterThan(runs[1]!.id);
  });

  it("keeps the access rules: own tokens only, no user list for researchers, no researcher list for annotators", async () => {
    const tokens = (await researcher.get("/api/tokens").query({ page_size: 5 }).expect(200)).body;
    expect(tokens.total).toBe(7);
    const all = [...tokens.items, ...(await researcher.get("/api/tokens").query({ page: 2, page_size: 5 }).expect(200)).body.items];
    expect(all.map((x: { name: string }) => x.name)).toEqual(Array.from({ length: 7 }, (_, i) => `token ${i}`));
    expect(JSON.stringify(all)).not.toContain("hash-");
    await researcher.get("/api/users").query({ page: 1 }).expect(403);
    for (const path of lists.filter((l) => !l.includes("/annotate/")).map((l) => l.slice(4))) {
      if (path.includes(":id")) continue;
      await annotator.get(path.replace(/\/$/, "")).query({ page_size: 1 }).expect(403);
    }
    // An annotator's history holds their own judgments only.
    const other = await t.agentAs("annotator", "other-ann");
    const theirs = (await other.get(`/api/annotate/campaigns/${w.campaign.id}/history`).expect(200)).body;
    expect(theirs).toMatchObject({ total: 0, items: [] });
  });
});
