import type { TrialPicture } from './trial-picture.ts';
import { exportTitle, isoAt, tracksLabel, viewLabel } from './view-label.ts';

type Feature = { type: 'Feature'; geometry: Record<string, unknown>; properties: Record<string, unknown> };

/**
 * A trial's picture as GeoJSON (RFC 7946): impact points, defended cities with P(struck) and the
 * coverage of the view's sensors (cut at the antimeridian into MultiPolygons, 3.1.9). Each feature's
 * `feature` property says which: 'impact', 'defended-city', 'coverage'. Whose view and the track mode
 * are in the foreign member `golden_dome` (RFC 7946 6.1) and in every feature's `view` and `tracks`.
 */
export function trialGeoJson(p: TrialPicture): Record<string, unknown> {
  const common = { view: p.view ?? 'whole log', tracks: p.tracks };
  const features: Feature[] = [];
  for (const i of p.impacts) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [i.longitude, i.latitude] },
      properties: {
        feature: 'impact',
        object: i.object,
        kind: i.kind,
        t: i.t,
        time: isoAt(p, i.t),
        aimedAtNation: i.aimedAt.nation,
        aimedAt: i.aimedAt.id ?? null,
        ...common,
      },
    });
  }
  for (const c of p.cities) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.longitude, c.latitude] },
      properties: {
        feature: 'defended-city',
        id: c.id,
        name: c.name,
        nation: c.nation,
        population: c.population,
        priority: c.priority,
        aimed: c.aimed,
        pStruck: c.pStruck,
        trials: c.trials,
        ...common,
      },
    });
  }
  for (const s of p.sensors) {
    const geometry =
      s.rings.length === 1
        ? { type: 'Polygon', coordinates: [counterClockwise(s.rings[0])] }
        : { type: 'MultiPolygon', coordinates: s.rings.map((r) => [counterClockwise(r)]) };
    features.push({
      type: 'Feature',
      geometry,
      properties: {
        feature: 'coverage',
        sensor: s.id,
        owner: s.owner,
        kind: s.kind,
        rangeKm: s.rangeKm,
        minRangeKm: s.minRangeKm ?? null,
        site: [s.longitude, s.latitude],
        ...common,
      },
    });
  }
  return {
    type: 'FeatureCollection',
    golden_dome: {
      title: exportTitle(p),
      scenario: p.scenario,
      seed: p.seed,
      view: viewLabel(p),
      tracks: p.tracks,
      tracksNote: tracksLabel(p),
      epoch: isoAt(p, 0),
    },
    features,
  };
}

/** RFC 7946 3.1.6: exterior rings are counter-clockwise (shoelace sign in lon/lat). */
function counterClockwise(ring: Array<[number, number]>): Array<[number, number]> {
  let area = 0;
  for (let i = 0; i < ring.length - 1; i++) area += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
  return area < 0 ? [...ring].reverse() : ring;
}
