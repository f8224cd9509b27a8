// The three ways a sound output is made worse for a gold pair (docs/decisions/039-gold-pairs.md). Each takes a
// random stream, so a campaign's copies are the same on every run with the same seed.

export type Degradation = "cut-off" | "looped" | "dropped";

const paragraphsOf = (text: string) => text.split(/\n\s*\n/).filter((p) => p.trim() !== "");

/** Cut off between 35% and 65% of the way through, mid-sentence, as an output stopped by the token limit. */
export function cutOff(text: string, random: () => number): string {
  // Text without spaces between words (Chinese) is cut between characters.
  const words = text.split(/(\s+)/).length >= 40 ? text.split(/(\s+)/) : Array.from(text);
  const at = Math.max(1, Math.floor(words.length * (0.35 + 0.3 * random())));
  return words
    .slice(0, at)
    .join("")
    .replace(/[\s.!?。！？…"”')）\]]+$/u, "");
}

/** One paragraph written out three more times in a row, as a model caught in a loop. */
export function looped(text: string, random: () => number): string {
  const paragraphs = paragraphsOf(text);
  const i = Math.floor(random() * paragraphs.length);
  const loop = [paragraphs[i]!, paragraphs[i]!, paragraphs[i]!];
  return [...paragraphs.slice(0, i + 1), ...loop, ...paragraphs.slice(i + 1)].join("\n\n");
}

/** A third of the paragraphs (at least one) taken out of the middle: never the first or the last. */
export function dropped(text: string, random: () => number): string | null {
  const paragraphs = paragraphsOf(text);
  if (paragraphs.length < 3) return null;
  const n = Math.max(1, Math.floor(paragraphs.length / 3));
  const start = 1 + Math.floor(random() * (paragraphs.length - 1 - n));
  return [...paragraphs.slice(0, start), ...paragraphs.slice(start + n)].join("\n\n");
}

/** The degraded copy of one kind; null when the text cannot take it (too short, too few paragraphs). */
export function degrade(kind: Degradation, text: string, random: () => number): string | null {
  if (Array.from(text.trim()).length < 80) return null;
  const copy = kind === "cut-off" ? cutOff(text, random) : kind === "looped" ? looped(text, random) : dropped(text, random);
  return copy === null || copy === text || copy.trim() === "" ? null : copy;
}
