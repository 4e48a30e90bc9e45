// A seeded generator (mulberry32) for randomized tests: small, fast, and the same sequence
// everywhere for a seed, so a failure names an input that can be replayed.

/** Numbers in [0, 1), the sequence of `seed`. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
