/** Number formatting for people: thousands separators, fixed decimals, units at the edge. */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

export const km = (m: number, decimals = 0): string => `${fmt(m / 1000, decimals)} km`;
export const kms = (mps: number): string => `${fmt(mps / 1000, 2)} km/s`;
export const deg = (rad: number, decimals = 2): string => `${fmt((rad * 180) / Math.PI, decimals)}°`;
export const minutes = (s: number): string => `${fmt(s / 60, 1)} min`;

/** Two-column table: label, value. */
export function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const w = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([a, b]) => `  ${a.padEnd(w)}  ${b}`).join('\n');
}
