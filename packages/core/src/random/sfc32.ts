/**
 * The seeded generator every random draw in a trial comes from: SFC32 (Chris Doty-Humphrey's Small
 * Fast Counting generator, 32-bit; from PractRand, passes its and TestU01's BigCrush batteries),
 * seeded through SplitMix32 so that nearby seeds give unrelated streams. Deterministic across
 * machines (integer arithmetic only), so the same (world, seed) gives the same event log everywhere.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    let s = seed >>> 0;
    const next = (): number => {
      // SplitMix32 (Steele, Lea & Flood 2014, 32-bit variant)
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** A `() => number` view, the form sensor and fire-control models take. */
  readonly uniform = (): number => this.next();
}
