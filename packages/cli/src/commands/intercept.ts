import { parseArgs } from 'node:util';
import { DEG, destinationPoint, KM, northEastOffset, scrambleIntercept } from '@golden-dome/core';
import { loadCatalog } from '@golden-dome/scenario';
import { UsageError } from '../usage-error.ts';
import { placeFlag } from './place-flag.ts';

export const INTERCEPT_HELP = `dome intercept — when and where a fighter scrambled from its base meets an air target

  dome intercept --from BASE --target PLACE --target-heading-deg D --target-speed-m-s V
                 --scramble-s S --climb-rate-m-s C --climb-speed-m-s G --dash-m-s U --radius-km K
                 [--altitude-m H] [--json]

The fighter waits S seconds, climbs to H metres (default 10,000) at C m/s while covering G m/s over the
ground towards where the target is at wheels-up, then flies the collision course at U m/s (the straight
line that meets a target holding its heading and speed: |r + v t| = U t). Flat local frame at the base
(an approximation over hundreds of km); no fighter catalog yet, so every fighter figure is yours to give.
Places: a catalog site, a city or "LAT,LON".`;

const FLAGS = [
  'target-heading-deg',
  'target-speed-m-s',
  'scramble-s',
  'climb-rate-m-s',
  'climb-speed-m-s',
  'dash-m-s',
  'radius-km',
  'altitude-m',
] as const;

export async function interceptCommand(argv: string[], io: { stdout: (s: string) => void }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        from: { type: 'string' },
        target: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean' },
        ...Object.fromEntries(FLAGS.map((f) => [f, { type: 'string' as const }])),
      },
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/s, '')}\n\n${INTERCEPT_HELP}`);
  }
  const o = parsed.values as Record<string, string | boolean | undefined>;
  if (o.help) {
    io.stdout(INTERCEPT_HELP);
    return 0;
  }
  const text = (flag: string): string => {
    const v = o[flag];
    if (typeof v !== 'string') throw new UsageError(`--${flag} is required\n\n${INTERCEPT_HELP}`);
    return v;
  };
  const num = (flag: string, min: number, max: number, fallback?: number): number => {
    if (o[flag] === undefined && fallback !== undefined) return fallback;
    const s = text(flag);
    const x = Number(s);
    if (!Number.isFinite(x) || x < min || x > max) throw new UsageError(`--${flag} must be a number between ${min} and ${max}, got '${s}'`);
    return x;
  };
  const catalog = loadCatalog();
  const base = placeFlag('from', text('from'), catalog);
  const target = placeFlag('target', text('target'), catalog);
  const heading = num('target-heading-deg', 0, 360) * DEG,
    speed = num('target-speed-m-s', 0, 5000);
  const spec = {
    scrambleDelay: num('scramble-s', 0, 86_400),
    climbRate: num('climb-rate-m-s', 0.1, 1000),
    climbSpeed: num('climb-speed-m-s', 0, 1000),
    dashSpeed: num('dash-m-s', 1, 3000),
    combatRadius: num('radius-km', 1, 20_000) * KM,
  };
  const altitude = num('altitude-m', 0, 30_000, 10_000);
  const [n, e] = northEastOffset(target.latitude, target.longitude, base.latitude, base.longitude);
  const x = scrambleIntercept(spec, [e, n], [speed * Math.sin(heading), speed * Math.cos(heading)], altitude);
  const round = (v: number, d = 1): number => Number(v.toFixed(d));
  if (!x) {
    const why = 'the fighter cannot meet the target inside its combat radius (it is too slow, or the meeting lies beyond the radius)';
    if (o.json) io.stdout(JSON.stringify({ intercept: null, reason: why }, null, 2));
    else io.stdout(`no intercept: ${why}`);
    return 0;
  }
  const meet = destinationPoint(base.latitude, base.longitude, Math.atan2(x.point[0], x.point[1]), x.radius);
  const out = {
    intercept: {
      time_s: round(x.time),
      scramble_s: spec.scrambleDelay,
      climb_s: round(x.climbTime),
      dash_s: round(x.dashTime),
      distance_from_base_km: round(x.radius / KM),
      at: { latitude_deg: round(meet.latitude / DEG, 4), longitude_deg: round(meet.longitude / DEG, 4) },
    },
    from: base.label,
    target: target.label,
  };
  if (o.json) io.stdout(JSON.stringify(out, null, 2));
  else {
    io.stdout(`from ${base.label} against a target at ${target.label} (heading ${round(heading / DEG)} deg, ${speed} m/s):`);
    io.stdout(
      `  meets it ${round(x.time / 60)} min after the order (${spec.scrambleDelay} s scramble + ${round(x.climbTime)} s climb + ${round(x.dashTime)} s dash),`,
    );
    io.stdout(`  ${round(x.radius / KM)} km from the base at ${out.intercept.at.latitude_deg}, ${out.intercept.at.longitude_deg}`);
  }
  return 0;
}
