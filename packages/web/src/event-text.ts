import { type EngineEvent, NO_OBJECT_ID } from './protocol.ts';

const DEG = 180 / Math.PI;

/** An object as the text names it: a track or shot on radar false alarms follows no object ('none' in the log). */
const named = (object: string): string => (object === NO_OBJECT_ID ? 'radar false alarms' : object);

/** One line of text for an event of the log. */
export function describeEvent(e: EngineEvent): string {
  switch (e.type) {
    case 'launch':
      return `launch of ${e.missile} (${e.objects.length} objects) at ${(e.site.latitude * DEG).toFixed(1)}°, ${(e.site.longitude * DEG).toFixed(1)}°`;
    case 'burnout':
      return `burnout of ${e.missile}`;
    case 'detect':
      return `${e.sensor} (${e.owner}) detects ${e.object}`;
    case 'track':
      return `${e.nation} commits to ${e.track ? `track ${e.track} on ` : 'track on '}${named(e.object)} from ${e.sources.join(', ')}${e.pWarhead !== undefined ? `, P(warhead) ${e.pWarhead.toFixed(2)}${e.engage === false ? ': judged a decoy, not engaged' : ''}` : ''}`;
    case 'track-birth':
      return `${e.nation} firm track ${e.track} (on ${named(e.object)})`;
    case 'p-warhead':
      return `${e.nation} track ${e.track}: P(warhead) ${e.p.toFixed(2)}`;
    case 'measurements':
      return `${e.nation} tracker used ${
        Object.entries(e.counts)
          .map(([s, n]) => `${n} from ${s}`)
          .join(', ') || 'no measurements'
      }`;
    case 'assign':
      return `${e.nation} assigns ${e.weapon} (${e.owner}) to ${named(e.object)}${e.approvalDelay > 0 ? `, approval ${e.approvalDelay.toFixed(0)} s` : ''}: ${e.reason}`;
    case 'decision':
      return `${e.nation} ${e.by === 'timeout' ? 'timeout rule' : 'commander'} ${e.verdict === 'approve' ? 'approves' : 'denies'} ${e.weapon} on ${e.object}`;
    case 'consent':
      return `${e.owner} ${e.weaponClass.toUpperCase()} (${e.weapon}) requests ${e.nation}'s consent to engage ${e.object} near ${(e.point.latitude * DEG).toFixed(1)}°, ${(e.point.longitude * DEG).toFixed(1)}° at ${e.intercept.toFixed(0)} s; deadline ${e.deadline.toFixed(0)} s`;
    case 'refuse':
      return `${e.nation} refused ${e.weapon} on ${e.object}: ${e.reason}`;
    case 'fire':
      return `${e.weapon} (${e.owner}) fires shot ${e.shot} at ${named(e.object)}`;
    case 'flyout':
      return `${e.weapon} (${e.owner}) shot ${e.shot} flies out to ${named(e.object)} (${(e.path[e.path.length - 4] ?? 0).toFixed(0)} s)`;
    case 'sortie':
      // one sample: where a commanded sortie's planned flight really ends (its shot, or it breaks off), held from here
      return e.path.length === 4
        ? `${e.aircraft} (${e.fighter}, ${e.owner}) ends its flight against ${e.object} here`
        : `${e.aircraft} (${e.fighter}, ${e.owner}) flies from ${e.base} to ${e.object}`;
    case 'intercept':
      return `${e.hit ? 'HIT' : 'miss'}: ${e.weapon} shot ${e.shot} on ${named(e.object)} at ${(e.point.altitude / 1000).toFixed(0)} km${e.alreadyDestroyed ? ' (already destroyed)' : ''}`;
    case 'kill-assess':
      return `${e.weapon}${e.shot !== undefined ? ` shot ${e.shot}` : ''}: kill assessment of ${named(e.object)}: ${e.killed ? 'killed' : 'survived'}${e.sensor === null ? ' (no sensor watched: counted a miss)' : e.sensor ? ` (by ${e.sensor})` : ''}`;
    case 'impact':
      return `${e.kind} ${e.object} impacts${e.aimedAt.id ? `, aimed at ${e.aimedAt.id}` : ''} (${e.aimedAt.nation})`;
  }
}

/**
 * The key of an event's row in the event list: its time and text. Events with the same key are one row
 * (two rounds of one battery at one object are logged as two identical assignments, and with truth
 * tracks two identical assessments): the list shows that row once, with a count.
 */
export function rowKey(e: EngineEvent): string {
  return `${e.t}|${describeEvent(e)}`;
}
