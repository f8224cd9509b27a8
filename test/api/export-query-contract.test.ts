import type request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportQuery, exportUrl, initialExportDraft, type ExportDraft } from "../../client/src/features/exports/export-query";
import { testApp, type TestApp } from "../helpers/test-app";

// The Exports form refuses exactly what GET /api/exports refuses, in the same words, before sending: both
// check with shared/schemas/export-query.ts. An empty database: an accepted query is then a 404 (no such
// run or campaign), never a 400.
let t: TestApp;
let admin: request.Agent;
beforeAll(async () => {
  t = testApp();
  admin = await t.agentAs("admin");
});
afterAll(() => t?.close());

const draft = (changes: Partial<ExportDraft>): ExportDraft => ({ ...initialExportDraft, scope: "run:1", ...changes });

const table: [string, ExportDraft][] = [
  ["a run's proposals, defaults", draft({})],
  ["no run chosen", draft({ scope: "" })],
  ["battles with no campaign chosen", draft({ from: "battles", format: "battles-jsonl", scope: "" })],
  ["agreement above 1", draft({ minAgreement: "2" })],
  ["agreement below 0", draft({ minAgreement: "-0.1" })],
  ["votes not whole", draft({ minVotes: "1.5" })],
  ["votes above 1000", draft({ minVotes: "1001" })],
  ["margin not finite", draft({ minMargin: "1e999" })],
  ["test share 1", draft({ testShare: "1" })],
  ["test share 0", draft({ testShare: "0" })],
  ["negative split seed", draft({ testShare: "0.1", splitSeed: "-1" })],
  ["split seed past 2^32 - 1", draft({ testShare: "0.1", splitSeed: "4294967296" })],
  ["no status ticked", draft({ statuses: new Set() })],
  ["several problems at once", draft({ minAgreement: "2", minVotes: "0", testShare: "1.5" })],
  ["sft from each proposal's chosen, rejected only", draft({ from: "sft", format: "sft", sft: "chosen", statuses: new Set(["rejected"]) })],
  [
    "a campaign's judgments with every filter",
    draft({
      from: "judgments",
      scope: "campaign:1",
      format: "kto",
      perJudgment: true,
      minMargin: "5",
      minAgreement: "0.67",
      minVotes: "3",
      excludeFlags: new Set(["empty"]),
      provenance: true,
      testShare: "0.2",
      splitSeed: "7",
      lengthRange: "none",
    }),
  ],
  [
    "a campaign's weighted majority, least confidence",
    draft({ from: "judgments", scope: "campaign:1", majority: "weighted", minConfidence: "0.9" }),
  ],
  ["weighted majority, confidence above 1", draft({ from: "judgments", scope: "campaign:1", majority: "weighted", minConfidence: "1.5" })],
  [
    "weighted majority, agreement and per-judgment left in the draft (not sent)",
    draft({ from: "judgments", scope: "campaign:1", majority: "weighted", minAgreement: "0.7", perJudgment: true }),
  ],
  [
    "battle records as CSV, provenance ticked",
    draft({ from: "battles", format: "battles-csv", scope: "set:1", provenance: true, bothBadAsTie: true }),
  ],
];

describe("the Exports form sends the weighted majority's fields only with it", () => {
  it("sends majority and min_confidence for a weighted majority, neither for votes, and no min_agreement or per_judgment with it", () => {
    const keys = (d: ExportDraft) => exportQuery(d).params.map(([k]) => k);
    const judgments = draft({ from: "judgments", scope: "campaign:1", minAgreement: "0.7", minConfidence: "0.9", perJudgment: true });
    expect(keys(judgments)).toEqual(["from", "campaign", "format", "min_agreement", "per_judgment"]);
    expect(keys({ ...judgments, majority: "weighted" })).toEqual(["from", "campaign", "format", "majority", "min_confidence"]);
    expect(keys({ ...judgments, from: "battles", format: "battles-jsonl", majority: "weighted" })).not.toContain("majority");
  });
});

describe("the Exports form checks its query as the server does", () => {
  it.each(table)("%s", async (_name, value) => {
    const query = exportQuery(value);
    const res = await admin.get(exportUrl(query));
    if (query.problems.length > 0) {
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ ok: false, error: "invalid_input", message: query.problems.join("; ") });
    } else {
      expect(res.status).toBe(404);
    }
  });

  it("covers both refused and accepted queries", () => {
    const refused = table.filter(([, value]) => exportQuery(value).problems.length > 0).length;
    expect(refused).toBeGreaterThan(8);
    expect(refused).toBeLessThan(table.length - 3);
  });
});
