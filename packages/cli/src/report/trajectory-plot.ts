/**
 * The plot `dome trajectory --out states.csv` writes beside its CSV (states.svg): altitude against time
 * and altitude against ground range from the launch point, read back from the CSV's own columns (t_s,
 * lat_deg, lon_deg, alt_km): the plot shows exactly what the file holds. Ground range is the great-circle
 * distance on core's mean Earth sphere (geo/great-circle.ts).
 */
import { DEG, greatCircleDistance } from '@golden-dome/core';
import type { TopLevelSpec } from 'vega-lite';
import { vegaLiteToSvg } from './render-svg.ts';

/** At most this many points per line (every k-th row, and the last). */
const MAX_POINTS = 600;

/** The rows of a state-history CSV the plot needs: time, ground range from the first row, altitude. */
export function trajectoryRows(csv: string): Array<{ t: number; rangeKm: number; altKm: number }> {
  const lines = csv.trim().split('\n');
  const head = lines[0].split(',');
  const col = (name: string): number => {
    const i = head.indexOf(name);
    if (i < 0) throw new Error(`state history has no ${name} column`);
    return i;
  };
  const [it, ilat, ilon, ialt] = [col('t_s'), col('lat_deg'), col('lon_deg'), col('alt_km')];
  const rows = lines.slice(1).map((l) => l.split(',').map(Number));
  if (!rows.length) return [];
  const step = Math.max(1, Math.ceil(rows.length / MAX_POINTS));
  const [lat0, lon0] = [rows[0][ilat] * DEG, rows[0][ilon] * DEG];
  return rows
    .filter((_, i) => i % step === 0 || i === rows.length - 1)
    .map((r) => ({ t: r[it], rangeKm: greatCircleDistance(lat0, lon0, r[ilat] * DEG, r[ilon] * DEG) / 1000, altKm: r[ialt] }));
}

/** Altitude against time and against ground range, side by side, as one standalone SVG. */
export async function trajectoryPlotSvg(csv: string, title: string): Promise<string> {
  const values = trajectoryRows(csv);
  const line = (x: string, xTitle: string, name: string) => ({
    width: 380,
    height: 260,
    layer: [{ name, mark: { type: 'line' as const, color: '#c0392b' } }],
    encoding: {
      x: { field: x, type: 'quantitative' as const, title: xTitle },
      y: { field: 'altKm', type: 'quantitative' as const, title: 'altitude, km' },
    },
  });
  const spec: TopLevelSpec = {
    title,
    data: { values },
    hconcat: [line('t', 'time since launch, s', 'altitude_time'), line('rangeKm', 'ground range from launch, km', 'altitude_range')],
  };
  return vegaLiteToSvg(spec);
}
