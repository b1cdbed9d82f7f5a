/**
 * U.S. Standard Atmosphere, 1976 (NOAA/NASA/USAF, NOAA-S/T 76-1562; "US76").
 *
 * 0-86 km: the standard's defining equations, seven layers of linear molecular-temperature gradient in
 * geopotential altitude H = r0 z / (r0 + z), r0 = 6,356,766 m, hydrostatic pressure, ideal-gas density
 * (US76 Part 1, eqs. 18, 23, 33a/33b, 42). The 80-86 km molecular-weight correction (< 0.04 %) is
 * neglected: temperature here is the molecular-scale temperature.
 *
 * 86-1000 km (documented extension): above 86 km US76 is defined by diffusion of each species and has
 * no closed form. Kinetic temperature uses the standard's own piecewise formulas in geometric altitude
 * (isothermal to 91 km, elliptical to 110 km, linear to 120 km, exponential approach to T_inf = 1000 K
 * above); density and pressure are interpolated log-linearly between the values of the standard's
 * Table I at the nodes below (exact at every node; between nodes within ~1-2 % of the table). Speed of
 * sound is not defined by US76 above 86 km; we use sqrt(gamma R T) for the sea-level mixture, enough
 * for the drag curves' Mach lookup (which are flat at these Mach numbers). Above 1000 km: vacuum.
 */

export interface AtmosphereState {
  temperatureK: number;
  pressurePa: number;
  densityKgM3: number;
  speedOfSoundMS: number;
}

const G0 = 9.80665;
/** Gas constant for air, R* over M0 [J/(kg K)] (US76: R* = 8.31432 J/(mol K), M0 = 28.9644 g/mol). */
const R_AIR = 8.31432 / 0.0289644;
const GAMMA = 1.4;
const R0 = 6356766;
/** Top of the atmosphere model [m]. */
export const US76_TOP = 1_000_000;

// Layer bases: geopotential altitude [m'], molecular-scale temperature gradient [K/m'] (US76 Table 4).
const HB = [0, 11000, 20000, 32000, 47000, 51000, 71000, 84852];
const LB = [-0.0065, 0, 0.001, 0.0028, 0, -0.0028, -0.002];
const TB: number[] = [288.15];
const PB: number[] = [101325];
for (let i = 0; i < LB.length; i++) {
  const dh = HB[i + 1] - HB[i];
  const t1 = TB[i] + LB[i] * dh;
  const p1 = LB[i] === 0 ? PB[i] * Math.exp((-G0 * dh) / (R_AIR * TB[i])) : PB[i] * (TB[i] / t1) ** (G0 / (R_AIR * LB[i]));
  TB.push(t1);
  PB.push(p1);
}

// US76 Table I (geometric altitude): z [km], pressure [Pa], density [kg/m^3].
const UPPER_Z = [86, 90, 95, 100, 110, 120, 130, 140, 150, 160, 180, 200, 250, 300, 350, 400, 450, 500, 600, 700, 800, 900, 1000].map(
  (k) => k * 1000,
);
const UPPER_RHO = [
  6.958e-6, 3.416e-6, 1.393e-6, 5.604e-7, 9.708e-8, 2.222e-8, 8.152e-9, 3.831e-9, 2.076e-9, 1.233e-9, 5.194e-10, 2.541e-10, 6.073e-11,
  1.916e-11, 7.014e-12, 2.803e-12, 1.184e-12, 5.215e-13, 1.137e-13, 3.07e-14, 1.136e-14, 5.759e-15, 3.561e-15,
];
const UPPER_P_Z = [86, 90, 95, 100, 110, 120, 130, 140, 150, 160, 180, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((k) => k * 1000);
const UPPER_P = [
  3.7338e-1, 1.8359e-1, 7.5966e-2, 3.2011e-2, 7.1042e-3, 2.5381e-3, 1.2505e-3, 7.2028e-4, 4.5422e-4, 3.0395e-4, 1.5271e-4, 8.4736e-5,
  8.7704e-6, 1.4518e-6, 3.0236e-7, 8.213e-8, 3.1908e-8, 1.7036e-8, 1.0873e-8, 7.5138e-9,
];
const LN_RHO = UPPER_RHO.map(Math.log);
const LN_P = UPPER_P.map(Math.log);

function logInterpolate(z: number, nodes: readonly number[], lnValues: readonly number[]): number {
  let i = 1;
  while (i < nodes.length - 1 && nodes[i] < z) i++;
  const f = (z - nodes[i - 1]) / (nodes[i] - nodes[i - 1]);
  return Math.exp(lnValues[i - 1] + f * (lnValues[i] - lnValues[i - 1]));
}

/** US76 kinetic temperature above 86 km [K], z geometric [m] (US76 Part 1, eqs. 25-31). */
function upperTemperature(z: number): number {
  const zk = z / 1000;
  if (zk < 91) return 186.8673;
  if (zk < 110) {
    const a = -19.9429,
      tc = 263.1905,
      A = -76.3232;
    const u = (zk - 91) / a;
    return tc + A * Math.sqrt(Math.max(0, 1 - u * u));
  }
  if (zk < 120) return 240 + 12 * (zk - 110);
  const rE = 6356.766,
    xi = ((zk - 120) * (rE + 120)) / (rE + zk);
  return 1000 - (1000 - 360) * Math.exp(-0.01875 * xi);
}

/** Fills `out` with the US76 state at geometric altitude z [m]; allocation-free. Below 0 m the lowest layer is extended. */
export function us76(z: number, out: AtmosphereState): AtmosphereState {
  if (z >= US76_TOP) {
    out.temperatureK = 1000;
    out.pressurePa = 0;
    out.densityKgM3 = 0;
    out.speedOfSoundMS = Math.sqrt(GAMMA * R_AIR * 1000);
    return out;
  }
  if (z >= 86000) {
    const t = upperTemperature(z);
    out.temperatureK = t;
    out.densityKgM3 = logInterpolate(z, UPPER_Z, LN_RHO);
    out.pressurePa = logInterpolate(z, UPPER_P_Z, LN_P);
    out.speedOfSoundMS = Math.sqrt(GAMMA * R_AIR * t);
    return out;
  }
  const h = (R0 * z) / (R0 + z);
  let i = 0;
  while (i < LB.length - 1 && h >= HB[i + 1]) i++;
  const dh = h - HB[i];
  const t = TB[i] + LB[i] * dh;
  const p = LB[i] === 0 ? PB[i] * Math.exp((-G0 * dh) / (R_AIR * TB[i])) : PB[i] * (TB[i] / t) ** (G0 / (R_AIR * LB[i]));
  out.temperatureK = t;
  out.pressurePa = p;
  out.densityKgM3 = p / (R_AIR * t);
  out.speedOfSoundMS = Math.sqrt(GAMMA * R_AIR * t);
  return out;
}

const scratch: AtmosphereState = { temperatureK: 0, pressurePa: 0, densityKgM3: 0, speedOfSoundMS: 0 };

/** US76 density [kg/m^3] at geometric altitude z [m]. */
export function us76Density(z: number): number {
  return us76(z, scratch).densityKgM3;
}
