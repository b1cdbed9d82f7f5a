import type { ConstellationAsset } from './protocol.ts';

/**
 * Where satellite `index` of a constellation is at scenario time t [ECEF m], written into `out`:
 * linear interpolation between the server's samples (sample k at epochT + k·stepS), clamped to the
 * first and last sample. Display only: the orbit is the server's. The chord of a 400 km orbit over a
 * 60 s step sags r(1 − cos(θ/2)) ≈ 4 km below the arc (θ = v·Δt/r ≈ 0.068 rad at 7.7 km/s), a pixel
 * or two at globe scale.
 */
export function satelliteAt<T extends { x: number; y: number; z: number }>(c: ConstellationAsset, index: number, t: number, out: T): T {
  const samples = Math.floor(c.positions.length / (3 * c.count));
  const k = Math.min(Math.max((t - c.epochT) / c.stepS, 0), samples - 1);
  const k0 = Math.max(0, Math.min(Math.floor(k), samples - 2));
  const k1 = Math.min(k0 + 1, samples - 1);
  const f = k - k0;
  const a = (k0 * c.count + index) * 3,
    b = (k1 * c.count + index) * 3;
  const p = c.positions;
  out.x = p[a] + (p[b] - p[a]) * f;
  out.y = p[a + 1] + (p[b + 1] - p[a + 1]) * f;
  out.z = p[a + 2] + (p[b + 2] - p[a + 2]) * f;
  return out;
}
