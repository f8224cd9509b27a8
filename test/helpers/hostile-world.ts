import request from "supertest";
import type { AppDeps } from "../../server/app";
import type { Db } from "../../server/db/open";
import { dialectOf } from "../../server/db/dialect";
import type { RouteInfo } from "../../server/http/route";
import { createWorkspace } from "./factories";
import { insertPairJudgeJob } from "./pair-judgments";
import { password, testApp } from "./test-app";

/**
 * The test workspace (a set, three models, outputs, judge scores, a pair run, a campaign) plus one of every
 * other row a route can name: hostile-input tests call every declared route with ids that exist, so a
 * request reaches the handler instead of stopping at "not found".
 */
export async function hostileWorld(overrides: Partial<AppDeps> = {}) {
  const t = testApp(overrides);
  const workspace = await createWorkspace(t.ctx, { adminPassword: password });
  const admin = request.agent(t.app);
  await admin.post("/api/auth/login").send({ username: "admin", password }).expect(200);
  const first = (sql: string) => (t.db.prepare(sql).get() as { id: number }).id;
  const setId = workspace.set.id;
  const token = (await admin.post("/api/tokens").send({ name: "script" }).expect(201)).body as { token: { id: number }; secret: string };
  // The workspace's writer and reference were imported with no endpoint; sampling jobs need one (nothing listens: no runner runs in these tests).
  const endpoint = (
    await admin
      .post("/api/models")
      .send({ name: "endpoint", base_urls: ["http://127.0.0.1:9/v1"], model: "x" })
      .expect(201)
  ).body.model as { id: number };
  const campaignId = first("SELECT id FROM campaigns ORDER BY id");
  // An account for the admin's account routes to change (role, password, sessions) without locking the admin out.
  const account = await t.user("hostile-target", "annotator");
  // The admin judges one item (a judgment to undo) and holds the next (an assignment to skip or judge).
  const judged = (await admin.post(`/api/annotate/campaigns/${campaignId}/next`).expect(200)).body.item as { assignment_id: number };
  const judgment = (await admin.post(`/api/annotate/assignments/${judged.assignment_id}/judgment`).send(judgmentBody()).expect(201)).body
    .judgment as { id: number };
  const held = (await admin.post(`/api/annotate/campaigns/${campaignId}/next`).expect(200)).body.item as { assignment_id: number };
  // A pair judge job of the workspace's judge over the campaign (the builtin pairwise template): a judge identity.
  insertPairJudgeJob(t.ctx, {
    setId,
    judgeModelId: workspace.models.judge.id,
    source: { kind: "campaign", campaign_id: campaignId },
  });
  const ids = {
    set: setId,
    instruction: first("SELECT id FROM instructions ORDER BY id"),
    writer: workspace.models.writer.id,
    reference: workspace.models.reference.id,
    judgeModel: workspace.models.judge.id,
    endpoint: endpoint.id,
    samplingJob: first("SELECT id FROM sampling_jobs ORDER BY id"),
    sample: first("SELECT id FROM samples ORDER BY id"),
    template: first("SELECT id FROM judge_templates WHERE builtin = 1"),
    judgeJob: first("SELECT id FROM judge_jobs ORDER BY id"),
    pairJudgeJob: insertPairJudgeJob(t.ctx, {
      setId,
      judgeModelId: endpoint.id,
      source: { kind: "campaign", campaign_id: campaignId },
    }).jobId,
    pairRun: first("SELECT id FROM pair_runs ORDER BY id"),
    proposal: first("SELECT id FROM pair_proposals ORDER BY id"),
    campaign: campaignId,
    assignment: held.assignment_id,
    judgment: judgment.id,
    token: token.token.id,
    user: account.id,
  };
  const modelNames = [workspace.models.writer.name, workspace.models.reference.name, workspace.models.judge.name, "endpoint"];
  return { ...t, admin, ids, modelNames, tokenSecret: token.secret };
}
export type HostileWorld = Awaited<ReturnType<typeof hostileWorld>>;

