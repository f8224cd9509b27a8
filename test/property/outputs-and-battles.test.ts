import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBattles, indexBattles } from "../../shared/stats/battle-index";
import { battleStats } from "../../shared/stats/battle-stats";
import { createContext, type Context } from "../../server/context";
import { migrate } from "../../server/db/migrate";
import { openDatabase, type Db } from "../../server/db/open";
import { DomainError } from "../../server/errors/domain-error";
import { readJsonl } from "../../server/instructions/read-records";
import { silentLogger } from "../../server/logger";
import { importOutputs } from "../../server/sampling/import-outputs";
import { seedSet } from "../helpers/sampling";
import { expectLineErrors, hostileText, layout, lineCount, runs, wrongValue } from "./arbitraries";

let db: Db;
let ctx: Context;
let setId: number;
const prompts = ["Write a poem about rain", "写一篇关于秋天的文章", "Describe a city at night"];

beforeAll(() => {
  db = openDatabase(":memory:");
  migrate(db);
  ctx = createContext(db, () => new Date(), silentLogger);
  setId = seedSet(ctx, prompts, "outputs-property");
});
afterAll(() => db.close());

/** Imports and checks: a result, or a 400 listing lines that exist; never another error. */
function importChecked(content: string, modelName?: string) {
  try {
    return importOutputs(ctx, { set_id: setId, content, model_name: modelName }, null);
  } catch (err) {
    if (!(err instanceof DomainError) || err.kind !== "invalid") throw err;
    const lines = (err.details as { lines?: { line: number; message: string }[] } | undefined)?.lines;
    if (lines) expectLineErrors(lines, lineCount(content));
    return null;
  }
}

// Valid lines hold no NUL: imports refuse it on both backends (docs/decisions/047-one-suite-two-backends.md).
const withoutNul = (s: string) => !s.includes("\0");
const model = fc
  .string({ unit: "grapheme", minLength: 1, maxLength: 30 })
  .filter((s) => s.trim() !== "" && s.trim().length <= 100 && withoutNul(s));
const output = fc.record({
  instruction_id: fc.constantFrom("p1", "p2", "p3"),
  model,
  text: fc.string({ unit: "binary", maxLength: 300 }).filter(withoutNul),
  finish_reason: fc.constantFrom("stop", "length", null),
});

describe("outputs import", () => {
  it("imports or lists bad lines for any text, in either format", () => {
    fc.assert(
      fc.property(hostileText(300), fc.option(fc.constantFrom("m", "  x  ")), (text, name) => void importChecked(text, name ?? undefined)),
      runs(500),
    );
  });

  it("imports valid lines with their text intact, whatever the line ends and blank lines", () => {
    const file = fc.uniqueArray(output, { minLength: 1, maxLength: 5, selector: (o) => `${o.model.trim()}\n${o.instruction_id}` });
    fc.assert(
      fc.property(
        file.chain((os) => layout(os.map((o) => JSON.stringify(o))).map((l) => ({ os, ...l }))),
        ({ os, text }) => {
          const result = importChecked(text);
          expect(result).not.toBeNull();
          const saved = db
            .prepare("SELECT text FROM samples WHERE job_id IN (SELECT id FROM sampling_jobs WHERE id >= ?) ORDER BY id")
            .all(result!.job_id) as { text: string }[];
          expect(saved.map((s) => s.text).sort()).toEqual(os.map((o) => o.text).sort());
        },
      ),
      runs(300),
    );
  });

  it("reports a line with one wrong field on that line", () => {
    const mutated = fc
      .tuple(
        fc.array(output, { minLength: 1, maxLength: 4 }),
        fc.nat(),
        fc.constantFrom("instruction_id", "model", "text", "sample_index", "finish_reason", "prompt"),
        wrongValue,
      )
      .chain(([os, at, field, value]) => {
        const bad = at % os.length;
        // Distinct sample indexes, so only the wrong field can make a line bad.
        const lines = os.map((o, i) => JSON.stringify(i === bad ? { ...o, sample_index: i, [field]: value } : { ...o, sample_index: i }));
        return layout(lines).map((l) => ({ ...l, bad }));
      });
    fc.assert(
      fc.property(mutated, ({ text, lineOf, bad }) => {
        try {
          importOutputs(ctx, { set_id: setId, content: text }, null);
        } catch (err) {
          if (!(err instanceof DomainError)) throw err;
          const lines = (err.details as { lines: { line: number }[] }).lines.map((l) => l.line);
          expect(lines.every((l) => l === lineOf[bad])).toBe(true);
        }
      }),
      runs(500),
    );
  });
});

const battle = fc.record({
  comparison_id: fc.constantFrom("c1", "c2", "c3", "c4"),
  instruction_id: fc.constantFrom("i1", "i2"),
  model_a: fc.constantFrom("ref", "m1", "m2"),
  model_b: fc.constantFrom("ref", "m1", "m2"),
  annotator: fc.constantFrom("ann", "bob", "eve"),
  winner: fc.constantFrom("model_a", "model_b", "tie", "both_bad", "both-bad"),
  left: fc.constantFrom("model_a", "model_b"),
  length_bucket: fc.constantFrom(undefined, null, "[0,500)"),
});

describe("battle records for longpref stats", () => {
  it("reads any text into records and line errors", () => {
    fc.assert(
      fc.property(hostileText(300), (text) => {
        const read = readJsonl(text);
        const checked = checkBattles(read.records);
        expectLineErrors([...read.errors, ...checked.errors], lineCount(text));
        indexBattles(checked.battles);
      }),
      runs(1000),
    );
  });

  it("computes statistics from whatever records pass the checks, wrong fields included", () => {
    const lines = fc.array(
      fc.oneof(
        { weight: 4, arbitrary: battle },
        {
          weight: 1,
          arbitrary: fc.tuple(battle, fc.constantFrom(...Object.keys(battle)), wrongValue).map(([b, k, v]) => ({ ...b, [k]: v })),
        },
      ),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(lines, (records) => {
        const text = records.map((r) => JSON.stringify(r)).join("\n");
        const read = readJsonl(text);
        const checked = checkBattles(read.records);
        expectLineErrors([...read.errors, ...checked.errors], lineCount(text));
        const index = indexBattles(checked.battles);
        if (index.models.includes("ref")) {
          const stats = battleStats(index, { reference: "ref", seed: 1, rounds: 20 });
          expect(JSON.parse(JSON.stringify(stats))).toBeTypeOf("object");
        }
      }),
      runs(300),
    );
  });
});
