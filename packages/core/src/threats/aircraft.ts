/**
 * What a radar sees of an aircraft: its radar cross-section by aspect. The aspect is the angle between
 * the aircraft's heading and the direction from it to the radar: within 45 deg it is seen nose-on, beyond
 * 135 deg from behind, between from the side (three sectors: a labelled simplification of an RCS pattern).
 */
export interface AspectRcs {
  nose: number;
  side: number;
  tail: number;
}

/** RCS [m^2] at aspect angle [rad, 0 = nose-on, pi = from behind]. */
export function rcsAtAspect(rcs: AspectRcs, aspect: number): number {
  const a = Math.abs(aspect);
  if (a <= Math.PI / 4) return rcs.nose;
  if (a >= (3 * Math.PI) / 4) return rcs.tail;
  return rcs.side;
}

/** Aspect angle [rad] at which a radar at `site` sees an aircraft at `at` moving along `velocity` (any common frame). */
export function aspectAngle(at: ArrayLike<number>, velocity: ArrayLike<number>, site: ArrayLike<number>): number {
  const dx = site[0] - at[0],
    dy = site[1] - at[1],
    dz = site[2] - at[2];
  const dot = dx * velocity[0] + dy * velocity[1] + dz * velocity[2];
  const n = Math.hypot(dx, dy, dz) * Math.hypot(velocity[0], velocity[1], velocity[2]);
  return n > 0 ? Math.acos(Math.max(-1, Math.min(1, dot / n))) : 0;
}
