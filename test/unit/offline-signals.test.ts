import { describe, it, expect } from "vitest";
import { mulberry32 } from "../../shared/scoring/seeded-random";
import { empty, languageMismatch, offlineSignals, repetition, repetitionThreshold, truncation } from "../../shared/scoring/offline-signals";

const englishProse = `The harbour town wakes slowly in winter. Before dawn the fishing boats slip out past the breakwater,
their lamps swinging, while the bakery on Quay Street fills the lanes with the smell of rye. By eight the
market stalls are up: crabs in wet crates, knitted hats, jars of heather honey that the beekeeper insists
are better than anything sold inland. Visitors who come for the cliffs often stay for the people. The
ferryman knows every family's history and will share most of it before the crossing ends; the librarian
keeps a shelf of shipwreck logs that she lends only to those who promise to read them twice. In the
afternoon the light turns copper and the wind drops, and the whole town seems to pause on the sea wall
to watch the boats return. Nobody hurries here, and after a week neither will you.`;

const chineseProse = `江南的春天总是来得悄无声息。清晨推开窗，河面上浮着一层薄雾，石桥的轮廓若隐若现。
卖豆浆的老人早已支起摊子，热气和吆喝声一起飘进小巷。孩子们背着书包穿过青石板路，脚步声清脆得像雨点。
午后阳光变得温柔，茶馆里坐满了下棋的人，他们一边落子一边谈论今年的收成和远方的亲戚。
傍晚时分，炊烟升起，船娘摇着橹从柳树下经过，歌声在水面上轻轻荡开。这样的日子看似平淡，
却让每一个离开故乡的人在夜里反复梦见。多年以后再回来，桥还是那座桥，只是当年的少年已经两鬓斑白。`;

describe("repetition", () => {
  it("is low on ordinary English prose", () => {
    const signal = repetition(englishProse);
    expect(signal).toMatchObject({ flagged: false, n: 4 });
    expect(signal.ngrams).toBeGreaterThan(100);
    expect(signal.share).toBeLessThan(0.05);
  });

  it("is low on ordinary Chinese prose, counted in 8-character n-grams", () => {
    const signal = repetition(chineseProse);
    expect(signal).toMatchObject({ flagged: false, n: 8 });
    expect(signal.share).toBeLessThan(0.05);
  });

  it.each([
    ["an English paragraph written three times", `${englishProse}\n\n${englishProse}\n\n${englishProse}`],
    ["a Chinese paragraph written three times", chineseProse.repeat(3)],
    ["a sentence looping after the prose", `${englishProse} ${"And so the story goes on and on. ".repeat(40)}`],
  ])("flags %s", (_name, text) => {
    const signal = repetition(text);
    expect(signal.flagged).toBe(true);
    expect(signal.share).toBeGreaterThanOrEqual(repetitionThreshold);
  });

  it("gives about 0.5 for a paragraph written twice, 2/3 for three times", () => {
    expect(repetition(`${englishProse} ${englishProse}`).share).toBeCloseTo(0.5, 1);
    expect(repetition(chineseProse.repeat(3)).share).toBeCloseTo(2 / 3, 1);
  });

  it("uses 6-grams over characters and words for mixed text", () => {
    expect(repetition(`${chineseProse.slice(0, 60)} ${englishProse.slice(0, 300)}`).n).toBe(6);
  });

  it("ignores case and punctuation", () => {
    const text = "The end. the END! The end? ".repeat(30);
    expect(repetition(text).share).toBe(repetition("the end ".repeat(90)).share);
  });

  it("does not flag short texts, whatever they repeat", () => {
    expect(repetition("Thank you, thank you, thank you, thank you, thank you.")).toMatchObject({ flagged: false });
    expect(repetition("")).toEqual({ flagged: false, share: 0, n: 4, ngrams: 0 });
    expect(repetition("one two three")).toMatchObject({ flagged: false, share: 0, ngrams: 0 });
  });
});

