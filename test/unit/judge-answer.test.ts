import { describe, it, expect } from "vitest";
import { mulberry32 } from "../../shared/scoring/seeded-random";
import { meanQualityScore, parseJudgeAnswer, qualityDimensions, qualityScore, type QualityScores } from "../../shared/scoring/judge-answer";

// The scores most answers below carry, in qualityDimensions order: 5, 4, 4, 5, 3, 4.
const expected: QualityScores = {
  Relevance: 5,
  Accuracy: 4,
  Coherence: 4,
  Clarity: 5,
  "Breadth and Depth": 3,
  "Reading Experience": 4,
};
const body = '"Relevance": 5, "Accuracy": 4, "Coherence": 4, "Clarity": 5, "Breadth and Depth": 3, "Reading Experience": 4';
const multiLine = `{
  "Analysis": "The essay follows the request closely but its second half repeats the first.",
  "Relevance": 5,
  "Accuracy": 4,
  "Coherence": 4,
  "Clarity": 5,
  "Breadth and Depth": 3,
  "Reading Experience": 4
}`;

describe("parseJudgeAnswer accepts", () => {
  it.each([
    ["fenced json with prose around it", `Here is my evaluation.\n\n\`\`\`json\n${multiLine}\n\`\`\`\n\nI hope this helps.`],
    ["a fence without the json tag", `\`\`\`\n${multiLine}\n\`\`\``],
    ["a fence with no newline after it", `\`\`\`json{"Analysis": "Fine.", ${body}}\`\`\``],
    ["a fence with no newline before its end", `\`\`\`json\n{${body}}\`\`\``],
    ["bare multi-line JSON", multiLine],
    ["bare one-line JSON", `{${body}}`],
    ["JSON inside prose", `After careful reading, my scores are {${body}} and the analysis is above.`],
    [
      "digits given as strings",
      '{"Relevance": "5", "Accuracy": "4", "Coherence": " 4 ", "Clarity": "5", "Breadth and Depth": "3", "Reading Experience": "4"}',
    ],
    [
      "lower-case keys with stray spaces",
      '{"relevance": 5, "ACCURACY": 4, " coherence ": 4, "clarity": 5, "breadth and depth": 3, "reading experience": 4}',
    ],
    ["extra keys", `{"Analysis": "ok", "Overall": 4.2, "Length": "too short", ${body}}`],
    ["an integer written as 5.0", `{${body.replace('"Relevance": 5', '"Relevance": 5.0')}}`],
    ["two objects (the first valid one wins)", `{${body}}\n\nOn reflection: {${body.replace(/\d/g, "1")}}`],
    ["a failed object before a valid one", `Draft: {"Relevance": 6}\nFinal: {${body}}`],
    ["braces in prose before the object", `The response's code uses {braces} and a lone { here.\n{${body}}`],
    ["braces and quotes inside the Analysis string", `{"Analysis": "It writes \\"{\\" and } and {\\"a\\": 1} verbatim.", ${body}}`],
    ["raw line breaks inside the Analysis string", `{"Analysis": "First point.\nSecond point.", ${body}}`],
    ["CRLF line endings", multiLine.replace(/\n/g, "\r\n")],
    ["scores wrapped in another object", `{"scores": {${body}}}`],
    ["the same dimension twice with the same value", `{"relevance": 5, ${body}}`],
  ])("%s", (_name, raw) => {
    const answer = parseJudgeAnswer(raw);
    expect(answer).toMatchObject({ ok: true, scores: expected });
  });

  it("keeps the Analysis string, and null when it is absent or not a string", () => {
    expect(parseJudgeAnswer(multiLine)).toMatchObject({
      ok: true,
      analysis: "The essay follows the request closely but its second half repeats the first.",
    });
    expect(parseJudgeAnswer(`{"analysis": "lower-case key", ${body}}`)).toMatchObject({ analysis: "lower-case key" });
    expect(parseJudgeAnswer(`{${body}}`)).toMatchObject({ ok: true, analysis: null });
    expect(parseJudgeAnswer(`{"Analysis": ["a", "b"], ${body}}`)).toMatchObject({ ok: true, analysis: null });
  });

  it("returns the scores under their canonical names only", () => {
    const answer = parseJudgeAnswer(
      '{"relevance": 5, "accuracy": 4, "coherence": 4, "clarity": 5, ' + '"breadth and depth": 3, "reading experience": 4, "Overall": 9}',
    );
    expect(answer.ok && Object.keys(answer.scores)).toEqual([...qualityDimensions]);
  });
});

