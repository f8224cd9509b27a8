// LongBench-Write's count_words (evaluation/pred.py): CJK Unified Ideographs U+4E00–U+9FFF count one each,
// plus runs of ASCII letters matching Python's `\b[a-zA-Z]+\b`. Python's \b is Unicode-aware, so a run
// next to any letter, digit or underscore (LongWriter模型, 3rd, snake_case, Café) does not count; JS's \b is
// ASCII-only, hence the explicit lookarounds (REFERENCE.md §2).
const chineseCharacter = /[\u4e00-\u9fff]/g;
const englishWord = /(?<![\p{L}\p{N}_])[A-Za-z]+(?![\p{L}\p{N}_])/gu;

export function countWords(text: string): number {
  return (text.match(chineseCharacter)?.length ?? 0) + (text.match(englishWord)?.length ?? 0);
}
