import { G0 } from '../constants.ts';

/** One rocket stage (SI). Thrust follows from the propellant flow: F = mdot g0 Isp, mdot = propellant / burn time. */
export interface StageSpec {
  /** Propellant burned by the stage [kg]. */
  propellantMass: number;
  /** Everything the stage drops at separation besides propellant: case, engine, interstage [kg]. */
  dryMass: number;
  /** Burn time at constant thrust [s]. */
  burnTime: number;
  /** Vacuum specific impulse [s]. */
  ispVacuum: number;
  /** Sea-level specific impulse [s]; thrust then falls with ambient pressure (F = F_vac - (p/p0)(F_vac - F_sl)). */
  ispSeaLevel?: number;
  /** Coast after this stage burns out, before the next ignites [s]. */
  coastAfter?: number;
}

/** Zero-lift drag coefficient as a function of Mach number: piecewise-linear through (mach, cd) points. */
export interface DragCurve {
  mach: readonly number[];
  cd: readonly number[];
}

export interface RocketSpec {
  stages: readonly StageSpec[];
  /** Mass above the last stage at its burnout: post-boost bus, re-entry vehicles, decoys, shroud [kg]. */
  payloadMass: number;
  /** Reference (maximum cross-section) area for drag [m^2]. */
  referenceArea: number;
  drag: DragCurve;
}

export function stageMassFlow(s: StageSpec): number {
  return s.propellantMass / s.burnTime;
}

export function stageVacuumThrust(s: StageSpec): number {
  return stageMassFlow(s) * G0 * s.ispVacuum;
}

/** Lift-off mass [kg]. */
export function liftoffMass(r: RocketSpec): number {
  return r.payloadMass + r.stages.reduce((m, s) => m + s.propellantMass + s.dryMass, 0);
}

/** Ideal (vacuum, gravity-free) velocity increment of the stack, Tsiolkovsky per stage [m/s]. */
export function idealDeltaV(r: RocketSpec): number {
  let above = r.payloadMass;
  let dv = 0;
  for (let k = r.stages.length - 1; k >= 0; k--) {
    const s = r.stages[k];
    const m0 = above + s.dryMass + s.propellantMass;
    dv += G0 * s.ispVacuum * Math.log(m0 / (m0 - s.propellantMass));
    above = m0;
  }
  return dv;
}

/** Total burn time including coasts between stages [s]. */
export function totalBurnTime(r: RocketSpec): number {
  return r.stages.reduce((t, s, k) => t + s.burnTime + (k < r.stages.length - 1 ? (s.coastAfter ?? 0) : 0), 0);
}

/** Cd at a Mach number: linear interpolation, held constant beyond the table's ends. */
export function dragCoefficient(curve: DragCurve, mach: number): number {
  const m = curve.mach;
  const n = m.length;
  if (mach <= m[0]) return curve.cd[0];
  if (mach >= m[n - 1]) return curve.cd[n - 1];
  let i = 1;
  while (m[i] < mach) i++;
  const f = (mach - m[i - 1]) / (m[i] - m[i - 1]);
  return curve.cd[i - 1] + f * (curve.cd[i] - curve.cd[i - 1]);
}

/** Problems that make a rocket impossible to fly, as human-readable sentences (empty when fine). */
export function rocketProblems(r: RocketSpec, surfaceGravity = G0): string[] {
  const problems: string[] = [];
  if (r.stages.length === 0) problems.push('a rocket needs at least one stage');
  r.stages.forEach((s, k) => {
    const where = `stage ${k + 1}`;
    if (!(s.propellantMass > 0)) problems.push(`${where}: propellant mass must be positive (got ${s.propellantMass} kg)`);
    if (!(s.dryMass >= 0)) problems.push(`${where}: dry mass must be non-negative (got ${s.dryMass} kg)`);
    if (!(s.burnTime > 0)) problems.push(`${where}: burn time must be positive (got ${s.burnTime} s)`);
    if (!(s.ispVacuum > 0 && s.ispVacuum < 500))
      problems.push(`${where}: vacuum Isp must be in (0, 500) s for a chemical rocket (got ${s.ispVacuum} s)`);
    if (s.ispSeaLevel !== undefined && !(s.ispSeaLevel > 0 && s.ispSeaLevel <= s.ispVacuum)) {
      problems.push(`${where}: sea-level Isp must be positive and at most the vacuum Isp (got ${s.ispSeaLevel} s)`);
    }
  });
  if (!(r.payloadMass > 0)) problems.push(`payload mass must be positive (got ${r.payloadMass} kg)`);
  if (!(r.referenceArea > 0)) problems.push(`reference area must be positive (got ${r.referenceArea} m^2)`);
  if (r.drag.mach.length === 0 || r.drag.mach.length !== r.drag.cd.length)
    problems.push('drag curve needs matching, non-empty mach and cd lists');
  if (problems.length === 0) {
    const s0 = r.stages[0];
    const thrustSl = stageMassFlow(s0) * G0 * (s0.ispSeaLevel ?? s0.ispVacuum);
    const weight = liftoffMass(r) * surfaceGravity;
    if (thrustSl <= weight) {
      problems.push(
        `stage 1 thrust (${(thrustSl / 1e3).toFixed(0)} kN) does not exceed the lift-off weight (${(weight / 1e3).toFixed(0)} kN): it cannot lift off`,
      );
    }
  }
  return problems;
}
