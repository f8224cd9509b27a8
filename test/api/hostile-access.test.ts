import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { hashSecret } from "../../server/auth/secret";
import {
  allows,
  baseQuery,
  bodies,
  hostileWorld,
  judgmentBody,
  label,
  tableCounts,
  urlFor,
  type HostileWorld,
} from "../helpers/hostile-world";
import { password } from "../helpers/test-app";

let w: HostileWorld;
afterEach(() => w?.close());

type Agent = ReturnType<typeof request.agent>;

async function signIn(username: string) {
  const user = await w.user(username, "annotator");
  const agent = request.agent(w.app);
  await agent.post("/api/auth/login").send({ username, password }).expect(200);
  return { agent, user };
}

/** Every key and every string of a JSON answer, with their paths. */
function walk(
  value: unknown,
  path = "",
  out: { keys: string[]; strings: [string, string][]; at: Map<string, unknown> } = { keys: [], strings: [], at: new Map() },
) {
  out.at.set(path, value);
  if (typeof value === "string") out.strings.push([path, value]);
  else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`, out));
  else if (value && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) {
      out.keys.push(`${path}.${k}`);
      walk(v, `${path}.${k}`, out);
    }
  }
  return out;
}

/**
 * Two campaigns: "shared study" with annotators A and B, scores and word counts hidden; "B only" with B,
 * scores shown. B has judged and holds an item in each; the workspace's campaign (open to all) is closed.
 */
async function world() {
  w = await hostileWorld();
  const a = await signIn("ann-a");
  const b = await signIn("ann-b");
  await w.admin.patch(`/api/campaigns/${w.ids.campaign}`).send({ status: "closed" }).expect(200);
  const create = async (name: string, annotators: number[], settings: Record<string, unknown>) =>
    (
      await w.admin
        .post("/api/campaigns")
        .send({ name, set_id: w.ids.set, source: { kind: "vs-reference", model_id: w.ids.writer }, annotators, settings })
        .expect(201)
    ).body.campaign.id as number;
  const shared = await create("shared study", [a.user.id, b.user.id], {
    show_scores: false,
    show_word_counts: false,
    judgments_per_comparison: 2,
  });
  const bOnly = await create("B only", [b.user.id], { show_scores: true });
  const take = async (agent: Agent, campaign: number) =>
    (await agent.post(`/api/annotate/campaigns/${campaign}/next`).expect(200)).body.item.assignment_id as number;
  const judge = async (agent: Agent, assignment: number, verdict: string) =>
    (
      await agent
        .post(`/api/annotate/assignments/${assignment}/judgment`)
        .send({ ...judgmentBody(), verdict })
        .expect(201)
    ).body.judgment.id as number;
  const foreign = {
    campaigns: [bOnly, w.ids.campaign, 999_999],
    assignments: [w.ids.assignment] as number[],
    judgments: [w.ids.judgment] as number[],
  };
  for (const campaign of [shared, bOnly]) {
    foreign.judgments.push(await judge(b.agent, await take(b.agent, campaign), "both-bad"));
    foreign.assignments.push(await take(b.agent, campaign));
  }
  const own = { campaign: shared, judged: await judge(a.agent, await take(a.agent, shared), "right"), held: await take(a.agent, shared) };
  return { a, b, shared, bOnly, foreign, own };
}

const forbiddenKey = /model|sample|annotator|reference|winner|outcome|source|kind|created_by|set_id|set_name|lease_minutes/;

// Each test sweeps every route (more with each issue); the time grows with the route table, not with a wait.
describe("what an annotator can reach, on every route open to annotators", { timeout: 120_000 }, () => {
  it("answers 404 for other campaigns, other annotators' items and judgments, and writes nothing", async () => {
    const { a, foreign } = await world();
    const open = w.app.locals.routes.filter((r) => allows(r, "annotator") && r.path.includes(":id"));
    expect(open.map(label).sort()).toEqual([
      "GET /api/annotate/campaigns/:id/history",
      "GET /api/annotate/judgments/:id",
      "POST /api/annotate/assignments/:id/judgment",
      "POST /api/annotate/assignments/:id/revisit",
      "POST /api/annotate/assignments/:id/skip",
      "POST /api/annotate/campaigns/:id/next",
      "POST /api/annotate/judgments/:id/revise",
      "POST /api/annotate/judgments/:id/undo",
    ]);
    // The workspace's campaign is closed but was open to everyone: its history (empty for A) stays readable.
    const closedOpenToAll = w.ids.campaign;
    const idsFor = (path: string) =>
      path.endsWith("/history")
        ? foreign.campaigns.filter((id) => id !== closedOpenToAll)
        : path.includes("/campaigns/")
          ? foreign.campaigns
          : path.includes("/assignments/")
            ? foreign.assignments
            : foreign.judgments;
    let tried = 0;
    for (const r of open) {
      for (const id of idsFor(r.path)) {
        const before = tableCounts(w.db);
        const res = await a.agent[r.method](urlFor(r, w.ids, String(id))).send(bodies[label(r)]?.valid(w.ids) ?? {});
        expect(res.status, `${label(r)} id ${id}: ${res.text}`).toBe(404);
        expect(tableCounts(w.db), `${label(r)} id ${id}`).toEqual(before);
        expect(res.text).not.toMatch(new RegExp(["ann-b", "B only", ...w.modelNames].join("|")));
        tried++;
      }
    }
    expect(tried).toBe(23);
    const closed = await a.agent.get(`/api/annotate/campaigns/${closedOpenToAll}/history`).expect(200);
    expect(closed.body).toMatchObject({ total: 0, items: [], skipped: [], campaign: { status: "closed" } });
  });

  it("never shows a model, a sample id, hidden scores, another campaign or another annotator in any answer", async () => {
    const { a, b, shared, bOnly, own } = await world();
    // The contrast: a campaign that shows scores shows them.
    const shown = (await b.agent.post(`/api/annotate/campaigns/${bOnly}/next`).expect(200)).body.item;
    expect(shown.left.length_score).not.toBeNull();
    const answers: [string, request.Response][] = [];
    const call = async (what: string, res: Promise<request.Response>) => answers.push([what, await res]);
    await call("me", a.agent.get("/api/auth/me"));
    await call("campaigns", a.agent.get("/api/annotate/campaigns"));
    await call("next (held)", a.agent.post(`/api/annotate/campaigns/${shared}/next`));
    await call("judgment", a.agent.post(`/api/annotate/assignments/${own.held}/judgment`).send({ ...judgmentBody(), verdict: "tie" }));
    await call("next (new)", a.agent.post(`/api/annotate/campaigns/${shared}/next`));
    const fresh = answers.at(-1)![1].body.item.assignment_id as number;
    await call("skip", a.agent.post(`/api/annotate/assignments/${fresh}/skip`));
    const last = answers.find(([w]) => w === "judgment")![1].body.judgment.id as number;
    await call("undo", a.agent.post(`/api/annotate/judgments/${last}/undo`));
    await call("next (after undo)", a.agent.post(`/api/annotate/campaigns/${shared}/next`));
    await call("login", request(w.app).post("/api/auth/login").send({ username: "ann-a", password }));
    // Every route open to annotators answered at least once (logout last, below; health is public).
    const covered = ["me", "campaigns", "next (held)", "judgment", "skip", "undo", "login"];
    expect(answers.map(([w]) => w)).toEqual(expect.arrayContaining(covered));

    let hidden = 0;
    let verdicts = 0;
    for (const [what, res] of answers) {
      expect(res.status, `${what}: ${res.text}`).toBeLessThan(300);
      const { keys, strings, at } = walk(res.body);
      const ownUser = what === "me" || what === "login";
      for (const key of keys) {
        if (ownUser && /^\.user\./.test(key)) continue;
        expect(key.split(".").at(-1), `${what}: ${key}`).not.toMatch(forbiddenKey);
      }
      for (const [path, s] of strings) {
        for (const name of [...w.modelNames, "ann-b", "B only", "admin"]) expect(s, `${what}: ${path}`).not.toContain(name);
      }
      // The campaign hides scores and word counts: each side of an item holds them as null.
      for (const [path, value] of at) {
        if (/\.(left|right)\.(length_score|quality_score|word_count)$/.test(path)) {
          expect(value, `${what}: ${path}`).toBeNull();
          hidden++;
        }
      }
      // B's both-bad verdicts never reach A; A's own answer carries only A's verdict.
      for (const [path, value] of at)
        if (path.endsWith(".verdict")) {
          verdicts++;
          expect(value, `${what}: ${path}`).toBe("tie");
        }
    }
    // The checks above saw what they check: three items (two sides, three fields each) and A's verdict.
    expect(hidden).toBe(18);
    expect(verdicts).toBe(1);
    const listed = answers.find(([w]) => w === "campaigns")![1].body.campaigns as { id: number; judged_by_you: number }[];
    expect(listed.map((c) => c.id)).toEqual([shared]);
    expect(listed[0]!.judged_by_you).toBe(1);
    await a.agent.post("/api/auth/logout").expect(200);
    await a.agent.get("/api/auth/me").expect(401);
  });

  it("answers 403 on every other route, with real ids, queries and bodies, and writes nothing", async () => {
    const { a } = await world();
    const closed = w.app.locals.routes.filter((r) => !allows(r, "annotator"));
    for (const r of closed) {
      const before = tableCounts(w.db);
      const res = await a.agent[r.method](urlFor(r, w.ids))
        .query(baseQuery(r, w.ids))
        .send(bodies[label(r)]?.valid(w.ids) ?? {});
      expect(res.status, `${label(r)}: ${res.text}`).toBe(403);
      expect(res.body).toEqual({ ok: false, error: "forbidden", message: "your role does not allow this" });
      expect(tableCounts(w.db), label(r)).toEqual(before);
    }
    const families = [
      "/api/exports",
      "/api/analytics",
      "/api/reports",
      "/api/models",
      "/api/samples",
      "/api/instructions",
      "/api/campaigns",
      "/api/users",
      "/api/tokens",
      "/api/pair-runs",
      "/api/judge-jobs",
      "/api/sampling-jobs",
      "/api/judges",
      "/api/pair-judge-jobs",
    ];
    for (const f of families)
      expect(
        closed.some((r) => r.path.startsWith(f)),
        f,
      ).toBe(true);
    expect(closed.length).toBeGreaterThan(40);
  });

  it("gives an annotator's API token no power, even one written straight into the database", async () => {
    const { a } = await world();
    await a.agent.post("/api/tokens").send({ name: "mine" }).expect(403);
    w.ctx.apiTokens.create(a.user.id, "planted", "lp_plant", hashSecret("lp_planted-secret"), new Date());
    await request(w.app).get("/api/annotate/campaigns").set("Authorization", "Bearer lp_planted-secret").expect(401);
    await request(w.app)
      .get("/api/exports")
      .query({ from: "proposals", run: w.ids.pairRun })
      .set("Authorization", "Bearer lp_planted-secret")
      .expect(401);
  });
});
