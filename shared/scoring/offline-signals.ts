// Flags on one generated sample that need no judge endpoint: loops, cut-off endings, the wrong language,
// nothing to count. Researchers see them beside the sample and may use them as penalties. Samples are
// untrusted model output of up to ~150 kB, so every check is one or a few linear passes and takes any string.

import { detectLang } from "../instructions/language";
import type { Lang } from "../schemas/instruction";
import { RUN_PIECE, runPattern, runsIn } from "../text/runs";
import { countChineseCharacters, countWords } from "./word-count";

export const offlineSignalNames = ["repetition", "truncation", "languageMismatch", "empty"] as const;
export type OfflineSignalName = (typeof offlineSignalNames)[number];

// ---- repetition ---------------------------------------------------------------------------------------

// Han and kana are written without spaces, so each character is a token; any other run of letters, marks and
// digits is a word (lower-cased). An n-gram should span a clause-sized stretch in either script: 4 English
// words read about as far as 8 Chinese characters (language.ts weighs a word as two Han characters). Mixed
// text, where neither kind reaches 80% of the tokens, takes the midpoint 6.
const characterScripts = "\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}";
// Tokens are read in two steps: runs of letters, marks, digits, Han and kana, then each run split into Han/kana
// characters and the words between them. Both use bounded repetitions (../text/runs.ts says why): one
// pattern with a repeated lookahead group overflowed the stack on a 10 MB "word".
const tokenRun = runPattern(`[\\p{L}\\p{M}\\p{N}${characterScripts}]`);
const tokenInRun = new RegExp(`[${characterScripts}]|[^${characterScripts}]{1,${RUN_PIECE}}`, "gu");
const isCharacterToken = new RegExp(`^[${characterScripts}]$`, "u");
const WORD_N = 4;
const CHARACTER_N = 8;
const MIXED_N = 6;
const DOMINANT_SHARE = 0.8;

// A degenerate generation repeats whole sentences or paragraphs: one paragraph written twice already scores
// about 0.5, a loop filling the last third about 0.3. Ordinary writing sits near 0, stock phrases aside
// (REFERENCE.md, 27 kB of Markdown with lists and tables, scores 0.024; LongBench-Write's Chinese prompts
// 0.008), which leaves room for templated lists and tables that legitimately repeat some cells.
export const repetitionThreshold = 0.3;
// Below this many n-grams the share is noise (a short reply saying "Thank you" twice).
const MIN_NGRAMS = 50;

export interface RepetitionSignal {
  flagged: boolean;
  /** 1 − distinct / total n-grams, in [0, 1); 0 when the text has fewer than n tokens. */
  share: number;
  /** The n used: 4 (words), 8 (Han/kana characters) or 6 (mixed). */
  n: number;
  /** How many n-grams were counted. */
  ngrams: number;
}

export function repetition(text: string): RepetitionSignal {
  // Tokens become small integers so an n-gram's key is short whatever the tokens' length.
  const ids = new Map<string, number>();
  const tokens: number[] = [];
  let characters = 0;
  const add = (t: string) => {
    const key = t.toLowerCase();
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    tokens.push(id);
  };
  for (const run of runsIn(text, tokenRun)) {
    // Pieces of one word follow each other inside a run; a Han or kana character ends the word.
    let word: string[] = [];
    for (const [piece] of run.text.matchAll(tokenInRun)) {
      if (!isCharacterToken.test(piece)) {
        word.push(piece);
        continue;
      }
      if (word.length > 0) {
        add(word.join(""));
        word = [];
      }
      characters++;
      add(piece);
    }
    if (word.length > 0) add(word.join(""));
  }

  const characterShare = tokens.length === 0 ? 0 : characters / tokens.length;
  const n = characterShare >= DOMINANT_SHARE ? CHARACTER_N : characterShare <= 1 - DOMINANT_SHARE ? WORD_N : MIXED_N;
  const ngrams = Math.max(0, tokens.length - n + 1);
  // Each n-gram becomes a 53-bit number from two 32-bit hashes (FNV-1a and a polynomial one): no string or
  // array per n-gram on a 20,000-word text, and a collision, at worst, lowers the share by one n-gram.
  const distinct = new Set<number>();
  for (let i = 0; i < ngrams; i++) {
    let fnv = 0x811c9dc5;
    let poly = 0;
    for (let k = i; k < i + n; k++) {
      fnv = Math.imul(fnv ^ tokens[k]!, 16777619);
      poly = (Math.imul(poly, 31) + tokens[k]!) | 0;
    }
    distinct.add((fnv >>> 0) * 2 ** 21 + ((poly >>> 0) & 0x1fffff));
  }

  const share = ngrams === 0 ? 0 : 1 - distinct.size / ngrams;
  return { flagged: ngrams >= MIN_NGRAMS && share >= repetitionThreshold, share, n, ngrams };
}

// ---- truncation ---------------------------------------------------------------------------------------

export type TruncationReason = "finish_reason_length" | "unfinished_sentence";

export interface TruncationSignal {
  flagged: boolean;
  reason: TruncationReason | null;
}

