import { describe, expect, it } from "vitest";
import { countWords } from "../../shared/scoring/word-count";
import { readFixture } from "../helpers/fixtures";

interface Vector {
  name: string;
  text: string;
  count_words: number | string;
  NOT_reference_naive_ascii_boundary_total: number | string;
}

describe("countWords (LongBench-Write's count_words)", () => {
  const { vectors } = JSON.parse(readFixture("longwriter/word_count_vectors.json")) as { vectors: Vector[] };

  it.each(vectors.map((v) => [v.name, v] as const))("matches the reference on %s", (_name, v) => {
    expect(countWords(v.text)).toBe(Number(v.count_words));
  });

  it("differs from the naive ASCII \\b port where the reference says it must", () => {
    const differing = vectors.filter((v) => Number(v.count_words) !== Number(v.NOT_reference_naive_ascii_boundary_total));
    expect(differing.length).toBeGreaterThan(0);
    for (const v of differing) expect(countWords(v.text)).not.toBe(Number(v.NOT_reference_naive_ascii_boundary_total));
  });

  it.each([
    ["", 0],
    ["Hello, world", 2],
    ["don't", 2],
    ["LongWriter模型", 2],
    ["这是AI时代", 4],
    ["GPT-4o 3rd snake_case Café", 1],
    ["cafe\u0301", 1],
    ["〇㐀", 0],
  ])("counts %j as %i", (text, n) => {
    expect(countWords(text)).toBe(n);
  });
});
