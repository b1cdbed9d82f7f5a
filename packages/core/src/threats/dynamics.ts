import { J2_EARTH, MU_EARTH } from '../constants.ts';
import { us76 } from '../atmosphere/us76.ts';
import type { AtmosphereState } from '../atmosphere/us76.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';
import { gravityJ2 } from '../gravity/j2.ts';
import type { Derivative } from '../numerics/ode.ts';
import { type EarthModel, earthAngle, earthRate } from '../geo/earth-model.ts';
import { toEci } from '../geo/earth-rotation.ts';
import { type DragCurve, dragCoefficient } from './rocket.ts';

/** How thrust is pointed. */
export const enum Steering {
  /** Along the local geodetic vertical (lift-off). */
  Vertical = 1,
  /** Pitch over from the vertical towards an azimuth, linearly in time to a kick angle. */
  Kick = 2,
  /** Along the Earth-relative velocity (zero angle of attack). */
  GravityTurn = 3,
  /** Closed-loop insertion: hold a target radius with zero climb rate, the rest of the thrust horizontal. */
  AltitudeHold = 4,
}

/** What an aerodynamic lift law sees at one instant (reused: read, do not keep). */
export interface AeroState {
  t: number;
  /** ECI position [m] and Earth-relative velocity expressed in ECI [m/s]. */
  r: Float64Array;
  vRel: Float64Array;
  speedRel: number;
  /** Geodetic altitude [m], latitude and longitude (Earth-fixed) [rad]. */
  altitude: number;
  latitude: number;
  longitude: number;
  density: number;
  /** Drag deceleration magnitude [m/s^2]. */
  dragAcceleration: number;
  /** Earth-rotation angle at t. */
  theta: number;
}

/** Aerodynamic lift as a law of the state: writes an ECI acceleration [m/s^2] into out[0..2]. */
export interface LiftLaw {
  liftAcceleration(s: AeroState, out: Float64Array): void;
}

const P0 = 101325;

/**
 * Equations of motion of one vehicle in the Earth-centred inertial frame: state
 * y = [x, y, z, vx, vy, vz, m]. Forces: gravity (point mass + J2), thrust (steered), drag
 * (against the velocity relative to the co-rotating atmosphere), and optional lift. The phase
 * settings (thrust, steering, drag model) are fields changed between integration segments; the
 * derivative itself allocates nothing.
 */
export class VehicleDynamics {
  // phase settings
  thrustVacuum = 0;
  /** F_vac - F_sl: the thrust lost at sea-level pressure [N]. */
  thrustPressureLoss = 0;
  massFlow = 0;
  steering: Steering = Steering.GravityTurn;
  phaseStart = 0;
  kickAngle = 0;
  kickDuration = 1;
  /** Launch azimuth for the kick [rad from north]. */
  azimuth = 0;
  holdRadius = 0;
  /** Altitude-hold gains: critically damped at 0.05 rad/s (Kp = w^2, Kd = 2 w), settling in ~100 s, within an upper-stage burn. */
  holdKp = 2.5e-3;
  holdKd = 0.1;
  /** Drag by curve: Cd(Mach) * area / mass. */
  referenceArea = 0;
  dragCurve: DragCurve | null = null;
  /** Drag by ballistic coefficient beta = m / (Cd A) [kg/m^2]; used when positive. */
  ballisticCoefficient = 0;
  lift: LiftLaw | null = null;
  /** Largest drag deceleration over all evaluations so far [m/s^2]. */
  peakDragAcceleration = 0;

  private readonly omega: number;
  private readonly j2: number;
  private readonly g = new Float64Array(3);
  private readonly ecef = new Float64Array(3);
  private readonly geo = new Float64Array(3);
  private readonly dir = new Float64Array(3);
  private readonly liftAcc = new Float64Array(3);
  private readonly atm: AtmosphereState = { temperatureK: 0, pressurePa: 0, densityKgM3: 0, speedOfSoundMS: 0 };
  readonly aero: AeroState = {
    t: 0,
    r: new Float64Array(3),
    vRel: new Float64Array(3),
    speedRel: 0,
    altitude: 0,
    latitude: 0,
    longitude: 0,
    density: 0,
    dragAcceleration: 0,
    theta: 0,
  };

  constructor(readonly earth: EarthModel) {
    this.omega = earthRate(earth);
    this.j2 = earth.j2 ? J2_EARTH : 0;
  }

  /** Geodetic latitude, longitude, altitude of an ECI position at time t (writes this.geo). */
  geodetic(t: number, x: number, y: number, z: number): Float64Array {
    const theta = earthAngle(this.earth, t);
    const c = Math.cos(theta);
    const s = Math.sin(theta);
    ecefToGeodetic(c * x + s * y, -s * x + c * y, z, this.geo);
    return this.geo;
  }

