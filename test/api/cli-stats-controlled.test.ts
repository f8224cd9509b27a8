import { readFileSync } from "node:fs";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BattleStats } from "../../shared/stats/battle-stats";
import { runCli } from "../helpers/cli";
import { fixturePath } from "../helpers/fixtures";

// `longpref stats --json`: issue #14's figures through the real CLI, against the reference vectors that
// statsmodels and scikit-learn computed (test/vectors/make-length-controlled.py, make-style-controlled.py).
// Point estimates within 1e-6.

interface LcExpected {
  judgments: number;
  raw_win_rate: number | null;
  reason: string | null;
  win_rate?: number;
  phi?: number;
  warning?: boolean;
}
const lcVectors = JSON.parse(readFileSync(new URL("../vectors/length-controlled.json", import.meta.url), "utf8")) as {
  reference: string;
  columns: string[];
  cases: { name: string; records: unknown[][]; expected: Record<string, LcExpected> }[];
};
const styleVectors = JSON.parse(readFileSync(new URL("../vectors/style-controlled.json", import.meta.url), "utf8")) as {
  cases: {
    name: string;
    reference: string;
    records: Record<string, unknown>[];
    expected: { ratings?: Record<string, number | null>; coefficients?: Record<string, number | null>; judgments?: number };
  }[];
};

function writeRecords(records: Record<string, unknown>[]): string {
  const file = join(mkdtempSync(join(tmpdir(), "longpref-stats-")), "judgments.jsonl");
  writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n"));
  return file;
}

async function stats(file: string, reference: string, extra: string[] = []): Promise<BattleStats> {
  const res = await runCli(["stats", file, "--reference", reference, "--json", "--rounds", "20", ...extra]);
  expect(res.status, res.stderr).toBe(0);
  return JSON.parse(res.stdout) as BattleStats;
}

describe("longpref stats: length-controlled win rate against statsmodels", () => {
  it("gives every case's figures from one file (models, comparisons and instructions prefixed by their case)", async () => {
    // The figure of a model depends only on its own judgments against the reference, so the cases can share a file.
    const ref = lcVectors.reference;
    const prefixed = (name: string, model: unknown) => (model === ref ? ref : `${name}/${model}`);
    const records = lcVectors.cases.flatMap((vector) =>
      vector.records.map((row) => {
        const r = Object.fromEntries(lcVectors.columns.map((c, i) => [c, row[i]]));
        for (const key of ["comparison_id", "instruction_id", "model_a", "model_b"]) r[key] = prefixed(vector.name, r[key]);
        return r;
      }),
    );
    const out = await stats(writeRecords(records), ref);
    let checked = 0;
    for (const vector of lcVectors.cases) {
      for (const [name, want] of Object.entries(vector.expected)) {
        const model = prefixed(vector.name, name);
        const got = out.length_controlled![model];
        if (want.reason === "no_words") {
          expect(got === undefined || got.win_rate === null, model).toBe(true);
          continue;
        }
        expect(got, model).toBeDefined();
        expect(got!.judgments, model).toBe(want.judgments);
        expect(Math.abs(got!.raw_win_rate! - want.raw_win_rate!), model).toBeLessThan(1e-12);
        if (want.reason === null) {
          expect(got!.reason, model).toBeNull();
          expect(Math.abs(got!.win_rate! - want.win_rate!), model).toBeLessThan(1e-6);
          expect(Math.abs(got!.length_coefficient! - want.phi!), model).toBeLessThan(1e-6);
          expect(got!.warning !== null, model).toBe(want.warning);
          expect(got!.ci![0]).toBeLessThanOrEqual(got!.ci![1]);
          checked++;
        } else {
          expect(got!.win_rate, model).toBeNull();
          expect(got!.reason, model).toBeTruthy();
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it("is null with a reason when no judgment carries word counts", async () => {
    const vector = lcVectors.cases.find((c) => Object.values(c.expected).every((e) => e.reason === "no_words"))!;
    const columns = lcVectors.columns.filter((c) => c !== "words_a" && c !== "words_b");
    const records = vector.records.map((row) => Object.fromEntries(columns.map((c) => [c, row[lcVectors.columns.indexOf(c)]])));
    const out = await stats(writeRecords(records), lcVectors.reference);
    expect(out.length_controlled).toBeNull();
    expect(out.length_controlled_reason).toMatch(/word counts/);
  });
});

describe("longpref stats: style-controlled Bradley–Terry against scikit-learn", () => {
  for (const vector of styleVectors.cases.filter((c) => c.expected.ratings)) {
    it(`case ${vector.name}`, async () => {
      const out = await stats(writeRecords(vector.records), vector.reference);
      const style = out.style_controlled!;
      expect(style.judgments).toBe(vector.expected.judgments);
      for (const [model, rating] of Object.entries(vector.expected.ratings!)) {
        if (rating === null) expect(style.ratings[model]!.rating, model).toBeNull();
        else expect(Math.abs(style.ratings[model]!.rating! - rating), model).toBeLessThan(1e-6);
      }
      for (const [feature, coefficient] of Object.entries(vector.expected.coefficients!)) {
        const got = style.coefficients[feature as keyof typeof style.coefficients];
        if (coefficient === null) expect(got, feature).toBeNull();
        else expect(Math.abs(got! - coefficient), feature).toBeLessThan(1e-6);
      }
    });
  }
});

describe("longpref stats: the new keys on a file without word counts (judgments-a)", () => {
  it("gives null length and style figures with reasons, the annotators, weighted win rates, ranks and the bootstrap settings", async () => {
    const out = await stats(fixturePath("judgments-a/judgments.jsonl"), "gpt-4o", ["--seed", "11", "--rounds", "300"]);
    expect(out.length_controlled).toBeNull();
    expect(out.length_controlled_reason).toMatch(/word counts/);
    expect(out.style_controlled).toBeNull();
    expect(out.style_controlled_reason).toMatch(/word counts/);
    expect(out.bootstrap).toEqual({ rounds: 300, seed: 11, cluster: "instruction" });
    expect(Object.keys(out.weighted_vs_reference).sort()).toEqual(Object.keys(out.vs_reference).sort());
    for (const w of Object.values(out.weighted_vs_reference)) {
      expect(w.ci![0]).toBeLessThanOrEqual(w.win_rate!);
      expect(w.ci![1]).toBeGreaterThanOrEqual(w.win_rate!);
    }
    const judgedBy = Object.values(out.annotators).reduce((n, a) => n + a.judgments, 0);
    expect(judgedBy).toBe(out.judgments);
    for (const a of Object.values(out.annotators)) {
      expect(a.reliability).toBeGreaterThan(0);
      expect(a.confusion).toHaveLength(3);
    }
    expect(Object.keys(out.ranks).sort()).toEqual(Object.keys(out.bradley_terry).sort());
    expect(out.rank_flip?.top).toBe(Object.entries(out.bradley_terry).sort((a, b) => b[1] - a[1])[0]![0]);
    for (const key of [
      "length_controlled",
      "style_controlled",
      "dawid_skene",
      "weighted_vs_reference",
      "bootstrap",
      "ranks",
      "rank_flip",
    ]) {
      expect(out.definitions[key], key).toBeTruthy();
    }
  });
});
