import { Random } from '../random/sfc32.ts';

/**
 * A random stream for one purpose of one trial (e.g. `radar:<id>`): SplitMix of the seed and an FNV-1a hash
 * of the purpose, so adding or removing a sensor does not change what the others draw.
 */
export function streamFor(seed: number, purpose: string): Random {
  let h = 0x811c9dc5;
  for (let i = 0; i < purpose.length; i++) h = Math.imul(h ^ purpose.charCodeAt(i), 0x01000193) >>> 0;
  return new Random((Math.imul(seed >>> 0, 0x9e3779b1) ^ h) >>> 0);
}
