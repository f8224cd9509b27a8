// English number words as instructions spell lengths: "five hundred", "two thousand five hundred",
// "one hundred and fifty", "twenty-five hundred", "a thousand". Cardinals only; no ordinals, no "million".

const SMALL: Record<string, number> = {
  zero: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  seventy: 70,
  eighty: 80,
  ninety: 90,
};

// Longest first, so "fourteen" is not read as "four".
const WORD = `(?:${[...Object.keys(SMALL), "hundred", "thousand"].sort((a, b) => b.length - a.length).join("|")})`;

/**
 * Source of a regex matching a run of number words ("two thousand five hundred"), for building regexes.
 * At most 12 words (the longest number this reads, "nine hundred and ninety-nine thousand nine hundred and
 * ninety-nine", has 9 besides "and"): an unbounded run made every word of a long "one one one ..." start a
 * scan to its end, so a 20 kB prompt took a second to read.
 */
export const ENGLISH_NUMBER_SOURCE = `(?:an?[\\s-]+(?=hundred|thousand))?${WORD}(?:(?:[\\s-]+|[\\s-]+and[\\s-]+)${WORD}){0,11}`;

/** The value of a run of English number words, or null when `text` is not one. */
export function parseEnglishNumber(text: string): number | null {
  const words = text
    .toLowerCase()
    .trim()
    .split(/[\s-]+/)
    .filter((w) => w !== "and");
  if (words.length === 0 || words[0] === "") return null;

  let total = 0; // thousands already counted
  let current = 0; // the part below a thousand
  let sawDigit = false; // "a hundred" has no digit word; bare "hundred" is not a number
  for (const [i, word] of words.entries()) {
    if ((word === "a" || word === "an") && i === 0) continue;
    const small = SMALL[word];
    if (small !== undefined) {
      current += small;
      sawDigit = true;
    } else if (word === "hundred") {
      current = (current || 1) * 100;
    } else if (word === "thousand") {
      total += (current || 1) * 1000;
      current = 0;
    } else {
      return null;
    }
  }
  if (!sawDigit && words[0] !== "a" && words[0] !== "an") return null;
  return total + current;
}