  readonly derivative: Derivative = (t, y, dy) => {
    const x = y[0],
      yy = y[1],
      z = y[2],
      vx = y[3],
      vy = y[4],
      vz = y[5];
    const m = y[6];
    dy[0] = vx;
    dy[1] = vy;
    dy[2] = vz;
    const g = this.g;
    gravityJ2(x, yy, z, g, 0, this.j2);
    let ax = g[0],
      ay = g[1],
      az = g[2];

    // Earth-relative velocity v - omega x r (the atmosphere co-rotates).
    const w = this.omega;
    const vrx = vx + w * yy,
      vry = vy - w * x,
      vrz = vz;
    const vRel = Math.sqrt(vrx * vrx + vry * vry + vrz * vrz);
    const geo = this.geodetic(t, x, yy, z);
    const h = geo[2];
    let rho = 0;
    let pressure = 0;
    let sound = 340;
    const needsAir = this.earth.atmosphere && h < 2_000_000;
    if (needsAir) {
      us76(h, this.atm);
      rho = this.atm.densityKgM3;
      pressure = this.atm.pressurePa;
      sound = this.atm.speedOfSoundMS;
    }
    let dragAcc = 0;
    if (rho > 0 && vRel > 0) {
      const q = 0.5 * rho * vRel * vRel;
      if (this.ballisticCoefficient > 0) dragAcc = q / this.ballisticCoefficient;
      else if (this.dragCurve !== null) dragAcc = (q * dragCoefficient(this.dragCurve, vRel / sound) * this.referenceArea) / m;
      if (dragAcc > this.peakDragAcceleration) this.peakDragAcceleration = dragAcc;
      ax -= (dragAcc * vrx) / vRel;
      ay -= (dragAcc * vry) / vRel;
      az -= (dragAcc * vrz) / vRel;
    }

    if (this.lift !== null) {
      const a = this.aero;
      a.t = t;
      a.r[0] = x;
      a.r[1] = yy;
      a.r[2] = z;
      a.vRel[0] = vrx;
      a.vRel[1] = vry;
      a.vRel[2] = vrz;
      a.speedRel = vRel;
      a.latitude = geo[0];
      a.longitude = geo[1];
      a.altitude = h;
      a.density = rho;
      a.dragAcceleration = dragAcc;
      a.theta = earthAngle(this.earth, t);
      this.lift.liftAcceleration(a, this.liftAcc);
      ax += this.liftAcc[0];
      ay += this.liftAcc[1];
      az += this.liftAcc[2];
    }

    if (this.massFlow > 0) {
      const thrust = this.thrustVacuum - (pressure / P0) * this.thrustPressureLoss;
      const aT = thrust / m;
      this.thrustDirection(t, y, vrx, vry, vrz, vRel, aT, geo);
      const d = this.dir;
      ax += aT * d[0];
      ay += aT * d[1];
      az += aT * d[2];
      dy[6] = -this.massFlow;
    } else {
      dy[6] = 0;
    }
    dy[3] = ax;
    dy[4] = ay;
    dy[5] = az;
  };

  private thrustDirection(
    t: number,
    y: Float64Array,
    vrx: number,
    vry: number,
    vrz: number,
    vRel: number,
    aT: number,
    geo: Float64Array,
  ): void {
    const d = this.dir;
    switch (this.steering) {
      case Steering.Vertical:
      case Steering.Kick: {
        const lat = geo[0],
          lon = geo[1];
        const cl = Math.cos(lat),
          sl = Math.sin(lat),
          co = Math.cos(lon),
          so = Math.sin(lon);
        let delta = 0;
        if (this.steering === Steering.Kick) delta = this.kickAngle * Math.min(1, Math.max(0, (t - this.phaseStart) / this.kickDuration));
        const cd = Math.cos(delta),
          sd = Math.sin(delta);
        const se = Math.sin(this.azimuth) * sd,
          sn = Math.cos(this.azimuth) * sd;
        // ECEF: up = (cl co, cl so, sl); east = (-so, co, 0); north = (-sl co, -sl so, cl)
        const ex = cd * cl * co - se * so - sn * sl * co;
        const ey = cd * cl * so + se * co - sn * sl * so;
        const ez = cd * sl + sn * cl;
        toEci(earthAngle(this.earth, t), ex, ey, ez, d);
        return;
      }
      case Steering.GravityTurn: {
        d[0] = vrx / vRel;
        d[1] = vry / vRel;
        d[2] = vrz / vRel;
        return;
      }
      case Steering.AltitudeHold: {
        const x = y[0],
          yy = y[1],
          z = y[2],
          vx = y[3],
          vy = y[4],
          vz = y[5];
        const r = Math.sqrt(x * x + yy * yy + z * z);
        const ux = x / r,
          uy = yy / r,
          uz = z / r;
        const vr = vx * ux + vy * uy + vz * uz;
        const hx = vx - vr * ux,
          hy = vy - vr * uy,
          hz = vz - vr * uz;
        const vh = Math.sqrt(hx * hx + hy * hy + hz * hz);
        // radial equation r'' = -mu/r^2 + vh^2/r + aT sin(theta); choose theta for a critically damped
        // approach to the target radius: r'' = -Kp (r - r*) - Kd r'.
        let s = (MU_EARTH / (r * r) - (vh * vh) / r - this.holdKp * (r - this.holdRadius) - this.holdKd * vr) / aT;
        s = Math.max(-1, Math.min(1, s));
        const c = Math.sqrt(1 - s * s);
        d[0] = (c * hx) / vh + s * ux;
        d[1] = (c * hy) / vh + s * uy;
        d[2] = (c * hz) / vh + s * uz;
        return;
      }
    }
  }
}
