import { useEffect, useState } from "react";

/**
 * How many of `total` parts to render now: `eager` at once, then one more per frame, so a 20,000-word output
 * shows its first screen in one short render and the rest follows without holding up input or paint.
 */
export function useProgressiveCount(total: number, eager: number): number {
  const [count, setCount] = useState(() => Math.min(total, eager));
  useEffect(() => {
    if (count >= total) return;
    // One part per frame, after it is painted: the first screen shows before any of the rest is rendered.
    let timer = 0;
    const frame = requestAnimationFrame(() => {
      timer = window.setTimeout(() => setCount((c) => Math.min(total, c + 1)), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [count, total]);
  return Math.min(count, total);
}
