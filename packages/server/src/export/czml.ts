import type { EngineEvent } from '@golden-dome/core';
import type { PicturePoint, ThreatPhase, TrialPicture } from './trial-picture.ts';
import { exportTitle, isoAt, tracksLabel, viewLabel } from './view-label.ts';

/** RGBA colours of the export (display choices). */
const PHASE_RGBA: Record<ThreatPhase, number[]> = { boost: [255, 140, 0, 255], midcourse: [255, 215, 0, 255], reentry: [220, 20, 60, 255] };
const INTERCEPTOR_RGBA = [0, 200, 255, 255];
const FIGHTER_RGBA = [255, 210, 0, 255];
const RADAR_RGBA = [60, 200, 90, 255];
const BATTERY_RGBA = [70, 110, 255, 255];
const SATELLITE_RGBA = [200, 200, 200, 255];
/** How long an event's marker stays on the globe after it [s] (a display choice). */
export const EVENT_SHOWN_S = 60;

type Packet = Record<string, unknown>;

/**
 * A trial's picture as CZML (Cesium's time-dynamic JSON; https://github.com/AnalyticalGraphicsInc/czml-writer/wiki/CZML-Guide):
 * one packet per threat object (its track, positions sampled every `stepS` in the Earth-fixed frame,
 * Lagrange-interpolated, coloured and labelled by phase as time intervals), per interceptor fly-out and
 * per fighter (as the engine logged them, linear between samples), per sensor (its site and coverage polygon), battery, defended city (with P(struck)), satellite of each
 * constellation, and per event (a time-tagged packet, placed where the view knows). Packets ids are
 * `threat/…`, `flyout/…`, `fighter/…`, `sensor/…`, `battery/…`, `city/…`, `satellite/…`, `event/…`.
 */
