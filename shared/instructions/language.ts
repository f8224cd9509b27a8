// The language of a writing instruction, which decides how its required length is counted
// (Chinese characters or English words, as LongWriter's count_words does).

import type { Lang } from "../schemas/instruction";
import { countInRuns, countRuns, runPattern } from "../text/runs";

// Han characters are weighed against words, not letters, at about two characters to an English word
// (a Chinese word averages 1.5-2 characters). zh once Chinese makes up a fifth of the text: a Chinese prompt
// quoting an English title or requirement stays zh, an English prompt quoting a Chinese name stays en.
const ZH_SHARE = 0.2;
const HAN_PER_WORD = 2;
// Japanese writes its grammar in kana; Chinese text uses next to none.
const KANA_SHARE_OF_JAPANESE = 0.2;

// Counted run by run (text.match() would build an array as long as the text), with bounded repetitions
// (runs.ts says why: an unbounded one overflows the stack on a "word" of a few megabytes).
const han = runPattern("\\p{Script=Han}");
const kana = runPattern("[\\p{Script=Hiragana}\\p{Script=Katakana}]");
const asciiLetters = runPattern("[A-Za-z]");
// Other scripts' letters; Han and kana are excluded so they are not counted twice.
const otherLetters = runPattern("[^\\P{L}\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}A-Za-z]");
const words = runPattern("[^\\P{L}\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}]");

/** "zh", "en", or "other" (Japanese, Korean, Cyrillic, Arabic, no letters at all...). */
export function detectLang(text: string): Lang {
  const hanCount = countInRuns(text, han);
  const kanaCount = countInRuns(text, kana);
  const asciiCount = countInRuns(text, asciiLetters);
  const otherCount = countInRuns(text, otherLetters);
  const wordCount = countRuns(text, words);

  if (kanaCount > 0 && kanaCount >= KANA_SHARE_OF_JAPANESE * (hanCount + kanaCount)) return "other";
  const chineseWords = hanCount / HAN_PER_WORD;
  if (hanCount > 0 && chineseWords >= ZH_SHARE * (chineseWords + wordCount)) return "zh";
  // Accented Latin (French, German...) still reads as en here: telling those apart needs a dictionary.
  if (asciiCount > 0 && asciiCount > otherCount) return "en";
  return "other";
}
