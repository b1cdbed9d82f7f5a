import type { AircraftAsset, EngineEvent, PositionReport } from './protocol.ts';
import type { ThreatPhase } from './threat-phase.ts';

/**
 * What the nation believes of each threat object: the latest P(warhead) of its own tracks (the closed
 * kill chain's `p-warhead` steps and `track` decisions, estimated tracks only), from the events it
 * received. Nothing is computed: the log carries the numbers.
 */
export class WarheadBelief {
  private readonly p = new Map<string, number>();

  event(e: EngineEvent): void {
    if (e.type === 'p-warhead') this.p.set(e.object, e.p);
    else if (e.type === 'track' && e.pWarhead !== undefined) this.p.set(e.object, e.pWarhead);
  }

  of(object: string): number | undefined {
    return this.p.get(object);
  }

  clear(): void {
    this.p.clear();
  }
}

/** One row of the info box: a label and its value as text. */
export type InfoRow = [string, string];

/**
 * The info box of a moving object, from its latest position report, its drawn phase and the nation's
 * P(warhead): kind, owner, phase, speed, altitude, P(warhead) (each "—" when the messages do not carry it).
 * An interceptor whose weapon is no battery or space layer of the scene is an air sortie (a fighter's
 * weapon is its sortie id in the log): `sortie` says so.
 */
export function movingObjectInfo(
  r: PositionReport,
  phase: ThreatPhase | 'interceptor' | 'fighter',
  pWarhead: number | undefined,
  sortie = false,
): InfoRow[] {
  const dash = '—';
  const threat = r.kind === 'threat';
  const cruise = phase === 'cruise';
  return [
    [
      'kind',
      threat
        ? cruise
          ? 'cruise missile'
          : 'threat object (warhead or decoy)'
        : r.kind === 'fighter'
          ? 'fighter'
          : sortie
            ? 'air sortie'
            : 'interceptor',
    ],
    [threat ? 'missile' : r.kind === 'fighter' ? 'type' : sortie ? 'sortie' : 'weapon', r.of ?? dash],
    ['owner', r.owner ?? (threat ? 'attacker (not named)' : dash)],
    [
      'phase',
      phase === 'fighter'
        ? 'sortie (as the engine logged it)'
        : phase === 'interceptor'
          ? sortie
            ? 'flying to its intercept'
            : 'fly-out'
          : phase === 'reentry'
            ? 're-entry / glide'
            : cruise
              ? 'cruise (low, inside the atmosphere)'
              : phase,
    ],
    [
      'speed',
      r.speed === undefined ? dash : cruise ? `${r.speed.toFixed(0)} m/s (inertial)` : `${(r.speed / 1000).toFixed(2)} km/s (inertial)`,
    ],
    ['altitude', cruise || r.altitude < 1000 ? `${r.altitude.toFixed(0)} m` : `${(r.altitude / 1000).toFixed(0)} km`],
    ['P(warhead)', threat ? (pWarhead !== undefined ? pWarhead.toFixed(2) : `${dash} (no estimated track of it)`) : dash],
  ];
}

/** The info box of an aircraft of the scene at scenario time t, from its samples (the sample at or before t). */
export function aircraftInfo(a: AircraftAsset, t: number): InfoRow[] {
  const s = a.samples;
  let q = 0;
  for (let k = 0; k < s.length; k += 5) if (s[k] <= t) q = k;
  const flying = t <= a.endT;
  return [
    ['kind', `aircraft (${a.role})`],
    ['type', a.type],
    ['owner', a.owner ?? 'attacker (not named)'],
    [
      'phase',
      flying
        ? a.role === 'bomber'
          ? 'flying to its launch area'
          : 'flying'
        : a.releases > 0
          ? `released ${a.releases} cruise missiles (the way home is not flown)`
          : 'flight ended',
    ],
    ['speed', flying ? `${(s[q + 4] ?? 0).toFixed(0)} m/s (ground)` : '—'],
    ['altitude', flying ? `${((s[q + 3] ?? 0) / 1000).toFixed(1)} km` : '—'],
  ];
}
