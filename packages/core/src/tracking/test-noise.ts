/**
 * Deterministic noise for the tracking tests (one home; not exported from core's index): a 32-bit LCG
 * (Numerical Recipes' constants) and Box-Muller.
 */

/** Uniform draws in (0, 1) from a 32-bit LCG. */
export function lcg(seed: number): () => number {
  // Neighbouring seeds would give nearly equal first draws (they differ by a / 2^32): spread the seed
  // by Knuth's multiplicative hash and drop a few draws so that runs with seeds n, n + 1 are unrelated.
  let s = Math.imul(seed, 2654435761) >>> 0;
  for (let i = 0; i < 8; i++) s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296; // in (0, 1): log() below never sees 0
  };
}

/** Standard normal draws from uniform ones (Box-Muller, both values used). */
export function gaussian(uniform: () => number): () => number {
  let spare = NaN;
  return () => {
    if (!Number.isNaN(spare)) {
      const s = spare;
      spare = NaN;
      return s;
    }
    const r = Math.sqrt(-2 * Math.log(uniform()));
    const a = 2 * Math.PI * uniform();
    spare = r * Math.sin(a);
    return r * Math.cos(a);
  };
}
