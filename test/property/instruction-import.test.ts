import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { defaultLengthRanges } from "../../shared/instructions/length-range";
import { importFormats, type ColumnMapping } from "../../shared/schemas/import";
import { ParsedInstructionSchema } from "../../shared/schemas/import";
import { detectFormat, parseImport } from "../../server/instructions/parse-import";
import { expectLineErrors, hostileText, layout, lineCount, runs, wrongValue } from "./arbitraries";

const format = fc.constantFrom(...importFormats);
const mapping: fc.Arbitrary<ColumnMapping> = fc.record(
  {
    id: fc.constantFrom("id", "uid", "x"),
    prompt: fc.constantFrom("prompt", "instruction", "x"),
    required_length: fc.constantFrom("length", "x"),
  },
  { requiredKeys: [] },
);

/** Parses and checks the result's shape: instructions the API would accept, or errors naming real lines. */
function parseChecked(text: string, fmt: (typeof importFormats)[number], map: ColumnMapping = {}) {
  const result = parseImport(text, fmt, map, defaultLengthRanges);
  if (result.ok) {
    for (const i of result.instructions) ParsedInstructionSchema.parse(i);
  } else {
    expect(result.errors.length).toBeGreaterThan(0);
    expectLineErrors(result.errors, lineCount(text));
  }
  return result;
}

const record = fc.record({
  // Prefixed so no wrong value (a number, a blank giving the line's index) can repeat another record's id.
  id: fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => `r${s}`),
  prompt: fc.string({ unit: "grapheme", minLength: 1, maxLength: 80 }).filter((s) => s.trim() !== ""),
  length: fc.integer({ min: 1, max: 100_000 }),
  type: fc.constantFrom("Literature", "散文", "report", "a,b", 'say "hi"'),
});
const uniqueRecords = fc.uniqueArray(record, { minLength: 1, maxLength: 8, selector: (r) => r.id.trim() });

describe("instruction import, any input", () => {
  it("detects a format and gives instructions or line errors for any text", () => {
    fc.assert(
      fc.property(hostileText(300), format, mapping, fc.option(fc.constantFrom("a.csv", "a.jsonl", "A.CSV")), (text, fmt, map, name) => {
        expect(importFormats).toContain(detectFormat(text, name ?? undefined));
        parseChecked(text, fmt, map);
      }),
      runs(1000),
    );
  });

  it("handles JSONL lines holding any JSON value", () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue({ maxDepth: 4 }), { maxLength: 6 }), format, (values, fmt) => {
        parseChecked(values.map((v) => JSON.stringify(v) ?? "").join("\n"), fmt === "csv" ? "jsonl" : fmt);
      }),
      runs(500),
    );
  });
});

describe("instruction import, near-valid JSONL", () => {
  it("imports valid records with their fields intact, whatever the line ends, BOM and blank lines", () => {
    fc.assert(
      fc.property(
        uniqueRecords.chain((rs) => layout(rs.map((r) => JSON.stringify(r))).map((l) => ({ rs, ...l }))),
        ({ rs, text }) => {
          const result = parseChecked(text, "longbench");
          expect(result.ok).toBe(true);
          if (!result.ok) return;
          expect(result.instructions.map((i) => [i.external_id, i.prompt, i.required_length, i.category])).toEqual(
            rs.map((r) => [r.id.trim(), r.prompt, r.length, r.type]),
          );
        },
      ),
      runs(500),
    );
  });

  it("reports a record with one field set to a wrong value on that record's line, or imports it", () => {
    const mutated = fc
      .tuple(uniqueRecords, fc.nat(), fc.constantFrom("id", "prompt", "length", "type", "extra"), wrongValue)
      .chain(([rs, at, field, value]) => {
        const bad = at % rs.length;
        const lines = rs.map((r, i) => JSON.stringify(i === bad ? { ...r, [field]: value } : r));
        return layout(lines).map((l) => ({ ...l, bad }));
      });
    fc.assert(
      fc.property(mutated, ({ text, lineOf, bad }) => {
        const result = parseChecked(text, "longbench");
        if (!result.ok) expect(result.errors.map((e) => e.line)).toEqual([lineOf[bad]]);
      }),
      runs(1000),
    );
  });
});

/** RFC 4180: every field quoted, quotes doubled. */
const csvLine = (fields: string[]) => fields.map((f) => `"${f.replaceAll('"', '""')}"`).join(",");

describe("instruction import, CSV", () => {
  it("imports quoted fields holding commas, quotes and line breaks intact", () => {
    const multiline = record.chain((r) =>
      fc.constantFrom("\n", "\r\n", "").map((br) => ({ ...r, prompt: `${r.prompt}${br}, "more"${br}` })),
    );
    fc.assert(
      fc.property(fc.uniqueArray(multiline, { minLength: 1, maxLength: 6, selector: (r) => r.id.trim() }), fc.boolean(), (rs, crlf) => {
        const text = [
          csvLine(["id", "prompt", "length", "type"]),
          ...rs.map((r) => csvLine([r.id, r.prompt, String(r.length), r.type])),
        ].join(crlf ? "\r\n" : "\n");
        const result = parseChecked(text, "csv");
        expect(result.ok).toBe(true);
        if (result.ok) expect(result.instructions.map((i) => [i.prompt, i.required_length])).toEqual(rs.map((r) => [r.prompt, r.length]));
      }),
      runs(500),
    );
  });

  it("names the line a short row starts on, after rows spanning several lines", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("one line", "two\nlines", "three\r\nlines\nhere", ""), { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        (prompts, crlf) => {
          const br = crlf ? "\r\n" : "\n";
          const rows = [csvLine(["prompt", "type"]), ...prompts.map((p, i) => csvLine([`p${i}: ${p}`, "t"])), csvLine(["short"])];
          const text = rows.join(br);
          const expected = rows.slice(0, -1).reduce((n, row) => n + row.split(/\r?\n/).length, 1);
          const result = parseChecked(text, "csv");
          expect(result.ok ? [] : result.errors.map((e) => e.line)).toEqual([expected]);
        },
      ),
      runs(300),
    );
  });
});
