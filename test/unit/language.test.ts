import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, it, expect } from "vitest";
import { detectLang } from "../../shared/instructions/language";

function readPrompts(name: string): string[] {
  const file = fileURLToPath(new URL(`../../../shared/fixtures/longwriter/${name}`, import.meta.url));
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { prompt: string }).prompt);
}

describe("detectLang", () => {
  it.each([
    ["Write a 1000-word article on the history of the Roman Empire", "en"],
    ["写一篇1000字的中国旅游指南", "zh"],
    ["帮我用英文写一篇关于郭沫若生平的文章，不少于4000字。", "zh"],
    [
      "请以“fall in love with tea culture”为题 写一篇300词的英语作文 \n要求：The story has to convey the reader a sense of Chinese culture",
      "zh",
    ],
    ["Write an essay on the Chinese idiom 画蛇添足 and what it teaches about restraint in design.", "en"],
    ["Write about the poet 李白 in 500 words", "en"],
    ["Écrivez un essai sur la mer", "en"],
    ["日本の夏について千字の作文を書いてください。", "other"],
    ["Напишите эссе о море", "other"],
    ["اكتب مقالا عن البحر", "other"],
    ["바다에 대한 에세이를 쓰세요", "other"],
    ["1000 2000 !!!", "other"],
    ["", "other"],
  ] as const)("%j -> %s", (text, expected) => {
    expect(detectLang(text)).toBe(expected);
  });

  // LongBench-Write's English subset is the _en file; its one Chinese-text prompt asks for an English
  // article ("帮我用英文写…"), and the text itself is what detectLang judges.
  it("agrees with LongBench-Write's English/Chinese split", () => {
    const english = readPrompts("longbench_write_en.jsonl");
    const all = readPrompts("longbench_write.jsonl");
    const englishSet = new Set(english);
    const chineseText = english.filter((p) => p.startsWith("帮我用英文写"));
    expect(chineseText).toHaveLength(1);

    for (const prompt of english) {
      expect(detectLang(prompt), prompt.slice(0, 60)).toBe(chineseText.includes(prompt) ? "zh" : "en");
    }
    const chinese = all.filter((p) => !englishSet.has(p));
    expect(chinese.length).toBe(all.length - english.length);
    for (const prompt of chinese) expect(detectLang(prompt), prompt.slice(0, 60)).toBe("zh");
  });
});
