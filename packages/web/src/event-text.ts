import type { EngineEvent } from './protocol.ts';

const DEG = 180 / Math.PI;

/** One line of text for an event of the log. */
export function describeEvent(e: EngineEvent): string {
  switch (e.type) {
    case 'launch': return `launch of ${e.missile} (${e.objects.length} objects) at ${(e.site.latitude * DEG).toFixed(1)}°, ${(e.site.longitude * DEG).toFixed(1)}°`;
    case 'burnout': return `burnout of ${e.missile}`;
    case 'detect': return `${e.sensor} (${e.owner}) detects ${e.object}`;
    case 'track': return `${e.nation} track on ${e.object} from ${e.sources.join(', ')}`;
    case 'assign': return `${e.nation} assigns ${e.weapon} (${e.owner}) to ${e.object}${e.approvalDelay > 0 ? `, approval ${e.approvalDelay.toFixed(0)} s` : ''}: ${e.reason}`;
    case 'refuse': return `${e.nation} refused ${e.weapon} on ${e.object}: ${e.reason}`;
    case 'fire': return `${e.weapon} (${e.owner}) fires shot ${e.shot} at ${e.object}`;
    case 'intercept': return `${e.hit ? 'HIT' : 'miss'}: ${e.weapon} on ${e.object} at ${(e.point.altitude / 1000).toFixed(0)} km${e.alreadyDestroyed ? ' (already destroyed)' : ''}`;
    case 'kill-assess': return `kill assessment of ${e.object}: ${e.killed ? 'killed' : 'survived'}`;
    case 'impact': return `${e.kind} ${e.object} impacts${e.aimedAt.id ? `, aimed at ${e.aimedAt.id}` : ''} (${e.aimedAt.nation})`;
  }
}