// The text counts as finished when its last line
// - ends in sentence-final punctuation, a closing quote or bracket, or an emoji; or in `|`, "`" or "*",
//   the ends of a Markdown table row, code fence or bold/italic line;
// - is a Markdown heading, list item or thematic break, which need no full stop (a list cut mid-item is
//   missed: the price of not flagging every bullet list); or
// - is a short line of its own (at most 12 words, two Chinese characters counting as one word) that does
//   not lead on with a comma, colon or dash: a signature with a title, a name, a date, a poem's last line.
//   A cut-off mostly lands inside a paragraph, which is longer; a short cut-off line is missed, and
//   finish_reason "length" catches the token limit whatever the text looks like.
// An endpoint's finish_reason "length" is a cut-off whatever the text looks like.
const finalPunctuation = /^[.!?。！？｡．…"”'’)）\]】》」』`*|~～]$/;
const emoji = /^(?:[\p{Extended_Pictographic}\p{Emoji_Modifier}]|\uFE0F)$/u;
const markdownLine = /^(?:#{1,6}(?:\s|$)|(?:[-*+•]|\d{1,9}[.)、．])\s)/;
// A thematic break (--- or * * *) is read with its spaces taken out: as one pattern, a repeated group with a
// backreference, it overflowed the stack on a line of a few megabytes of dashes.
const thematicBreak = (line: string) => /^(?:-{3,}|\*{3,}|_{3,})$/.test(line.replace(/\s+/g, ""));
const leadsOn = /[,:;，：；、\-–—]$/;
const SHORT_LINE_WORDS = 12;
const lineWords = (line: string) => countWords(line) - countChineseCharacters(line) / 2;

export function truncation(text: string, finishReason: string | null): TruncationSignal {
  if (finishReason === "length") return { flagged: true, reason: "finish_reason_length" };
  const trimmed = text.trimEnd();
  // Nothing written is the empty signal's business.
  if (trimmed === "") return { flagged: false, reason: null };

  const lineStart = trimmed.lastIndexOf("\n") + 1;
  const lastLine = trimmed.slice(lineStart).trim();
  // The last two code units hold the last code point whole, even an emoji's surrogate pair.
  const lastCodePoint = Array.from(lastLine.slice(-2)).at(-1) ?? "";

  const finished =
    finalPunctuation.test(lastCodePoint) ||
    emoji.test(lastCodePoint) ||
    markdownLine.test(lastLine) ||
    thematicBreak(lastLine) ||
    (lineStart > 0 && lineWords(lastLine) <= SHORT_LINE_WORDS && !leadsOn.test(lastLine));
  return finished ? { flagged: false, reason: null } : { flagged: true, reason: "unfinished_sentence" };
}

// ---- language -----------------------------------------------------------------------------------------

export interface LanguageMismatchSignal {
  flagged: boolean;
  /** The language the output should be in: expectedLang when given, else the instruction's. */
  expected: Lang;
  detected: Lang;
}

/**
 * Flags an output not in the instruction's language. An instruction may ask for another one ("帮我用英文写…",
 * write it in English): pass that as expectedLang. "other" expectations (Japanese, Russian...) are not
 * checked, since detectLang cannot tell those apart; an output with no letters is the empty signal's business.
 */
// The language of a long output shows in its beginning and end; reading only those keeps the check cheap
// on 100 kB outputs (it runs as every sample is saved).
const windowChars = 1500;
const languageWindow = (text: string) =>
  text.length <= 2 * windowChars ? text : `${text.slice(0, windowChars)}\n${text.slice(-windowChars)}`;

export function languageMismatch(instructionLang: Lang, text: string, expectedLang?: Lang): LanguageMismatchSignal {
  const expected = expectedLang ?? instructionLang;
  const detected = detectLang(languageWindow(text));
  const flagged = expected !== "other" && detected !== expected && /\p{L}/u.test(text);
  return { flagged, expected, detected };
}

// ---- empty --------------------------------------------------------------------------------------------

export interface EmptySignal {
  flagged: boolean;
  /** LongBench-Write's word count. */
  words: number;
}

/**
 * Flags an output with nothing LongBench-Write counts: no Chinese character, no English word. S_l is
 * undefined there (REFERENCE.md §11.2). Text only in other scripts (Russian, Korean) counts as empty too,
 * and its language mismatch is flagged besides.
 */
export function empty(text: string, words = countWords(text)): EmptySignal {
  return { flagged: words === 0, words };
}

// ---- all together -------------------------------------------------------------------------------------

export interface OfflineSignalsInput {
  text: string;
  /** The endpoint's finish_reason; null when unknown (imported outputs). */
  finishReason: string | null;
  instructionLang: Lang;
  /** The language the instruction asks for when it is not the one it is written in. */
  expectedLang?: Lang;
  /** LongBench-Write's word count when the caller has it already (saves a pass over a long text). */
  words?: number;
}

export interface OfflineSignals {
  repetition: RepetitionSignal;
  truncation: TruncationSignal;
  languageMismatch: LanguageMismatchSignal;
  empty: EmptySignal;
  /** Names of the flagged signals, in offlineSignalNames order. */
  flags: OfflineSignalName[];
}

export function offlineSignals(input: OfflineSignalsInput): OfflineSignals {
  const { text, finishReason, instructionLang, expectedLang } = input;
  const signals = {
    repetition: repetition(text),
    truncation: truncation(text, finishReason),
    languageMismatch: languageMismatch(instructionLang, text, expectedLang),
    empty: empty(text, input.words),
  };
  return { ...signals, flags: offlineSignalNames.filter((name) => signals[name].flagged) };
}