let keys = 0;
export const judgmentBody = () => ({
  verdict: "left",
  time_ms: 9000,
  coverage_left: 1,
  coverage_right: 1,
  idempotency_key: `hostile-${++keys}-key`,
});

type Ids = HostileWorld["ids"];
export interface BodySpec {
  valid: (ids: Ids) => Record<string, unknown>;
  /** A field given the wrong type, and the path the answer must name. */
  wrong: (ids: Ids) => { body: Record<string, unknown>; path: string };
}
const wrong = (valid: (ids: Ids) => Record<string, unknown>, path: string, value: unknown) => (ids: Ids) => {
  const body = structuredClone(valid(ids));
  const keys = path.split(".");
  let at: Record<string, unknown> = body;
  for (const key of keys.slice(0, -1)) at = (at[key] ??= {}) as Record<string, unknown>;
  at[keys.at(-1)!] = value;
  return { body, path };
};
const spec = (valid: BodySpec["valid"], path: string, value: unknown): BodySpec => ({ valid, wrong: wrong(valid, path, value) });

export const jsonl = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join("\n");

/** A valid body for every route that reads one; every other mutation route takes no body. */
export const bodies: Record<string, BodySpec> = {
  "POST /api/auth/login": spec(() => ({ username: "admin", password }), "password", 5),
  "POST /api/users/": spec(() => ({ username: "newcomer", role: "annotator", password: "password123" }), "role", 7),
  "PATCH /api/users/:id": spec(() => ({ role: "researcher" }), "role", 7),
  "POST /api/users/:id/password": spec(() => ({ password: "reset-password-1" }), "password", 5),
  "POST /api/auth/password": spec(() => ({ current_password: password, new_password: "changed-password-1" }), "new_password", 5),
  "PUT /api/auth/language": spec(() => ({ language: "zh" }), "language", "fr"),
  "POST /api/tokens/": spec(() => ({ name: "another" }), "name", ["x"]),
  "POST /api/instruction-sets/import": spec(
    () => ({ name: "imported", format: "jsonl", content: jsonl([{ id: "x1", prompt: "Write a story.", length: 100 }]) }),
    "mapping.prompt",
    3,
  ),
  "POST /api/models/": spec(
    () => ({ name: "another-model", base_urls: ["http://127.0.0.1:9/v1"], model: "x" }),
    "base_urls",
    "http://127.0.0.1:9/v1",
  ),
  "PATCH /api/models/:id": spec(() => ({ max_in_flight: 3 }), "max_in_flight", "3"),
  "POST /api/sampling-jobs/": spec((ids) => ({ set_id: ids.set, model_id: ids.endpoint, n: 1 }), "n", "four"),
  "POST /api/judge-templates": spec(() => ({ name: "mine", text: "Rate $INST$ answered by $RESPONSE$" }), "text", 12),
  "POST /api/judge-jobs": spec((ids) => ({ set_id: ids.set, judge_model_id: ids.endpoint }), "filter.model_ids", ["a"]),
  "POST /api/pair-judge-jobs": spec(
    (ids) => ({ source: { kind: "campaign", campaign_id: ids.campaign }, judge_model_id: ids.endpoint }),
    "source.campaign_id",
    "one",
  ),
  "POST /api/pair-judge-jobs/preview": spec(
    (ids) => ({ source: { kind: "campaign", campaign_id: ids.campaign }, judge_model_id: ids.endpoint }),
    "max_answers",
    "3",
  ),
  "POST /api/pair-runs": spec((ids) => ({ set_id: ids.set, judge_model_id: ids.judgeModel }), "length_weight", "half"),
  "POST /api/pair-proposals/:id/review": spec(() => ({ action: "accept" }), "action", 1),
  "POST /api/pair-runs/:id/judge-confirm": spec((ids) => ({ judge_model_id: ids.judgeModel }), "judge_model_id", "one"),
  "POST /api/outputs/import": spec((ids) => ({ set_id: ids.set, format: "longpref", content: "" }), "set_id", "1"),
  "POST /api/campaigns/": spec(
    (ids) => ({ name: "another campaign", set_id: ids.set, source: { kind: "vs-reference", model_id: ids.writer } }),
    "settings.judgments_per_comparison",
    "three",
  ),
  "POST /api/campaigns/plan": spec(() => ({ models: 1, k: 3, win_rate: 0.6, target_ci: 0.2 }), "target_ci", "0.1"),
  "PATCH /api/campaigns/:id": spec(() => ({ guidelines: "Read both." }), "status", 1),
  "POST /api/campaigns/:id/standing": spec((ids) => ({ user_id: ids.user, action: "flag", reason: "checking" }), "action", 1),
  "POST /api/annotate/assignments/:id/judgment": spec(() => judgmentBody(), "coverage_left", "all"),
  "POST /api/annotate/judgments/:id/revise": spec(() => ({ verdict: "tie" }), "verdict", 1),
};

