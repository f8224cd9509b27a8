// Reproducible draws for pair proposals. Each group (one instruction's samples from one model) gets its
// own stream, derived from the run's seed and the group's key alone, so the rejected sample drawn for an
// instruction does not change when other instructions join the batch or arrive in another order.
//
// Stream state: 32-bit FNV-1a over the seed's four bytes (little-endian) followed by the key's UTF-16
// code units (the UTF-8 bytes, for ASCII keys such as `12:3`). Generator: mulberry32 (Tommy Ettinger),
// as published in bryc's "PRNGs" collection. Both are a few lines in any language, so a script can
// replay the draws; neither is fit for secrets.

const fnvOffsetBasis = 0x811c9dc5;
const fnvPrime = 0x01000193;

/** Throws for a seed that is not an integer; integers are taken modulo 2^32. */
export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
}

export function streamState(seed: number, key: string): number {
  assertSeed(seed);
  const s = seed >>> 0;
  let h = fnvOffsetBasis;
  for (let shift = 0; shift < 32; shift += 8) h = Math.imul(h ^ ((s >>> shift) & 0xff), fnvPrime);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), fnvPrime);
  return h >>> 0;
}

/** mulberry32 from a 32-bit state: floats in [0, 1), multiples of 2^-32. */
export function mulberry32(state: number): () => number {
  let a = state | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The stream for one group: same (seed, key), same floats, whatever else is drawn elsewhere. */
export function seededRandom(seed: number, key: string): () => number {
  return mulberry32(streamState(seed, key));
}
