import type { EngineEvent } from './protocol.ts';

export type ThreatPhase = 'boost' | 'midcourse' | 'reentry' | 'cruise';

/** Below this altitude a falling threat is drawn as re-entering (the Kármán line; a display rule). */
export const REENTRY_ALTITUDE_M = 100_000;

/**
 * The flight phase a threat object is drawn in, from the event log and the positions the server
 * sends (no physics here): boost until its missile's `burnout` event, then midcourse, then re-entry
 * (or the glide of a glide vehicle) once it is falling below {@link REENTRY_ALTITUDE_M}. A cruise missile
 * (the scene's `cruise` ids: objects flying inside the atmosphere all the way) is drawn as 'cruise' throughout.
 */
export class ThreatPhases {
  /** The scene's cruise missiles (kept across a reset: the scene is not sent again). */
  private cruise = new Set<string>();
  private readonly missileOf = new Map<string, string>();
  private readonly burntOut = new Set<string>();
  private readonly lastAltitude = new Map<string, number>();

  event(e: EngineEvent): void {
    if (e.type === 'launch') for (const object of e.objects) this.missileOf.set(object, e.missile);
    else if (e.type === 'burnout') this.burntOut.add(e.missile);
  }

  isCruise(object: string): boolean {
    return this.cruise.has(object);
  }

  /** A new scene's cruise missiles. */
  setCruise(ids: readonly string[]): void {
    this.cruise = new Set(ids);
  }

  /** The phase of an object seen at `altitude` [m] (call once per position report, in time order). */
  phase(object: string, altitude: number): ThreatPhase {
    if (this.cruise.has(object)) return 'cruise';
    const previous = this.lastAltitude.get(object);
    this.lastAltitude.set(object, altitude);
    const missile = this.missileOf.get(object);
    if (missile !== undefined && !this.burntOut.has(missile)) return 'boost';
    const falling = previous !== undefined && altitude < previous;
    return falling && altitude < REENTRY_ALTITUDE_M ? 'reentry' : 'midcourse';
  }

  clear(): void {
    this.missileOf.clear();
    this.burntOut.clear();
    this.lastAltitude.clear();
  }
}
