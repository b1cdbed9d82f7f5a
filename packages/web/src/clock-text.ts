/** The scenario clock as a person reads it: the date and time (UTC) and the seconds since t = 0. */
export function clockText(epochMs: number, t: number): string {
  const iso = new Date(epochMs + t * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC  (T+${t.toFixed(0)} s)`;
}
