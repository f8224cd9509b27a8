import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { MarkdownStyle } from "../../shared/schemas/battles";
import { markdownStyle } from "../../shared/text/markdown-style";

// Reference: the anchors' regexes run by Python's `re` (test/vectors/make-markdown-style.py) over tricky
// texts and 400 random Markdown-ish ones (line endings, Unicode white space and digits, fences, markers).
const vectors = JSON.parse(readFileSync(new URL("../vectors/markdown-style.json", import.meta.url), "utf8")) as {
  python: string;
  cases: { text: string; style: MarkdownStyle; anchor_agrees: boolean }[];
};

describe("markdownStyle", () => {
  it("equals FastChat's count_markdown_elements regexes run by Python on every reference text", () => {
    expect(vectors.cases.length).toBeGreaterThan(400);
    const wrong = vectors.cases.filter((c) => JSON.stringify(markdownStyle(c.text)) !== JSON.stringify(c.style));
    expect(wrong.map((c) => ({ text: c.text, want: c.style, got: markdownStyle(c.text) }))).toEqual([]);
  });

  it("ignores what a fenced code block holds, and differs from the anchors only where a block's content recurs", () => {
    const prose = "# Title\n\n- item\n\n**bold** text\n";
    const fence = "```md\n# not a header\n- not an item\n1. nor this\n**nor bold**\n```\n";
    expect(markdownStyle(prose + fence)).toEqual(markdownStyle(prose));
    expect(markdownStyle(fence + prose)).toEqual(markdownStyle(prose));
    expect(markdownStyle(prose)).toEqual({ headers: 1, list_items: 1, bold: 1 });
    // The anchors delete an empty block's "\n" everywhere, losing the second header; we keep it.
    const differs = vectors.cases.filter((c) => !c.anchor_agrees);
    expect(differs.some((c) => c.text.startsWith("# One\n```\n```\n# Two"))).toBe(true);
    expect(markdownStyle("# One\n```\n```\n# Two").headers).toBe(2);
  });

  it("counts nested list levels, CRLF lines and CJK text as the regexes read them", () => {
    expect(markdownStyle("- a\n  - b\n    - c\n1. d\n   2. e").list_items).toBe(5);
    const lf = "# T\n\n- a\n1. b\n**c**\n";
    expect(markdownStyle(lf.replaceAll("\n", "\r\n"))).toEqual(markdownStyle(lf));
    expect(markdownStyle("# 长篇写作\n\n- 第一点\n- 第二点\n\n这是**重点**。一、不是列表")).toEqual({ headers: 1, list_items: 2, bold: 1 });
    // `**` inside a word is bold to the regex too.
    expect(markdownStyle("foo**bar**baz").bold).toBe(1);
  });

  it("reads megabyte runs of digits, stars and white space without exhausting the stack", () => {
    const mb = 4_000_000;
    expect(markdownStyle(`${"7".repeat(mb)}. item`).list_items).toBe(1);
    expect(markdownStyle(`${"𝟕".repeat(mb / 2)}. item`).list_items).toBe(1);
    expect(markdownStyle(`**${"x".repeat(mb)}**`).bold).toBe(1);
    expect(markdownStyle(`\`\`\`${"#\n".repeat(mb / 2)}\`\`\``).headers).toBe(0);
    expect(markdownStyle(`${" ".repeat(mb)}- item`).list_items).toBe(1);
  });
});
