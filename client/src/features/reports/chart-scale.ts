// Hand-written scales for the report charts: round 1-2-5 numbers on log axes, as people read lengths.

const steps = [1, 2, 5] as const;

function decade(v: number): number {
  return 10 ** Math.floor(Math.log10(v));
}

/** The largest of 1, 2, 5, 10, 20, … not above v. */
function niceBelow(v: number): number {
  const p = decade(v);
  const m = v / p;
  return (m >= 5 ? 5 : m >= 2 ? 2 : 1) * p;
}

/** The smallest of 1, 2, 5, 10, 20, … not below v. */
export function niceAbove(v: number): number {
  const p = decade(v);
  const m = v / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
}

const stepUp = (t: number) => niceAbove(t * 1.5);
const stepDown = (t: number) => Math.max(1, niceBelow(t / 1.5));

/** A log domain [lo, hi] on 1-2-5 numbers that holds every positive value and spans at least a decade. */
export function logDomain(values: number[]): [number, number] {
  const positive = values.filter((v) => v > 0);
  if (positive.length === 0) return [10, 1000];
  let lo = niceBelow(Math.min(...positive));
  let hi = niceAbove(Math.max(...positive));
  while (hi / lo < 10) {
    hi = stepUp(hi);
    if (hi / lo < 10 && lo > 1) lo = stepDown(lo);
  }
  return [lo, hi];
}

/** The 1-2-5 numbers within [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let p = decade(lo); p <= hi; p *= 10) {
    for (const m of steps) {
      const t = m * p;
      if (t >= lo * 0.999 && t <= hi * 1.001) ticks.push(t);
    }
  }
  return ticks;
}

/** Maps [lo, hi] on a log scale to [from, to] pixels; values below lo (a produced length of 0) sit at lo. */
export function logScale(lo: number, hi: number, from: number, to: number): (v: number) => number {
  const a = Math.log10(lo);
  const span = Math.log10(hi) - a;
  return (v) => from + ((Math.log10(Math.max(v, lo)) - a) / span) * (to - from);
}

/** 500 -> "500", 2000 -> "2k", 1500 -> "1.5k". */
export const formatTick = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** Each model's colour in the charts: a class setting `color`, drawn with currentColor. */
export const seriesClass = (index: number) => `series-${index % 6}`;
