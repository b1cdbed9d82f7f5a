import type { RadarAsset } from './protocol.ts';

/**
 * Where an airborne radar's platform is at scenario time t [rad]: linear between the scene's samples of its
 * orbit (the server's orbitPosition every stepS; a chord of a 30 s step sags under 100 m on the library's
 * orbits), held at either end. No physics here.
 */
export function orbitPlatformAt(orbit: NonNullable<RadarAsset['orbit']>, t: number): { latitude: number; longitude: number } {
  const p = orbit.positions;
  const n = p.length / 2;
  if (n === 0) return { latitude: orbit.latitude, longitude: orbit.longitude };
  const x = Math.min(n - 1, Math.max(0, (t - orbit.epochT) / orbit.stepS));
  const k = Math.min(n - 2, Math.floor(x));
  if (k < 0) return { latitude: p[0], longitude: p[1] };
  const u = x - k;
  // the shorter way round in longitude (an orbit near the antimeridian)
  let dLon = p[2 * k + 3] - p[2 * k + 1];
  if (dLon > Math.PI) dLon -= 2 * Math.PI;
  else if (dLon < -Math.PI) dLon += 2 * Math.PI;
  return { latitude: p[2 * k] + u * (p[2 * k + 2] - p[2 * k]), longitude: p[2 * k + 1] + u * dLon };
}
