// Physical constants, SI units. Sources in each comment.

/** Earth gravitational parameter GM [m^3/s^2] (WGS84 / EGM96, NIMA TR8350.2, 3rd ed., Table 3.1). */
export const MU_EARTH = 3.986004418e14;
/** WGS84 semi-major axis (equatorial radius) [m] (NIMA TR8350.2, Table 3.1). */
export const WGS84_A = 6378137.0;
/** WGS84 flattening (NIMA TR8350.2, Table 3.1). */
export const WGS84_F = 1 / 298.257223563;
/** WGS84 semi-minor axis [m]. */
export const WGS84_B = WGS84_A * (1 - WGS84_F);
/** WGS84 first eccentricity squared. */
export const WGS84_E2 = WGS84_F * (2 - WGS84_F);
/** Second zonal harmonic J2 (EGM96 unnormalised, -sqrt(5)*C20; as in bench/WORKLOADS.md). */
export const J2_EARTH = 1.08262668e-3;
/** Earth rotation rate [rad/s] (WGS84, NIMA TR8350.2, Table 3.1). */
export const OMEGA_EARTH = 7.2921159e-5;
/** Standard gravity [m/s^2] (defines Isp in seconds; CGPM 1901). */
export const G0 = 9.80665;
/** Speed of light in vacuum [m/s] (exact by the SI definition of the metre, CGPM 1983). */
export const SPEED_OF_LIGHT = 299_792_458;
/** Mean Earth radius [m] (IUGG R1 = (2a+b)/3 for WGS84), used for great-circle ranges. */
export const R_EARTH_MEAN = 6371008.8;

export const DEG = Math.PI / 180;
export const KM = 1000;