describe("parseJudgeAnswer rejects", () => {
  const withValue = (dimension: string, value: string) =>
    `{${body.replace(new RegExp(`"${dimension}": \\d`), `"${dimension}": ${value}`)}}`;

  it.each([
    [
      "a missing key",
      `{"Relevance": 5, "Accuracy": 4, "Coherence": 4, "Breadth and Depth": 3, "Reading Experience": 4}`,
      'missing dimension "Clarity"',
    ],
    ["0", withValue("Relevance", "0"), '"Relevance" is 0, not an integer from 1 to 5'],
    ["6", withValue("Accuracy", "6"), '"Accuracy" is 6, not an integer from 1 to 5'],
    ["4.5", withValue("Coherence", "4.5"), '"Coherence" is 4.5, not an integer from 1 to 5'],
    ["null", withValue("Clarity", "null"), '"Clarity" is null, not an integer from 1 to 5'],
    ['"five"', withValue("Breadth and Depth", '"five"'), '"Breadth and Depth" is "five", not an integer from 1 to 5'],
    ['"5/5"', withValue("Reading Experience", '"5/5"'), '"Reading Experience" is "5/5", not an integer from 1 to 5'],
    ['"4.0"', withValue("Relevance", '"4.0"'), '"Relevance" is "4.0", not an integer from 1 to 5'],
    ["an array", withValue("Accuracy", "[4]"), '"Accuracy" is an array, not an integer from 1 to 5'],
    ["true", withValue("Accuracy", "true"), '"Accuracy" is true, not an integer from 1 to 5'],
    ["LongWriter's HTTP failure string", "Max tries. Failed.", "no JSON object in the answer"],
    ["a refusal", "I cannot evaluate this.", "no JSON object in the answer"],
    ["LongWriter's policy string", "Trigger OpenAI's content management policy", "no JSON object in the answer"],
    ["an empty answer", "", "no JSON object in the answer"],
    ["the prompt's format echoed back", '{"Analysis": ..., "Relevance": ..., "Accuracy": ...}', "no JSON object in the answer"],
    ["a truncated object", `\`\`\`json\n{"Analysis": "The response is thorough", "Relevance": 5, "Accu`, "no JSON object in the answer"],
    ["a JSON array of scores", "[5, 4, 4, 5, 3, 4]", "no JSON object in the answer"],
    ["objects with no dimension", 'Use {} or {"name": "x"} in code.', "no JSON object in the answer names a dimension"],
    ["two different values for one dimension", `{"clarity": 2, ${body}}`, '"Clarity" is given twice with different values'],
  ])("%s", (_name, raw, reason) => {
    expect(parseJudgeAnswer(raw)).toEqual({ ok: false, reason });
  });

  it("names every problem, in dimension order", () => {
    expect(parseJudgeAnswer('{"Relevance": 6, "Accuracy": "4", "Clarity": 0}')).toEqual({
      ok: false,
      reason:
        '"Relevance" is 6, not an integer from 1 to 5; missing dimension "Coherence"; ' +
        '"Clarity" is 0, not an integer from 1 to 5; missing dimension "Breadth and Depth"; ' +
        'missing dimension "Reading Experience"',
    });
  });

  it("quotes a long bad value only in part", () => {
    const answer = parseJudgeAnswer(withValue("Relevance", JSON.stringify("x".repeat(10_000))));
    expect(answer.ok).toBe(false);
    expect(!answer.ok && answer.reason.length).toBeLessThan(100);
  });
});

describe("parseJudgeAnswer on huge or hostile answers", () => {
  // Each answer is ~200 kB; a quadratic scan would take minutes on the brace-heavy ones.
  it.each([
    ["prose with no JSON", "The response is long and careful. ".repeat(6_000)],
    ["unmatched opening braces", "{".repeat(200_000)],
    ["unterminated strings", '{"'.repeat(100_000)],
    ["deeply nested objects", '{"a":'.repeat(40_000)],
    ["many small objects", '{"Relevance": 6}'.repeat(12_500)],
    ["deep arrays in a value", `{"Relevance": ${"[".repeat(100_000)}${"]".repeat(100_000)}}`],
  ])("%s: answers within a second and never throws", (_name, raw) => {
    const started = performance.now();
    const answer = parseJudgeAnswer(raw);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(answer.ok).toBe(false);
  });

  it("still finds a valid object after 200 kB of prose", () => {
    const raw = `${"The response is long and careful. ".repeat(6_000)}\n\`\`\`json\n${multiLine}\n\`\`\``;
    expect(parseJudgeAnswer(raw)).toMatchObject({ ok: true, scores: expected });
  });
});

