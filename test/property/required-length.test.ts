import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseRequiredLength } from "../../shared/instructions/required-length";
import { expectLinear, hostileText, runs } from "./arbitraries";

/** null or a length the instruction schema accepts: a positive safe integer. */
function expectLength(value: number | null) {
  if (value !== null && !(Number.isSafeInteger(value) && value > 0)) throw new Error(`not a length: ${value}`);
}

const prose = fc.string({ unit: fc.constantFrom(..."abcdefg hijk,.;:\n".split("")), maxLength: 40 }).map((s) => s.replace(/\d/g, ""));

describe("parseRequiredLength", () => {
  it("gives null or a positive safe integer for any text", () => {
    fc.assert(
      fc.property(hostileText(300), (text) => expectLength(parseRequiredLength(text))),
      runs(2000),
    );
  });

  it("reads N back from an English or Chinese request for N words", () => {
    const request = fc.tuple(
      fc.integer({ min: 1, max: 1_000_000 }),
      fc.constantFrom(
        (n: number) => `Write a ${n}-word essay about the sea.`,
        (n: number) => `Write an essay of ${n} words`,
        (n: number) => `Write about autumn in ${n.toLocaleString("en-US")} words.`,
        (n: number) => `写一篇${n}字的文章`,
        (n: number) => `字数要求：${n}左右`,
      ),
    );
    fc.assert(
      fc.property(request, prose, prose, ([n, template], before, after) => {
        expect(parseRequiredLength(`${before} ${template(n)} ${after}`)).toBe(n);
      }),
      runs(1000),
    );
  });

  it("takes linear time on long runs of number words, digits, units and spaces", () => {
    const token = fc.constantFrom("one ", "one hundred ", "1 ", "1,000 ", "5 ", "字", "一", " ", "-", "words ", "每", "字数 ", "twenty-");
    fc.assert(
      fc.property(token, fc.integer({ min: 2_000, max: 4_000 }), fc.constantFrom("", "x", " words"), (t, n, end) => {
        // The unbounded number-word run took 0.9 s at 20 kB and 5 s at 80 kB.
        expectLinear((k) => expectLength(parseRequiredLength(t.repeat(k) + end)), n, `${JSON.stringify(t)} + ${JSON.stringify(end)}`);
      }),
      runs(30),
    );
  });
});
