import { afterEach, describe, expect, it } from "vitest";
import { evalLength } from "../../server/scoring/eval-length";
import { readFixture } from "../helpers/fixtures";
import { testApp, type TestApp } from "../helpers/test-app";

let t: TestApp;
afterEach(() => t?.close());

describe("length report per model", () => {
  it("gives the same S_l, overall and per range, as eval-length on the same predictions", async () => {
    t = testApp();
    const agent = await t.agentAs("researcher");
    const set = await agent
      .post("/api/instruction-sets/import")
      .send({ name: "LBW", content: readFixture("longwriter/longbench_write.jsonl") })
      .expect(201);
    const predictions = readFixture("longwriter/longbench_write.jsonl")
      .trim()
      .split("\n")
      .map((line, i) => {
        const record = JSON.parse(line) as { length: number };
        const words = Math.round(record.length * (0.2 + ((i * 37) % 40) / 10));
        return JSON.stringify({ ...record, response: "word ".repeat(words).trim() });
      })
      .join("\n");
    await agent.post("/api/outputs/import").send({ set_id: set.body.set.id, model_name: "M", content: predictions }).expect(201);

    const report = await agent.get("/api/reports/length").query({ set: set.body.set.id }).expect(200);
    const reference = evalLength(predictions).result;
    expect(report.body.ranges).toEqual(["[0,500)", "[500,2000)", "[2000,4000)", "[4000,∞)"]);
    expect(report.body.models).toHaveLength(1);
    const model = report.body.models[0];
    expect(model).toMatchObject({ model_name: "M", samples: 120, length_score: reference.mean_length_score });
    for (const [range, mean] of Object.entries(reference.by_length_range)) {
      expect(model.by_range[range].length_score, range).toBe(mean);
    }
    expect(model.by_range["[4000,∞)"].samples).toBe(27);
    expect(report.body.points).toHaveLength(120);
    expect(report.body.points_total).toBe(120);
    expect(report.body.points[0]).toMatchObject({ required: 100 });

    await agent.get("/api/reports/length").query({ set: 999 }).expect(404);
    await agent.get("/api/reports/length").expect(400);
  });
});
