// Chinese numerals as they appear in writing instructions: "八百", "两千五百", "一万二千", and the mixed
// forms people type with digits ("2万", "1.5万"). Only what a length requirement needs: no 亿, no 大写 (壹贰).

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const SMALL_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };
const TEN_THOUSAND = "万";

/** Characters that can make up a Chinese numeral, for building regexes. */
export const CHINESE_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万";

/** Splits "1.5万" into ["1.5", "万"] and "两千五百" into single characters. */
function tokenize(text: string): string[] | null {
  const tokens = text.match(/\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]/g);
  return tokens && tokens.join("") === text ? tokens : null;
}

/**
 * The value of a Chinese (or mixed digit/Chinese) numeral, or null when `text` is not one.
 * "两千五" and "一万五" follow the spoken elision: the trailing digit counts in the next lower unit.
 */
export function parseChineseNumber(text: string): number | null {
  const cleaned = text.trim().replace(/(\d),(?=\d{3}\b)/g, "$1");
  const tokens = tokenize(cleaned);
  if (!tokens || tokens.length === 0) return null;

  const hasUnit = tokens.some((t) => t in SMALL_UNITS || t === TEN_THOUSAND);
  if (!hasUnit) {
    // "2000", or digit-by-digit readings such as "二〇二三".
    if (tokens.length === 1 && /\d/.test(tokens[0] ?? "")) return Number(tokens[0]);
    if (tokens.every((t) => t in DIGITS)) return Number(tokens.map((t) => DIGITS[t]).join(""));
    return null;
  }

  let total = 0; // everything already multiplied by 万
  let section = 0; // the part below 万
  let pending: number | null = null; // a digit waiting for its unit
  let lastUnit = 0; // unit of the previous token, 1 after 零 (which cancels the elision)
  for (const token of tokens) {
    const digit = /\d/.test(token) ? Number(token) : DIGITS[token];
    if (digit !== undefined) {
      if (token === "零" || token === "〇") {
        lastUnit = 1;
        continue;
      }
      if (pending !== null) return null; // "一二千": two digits with no unit between them
      pending = digit;
      continue;
    }
    if (token === TEN_THOUSAND) {
      total += (section + (pending ?? 0) || 1) * 10_000;
      section = 0;
      lastUnit = 10_000;
    } else {
      const unit = SMALL_UNITS[token] ?? 1;
      section += (pending ?? 1) * unit;
      lastUnit = unit;
    }
    pending = null;
  }
  if (pending !== null) section += lastUnit >= 100 ? pending * (lastUnit / 10) : pending;
  return total + section;
}
