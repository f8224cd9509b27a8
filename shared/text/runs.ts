// Runs of one character class in untrusted text of any length (a 50 MB "word" included).
//
// V8 keeps backtracking state for every repetition of anything but a simple class: a class with members
// outside the Basic Multilingual Plane (\p{L}, \p{Script=Han}, their negations) becomes an alternation over
// surrogate pairs in a two-byte string, as does a repeated group. `x+` then overflows the stack
// ("Maximum call stack size exceeded") on a run of a few megabytes. A bounded repetition keeps that state
// small; the pieces of one run are contiguous, so they are joined back here.

/** The longest piece one match takes; a longer run is read in several pieces. */
export const RUN_PIECE = 4096;

/** A global regex matching pieces of runs of `characterClass` (regex source of one class, e.g. "\\p{L}"). */
export function runPattern(characterClass: string): RegExp {
  return new RegExp(`${characterClass}{1,${RUN_PIECE}}`, "gu");
}

/** Each maximal run of a `runPattern` in `text`, whole, with where it starts. */
export function* runsIn(text: string, pattern: RegExp): Generator<{ index: number; text: string }> {
  let pieces: string[] = [];
  let start = -1;
  let end = -1;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m.index !== end && pieces.length > 0) {
      yield { index: start, text: pieces.join("") };
      pieces = [];
    }
    if (pieces.length === 0) start = m.index;
    pieces.push(m[0]);
    end = m.index + m[0].length;
  }
  if (pieces.length > 0) yield { index: start, text: pieces.join("") };
}

/** How many runs of a `runPattern` `text` holds. */
export function countRuns(text: string, pattern: RegExp): number {
  let n = 0;
  let end = -1;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    if (m.index !== end) n++;
    end = m.index + m[0].length;
  }
  return n;
}

/** How many characters (code points, not UTF-16 units) the runs of a `runPattern` in `text` hold. */
export function countInRuns(text: string, pattern: RegExp): number {
  let n = 0;
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
    const piece = m[0];
    for (let i = 0; i < piece.length; i++) {
      const c = piece.charCodeAt(i);
      if (c < 0xdc00 || c > 0xdfff) n++; // a low surrogate ends a pair already counted
    }
  }
  return n;
}
