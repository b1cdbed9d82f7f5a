/**
 * UTC epochs and sidereal time. Epochs are milliseconds since 1970-01-01T00:00:00Z (the JavaScript
 * convention), parsed only from text that names its time zone, so no local clock leaks in.
 */

const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** Parses an ISO-8601 UTC epoch ("2026-01-01", "2026-01-01T12:00:00Z", "...+09:00") to ms since 1970. */
export function parseUtcEpoch(text: string): number {
  const s = text.trim();
  if (!ISO_WITH_ZONE.test(s)) {
    throw new Error(`'${text}' is not an ISO-8601 date or date-time with a time zone (e.g. 2026-01-01T00:00:00Z)`);
  }
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new Error(`'${text}' is not a valid calendar date`);
  // Date.parse rolls 2026-02-30 over to March: reject dates that do not survive a round trip.
  const [y, m, d] = s.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new Error(`'${text}' is not a valid calendar date`);
  }
  return ms;
}

/** Julian date of an epoch in ms since 1970 (JD 2440587.5 is 1970-01-01T00:00Z). */
export function julianDate(epochMs: number): number {
  return 2440587.5 + epochMs / 86_400_000;
}

/**
 * Greenwich mean sidereal time [rad, 0..2pi) at a UT1 epoch, IAU-82 model (Vallado, Fundamentals of
 * Astrodynamics and Applications, 4th ed., eq. 3-47):
 * GMST[s] = 67310.54841 + (876600 h + 8640184.812866) T + 0.093104 T^2 - 6.2e-6 T^3,
 * T = (JD_UT1 - 2451545.0) / 36525. UTC is used for UT1 (|UT1 - UTC| < 0.9 s, i.e. < 4e-3 deg).
 */
export function gmst(epochMs: number): number {
  const T = (julianDate(epochMs) - 2451545.0) / 36525;
  const seconds = 67310.54841 + (876600 * 3600 + 8640184.812866) * T + 0.093104 * T * T - 6.2e-6 * T * T * T;
  const turns = seconds / 86400;
  const angle = (turns - Math.floor(turns)) * 2 * Math.PI;
  return angle;
}
