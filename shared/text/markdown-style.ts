import type { MarkdownStyle } from "../schemas/battles";

// The one Markdown counting rule of longpref (battle records' style_a / style_b, style control). It is the
// anchors' rule, so our counts compare with theirs: FastChat's count_markdown_elements
// (fastchat/serve/monitor/add_markdown_info.py, Chatbot Arena's style control) and Arena-Hard-Auto's copy
// (utils/add_markdown_info.py). Fenced code is removed first with "```([^`]*)```", then, with re.MULTILINE:
//   headers     r"^#{1}\s" … r"^#{6}\s" summed (1 to 6 '#' at the very start of a line, then white space)
//   list_items  r"^\s*\d+\.\s" (ordered) + r"^\s*[-*+]\s" (unordered)
//   bold        r"\*\*[^*\n]+\*\*" + r"__[^_\n]+__"
// Python's semantics are kept: `^` is the start of the text or a position after "\n" only (a lone "\r" or
// U+2028 starts no line), `\s` is Python's Unicode white space (JS's \s without U+FEFF, plus U+001C–U+001F
// and U+0085), `\d` any Unicode decimal digit (\p{Nd}; Python's Unicode version may lack the newest digits).
// So a header needs no indentation and its space may be the line break ("#" alone on a line counts); an
// item may be indented (nested lists count every level); "***" or "---" alone count nothing, "* * *" one
// item; `**` inside a word ("foo**bar**baz") and `__init__` count as bold; CJK text has no markers of its
// own ("一、", "・" are not items); CRLF needs nothing special ("\r" is white space).
//
// One deliberate difference: the anchors find the fenced blocks' contents and then delete every occurrence
// of each content anywhere in the answer (str.replace), so a block holding only "\n" deletes every line
// break and the whole answer's headers with it. Here each block's content is removed where it stands (the
// fences stay, as in theirs); the counts agree whenever a block's content occurs nowhere else.
// test/vectors/make-markdown-style.py checks this function against the regexes run by Python's `re`.
//
// Headers and list items are counted by scanning line starts rather than with the regexes: `\p{Nd}+`
// under the u flag keeps backtracking state per repetition (shared/text/runs.ts), and a line scan gives
// the same counts (a match of r"^\s*…" that starts on a blank line ends on the next item line, which is
// counted once either way). The remaining patterns are single-unit classes without the u flag.

const fencedBlock = /```[^`]*```/g;
const boldStars = /\*\*[^*\n]+\*\*/g;
const boldUnderscores = /__[^_\n]+__/g;
const decimalDigit = /^\p{Nd}$/u;

/** Python's `\s` on str (the characters str.isspace() accepts). */
function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

const HASH = 0x23;
const NEWLINE = 0x0a;
const DOT = 0x2e;

/** Length in UTF-16 units of the decimal digit (a code point) at `i`, 0 if none. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0x30 && c <= 0x39) return 1;
  if (c < 0x660) return 0; // the first non-ASCII decimal digit (Arabic-Indic zero)
  const cp = text.codePointAt(i)!;
  return decimalDigit.test(String.fromCodePoint(cp)) ? (cp > 0xffff ? 2 : 1) : 0;
}

/** Does the line starting at `start` open with 1–6 '#' and white space? */
function isHeader(text: string, start: number): boolean {
  let i = start;
  while (i < text.length && i - start < 7 && text.charCodeAt(i) === HASH) i++;
  const hashes = i - start;
  return hashes >= 1 && hashes <= 6 && i < text.length && isSpace(text.charCodeAt(i));
}

/** Does the line starting at `start` open with an indented "-", "*", "+" or "<digits>." and white space? */
function isListItem(text: string, start: number): boolean {
  const n = text.length;
  let i = start;
  while (i < n && text.charCodeAt(i) !== NEWLINE && isSpace(text.charCodeAt(i))) i++;
  if (i >= n) return false;
  const c = text.charCodeAt(i);
  if (c === 0x2d || c === 0x2a || c === 0x2b) return i + 1 < n && isSpace(text.charCodeAt(i + 1));
  let digits = 0;
  for (let d = digitAt(text, i); d > 0; d = digitAt(text, i)) {
    i += d;
    digits++;
  }
  return digits > 0 && i + 1 < n && text.charCodeAt(i) === DOT && isSpace(text.charCodeAt(i + 1));
}

function count(pattern: RegExp, text: string): number {
  let n = 0;
  pattern.lastIndex = 0;
  while (pattern.exec(text) !== null) n++;
  return n;
}

/** Markdown headers, list items and bold spans of an output, by the anchors' rule (see above). */
export function markdownStyle(text: string): MarkdownStyle {
  const prose = text.includes("```") ? text.replace(fencedBlock, "``````") : text;
  let headers = 0;
  let listItems = 0;
  for (let start = 0; start >= 0; ) {
    if (isHeader(prose, start)) headers++;
    else if (isListItem(prose, start)) listItems++;
    const end = prose.indexOf("\n", start);
    start = end < 0 ? -1 : end + 1;
  }
  return { headers, list_items: listItems, bold: count(boldStars, prose) + count(boldUnderscores, prose) };
}
