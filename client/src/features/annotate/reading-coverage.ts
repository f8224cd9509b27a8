/**
 * How much of a scrolling pane has been in view: the furthest point ever shown (top + visible height) over
 * the content's height, from 0 to 1, and 1 when it all fits. Kept in a plain object the scroll listener
 * updates, never in React state: a 20,000-word pane fires scroll events at frame rate.
 */
export interface ReadingCoverage {
  /** Takes the pane's current position into account (call on scroll, resize, after a jump). */
  measure(): void;
  /** The fraction seen so far. */
  value(): number;
  /** Starts from at least this fraction (an item brought back by an undo keeps what was read before). */
  atLeast(fraction: number): void;
}

export function readingCoverage(pane: () => HTMLElement | null): ReadingCoverage {
  let seen = 0;
  return {
    measure() {
      const el = pane();
      if (!el) return;
      const { scrollTop, clientHeight, scrollHeight } = el;
      // A pane not laid out (hidden, zero height) tells nothing yet.
      if (clientHeight === 0 || scrollHeight === 0) return;
      seen = Math.max(seen, Math.min(1, (scrollTop + clientHeight) / scrollHeight));
    },
    value: () => Math.round(seen * 1000) / 1000,
    atLeast(fraction) {
      seen = Math.max(seen, Math.min(1, Math.max(0, fraction)));
    },
  };
}

/** The position of a pane as a fraction of how far it can scroll (0 at the top, 1 at the bottom). */
export function scrollFraction(el: HTMLElement): number {
  const range = el.scrollHeight - el.clientHeight;
  return range > 0 ? el.scrollTop / range : 0;
}
