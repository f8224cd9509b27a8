// The output length a writing instruction asks for, read from its text. LongBench-Write stores this as a
// hand-annotated `length` field; for instructions people bring themselves we have to read it, so the rules
// are tested against that annotation (test/unit/required-length.test.ts).
// Units follow LongWriter's count_words: English words, Chinese characters (字). 词 is an English word.
import { CHINESE_NUMERAL_CHARS, parseChineseNumber } from "./chinese-number";
import { ENGLISH_NUMBER_SOURCE, parseEnglishNumber } from "./english-number";

// Every repetition is bounded: an unbounded one inside these patterns overflowed V8's backtracking stack on a
// prompt of a few megabytes of "一". No length needs more than 16 digits (the value must be a safe integer)
// or 20 Chinese numeral characters; the lookarounds below keep a longer run from being read in part.
const DIGITS = String.raw`\d{1,3}(?:,\d{3}){1,5}|\d{1,16}(?:\.\d{1,6})?`;
const ZH_NUMERAL = `[${CHINESE_NUMERAL_CHARS}]`;
const ZH_NUMBER = `(?:(?:${DIGITS})${ZH_NUMERAL}{0,20}|${ZH_NUMERAL}{1,20})`;
const ENGLISH_UNIT = String.raw`(?:(?:english|chinese)[\s-]+)?(?:words?|characters?)\b`;

/** "5000 words", "a 10,000-word article", "10k words". */
const DIGIT_WORDS = new RegExp(String.raw`(?<!\w|\d[.,])(${DIGITS})(k)?[\s-]*${ENGLISH_UNIT}`, "gi");

/** "approximately five hundred words". */
const SPELLED_WORDS = new RegExp(String.raw`\b(${ENGLISH_NUMBER_SOURCE})[\s-]+${ENGLISH_UNIT}`, "gi");

/** "3000字", "两千五百字", "1.5万字", "2000多字", "300个单词"; the lookbehind keeps "第" and partial numbers out. */
const CHINESE_UNIT = new RegExp(
  String.raw`(?<![\d第${CHINESE_NUMERAL_CHARS}]|\d[.,])(${ZH_NUMBER})\s*(?:多|余|来)?\s*个?\s*(?:字|单词|词)`,
  "gu",
);

/**
 * A number after a length label with no unit of its own: "字数要求：2000左右", "讲稿字数1400左右",
 * "word count of 1,500-2,000". Clause punctuation may not sit between, and units of other things may not follow.
 */
const LABELLED = new RegExp(
  String.raw`(?:字数|word\s*count|word\s*limit)[^\d\n。！？；!?;，,]{0,12}?(${ZH_NUMBER})` +
    String.raw`(?:\s*(?:-|~|–|—|至|到|to)\s*(${ZH_NUMBER}))?` +
    String.raw`(?![\d.]|\s*(?:[年月日天页篇章节岁元%]|分钟|小时))`,
  "giu",
);

// Words just before a number that make it a part's length ("每篇400字", "各写1000字", "each 400 words")
// or the whole's ("共", "in total"). Looked for only within the number's own clause.
const PER_PART = /\b(?:each|per|every)\b|每|各(?:写|约|为)?$/i;
const WHOLE = /\b(?:in total|total|altogether|overall)\b|总(?!结)|全文|全篇|整篇|合计|共计|一共/i;
const CLAUSE_END = /[\n。！？；!?;，,.:：]/;

type Tier = 0 | 1 | 2; // part < plain < whole
type Candidate = { value: number; tier: Tier };

function clauseBefore(text: string, index: number): string {
  const window = text.slice(Math.max(0, index - 40), index);
  const parts = window.split(CLAUSE_END);
  return parts[parts.length - 1] ?? "";
}

function tierAt(text: string, index: number, labelled: boolean): Tier {
  const clause = clauseBefore(text, index);
  if (PER_PART.test(clause)) return 0;
  return labelled || WHOLE.test(clause) ? 2 : 1;
}

// A numeral written as one Chinese character before 字 is nearly always part of a word
// (十字路口, 千字文, 生辰八字, 四字成语), not a length.
function zhValue(numeral: string): number | null {
  if (new RegExp(`^${ZH_NUMERAL}$`, "u").test(numeral)) return null;
  return parseChineseNumber(numeral);
}

function collect(text: string): Candidate[] {
  const found: Candidate[] = [];
  const add = (value: number | null, index: number, labelled = false) => {
    // A safe integer, as the instruction schema requires: "9007199254740993字" is no length.
    if (value !== null && Number.isSafeInteger(value) && value > 0) {
      found.push({ value, tier: tierAt(text, index, labelled) });
    }
  };
  for (const m of text.matchAll(DIGIT_WORDS)) {
    const n = Number((m[1] ?? "").replaceAll(",", ""));
    add(m[2] ? Math.round(n * 1000) : n, m.index);
  }
  for (const m of text.matchAll(SPELLED_WORDS)) add(parseEnglishNumber(m[1] ?? ""), m.index);
  for (const m of text.matchAll(CHINESE_UNIT)) add(zhValue(m[1] ?? ""), m.index);
  for (const m of text.matchAll(LABELLED)) add(zhValue(m[2] ?? m[1] ?? ""), m.index, true);
  return found;
}

/**
 * The required output length stated in `prompt` (English words or Chinese characters), or null.
 * Ranges ("100至200字") give their upper bound, because the number next to the unit is the upper one.
 * When several lengths are stated, a whole-text one beats a plain one beats a per-part one; among equals
 * the largest wins, since a whole is at least as long as any of its parts. Per-part lengths are never
 * multiplied out ("5 diaries, 400 words each" gives 400): counting the parts is guesswork.
 */
export function parseRequiredLength(prompt: string): number | null {
  // NFKC folds full-width digits and punctuation ("２０００字", "：") into the forms the regexes expect.
  const candidates = collect(prompt.normalize("NFKC"));
  let best: Candidate | null = null;
  for (const c of candidates) {
    if (!best || c.tier > best.tier || (c.tier === best.tier && c.value > best.value)) best = c;
  }
  return best ? best.value : null;
}
