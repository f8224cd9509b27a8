import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { atxHeading, outlineOf } from "../../client/src/features/annotate/annotate-text";

// The one-pattern reading atxHeading replaced; it took time quadratic in a heading line of spaces.
const atx = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*\r?\n?$/;
const byRegex = (line: string) => {
  const m = atx.exec(line);
  return m ? { level: m[1]!.length, text: m[2] ?? "" } : null;
};

describe("ATX headings of the judging screen's outline", () => {
  it("reads every line as the regex did", () => {
    // Lines come from text.split("\n"), so hold no "\n" but may end in one (the regex allowed it).
    const line = fc
      .tuple(
        fc.string({ unit: fc.constantFrom(" ", "\t", "#", "a", "\\", "\r", "\u2028"), maxLength: 14 }),
        fc.constantFrom("", "\n", "\r\n"),
      )
      .map(([l, end]) => l + end);
    fc.assert(
      fc.property(line, (l) => {
        expect(atxHeading(l)).toEqual(byRegex(l));
      }),
      { numRuns: 20_000 },
    );
  });

  it("outlines an output whose heading is 50 MB of spaces and one of 50 MB of text in linear time", () => {
    const started = performance.now();
    const outline = outlineOf(`# a${" ".repeat(50 * 1024 * 1024)}b\n\n## ${"x".repeat(50 * 1024 * 1024)} ##\n`);
    expect(outline.map((e) => [e.level, e.text.length])).toEqual([
      [1, 3],
      [2, 50 * 1024 * 1024],
    ]); // "a b": spaces collapse
    expect(performance.now() - started).toBeLessThan(20_000);
  }, 60_000);
});
