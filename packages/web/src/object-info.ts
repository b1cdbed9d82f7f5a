import type { EngineEvent, PositionReport } from './protocol.ts';
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
 */
export function movingObjectInfo(r: PositionReport, phase: ThreatPhase | 'interceptor', pWarhead: number | undefined): InfoRow[] {
  const dash = '—';
  const threat = r.kind === 'threat';
  return [
    ['kind', threat ? 'threat object (warhead or decoy)' : 'interceptor'],
    [threat ? 'missile' : 'weapon', r.of ?? dash],
    ['owner', r.owner ?? (threat ? 'attacker (not named)' : dash)],
    ['phase', phase === 'interceptor' ? 'fly-out' : phase === 'reentry' ? 're-entry / glide' : phase],
    ['speed', r.speed !== undefined ? `${(r.speed / 1000).toFixed(2)} km/s (inertial)` : dash],
    ['altitude', `${(r.altitude / 1000).toFixed(0)} km`],
    ['P(warhead)', threat ? (pWarhead !== undefined ? pWarhead.toFixed(2) : `${dash} (no estimated track of it)`) : dash],
  ];
}
