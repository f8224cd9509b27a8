import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";
import { parseRequiredLength } from "../../shared/instructions/required-length";
import { parseChineseNumber } from "../../shared/instructions/chinese-number";
import { parseEnglishNumber } from "../../shared/instructions/english-number";

type LengthRecord = { prompt: string; type: string; length: number };

function readFixture(name: string): LengthRecord[] {
  const file = fileURLToPath(new URL(`../../../shared/fixtures/longwriter/${name}`, import.meta.url));
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as LengthRecord);
}

describe("parseRequiredLength", () => {
  const cases: Array<[string, number | null]> = [
    // English, digits
    ["Write a 10,000-word article on tides", 10000],
    ["Write at least 5000 words about Rome", 5000],
    ["Summarise it in no more than 150 words", 150],
    ["A product description, 300 words max", 300],
    ["Write 12000 words of an article about Benin", 12000],
    ["Write a 200 words abstract for the paper", 200],
    ["Write a 400 word story about dragons", 400],
    ["Rational suggestions for cost consultation, 1200 words.", 1200],
    ["Uber Driver Interview Script, around 600 words", 600],
    ["Write a ghost story. Approximately 2500 words.", 2500],
    ["Write a text of more than 5000 words", 5000],
    ["The story should be at least 6,000 words long.", 6000],
    ["It should be no less than 1000 words.", 1000],
    ["Write a 6000-words paper based on the outline", 6000],
    ["Write a 10k-word essay", 10000],
    ["Write between 100~200 words on tea", 200],
    ["A 1,000–1,500 word essay", 1500],
    ["Keep the word count to 1,800 or so", 1800],
    ["Write a 2000 Chinese characters essay", 2000],
    // English, number words
    ["Write approximately five hundred words on bees", 500],
    ["Write two thousand five hundred words", 2500],
    ["Write one hundred and fifty words", 150],
    ["Write twenty-five hundred words", 2500],
    ["Write a thousand words about love", 1000],
    // 词 counts English words
    ["写一篇300词的英语作文", 300],
    // Chinese, digits
    ["写一篇3000字的文章", 3000],
    ["不少于2000字", 2000],
    ["5 diaries, each 400字左右", 400],
    ["2万字的小说", 20000],
    ["1.5万字的行业报告", 15000],
    ["法真简介，200字左右", 200],
    ["对于雷锋精神的推文，150字以内", 150],
    ["写一篇2000多字的心得", 2000],
    ["写一篇２０００字的作文", 2000],
    // Chinese, numerals
    ["写一篇一万字的小说", 10000],
    ["扩写到八百字", 800],
    ["写一篇两千五百字的报告", 2500],
    ["详细介绍孙子，七千字", 7000],
    ["生成一篇五千字的科幻小说", 5000],
    ["撰写一份三千字开题报告", 3000],
    ["扩写为两千字", 2000],
    ["写一篇一万二千字的剧本", 12000],
    // ranges take the upper bound
    ["字数要求100至200字。", 200],
    ["小红书风格文章，300到400字", 400],
    ["写一段100-200字的简介", 200],
    ["写一篇2-3千字的总结", 3000],
    // a number after a length label
    ["字数要求：2000左右", 2000],
    ["讲稿字数1400左右。", 1400],
    ["字数：不少于600字", 600],
    ["字数限制在800-1000之间", 1000],
    // several lengths: a per-part one is neither multiplied nor preferred
    ["创作五篇日记，每篇400字左右", 400],
    ["5 diaries, each 400 words", 400],
    ["Write a 3000-word story in chapters of 500 words each", 3000],
    ["全文共3000字，其中摘要200字", 3000],
    // numbers that are not lengths
    ["Write a story about 3 cats", null],
    ["Describe the year 1990", null],
    ["写一篇关于2023年的总结", null],
    ["Write a 50-page novel about Kintu", null],
    ["Write a list of 15 emojis", null],
    ["Paragraph 1 should introduce the topic", null],
    ["I am 25 years old and unemployed", null],
    ["设计一节90分钟的课", null],
    ["出10道单选题", null],
    ["十字路口的故事", null],
    ["列出十个四字成语", null],
    ["写一篇数千字的文章", null],
    ["", null],
  ];

  it.each(cases)("%j -> %j", (prompt, expected) => {
    expect(parseRequiredLength(prompt)).toBe(expected);
  });
});

describe("parseChineseNumber", () => {
  it.each([
    ["八百", 800],
    ["两千五百", 2500],
    ["两千五", 2500],
    ["一万二千", 12000],
    ["一万五", 15000],
    ["二十五", 25],
    ["十", 10],
    ["一百零五", 105],
    ["2万", 20000],
    ["1.5万", 15000],
    ["1万2千", 12000],
    ["10,000", 10000],
    ["二〇二三", 2023],
  ] as const)("%s -> %d", (text, expected) => {
    expect(parseChineseNumber(text)).toBe(expected);
  });

  it.each(["", "一二千", "abc", "千万别"])("%j is not a number", (text) => {
    expect(parseChineseNumber(text)).toBeNull();
  });
});

describe("parseEnglishNumber", () => {
  it.each([
    ["five hundred", 500],
    ["one hundred and fifty", 150],
    ["twenty-five hundred", 2500],
    ["two thousand five hundred", 2500],
    ["a thousand", 1000],
    ["ten thousand", 10000],
    ["ninety-nine", 99],
  ] as const)("%s -> %d", (text, expected) => {
    expect(parseEnglishNumber(text)).toBe(expected);
  });

  it.each(["", "hundred", "five apples"])("%j is not a number", (text) => {
    expect(parseEnglishNumber(text)).toBeNull();
  });
});

describe("parseRequiredLength against LongBench-Write's annotated lengths", () => {
  function misses(records: LengthRecord[]) {
    return records.flatMap((r, i) => {
      const got = parseRequiredLength(r.prompt);
      if (got === r.length) return [];
      const excerpt = r.prompt.length > 80 ? `${r.prompt.slice(0, 80)}…` : r.prompt;
      return [{ line: i + 1, expected: r.length, got, prompt: excerpt.replaceAll("\n", " ") }];
    });
  }

  // About a tenth of the lengths are annotations the text does not state (15 emojis -> 300,
  // a 50-page novel -> 10000, five diaries of 400字 -> 2000), so a perfect score would mean cheating.
  it("reads the length of at least 110 of the 120 benchmark prompts", () => {
    const records = readFixture("longbench_write.jsonl");
    expect(records).toHaveLength(120);
    const missed = misses(records);
    console.log(`longbench_write: ${records.length - missed.length}/${records.length} match; misses:`);
    console.table(missed);
    expect(records.length - missed.length).toBeGreaterThanOrEqual(110);
  });

  it("reads the length of every LongWrite-Ruler prompt", () => {
    const records = readFixture("longwrite_ruler.jsonl");
    expect(records).toHaveLength(48);
    expect(misses(records)).toEqual([]);
  });
});
