// LongBench-Write's count_words (evaluation/pred.py): CJK Unified Ideographs U+4E00–U+9FFF count one each,
// plus runs of ASCII letters matching Python's `\b[a-zA-Z]+\b`. Python's \b is Unicode-aware, so a run
// next to any letter, digit or underscore (LongWriter模型, 3rd, snake_case, Café) does not count; JS's \b is
// ASCII-only, hence the explicit lookarounds (REFERENCE.md §2).
// Both are counted match by match: text.match() would build an array as long as a 50 MB text.
const chineseCharacters = /[\u4e00-\u9fff]+/g;
const englishWord = /(?<![\p{L}\p{N}_])[A-Za-z]+(?![\p{L}\p{N}_])/gu;

/** Characters in U+4E00–U+9FFF. */
export function countChineseCharacters(text: string): number {
  let n = 0;
  chineseCharacters.lastIndex = 0;
  // One UTF-16 unit each: the range lies in the Basic Multilingual Plane.
  for (let m = chineseCharacters.exec(text); m !== null; m = chineseCharacters.exec(text)) n += m[0].length;
  return n;
}

export function countWords(text: string): number {
  let n = countChineseCharacters(text);
  englishWord.lastIndex = 0;
  while (englishWord.exec(text) !== null) n++;
  return n;
}
