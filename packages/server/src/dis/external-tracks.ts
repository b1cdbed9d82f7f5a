/**
 * DIS in (`dome serve --dis-listen HOST:PORT`, docs/dis.md "DIS in"): the entities an external simulator
 * sends as Entity State PDUs, kept as external tracks and drawn in every live picture where they are now.
 *
 * - Each new entity id (site:application:entity) becomes a track, `dis:SITE:APP:ENTITY`, of kind threat,
 *   labelled with its marking; its last PDU replaces its state.
 * - Between PDUs it is dead-reckoned from the last one's location, velocity and acceleration (world
 *   coordinates, ECEF) as its sender says: 1 static; 2 and 3 (FPW, RPW) P + V·dt; 4 and 5 (RVW, FVW)
 *   P + V·dt + A·dt²/2; 6-9 (the body-axis variants, whose acceleration is in body axes: this receiver
 *   does not rotate it) P + V·dt; any other, static. dt is wall time since the PDU arrived here (the
 *   sender's timestamps are its own clock's, relative ones not comparable with ours).
 * - It leaves when its appearance says deactivated (bit 23), or 12 s after its last PDU (the standard's
 *   heartbeat, 5 s, times HBT_TIMEOUT_MPLIER 2.4: the values docs/dis.md gives for the sender).
 *
 * Who sees it: every nation, as a public object, as launches and impacts are public in the coalition
 * policies. The engine computes a live trial whole, from its world and seed, before it plays (a pure
 * function: docs/architecture.md), so an external entity is in no trial's log and no sensor of the world
 * has detected it; there is nothing to filter on per nation without flying it through the engine (left).
 * It is labelled external (`of: 'DIS …'`) so that no one takes it for the trial's own.
 */
import type { PositionReport } from '@golden-dome/core/protocol';
import { ecefToGeodetic } from '@golden-dome/core';
import { APPEARANCE } from './enumerations.ts';
import { decodeEntityState, DisDecodeError, type ReceivedEntityState } from './pdus.ts';
import { angle } from '../scene.ts';

/** An entity not heard of for this long is dropped [ms]: heartbeat 5 s x HBT_TIMEOUT_MPLIER 2.4. */
export const EXTERNAL_TIMEOUT_MS = 12_000;
/** Tracks kept at most: PDUs of further new entities are counted and dropped. */
export const MAX_EXTERNAL_TRACKS = 1000;

interface Track {
  id: string;
  state: ReceivedEntityState;
  /** Wall time the last PDU arrived [ms]. */
  at: number;
}

/** Where an entity is `dt` seconds after its PDU, by its dead-reckoning algorithm (ECEF [m]). */
export function deadReckon(s: ReceivedEntityState, dt: number, out: Float64Array): Float64Array {
  const [p, v, a] = [s.location, s.velocity, s.acceleration];
  const algorithm = s.deadReckoning;
  const first = algorithm >= 2 && algorithm <= 9;
  const second = algorithm === 4 || algorithm === 5;
  for (let k = 0; k < 3; k++) out[k] = p[k] + (first ? v[k] * dt : 0) + (second ? 0.5 * a[k] * dt * dt : 0);
  return out;
}

export class ExternalTracks {
  private readonly tracks = new Map<string, Track>();
  /** PDUs read, datagrams refused (not a PDU, cut short) and new entities dropped over the cap. */
  readonly counts = { entityStates: 0, malformed: 0, dropped: 0 };
  /** The last refusal's reason (shown by `dome serve` on request; never thrown at the socket). */
  lastError: string | undefined;

  /** A datagram received at wall time `now` [ms]: an Entity State PDU updates its track; other PDUs are ignored. */
  receive(bytes: Uint8Array, now: number): void {
    let state: ReceivedEntityState | undefined;
    try {
      state = decodeEntityState(bytes);
    } catch (e) {
      if (!(e instanceof DisDecodeError)) throw e;
      this.counts.malformed += 1;
      this.lastError = e.message;
      return;
    }
    if (!state) return;
    this.counts.entityStates += 1;
    const id = `dis:${state.id.site}:${state.id.application}:${state.id.entity}`;
    if ((state.appearance & APPEARANCE.deactivated) !== 0) {
      this.tracks.delete(id);
      return;
    }
    if (!this.tracks.has(id)) {
      this.expire(now);
      if (this.tracks.size >= MAX_EXTERNAL_TRACKS) {
        this.counts.dropped += 1;
        return;
      }
    }
    this.tracks.set(id, { id, state, at: now });
  }

  private expire(now: number): void {
    for (const [id, t] of this.tracks) if (now - t.at > EXTERNAL_TIMEOUT_MS) this.tracks.delete(id);
  }

  /** The tracks at wall time `now` [ms], dead-reckoned, as the picture's position reports (radians, metres). */
  positionsAt(now: number): PositionReport[] {
    this.expire(now);
    const ecef = new Float64Array(3),
      geo = new Float64Array(3);
    const out: PositionReport[] = [];
    for (const t of this.tracks.values()) {
      deadReckon(t.state, Math.max(0, (now - t.at) / 1000), ecef);
      ecefToGeodetic(ecef[0], ecef[1], ecef[2], geo);
      const v = t.state.velocity;
      out.push({
        id: t.id,
        latitude: angle(geo[0]),
        longitude: angle(geo[1]),
        altitude: Math.round(geo[2]),
        kind: 'threat',
        of: `DIS ${t.state.marking || `${t.state.id.site}:${t.state.id.application}:${t.state.id.entity}`}`,
        // ECEF velocity: relative to the Earth's surface, as the picture's speeds are
        speed: Math.round(Math.hypot(v[0], v[1], v[2])),
      });
    }
    return out;
  }

  get size(): number {
    return this.tracks.size;
  }
}