export function trialCzml(p: TrialPicture): Packet[] {
  const iso = (t: number) => isoAt(p, t);
  const interval = (a: number, b: number) => `${iso(a)}/${iso(b)}`;
  // sampled positions are timed in scenario seconds from the world's epoch (exact: an ISO time holds milliseconds only)
  const epoch = iso(0);
  const packets: Packet[] = [
    {
      id: 'document',
      name: exportTitle(p),
      version: '1.0',
      clock: {
        interval: interval(p.start, p.end),
        currentTime: iso(p.start),
        multiplier: 10,
        range: 'LOOP_STOP',
        step: 'SYSTEM_CLOCK_MULTIPLIER',
      },
    },
    {
      id: 'about',
      name: exportTitle(p),
      description: `Golden Dome trial export. ${viewLabel(p)}. ${tracksLabel(p)}.`,
      properties: { scenario: p.scenario, seed: p.seed, view: p.view ?? 'whole log', tracks: p.tracks, truthTracks: p.tracks === 'truth' },
    },
  ];
  for (const th of p.threats) {
    const cartesian: number[] = [];
    for (const s of th.samples) cartesian.push(s.t, ...s.ecef);
    const phaseIntervals = th.phases.map((ph) => ({ interval: interval(ph.from, ph.until), phase: ph.phase }));
    packets.push({
      id: `threat/${th.id}`,
      name: th.id,
      availability: interval(th.from, th.until),
      description: `Threat object ${th.id} (missile ${th.missile}${th.kind ? `, ${th.kind}` : ''}), seen ${th.from.toFixed(0)}-${th.until.toFixed(0)} s; ends: ${th.ends}`,
      position: {
        epoch: epoch,
        referenceFrame: 'FIXED',
        interpolationAlgorithm: 'LAGRANGE',
        interpolationDegree: Math.min(5, th.samples.length - 1),
        cartesian,
      },
      point: { pixelSize: 7, color: phaseIntervals.map((x) => ({ interval: x.interval, rgba: PHASE_RGBA[x.phase] })) },
      path: {
        width: 2,
        leadTime: 0,
        trailTime: th.until - th.from,
        resolution: p.stepS,
        material: { solidColor: { color: phaseIntervals.map((x) => ({ interval: x.interval, rgba: PHASE_RGBA[x.phase] })) } },
      },
      properties: {
        kind: th.kind ?? 'unknown',
        missile: th.missile,
        ends: th.ends,
        phase: phaseIntervals.map((x) => ({ interval: x.interval, string: x.phase })),
      },
    });
  }
  for (const f of p.flyOuts) {
    packets.push({
      id: `flyout/${f.id}`,
      name: `${f.weapon} shot ${f.shot} at ${f.object}`,
      availability: interval(f.from, f.until),
      description: `Interceptor of ${f.weapon} (${f.owner}, ${f.layer}) at ${f.object}: fired ${f.from.toFixed(0)} s, intercept ${f.until.toFixed(0)} s, ${f.hit ? 'hit' : 'miss'}. Its fly-out as the engine logged it (linear between the samples).`,
      position: { epoch, referenceFrame: 'FIXED', cartesian: f.samples.flatMap((x) => [x.t, ...x.ecef]) },
      point: { pixelSize: 5, color: { rgba: INTERCEPTOR_RGBA } },
      path: { width: 1, leadTime: 0, trailTime: f.until - f.from, material: { solidColor: { color: { rgba: INTERCEPTOR_RGBA } } } },
      properties: { weapon: f.weapon, object: f.object, shot: f.shot, owner: f.owner, layer: f.layer, hit: f.hit },
    });
  }
  for (const f of p.fighters) {
    packets.push({
      id: `fighter/${f.id}`,
      name: `${f.id} (${f.type}, ${f.owner})`,
      availability: interval(f.from, f.until),
      description: `Fighter ${f.id} (${f.type}) of ${f.owner} from ${f.base}: its sorties as the engine logged them, ${f.from.toFixed(0)}-${f.until.toFixed(0)} s`,
      position: { epoch, referenceFrame: 'FIXED', cartesian: f.samples.flatMap((x) => [x.t, ...x.ecef]) },
      point: { pixelSize: 7, color: { rgba: FIGHTER_RGBA } },
      path: { width: 1, leadTime: 0, trailTime: f.until - f.from, material: { solidColor: { color: { rgba: FIGHTER_RGBA } } } },
      properties: { base: f.base, type: f.type, owner: f.owner },
    });
  }
  for (const s of p.sensors) {
    packets.push({
      id: `sensor/${s.id}`,
      name: `${s.id} (${s.owner})`,
      description: `${s.kind === 'oth-radar' ? 'Over-the-horizon radar' : 'Radar'} ${s.id} of ${s.owner}: coverage ${s.minRangeKm !== undefined ? `${s.minRangeKm.toFixed(0)}-` : ''}${s.rangeKm.toFixed(0)} km on the ground (its detection range for the raid's object cross-section)`,
      position: { cartographicDegrees: [s.longitude, s.latitude, s.altitude] },
      point: { pixelSize: 8, color: { rgba: RADAR_RGBA } },
      polygon: {
        positions: { cartographicDegrees: s.outline.slice(0, -1).flatMap(([lon, lat]) => [lon, lat, 0]) },
        material: { solidColor: { color: { rgba: [RADAR_RGBA[0], RADAR_RGBA[1], RADAR_RGBA[2], 40] } } },
        outline: true,
        outlineColor: { rgba: RADAR_RGBA },
        height: 0,
      },
      properties: { owner: s.owner, kind: s.kind, rangeKm: s.rangeKm },
    });
  }
  for (const b of p.batteries) {
    packets.push({
      id: `battery/${b.id}`,
      name: `${b.id} (${b.owner})`,
      description: `Battery ${b.id} of ${b.owner}: ${b.interceptor}, ${b.inventory} rounds`,
      position: { cartographicDegrees: [b.longitude, b.latitude, 0] },
      point: { pixelSize: 8, color: { rgba: BATTERY_RGBA } },
      properties: { owner: b.owner, interceptor: b.interceptor, inventory: b.inventory },
    });
  }
  for (const c of p.cities) {
    packets.push({
      id: `city/${c.nation}/${c.id}`,
      name: c.name,
      description: `${c.name} (${c.nation}), priority ${c.priority}${c.aimed ? ', aimed at' : ''}; P(struck) ${c.pStruck} over ${c.trials} trial${c.trials === 1 ? '' : 's'}`,
      position: { cartographicDegrees: [c.longitude, c.latitude, 0] },
      point: { pixelSize: 9, color: { rgba: c.pStruck > 0 ? [255, 0, 0, 255] : [255, 255, 255, 255] } },
      properties: {
        nation: c.nation,
        population: c.population ?? -1,
        priority: c.priority,
        aimed: c.aimed,
        pStruck: c.pStruck,
        trials: c.trials,
      },
    });
  }
  for (const k of p.constellations) {
    const samples = k.positions.length / (3 * k.count);
    for (let i = 0; i < k.count; i++) {
      const cartesian: number[] = [];
      for (let j = 0; j < samples; j++) {
        const o = (j * k.count + i) * 3;
        cartesian.push(k.epochT + j * k.stepS, k.positions[o], k.positions[o + 1], k.positions[o + 2]);
      }
      packets.push({
        id: `satellite/${k.id}/${i}`,
        name: `${k.id} #${i}`,
        availability: interval(k.epochT, k.epochT + (samples - 1) * k.stepS),
        position: {
          epoch,
          referenceFrame: 'FIXED',
          interpolationAlgorithm: 'LAGRANGE',
          interpolationDegree: Math.min(5, samples - 1),
          cartesian,
        },
        point: { pixelSize: 3, color: { rgba: SATELLITE_RGBA } },
        properties: { constellation: k.id, owner: k.owner, role: k.role },
      });
    }
  }
  p.events.forEach(({ event, at }, i) => {
    packets.push({
      id: `event/${i}`,
      name: eventName(event),
      availability: interval(event.t, event.t + EVENT_SHOWN_S),
      description: JSON.stringify(event),
      ...(at ? { position: { cartesian: at.ecef }, point: { pixelSize: 4, color: { rgba: [255, 255, 255, 200] } } } : {}),
      properties: eventProperties(event, at),
    });
  });
  return packets;
}

/** A one-line name of an event. */
export function eventName(e: EngineEvent): string {
  switch (e.type) {
    case 'launch':
      return `launch of ${e.missile}`;
    case 'burnout':
      return `burnout of ${e.missile}`;
    case 'impact':
      return `impact of ${e.object} (${e.kind})`;
    case 'measurements':
      return `measurements of ${e.nation}`;
    case 'intercept':
      return `intercept of ${e.object} by ${e.weapon}: ${e.hit ? 'hit' : 'miss'}`;
    case 'kill-assess':
      return `kill assessment of ${e.object}: ${e.killed ? 'killed' : 'not killed'}`;
    case 'fire':
      return `${e.weapon} fires at ${e.object}`;
    case 'assign':
      return `${e.weapon} assigned to ${e.object}`;
    default:
      return `${e.type} ${e.object}`;
  }
}

/** Flat properties of an event (strings, numbers, booleans: what a CZML custom property holds). */
function eventProperties(e: EngineEvent, at: PicturePoint | null): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(e)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) out[k] = v.join(',');
  }
  if (at) Object.assign(out, { latitude: at.latitude, longitude: at.longitude, altitude: at.altitude });
  return out;
}
