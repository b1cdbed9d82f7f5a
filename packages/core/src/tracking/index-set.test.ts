import { describe, expect, it } from 'vitest';
import { IndexSet } from './index-set.ts';

describe('IndexSet', () => {
  it('answers has() as a Set of the same indices does', () => {
    // indices across several 32-bit words, word edges, repeats and an unsorted order
    const indices = [0, 31, 32, 33, 63, 64, 1000, 5, 5, 4095, 4096, 777, 31];
    const set = new Set(indices);
    const bits = IndexSet.of(indices);
    for (let i = -40; i < 4200; i++) expect(bits.has(i)).toBe(set.has(i));
    const visited: number[] = [];
    bits.forEach((i) => visited.push(i));
    expect(visited).toEqual([...set].sort((a, b) => a - b)); // each once, ascending
    expect(bits.has(0.5)).toBe(false);
    expect(bits.has(NaN)).toBe(false);
    expect(bits.has(2 ** 40)).toBe(false);
  });

  it('takes the first n values only; the empty set has nothing', () => {
    const bits = IndexSet.of([3, 9, 12], 2);
    expect([3, 9, 12].map((i) => bits.has(i))).toEqual([true, true, false]);
    const empty = IndexSet.of([]);
    expect([0, 1, 31, 32].some((i) => empty.has(i))).toBe(false);
    // a bit per index up to the largest: nothing for the empty set, one word up to 31, two from 32
    expect([empty.byteLength, IndexSet.of([31]).byteLength, IndexSet.of([32]).byteLength, IndexSet.of([0, 4095]).byteLength]).toEqual([
      0, 4, 8, 512,
    ]);
  });

  it('refuses what is not an index', () => {
    expect(() => IndexSet.of([1, -1])).toThrow(/\[0, 2\^31\), got -1/);
    expect(() => IndexSet.of([1.5])).toThrow(/got 1.5/);
    expect(() => IndexSet.of([2 ** 31])).toThrow(/got 2147483648/);
  });
});