describe("truncation", () => {
  it.each([
    ["finish_reason length, whatever the text", "A complete sentence.", "length", "finish_reason_length"],
    ["ends mid-word", "The harbour town wakes slowly in win", "stop", "unfinished_sentence"],
    ["ends mid-sentence with no finish reason", englishProse.slice(0, 400), null, "unfinished_sentence"],
    ["ends in a comma", "First we went to the market,", "stop", "unfinished_sentence"],
    ["ends in a colon", "The reasons are as follows:", "stop", "unfinished_sentence"],
    ["Chinese ends mid-sentence", "江南的春天总是来得悄无声息，清晨推开窗", "stop", "unfinished_sentence"],
    ["a short last line that leads on", "Dear Ms Chen,\n\nThank you for the visit.\n\nBest regards,", null, "unfinished_sentence"],
  ])("flags a text that %s", (_name, text, finishReason, reason) => {
    expect(truncation(text, finishReason)).toEqual({ flagged: true, reason });
  });

  it.each([
    ["ends with a full stop and trailing space", `${englishProse}  \n\n`],
    ["ends with 。", chineseProse],
    ["ends with ！", "这就是我的故乡！"],
    ["ends with a closing quote", 'She said, "We will be back."\n"Soon."'],
    ["ends with ”", "他说：“明天见。”"],
    ["ends with a closing bracket", "See the appendix (page 12)"],
    ["ends with 》", "推荐阅读《红楼梦》"],
    ["ends with an ellipsis", "And then the lights went out…"],
    ["ends with an emoji", "Thanks for reading 😊"],
    ["ends with an emoji and variation selector", "Stay safe ❤️"],
    ["ends with a Markdown list item", "## Packing list\n\n- Warm coat\n- Walking boots\n- Rain jacket"],
    ["ends with a numbered list item", "Steps:\n\n1. Preheat the oven\n2. Mix the flour and butter"],
    ["ends with a Markdown heading", "Some text.\n\n## Further reading"],
    ["ends with a table row", "| Town | Visitors |\n|---|---|\n| Harbour | 1200 |"],
    ["ends with a code fence", "```python\nprint('hi')\n```"],
    ["ends with a thematic break", "The end of part one.\n\n---"],
    ["ends with a bold line", "**The End**"],
    ["ends with a signature on its own line", "Thank you for your time.\n\nSincerely,\nJohn Smith"],
    ["ends with a Chinese sign-off date", "此致\n敬礼\n\n张明\n2024年5月1日"],
  ])("does not flag a text that %s", (_name, text) => {
    expect(truncation(text, "stop")).toEqual({ flagged: false, reason: null });
  });

  it("leaves empty text to the empty signal unless the endpoint hit its length", () => {
    expect(truncation("", "stop")).toEqual({ flagged: false, reason: null });
    expect(truncation("  \n ", null)).toEqual({ flagged: false, reason: null });
    expect(truncation("", "length")).toEqual({ flagged: true, reason: "finish_reason_length" });
  });
});

describe("languageMismatch", () => {
  it("flags English output to a Chinese instruction", () => {
    expect(languageMismatch("zh", englishProse)).toEqual({ flagged: true, expected: "zh", detected: "en" });
  });

  it("flags Chinese output to an English instruction", () => {
    expect(languageMismatch("en", chineseProse)).toEqual({ flagged: true, expected: "en", detected: "zh" });
  });

  it("flags Russian output to an English instruction", () => {
    expect(languageMismatch("en", "Гавань просыпается медленно зимой.").flagged).toBe(true);
  });

  it.each([
    ["en", englishProse],
    ["zh", chineseProse],
    ["zh", `${chineseProse}\n\n参考文献：Smith, J. A History of Tea. Oxford University Press.`],
  ] as const)("does not flag matching languages (%s)", (lang, text) => {
    expect(languageMismatch(lang, text).flagged).toBe(false);
  });

  it("follows an explicit request for another language", () => {
    // "帮我用英文写…": a Chinese instruction asking for English.
    expect(languageMismatch("zh", englishProse, "en")).toEqual({ flagged: false, expected: "en", detected: "en" });
    expect(languageMismatch("zh", chineseProse, "en")).toEqual({ flagged: true, expected: "en", detected: "zh" });
  });

  it("does not check 'other' instructions or outputs without letters", () => {
    expect(languageMismatch("other", englishProse).flagged).toBe(false);
    expect(languageMismatch("en", "").flagged).toBe(false);
    expect(languageMismatch("zh", "123 !!!").flagged).toBe(false);
  });
});

describe("empty", () => {
  it.each(["", "   ", "\n\n\t", "123 !!!", "— … —"])("flags %j", (text) => {
    expect(empty(text)).toEqual({ flagged: true, words: 0 });
  });

  it.each([
    ["Hello", 1],
    ["你好", 2],
  ] as const)("does not flag %j", (text, words) => {
    expect(empty(text)).toEqual({ flagged: false, words });
  });
});