describe("parseJudgeAnswer on random answers", () => {
  // Seeded (mulberry32), so a failing input can be replayed from its seed.
  const random = mulberry32;

  // Pieces of JSON and of judge answers, so the brace scanner meets strings, escapes and keys in any order.
  const pieces = [
    "{",
    "}",
    '"',
    "\\",
    ":",
    ",",
    " ",
    "\n",
    "[",
    "]",
    "5",
    "4.5",
    "null",
    "```json",
    "```",
    '"Relevance"',
    '"clarity"',
    '"Analysis"',
    "\ud83d",
    "😊",
    "评分",
    "\u0000",
  ];

  it("never throws and explains every failure on 200 random answers", () => {
    const next = random(6875);
    for (let i = 0; i < 200; i++) {
      const count = Math.floor(next() * (next() < 0.1 ? 5_000 : 60));
      let raw = "";
      for (let k = 0; k < count; k++) raw += pieces[Math.floor(next() * pieces.length)];
      const answer = parseJudgeAnswer(raw);
      if (!answer.ok) expect(answer.reason).not.toBe("");
    }
  });

  it("finds a valid object wherever it sits among random pieces", () => {
    const next = random(1);
    for (let i = 0; i < 50; i++) {
      let noise = "";
      for (let k = 0; k < 40; k++) noise += pieces[Math.floor(next() * pieces.length)];
      // Noise ending inside a string would swallow the object, so close it with a line of prose.
      const raw = `${noise.replace(/["{\\]/g, "")}\n{${body}}\n${noise}`;
      expect(parseJudgeAnswer(raw)).toMatchObject({ ok: true, scores: expected });
    }
  });
});

describe("quality score S_q (eval_quality.py lines 104–109)", () => {
  const second: QualityScores = {
    Relevance: 4,
    Accuracy: 4,
    Coherence: 3,
    Clarity: 4,
    "Breadth and Depth": 2,
    "Reading Experience": 3,
  };

  it("matches REFERENCE.md §4's example: (5,4,4,5,3,4) and (4,4,3,4,2,3) give 68.75", () => {
    expect(meanQualityScore([expected, second])).toEqual({
      dimensions: {
        Relevance: 87.5,
        Accuracy: 75,
        Coherence: 62.5,
        Clarity: 87.5,
        "Breadth and Depth": 37.5,
        "Reading Experience": 62.5,
      },
      total: 68.75,
    });
  });

  it("scores one item as (score − 1) × 25 per dimension and their mean", () => {
    expect(qualityScore(expected)).toEqual({
      dimensions: {
        Relevance: 100,
        Accuracy: 75,
        Coherence: 75,
        Clarity: 100,
        "Breadth and Depth": 50,
        "Reading Experience": 75,
      },
      total: 475 / 6,
    });
    expect(meanQualityScore([expected])).toEqual(qualityScore(expected));
  });

  it("maps all 1s to 0 and all 5s to 100", () => {
    const all = (v: number) => Object.fromEntries(qualityDimensions.map((d) => [d, v])) as QualityScores;
    expect(qualityScore(all(1)).total).toBe(0);
    expect(qualityScore(all(5)).total).toBe(100);
    expect(meanQualityScore([all(1), all(5)])?.total).toBe(50);
  });

  it("sums left to right as Python's sum() does", () => {
    // Three items make thirds, whose rounding depends on the order of the sums.
    const items = [expected, second, { ...second, Accuracy: 5, Clarity: 3 }];
    const dimensionScores = qualityDimensions.map((d) => ((items[0]![d] + items[1]![d] + items[2]![d]) / 3 - 1) * 25);
    const pythonTotal = dimensionScores.reduce((sum, v) => sum + v, 0) / 6;
    expect(meanQualityScore(items)?.total).toBe(pythonTotal);
  });

  it("is null for no items", () => {
    expect(meanQualityScore([])).toBeNull();
  });

  it("scores what parseJudgeAnswer accepted", () => {
    const answer = parseJudgeAnswer(multiLine);
    expect(answer.ok && qualityScore(answer.scores).total).toBe(475 / 6);
  });
});
