/**
 * An output cut into blocks at blank lines (outside fenced code), and its outline of headings. Pure
 * functions over the source text: the panes render blocks, the outline jumps to headings.
 */

export interface TextBlock {
  text: string;
  /** 0-based line of the block's first line in the whole text. */
  line: number;
  /** Whether Markdown may start afresh here: not inside a fence, not indented (no list continuation). */
  safeStart: boolean;
}

export interface OutlineEntry {
  level: number;
  text: string;
  line: number;
}

const fenceOpen = /^ {0,3}(`{3,}|~{3,})/;
const isBlank = (line: string) => line.trim() === "";

/** Tracks fenced code blocks line by line: whether a line is inside (or opens or closes) a fence. */
function fenceTracker() {
  let fence: string | null = null;
  return (line: string): boolean => {
    const match = fenceOpen.exec(line);
    if (fence === null) {
      if (match) fence = match[1]!;
      return fence !== null;
    }
    if (match && match[1]![0] === fence[0] && match[1]!.length >= fence.length && line.trim() === match[1]) fence = null;
    return true;
  };
}

/** The text cut before every non-blank line that follows a blank one; the pieces concatenate to the text. */
export function splitBlocks(text: string): TextBlock[] {
  const lines = text.split(/(?<=\n)/);
  const inFence = fenceTracker();
  const blocks: TextBlock[] = [];
  let current: TextBlock | null = null;
  let previousBlank = false;
  let fenced = false;
  lines.forEach((line, index) => {
    const blank = isBlank(line);
    const startsHere = current === null || (previousBlank && !blank && !fenced);
    if (startsHere) {
      current = { text: "", line: index, safeStart: !fenced && !/^\s/.test(line) };
      blocks.push(current);
    }
    current!.text += line;
    fenced = inFence(line);
    previousBlank = blank;
  });
  return blocks;
}

/**
 * Consecutive blocks joined into chunks of at least `targetChars`, cut only where Markdown may start afresh,
 * so each chunk renders on its own as it would inside the whole text (lists, fences and tables stay whole).
 */
export function groupBlocks(blocks: TextBlock[], targetChars: number): TextBlock[] {
  const chunks: TextBlock[] = [];
  let current: TextBlock | null = null;
  for (const block of blocks) {
    if (current === null || (current.text.length >= targetChars && block.safeStart)) {
      current = { ...block };
      chunks.push(current);
    } else {
      current.text += block.text;
    }
  }
  return chunks;
}

/** Heading text without the Markdown around it: emphasis, code marks, link targets. */
export function plainHeading(text: string): string {
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[*_`~]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

const atxOpening = /^ {0,3}(#{1,6})(?=[ \t]|\r?\n?$)/;
const isSpace = (c: string | undefined) => c === " " || c === "\t";

/**
 * An ATX heading's level and text (closing #s and spaces dropped), or null. Read by hand from the end: the
 * one-pattern form (a lazy `.*?` before optional closing #s) took time quadratic in a line of spaces and
 * froze the judging screen on an output holding a heading of a few megabytes.
 */
export function atxHeading(line: string): { level: number; text: string } | null {
  const opening = atxOpening.exec(line);
  if (!opening) return null;
  const rest = line.slice(opening[0].length).replace(/\r?\n?$/, "");
  // As the regex's `.`: a line break inside the line makes it no heading.
  if (/[\r\n\u2028\u2029]/.test(rest)) return null;
  let start = 0;
  while (start < rest.length && isSpace(rest[start])) start++;
  let end = rest.length;
  while (end > start && isSpace(rest[end - 1])) end--;
  let hashes = end;
  while (hashes > start && rest[hashes - 1] === "#") hashes--;
  // Closing #s follow a space after some text: "# C#" keeps its #, "# ###" is the text "###".
  if (hashes < end && hashes > start && isSpace(rest[hashes - 1])) {
    end = hashes;
    while (end > start && isSpace(rest[end - 1])) end--;
  }
  return { level: opening[1]!.length, text: rest.slice(start, end) };
}
const setext = /^ {0,3}(=+|-+)[ \t]*\r?\n?$/;
// A line that can be a setext heading's text: a paragraph line, not a list item, quote, table or heading.
const paragraphLine = /^ {0,3}(?![-*+>#|]|\d+[.)]\s)\S/;

/** ATX (`# Title`) and setext (`Title` over `===`/`---`) headings outside fenced code, in order. */
export function outlineOf(text: string): OutlineEntry[] {
  const lines = text.split("\n");
  const inFence = fenceTracker();
  const entries: OutlineEntry[] = [];
  let previous: { line: string; index: number; fenced: boolean } | null = null;
  lines.forEach((line, index) => {
    const fenced = inFence(line);
    if (!fenced) {
      const heading = atxHeading(line);
      const underline = setext.exec(line);
      if (heading) {
        entries.push({ level: heading.level, text: plainHeading(heading.text), line: index });
      } else if (
        underline &&
        previous !== null &&
        !previous.fenced &&
        paragraphLine.test(previous.line) &&
        (index < 2 || isBlank(lines[index - 2]!))
      ) {
        entries.push({ level: underline[1]!.startsWith("=") ? 1 : 2, text: plainHeading(previous.line), line: previous.index });
      }
    }
    previous = { line, index, fenced };
  });
  return entries;
}