describe("offlineSignals", () => {
  it("lists nothing for a good sample", () => {
    expect(offlineSignals({ text: englishProse, finishReason: "stop", instructionLang: "en" }).flags).toEqual([]);
  });

  it("lists every flagged signal by name, in a fixed order", () => {
    const looped = `${englishProse} ${englishProse} and then the`;
    const signals = offlineSignals({ text: looped, finishReason: null, instructionLang: "zh" });
    expect(signals.flags).toEqual(["repetition", "truncation", "languageMismatch"]);
    expect(signals.truncation.reason).toBe("unfinished_sentence");
  });

  it("flags an empty sample cut by the length limit as empty and truncated only", () => {
    const signals = offlineSignals({ text: "", finishReason: "length", instructionLang: "en" });
    expect(signals.flags).toEqual(["truncation", "empty"]);
  });

  it("passes expectedLang through", () => {
    const input = { text: englishProse, finishReason: "stop", instructionLang: "zh" } as const;
    expect(offlineSignals(input).flags).toEqual(["languageMismatch"]);
    expect(offlineSignals({ ...input, expectedLang: "en" }).flags).toEqual([]);
  });

  it("handles a 150 kB looped sample quickly", () => {
    const text = `${englishProse}\n\n`.repeat(200);
    expect(text.length).toBeGreaterThan(150_000);
    const started = performance.now();
    const signals = offlineSignals({ text, finishReason: "stop", instructionLang: "en" });
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(signals.flags).toEqual(["repetition"]);
  });
});

describe("offline signals on random strings", () => {
  // Seeded (mulberry32), so a failing input can be replayed from its seed.
  const random = mulberry32;

  // Ranges of code units or code points to draw from; lone surrogates come from the 0xd800 range.
  const ranges: [number, number][] = [
    [0x00, 0x1f], // control characters
    [0x20, 0x7e], // ASCII
    [0x0300, 0x036f], // combining marks
    [0x0400, 0x04ff], // Cyrillic
    [0x3000, 0x303f], // CJK punctuation
    [0x3040, 0x30ff], // kana
    [0x4e00, 0x9fff], // CJK ideographs
    [0xd800, 0xdfff], // lone surrogate halves
    [0xfe00, 0xfe0f], // variation selectors
    [0x1f300, 0x1faff], // emoji
    [0x10000, 0x10ffff], // anything astral
  ];

  function randomString(next: () => number): string {
    const length = next() < 0.1 ? Math.floor(next() * 20_000) : Math.floor(next() * 300);
    let text = "";
    while (text.length < length) {
      const [lo, hi] = ranges[Math.floor(next() * ranges.length)]!;
      const codePoint = lo + Math.floor(next() * (hi - lo + 1));
      // fromCharCode leaves a half from the 0xd800 range unpaired, as a broken UTF-16 decoder would.
      text += codePoint > 0xffff ? String.fromCodePoint(codePoint) : String.fromCharCode(codePoint);
      if (next() < 0.15) text += next() < 0.5 ? " " : "\n";
    }
    return text;
  }

  it("never throw and stay in range on 200 random strings", () => {
    const next = random(20_240_817);
    for (let i = 0; i < 200; i++) {
      const text = randomString(next);
      const finishReason = next() < 0.5 ? "stop" : null;
      const signals = offlineSignals({ text, finishReason, instructionLang: i % 2 === 0 ? "en" : "zh" });
      expect(signals.repetition.share).toBeGreaterThanOrEqual(0);
      expect(signals.repetition.share).toBeLessThan(1);
      expect(signals.empty.words).toBeGreaterThanOrEqual(0);
      expect(typeof signals.truncation.flagged).toBe("boolean");
      expect(signals.flags.every((name) => signals[name].flagged)).toBe(true);
    }
  });
});

describe("truncation on endings real outputs have", () => {
  it.each([
    ["a Chinese notice signed by its sender", "请提前储水。\n\n感谢您的配合！\n\n物业服务中心"],
    ["a poem whose lines carry no punctuation", "塑料袋窸窸窣窣\n装走一把葱、两个土豆\n也装走\n这一天的烟火"],
    ["a signature with a title", "Best regards,\nMartin Hale\nLab Manager, Department of Molecular Biology"],
    ["a forum post ending in a tilde", "想来的回个帖，人齐了建个群～"],
  ])("does not flag %s", (_name, text) => {
    expect(truncation(text, "stop").flagged).toBe(false);
  });

  it("flags a paragraph cut in the middle of a sentence", () => {
    const text =
      "# Title\n\nThe library will stay open until nine on weekdays, and the first evening will be celebrated with live music, a";
    expect(truncation(text, "stop")).toEqual({ flagged: true, reason: "unfinished_sentence" });
  });
});