/** The smallest query each route that needs one answers (the others read none, or only optional ones). */
export function baseQuery(route: RouteInfo, ids: Ids): Record<string, string> {
  const base: Record<string, Record<string, string | number>> = {
    "GET /api/reports/length": { set: ids.set },
    "GET /api/campaigns/models": { set_id: ids.set },
    "GET /api/analytics/win-rates": { campaigns: ids.campaign },
    "GET /api/judges/calibration": { judge_model_id: ids.judgeModel },
    "GET /api/exports/": { from: "proposals", run: ids.pairRun },
    "GET /api/exports/dataset-info": { from: "proposals", run: ids.pairRun, format: "llama-factory-alpaca" },
  };
  return Object.fromEntries(Object.entries(base[label(route)] ?? {}).map(([k, v]) => [k, String(v)]));
}

/** Which id each `:id` of a route stands for, by the resource the path names before it. */
const idOfSegment: [RegExp, keyof HostileWorld["ids"]][] = [
  [/\/tokens\/:id/, "token"],
  [/\/users\/:id/, "user"],
  [/\/instruction-sets\/:id/, "set"],
  [/\/instructions\/:id/, "instruction"],
  [/\/models\/:id/, "writer"],
  [/\/sampling-jobs\/:id/, "samplingJob"],
  [/\/samples\/:id/, "sample"],
  [/\/judge-templates\/:id/, "template"],
  [/\/judge-jobs\/:id/, "judgeJob"],
  [/\/pair-judge-jobs\/:id/, "pairJudgeJob"],
  [/\/pair-runs\/:id/, "pairRun"],
  [/\/pair-proposals\/:id/, "proposal"],
  [/\/campaigns\/:id/, "campaign"],
  [/\/assignments\/:id/, "assignment"],
  [/\/judgments\/:id/, "judgment"],
];

/** A route's URL with real ids, or with `id` in place of every path parameter when given. */
export function urlFor(route: RouteInfo, ids: HostileWorld["ids"], id?: string): string {
  let path = route.path.replace(/\/$/, "");
  if (id !== undefined) return path.replace(/:[a-z_]+/g, encodeURIComponent(id));
  for (const [pattern, key] of idOfSegment) {
    if (pattern.test(path)) path = path.replace(":id", String(ids[key]));
  }
  if (path.includes(":")) throw new Error(`no id known for ${route.path}`);
  return path;
}

/** Every table with its row count: compared before and after a hostile request, nothing may differ. */
export function tableCounts(db: Db): Record<string, number> {
  const list =
    dialectOf(db) === "postgres"
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name";
  const tables = db.prepare(list).all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, (db.prepare(`SELECT COUNT(*) AS n FROM "${name}"`).get() as { n: number }).n]));
}

export const label = (r: RouteInfo) => `${r.method.toUpperCase()} ${r.path}`;
export const mutations = (routes: RouteInfo[]) => routes.filter((r) => r.method !== "get");
export const allows = (r: RouteInfo, role: string) =>
  r.access === "public" || r.access === "signed-in" || (r.access as readonly string[]).includes(role);
