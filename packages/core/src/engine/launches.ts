import type { EngineEvent } from './events.ts';
import type { World, WorldMissile } from './world.ts';

/**
 * Step 1 of every trial (both track modes): the missiles launch, in launch order (then by id), each a
 * `launch` event and, when it has a boost, a `burnout`. Missiles in `unreleased` (those of bombers shot down
 * before their release point, air-defense.ts) never launch: no event, no engagement. Returns the missiles
 * in launch order (the order the battle manager engages their boosts in, c2/boost-phase-plan.ts).
 */
export function launchMissiles(world: World, events: EngineEvent[], unreleased?: ReadonlySet<string>): WorldMissile[] {
  const missiles = world.missiles
    .filter((m) => !unreleased?.has(m.id))
    .sort((a, b) => a.launchTime - b.launchTime || (a.id < b.id ? -1 : 1));
  for (const m of missiles) {
    events.push({
      t: m.launchTime,
      type: 'launch',
      missile: m.id,
      objects: m.objects,
      site: { latitude: m.site.latitude, longitude: m.site.longitude },
    });
    if (m.burnoutTime > 0) events.push({ t: m.launchTime + m.burnoutTime, type: 'burnout', missile: m.id });
  }
  return missiles;
}
