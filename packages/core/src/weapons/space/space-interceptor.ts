/**
 * A space-based interceptor (SBI) as data (SI). Its kill vehicle leaves the satellite with a burn of
 * constant acceleration until its divert velocity is spent, then coasts. Boost-phase studies (APS
 * 2003, ch. 10-12) characterise an SBI exactly by these numbers plus the time the defense needs before
 * it can fire.
 */
export interface SpaceInterceptorSpec {
  /** Velocity the interceptor can add to its orbital velocity [m/s]. */
  deltaV: number;
  /** Mean acceleration during its burn [m/s^2]. */
  acceleration: number;
  /** Mass of the kill vehicle it delivers [kg] (for mass and cost; the fly-out uses deltaV and acceleration). */
  killVehicleMass: number;
  /** From the threat's launch to its first detection and track by the sensor layer [s]. */
  detectionLatency: number;
  /** From detection to the interceptor's ignition: fire-control solution, decision, authorisation [s]. */
  decisionLatency: number;
  /** The kill vehicle must reach the threat at least this long before the threat's burnout [s]. */
  arrivalMargin: number;
  /** Lowest threat altitude at which the kill vehicle can engage (its seeker and divert need thin air) [m]. */
  minInterceptAltitude: number;
}

/** Problems that make an interceptor spec meaningless, as sentences (empty when fine). */
export function spaceInterceptorProblems(s: SpaceInterceptorSpec): string[] {
  const p: string[] = [];
  if (!(s.deltaV > 0)) p.push(`divert delta-v must be positive (got ${s.deltaV} m/s)`);
  if (!(s.acceleration > 0)) p.push(`acceleration must be positive (got ${s.acceleration} m/s^2)`);
  if (!(s.detectionLatency >= 0)) p.push(`detection latency must be zero or positive (got ${s.detectionLatency} s)`);
  if (!(s.decisionLatency >= 0)) p.push(`decision latency must be zero or positive (got ${s.decisionLatency} s)`);
  if (!(s.arrivalMargin >= 0)) p.push(`arrival margin must be zero or positive (got ${s.arrivalMargin} s)`);
  return p;
}

/** Seconds from the threat's launch to the interceptor's ignition. */
export function ignitionDelay(s: SpaceInterceptorSpec): number {
  return s.detectionLatency + s.decisionLatency;
}

/**
 * How far [m] the kill vehicle can get from where its satellite would have been, tau seconds after
 * ignition, flying straight at the aim point: 1/2 a tau^2 while burning (tau <= tb = dv/a), then
 * 1/2 a tb^2 + dv (tau - tb). Measured in the satellite's free-falling frame, where gravity acts on
 * both alike; what this neglects is the gravity gradient across the separation, of relative size
 * (n tau)^2 / 2 (n the orbital rate: ~2 % at tau = 200 s in low orbit; see the test against a
 * numerically integrated fly-out).
 */
export function flyoutDistance(s: SpaceInterceptorSpec, tau: number): number {
  if (!(tau > 0)) return 0;
  const tb = s.deltaV / s.acceleration;
  if (tau <= tb) return 0.5 * s.acceleration * tau * tau;
  return 0.5 * s.acceleration * tb * tb + s.deltaV * (tau - tb);
}

/** The inverse of flyoutDistance: the time [s] after ignition to cover distance d [m]. */
export function flyoutTime(s: SpaceInterceptorSpec, d: number): number {
  if (!(d > 0)) return 0;
  const tb = s.deltaV / s.acceleration;
  const dBurn = 0.5 * s.acceleration * tb * tb;
  if (d <= dBurn) return Math.sqrt((2 * d) / s.acceleration);
  return tb + (d - dBurn) / s.deltaV;
}
