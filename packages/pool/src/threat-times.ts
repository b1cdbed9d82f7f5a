/**
 * What a nation's geography buys in time, read from one trial's log and the world (nothing is flown
 * again): per nation, over the warheads aimed at its cities (re-entry vehicles, and the warheads of
 * cruise missiles),
 * - warning time: the warhead's planned impact time minus the first time the nation holds a track of it
 *   or of its carrier (the bomber carrying a cruise missile; the missile carrying a re-entry vehicle);
 * - intercept margin, for the warheads destroyed: planned impact time minus the time the warhead or its
 *   carrier was destroyed (a bomber shot down before its release destroys the missiles it carries);
 * - track to first intercept, for the warheads with both: the first intercept (hit or miss, by any
 *   nation's weapon) on the warhead or its carrier minus the nation's first track.
 *
 * "Holds a track": with estimated tracks, the first `track-birth` (the nation's track becomes firm) or
 * `track` (it commits) of that nation whose object is the warhead or its carrier; in the truth-tracks mode
 * (no tracker), the first `detect` of the warhead or its carrier that the nation may use, at the time it
 * reaches that nation (the sharing rule's delay: core's eventsVisibleTo, the one nation view of a log).
 *
 * Planned impact time: the world's flown path (`WorldObject.impactTime`). The world flies every cruise
 * missile from its planned release whether or not the bomber lives to release it, so a missile never
 * launched has the impact time of its planned flight.
 *
 * Per trial the figures are kept as sums with their counts (so that raids can be pooled: a study's
 * trial k is seed s + k of every raid); a figure no warhead has is a count of 0, never a 0 s figure.
 */
import { type EngineEvent, eventsVisibleTo, type NationCode, type World } from '@golden-dome/core';

/** A sum of times [s] over the warheads that have the figure, and how many do. */
export interface TimeSum {
  sum: number;
  n: number;
}

/** One nation's time figures in one trial. */
export interface NationTimes {
  /** Warheads aimed at the nation's cities. */
  threats: number;
  warning: TimeSum;
  margin: TimeSum;
  trackToIntercept: TimeSum;
}

export const TIME_FIGURES = ['warning', 'margin', 'trackToIntercept'] as const;
export type TimeFigureName = (typeof TIME_FIGURES)[number];

/** Per-world facts for the time figures (computed once per world). */
export interface TimesContext {
  /**
   * The warheads, each with the nation it is aimed at, its planned impact time and its carriers: its missile
   * and, for a cruise missile, the bomber carrying it, with the time it stops carrying it (the release).
   */
  warheads: Array<{ id: string; nation: NationCode; impact: number; carriers: Array<{ id: string; until: number }> }>;
  /** Nations that have warheads aimed at them. */
  nations: NationCode[];
  /** The truth-tracks mode: first usable detections instead of tracks. */
  truth: boolean;
  world: Pick<World, 'policy' | 'batteries' | 'spaceLayers' | 'fighterBases' | 'airBatteries'>;
}

export function timesContext(world: World): TimesContext {
  const bomberOf = new Map<string, { id: string; release: number }>();
  const launchOf = new Map(world.missiles.map((m) => [m.id, m.launchTime]));
  for (const a of world.aircraft ?? []) for (const m of a.releases) bomberOf.set(m, { id: a.id, release: launchOf.get(m) ?? Infinity });
  const warheads: TimesContext['warheads'] = [];
  for (const o of world.objects) {
    if (o.kind !== 'warhead') continue;
    // a missile is shot only in its boost, before it releases anything; a bomber after the release no longer carries it
    const carriers = [{ id: o.missile, until: Infinity }];
    const bomber = bomberOf.get(o.missile);
    if (bomber) carriers.push({ id: bomber.id, until: bomber.release });
    warheads.push({ id: o.id, nation: o.aimedAt.nation, impact: o.impactTime, carriers });
  }
  return {
    warheads,
    nations: [...new Set(warheads.map((w) => w.nation))].sort(),
    truth: world.settings.tracks === 'truth',
    world: {
      policy: world.policy,
      batteries: world.batteries,
      spaceLayers: world.spaceLayers,
      fighterBases: world.fighterBases,
      airBatteries: world.airBatteries,
    },
  };
}

const first = (m: Map<string, number>, key: string, t: number): void => {
  if (!((m.get(key) ?? Infinity) <= t)) m.set(key, t);
};

/** Reduces one trial's log to each threatened nation's time figures. */
export function threatTimes(ctx: TimesContext, events: readonly EngineEvent[]): Record<NationCode, NationTimes> {
  // first intercept (any shot) and first kill of each object
  const shotAt = new Map<string, number>();
  const killedAt = new Map<string, number>();
  for (const e of events) {
    if (e.type !== 'intercept') continue;
    first(shotAt, e.object, e.t);
    if (e.hit && !e.alreadyDestroyed) first(killedAt, e.object, e.t);
  }
  // per nation: first track (estimated) or first usable detection (truth) of each object
  const heldAt = new Map<NationCode, Map<string, number>>();
  const held = (n: NationCode): Map<string, number> => {
    let m = heldAt.get(n);
    if (!m) heldAt.set(n, (m = new Map()));
    return m;
  };
  if (ctx.truth) {
    const detects = events.filter((e) => e.type === 'detect');
    for (const n of ctx.nations) {
      const m = held(n);
      for (const e of eventsVisibleTo(ctx.world.policy, n, ctx.world, detects)) if (e.type === 'detect') first(m, e.object, e.t);
    }
  } else {
    for (const e of events) if (e.type === 'track-birth' || e.type === 'track') first(held(e.nation), e.object, e.t);
  }
  const out: Record<NationCode, NationTimes> = {};
  for (const n of ctx.nations)
    out[n] = { threats: 0, warning: { sum: 0, n: 0 }, margin: { sum: 0, n: 0 }, trackToIntercept: { sum: 0, n: 0 } };
  for (const w of ctx.warheads) {
    const f = out[w.nation];
    f.threats++;
    const mine = heldAt.get(w.nation);
    let track = mine?.get(w.id) ?? Infinity,
      shot = shotAt.get(w.id) ?? Infinity,
      kill = killedAt.get(w.id) ?? Infinity;
    for (const c of w.carriers) {
      track = Math.min(track, mine?.get(c.id) ?? Infinity);
      const s = shotAt.get(c.id) ?? Infinity,
        k = killedAt.get(c.id) ?? Infinity;
      if (s < c.until) shot = Math.min(shot, s);
      if (k < c.until) kill = Math.min(kill, k);
    }
    if (Number.isFinite(track)) {
      f.warning.sum += w.impact - track;
      f.warning.n++;
      if (Number.isFinite(shot)) {
        f.trackToIntercept.sum += shot - track;
        f.trackToIntercept.n++;
      }
    }
    if (Number.isFinite(kill)) {
      f.margin.sum += w.impact - kill;
      f.margin.n++;
    }
  }
  return out;
}
