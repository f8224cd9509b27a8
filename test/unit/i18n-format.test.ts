import { afterEach, describe, expect, it } from "vitest";
import { apiErrorText } from "../../client/src/common/api-error-text";
import { countOf, formatDuration, lengthOf, lengthUnit } from "../../client/src/common/format";
import { applyLanguage, browserLanguage, currentLanguage, t } from "../../client/src/common/i18n";

// Issue 15, point 6: the interface follows the browser's languages until a user chooses; counts read naturally in
// both languages; a text's length is in 字 when the text is Chinese and in words otherwise, whatever the interface.
afterEach(() => applyLanguage("en"));

describe("browserLanguage", () => {
  it("takes the first of the browser's languages that the interface has", () => {
    expect(browserLanguage(["zh-CN", "en-US"])).toBe("zh");
    expect(browserLanguage(["zh-TW"])).toBe("zh");
    expect(browserLanguage(["ZH"])).toBe("zh");
    expect(browserLanguage(["en-GB", "zh-CN"])).toBe("en");
    expect(browserLanguage(["fr-FR", "de", "zh-Hans-CN", "en"])).toBe("zh");
    expect(browserLanguage(["fr-FR", "ja"])).toBe("en");
    expect(browserLanguage([])).toBe("en");
  });
});

describe("switching the language", () => {
  it("changes what t() answers at once, placeholders filled", () => {
    applyLanguage("zh");
    expect(currentLanguage()).toBe("zh");
    expect(t("Log in")).toBe("登录");
    expect(t("Page {{page}} of {{pages}}", { page: 2, pages: 5 })).toBe("第 2 页，共 5 页");
    applyLanguage("en");
    expect(t("Log in")).toBe("Log in");
    expect(t("Page {{page}} of {{pages}}", { page: 2, pages: 5 })).toBe("Page 2 of 5");
  });
});

describe("countOf", () => {
  it("uses the English plural only in English; Chinese has a measure word and no plural", () => {
    expect(countOf(1, "instruction")).toBe("1 instruction");
    expect(countOf(12345, "instruction")).toBe("12,345 instructions");
    applyLanguage("zh");
    expect(countOf(1, "instruction")).toBe("1 条指令");
    expect(countOf(12345, "instruction")).toBe("12,345 条指令");
    expect(countOf(2, "comparison")).toBe("2 个比较");
    // A noun without its entry still reads without an English plural "s".
    expect(countOf(3, "widget")).toBe("3 widget");
  });
});

describe("lengthUnit", () => {
  it("follows the text's language: 字 for Chinese, words (词 in the Chinese interface) for any other", () => {
    expect(lengthUnit("zh")).toBe("字");
    expect(lengthUnit("en")).toBe("words");
    expect(lengthUnit("other")).toBe("words");
    expect(lengthOf(3000, "zh")).toBe("3,000 字");
    expect(lengthOf(3000, "en")).toBe("3,000 words");
    applyLanguage("zh");
    expect(lengthUnit("zh")).toBe("字");
    expect(lengthUnit("en")).toBe("词");
    expect(lengthOf(3000, "en")).toBe("3,000 词");
  });
});

describe("formatDuration", () => {
  it("speaks the interface language", () => {
    expect(formatDuration(30)).toBe("under a minute");
    expect(formatDuration(130 * 60)).toBe("about 2 h 10 min");
    applyLanguage("zh");
    expect(formatDuration(30)).toBe("不到一分钟");
    expect(formatDuration(130 * 60)).toBe("约 2 小时 10 分钟");
    expect(formatDuration(3 * 86400)).toBe("约 3 天");
  });
});

describe("apiErrorText", () => {
  it("keeps the API's English in English, and in Chinese gives the annotator's messages in full, others by their code", () => {
    expect(apiErrorText("conflict", "only your last judgment can be undone")).toBe("only your last judgment can be undone");
    applyLanguage("zh");
    expect(apiErrorText("conflict", "only your last judgment can be undone")).toBe("只能撤销你最后一次判断。");
    expect(apiErrorText("bad_request", "verdict: this campaign does not allow ties")).toBe("此标注任务不允许平局。");
    // A message without an entry: the code's sentence, then the server's own words.
    expect(apiErrorText("conflict", 'name: a campaign named "x" exists')).toBe('与当前状态冲突。（name: a campaign named "x" exists）');
    expect(apiErrorText("some_new_code", "something new")).toBe("something new");
  });
});
