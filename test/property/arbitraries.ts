import fc from "fast-check";
import type { LineError } from "../../shared/schemas/error";

// Fixed by default so a failure is the same on every machine; FC_SEED=<n> explores other inputs (fast-check
// prints the seed and the shrunk counterexample of any failure).
export const seed = process.env.FC_SEED === undefined ? 20261129 : Number(process.env.FC_SEED);
export const runs = (numRuns: number) => ({ seed, numRuns });

/** Text fragments parsers treat specially: line ends, BOM, quotes, braces, numbers, length units. */
const fragments = [
  "\n",
  "\r\n",
  "\r",
  "\uFEFF",
  '"',
  "'",
  ",",
  ";",
  "\t",
  " ",
  "{",
  "}",
  "[",
  "]",
  ":",
  "\\",
  "\\u",
  "\u0000",
  "\u2028",
  "null",
  "true",
  "NaN",
  "-1",
  "0",
  "1e400",
  "9007199254740993",
  "1,000",
  "1.5",
  "k",
  "万",
  "千",
  "两",
  "十",
  "字",
  "字数",
  "words",
  " words",
  "word count",
  "one",
  "hundred",
  "thousand",
  " and ",
  "each",
  "每",
  "第",
  "２０００",
  "```json",
  "Relevance",
  '"Relevance": 5',
  "prompt",
  "id",
  "length",
  "🙂",
  "a\u0300",
];
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

/** Strings mixing any code point, lone surrogates and the fragments above. */
export const hostileText = (maxLength = 200) =>
  fc.string({
    unit: fc.oneof(
      { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
      { weight: 1, arbitrary: loneSurrogate },
      { weight: 4, arbitrary: fc.constantFrom(...fragments) },
    ),
    maxLength,
  });

/** JSON values a field may wrongly hold, next to the right ones. */
export const wrongValue = fc.oneof(
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, "", " ", "NaN", "1e400", "٣٠٠", "12 words"),
  fc.integer(),
  fc.double(),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant(nested(200)),
);

/** An object nested `depth` levels deep: deep enough to hurt a recursive walker, not JSON.parse. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** Joins lines with \n or \r\n, an optional BOM and blank lines, returning the text and each line's number. */
export const layout = (lines: string[]) =>
  fc
    .record({
      crlf: fc.boolean(),
      bom: fc.boolean(),
      blanks: fc.array(fc.nat({ max: 2 }), { minLength: lines.length + 1, maxLength: lines.length + 1 }),
    })
    .map(({ crlf, bom, blanks }) => {
      const out: string[] = [];
      const lineOf: number[] = [];
      lines.forEach((line, i) => {
        for (let b = 0; b < blanks[i]!; b++) out.push(i % 2 === 0 ? "" : "  ");
        lineOf.push(out.length + 1);
        out.push(line);
      });
      for (let b = 0; b < blanks[lines.length]!; b++) out.push("");
      return { text: (bom ? "\uFEFF" : "") + out.join(crlf ? "\r\n" : "\n"), lineOf };
    });

/** What every reported problem must look like: a line that exists and a message. */
export function expectLineErrors(errors: readonly LineError[], lineCount: number) {
  for (const e of errors) {
    if (!Number.isInteger(e.line) || e.line < 1 || e.line > Math.max(lineCount, 1)) {
      throw new Error(`error on line ${e.line} of a ${lineCount}-line file: ${e.message}`);
    }
    if (typeof e.message !== "string" || e.message.trim() === "") throw new Error(`empty message on line ${e.line}`);
  }
}

/**
 * Fails when `work(4n)` costs far more than four times `work(n)`: quadratic work costs sixteen times. A ratio
 * rather than a time limit, so a loaded machine slows both sides alike.
 */
export function expectLinear(work: (n: number) => void, n: number, what: string) {
  // The fastest of three runs: a garbage collection or a busy machine only ever adds time.
  const time = (k: number) =>
    Math.min(
      ...[0, 1, 2].map(() => {
        const started = performance.now();
        work(k);
        return performance.now() - started;
      }),
    );
  const small = time(n);
  const large = time(4 * n);
  if (large > 10 * small + 50) throw new Error(`${what}: ${small.toFixed(0)} ms at ${n}, ${large.toFixed(0)} ms at ${4 * n}`);
}

export const lineCount = (text: string) => text.split(/\r\n|\r|\n/).length;
