// The language of a writing instruction, which decides how its required length is counted
// (Chinese characters or English words, as LongWriter's count_words does).

import type { Lang } from "../schemas/instruction";

// Han characters are weighed against words, not letters, at about two characters to an English word
// (a Chinese word averages 1.5-2 characters). zh once Chinese makes up a fifth of the text: a Chinese prompt
// quoting an English title or requirement stays zh, an English prompt quoting a Chinese name stays en.
const ZH_SHARE = 0.2;
const HAN_PER_WORD = 2;
// Japanese writes its grammar in kana; Chinese text uses next to none.
const KANA_SHARE_OF_JAPANESE = 0.2;

function count(text: string, re: RegExp): number {
  return text.match(re)?.length ?? 0;
}

/** "zh", "en", or "other" (Japanese, Korean, Cyrillic, Arabic, no letters at all...). */
export function detectLang(text: string): Lang {
  const han = count(text, /\p{Script=Han}/gu);
  const kana = count(text, /[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const asciiLetters = count(text, /[A-Za-z]/g);
  // Other scripts' letters; Han and kana are excluded so they are not counted twice.
  const otherLetters = count(text, /(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}A-Za-z])\p{L}/gu);
  const words = count(text, /(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])\p{L})+/gu);

  if (kana > 0 && kana >= KANA_SHARE_OF_JAPANESE * (han + kana)) return "other";
  const chineseWords = han / HAN_PER_WORD;
  if (han > 0 && chineseWords >= ZH_SHARE * (chineseWords + words)) return "zh";
  // Accented Latin (French, German...) still reads as en here: telling those apart needs a dictionary.
  if (asciiLetters > 0 && asciiLetters > otherLetters) return "en";
  return "other";
}
