import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJudgeAnswer, qualityDimensions, type QualityScores } from "../../shared/scoring/judge-answer";
import { expectLinear, hostileText, runs, wrongValue } from "./arbitraries";

function expectAnswer(answer: ReturnType<typeof parseJudgeAnswer>) {
  if (answer.ok) {
    for (const d of qualityDimensions) expect([1, 2, 3, 4, 5]).toContain(answer.scores[d]);
  } else {
    expect(answer.reason).toMatch(/\S/);
  }
}

const scores: fc.Arbitrary<QualityScores> = fc
  .tuple(...qualityDimensions.map(() => fc.integer({ min: 1, max: 5 })))
  .map((values) => Object.fromEntries(qualityDimensions.map((d, i) => [d, values[i]])) as QualityScores);
/** The keys as judges write them: any case, stray spaces. */
const spelling = (d: string) => fc.tuple(fc.mixedCase(fc.constant(d)), fc.constantFrom("", " ")).map(([k, pad]) => pad + k + pad);
/** Prose with no brace, so it cannot hold a competing answer. */
const prose = hostileText(200).map((s) => s.replace(/[{}]/g, ""));

/** An answer object with the keys in any order and spelling, values as numbers or digit strings, extra keys. */
const answerFor = (s: QualityScores) =>
  fc
    .record({
      keys: fc.tuple(...qualityDimensions.map(spelling)),
      quoted: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
      order: fc.shuffledSubarray([0, 1, 2, 3, 4, 5], { minLength: 6, maxLength: 6 }),
      analysis: fc.option(fc.string({ unit: "binary", maxLength: 60 })),
      extra: fc.dictionary(
        fc.string({ maxLength: 6 }).filter((k) => !/relevance|accuracy|coherence|clarity|breadth|reading|analysis/i.test(k)),
        wrongValue,
        { maxKeys: 3 },
      ),
      indent: fc.constantFrom(undefined, 2),
    })
    .map(({ keys, quoted, order, analysis, extra, indent }) => {
      const entries: [string, unknown][] = order.map((i) => {
        const value = s[qualityDimensions[i]!];
        return [keys[i]!, quoted[i] ? String(value) : value];
      });
      if (analysis !== null) entries.unshift(["Analysis", analysis]);
      return JSON.stringify({ ...extra, ...Object.fromEntries(entries) }, null, indent);
    });

describe("parseJudgeAnswer", () => {
  it("answers scores or a reason for any text, never throwing", () => {
    fc.assert(
      fc.property(hostileText(400), (text) => expectAnswer(parseJudgeAnswer(text))),
      runs(2000),
    );
  });

  it("reads back six scores from 1 to 5 written any way, inside any prose or fence", () => {
    const fence = fc.constantFrom(["", ""], ["```json\n", "\n```"], ["```", "```"], ["```json", "```"]);
    fc.assert(
      fc.property(
        scores.chain((s) => answerFor(s).map((json) => ({ s, json }))),
        prose,
        prose,
        fence,
        ({ s, json }, before, after, [open, close]) => {
          const answer = parseJudgeAnswer(`${before}${open}${json}${close}${after}`);
          expect(answer).toMatchObject({ ok: true, scores: s });
        },
      ),
      runs(500),
    );
  });

  it("rejects an answer with one score set to a wrong value, naming that dimension", () => {
    const bad = wrongValue.filter(
      (v) => !(typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 5) && !(typeof v === "string" && /^\s*[1-5]\s*$/.test(v)),
    );
    fc.assert(
      fc.property(scores, fc.constantFrom(...qualityDimensions), bad, (s, dimension, value) => {
        const answer = parseJudgeAnswer(JSON.stringify({ ...s, [dimension]: value }));
        expect(answer.ok).toBe(false);
        if (!answer.ok) expect(answer.reason).toContain(`"${dimension}"`);
      }),
      runs(500),
    );
  });

  it("takes linear time on answers full of braces, quotes and nesting", () => {
    const token = fc.constantFrom("{", "}", '"', '{"a":', "\\", '{"Relevance": 5,', "[", "{}");
    fc.assert(
      fc.property(token, token, fc.integer({ min: 1_000, max: 3_000 }), (a, b, n) => {
        expectLinear((k) => expectAnswer(parseJudgeAnswer((a + b).repeat(k))), n, JSON.stringify(a + b));
      }),
      runs(30),
    );
  });
});
