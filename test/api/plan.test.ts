import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import request from "supertest";
import { afterEach, describe, expect, it } from "vitest";
import { BudgetPlanSchema } from "../../shared/schemas/budget-plan";
import { planBudget } from "../../shared/stats/budget-planner";
import { runCli } from "../helpers/cli";
import { testApp, type TestApp } from "../helpers/test-app";

// The budget planner's two doors (decision 040): `longpref plan` and POST /api/campaigns/plan.

describe("longpref plan", () => {
  it("prints exactly {judgments, comparisons} without opening or creating a database", async () => {
    const dir = mkdtempSync(join(tmpdir(), "longpref-plan-"));
    const db = join(dir, "never.db");
    const res = await runCli(["plan", "--models", "2", "--k", "3", "--win-rate", "0.6", "--target-ci", "0.1", "--json"], {
      LONGPREF_DB: db,
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toBe("");
    const out = JSON.parse(res.stdout);
    expect(Object.keys(out).sort()).toEqual(["comparisons", "judgments"]);
    expect(out).toEqual(planBudget({ models: 2, k: 3, winRate: 0.6, targetCi: 0.1 }));
    expect(out.judgments).toBe(out.comparisons * 3 * 2);
    expect(existsSync(db)).toBe(false);
  });

  it("refuses bad values with exit code 2 and one JSON object naming every bad option", async () => {
    const res = await runCli(["plan", "--models", "0", "--k", "2.5", "--win-rate", "1", "--target-ci", "0", "--json"]);
    expect(res.status).toBe(2);
    expect(res.stdout).toBe("");
    const error = JSON.parse(res.stderr);
    expect(error).toMatchObject({ ok: false, error: "usage" });
    const problems = error.details.problems as string[];
    for (const option of ["--models", "--k", "--win-rate", "--target-ci"])
      expect(
        problems.some((p) => p.startsWith(option)),
        option,
      ).toBe(true);
  });

  it("says a target past the cap cannot be reached (exit code 1)", async () => {
    const res = await runCli(["plan", "--models", "1", "--k", "3", "--win-rate", "0.5", "--target-ci", "0.002", "--json"]);
    expect(res.status).toBe(1);
    const error = JSON.parse(res.stderr);
    expect(error).toMatchObject({ ok: false, error: "unreachable_target", details: { max_comparisons: 20_000 } });
    expect(error.message).toMatch(/needs more than 20,000 comparisons per model/);
  });
});

describe("POST /api/campaigns/plan", () => {
  let t: TestApp;
  afterEach(() => t?.close());

  it("answers researchers with the planner's figures and the assumptions, per-model win rates too", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    const res = await researcher.post("/api/campaigns/plan").send({ models: 1, k: 3, win_rate: 0.7, target_ci: 0.08 }).expect(200);
    const answer = BudgetPlanSchema.parse(res.body);
    expect({ judgments: answer.judgments, comparisons: answer.comparisons }).toEqual(
      planBudget({ models: 1, k: 3, winRate: 0.7, targetCi: 0.08 }),
    );
    expect(answer.assumptions).toEqual({ kappa: 0.3, simulated_campaigns: 16, bootstrap_rounds: 1000, seed: 0 });
    // The model nearest 0.5 decides; κ is the caller's.
    const mixed = await researcher
      .post("/api/campaigns/plan")
      .send({ models: 2, k: 2, win_rate: 0.5, win_rates: [0.9, 0.6], target_ci: 0.1, kappa: 0.5 })
      .expect(200);
    expect(mixed.body).toMatchObject(planBudget({ models: 2, k: 2, winRate: [0.9, 0.6], targetCi: 0.1, kappa: 0.5 }));
    expect(mixed.body.assumptions.kappa).toBe(0.5);
  });

  it("refuses bad designs with 400 naming the field, and an unreachable target with unreachable_target", async () => {
    t = testApp();
    const researcher = await t.agentAs("researcher");
    const valid = { models: 1, k: 3, win_rate: 0.6, target_ci: 0.1 };
    for (const [field, value] of [
      ["models", 0],
      ["k", 21],
      ["win_rate", 1],
      ["target_ci", 0],
      ["kappa", 1.5],
      ["win_rates", [0.5, 0.6]],
    ] as const) {
      const res = await researcher.post("/api/campaigns/plan").send({ ...valid, [field]: value });
      expect(res.status, `${field}: ${JSON.stringify(res.body)}`).toBe(400);
      expect(res.body.message, field).toContain(field);
    }
    const far = await researcher
      .post("/api/campaigns/plan")
      .send({ ...valid, target_ci: 0.001 })
      .expect(400);
    expect(far.body).toMatchObject({ ok: false, error: "unreachable_target", details: { max_comparisons: 20_000 } });
  });

  it("is for researchers: annotators get 403, strangers 401", async () => {
    t = testApp();
    const annotator = await t.agentAs("annotator");
    const body = { models: 1, k: 3, win_rate: 0.6, target_ci: 0.1 };
    const refused = await annotator.post("/api/campaigns/plan").send(body).expect(403);
    expect(refused.body).toMatchObject({ ok: false, error: "forbidden" });
    expect(JSON.stringify(refused.body)).not.toMatch(/judgments|comparisons/);
    await request(t.app).post("/api/campaigns/plan").send(body).expect(401);
  });
});
