import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';
import { eventName } from './czml.ts';
import type { ThreatPhase, TrialPicture } from './trial-picture.ts';
import { exportTitle, isoAt, tracksLabel, viewLabel } from './view-label.ts';

export const KML_NAMESPACE = 'http://www.opengis.net/kml/2.2';

/** KML colours are aabbggrr (display choices, the CZML export's). */
const STYLES: Record<string, { line?: string; poly?: string; icon?: string }> = {
  boost: { line: 'ff008cff' },
  midcourse: { line: 'ff00d7ff' },
  reentry: { line: 'ff3c14dc' },
  interceptor: { line: 'ffffc800' },
  fighter: { line: 'ff00d2ff' },
  coverage: { line: 'ff5ac83c', poly: '285ac83c' },
  sensor: { icon: 'ff5ac83c' },
  battery: { icon: 'ffff6e46' },
  city: { icon: 'ffffffff' },
  struck: { icon: 'ff0000ff' },
  event: { icon: 'ffcccccc' },
};

const lonLatAlt = (lon: number, lat: number, alt: number) => `${lon},${lat},${alt}`;

/**
 * A trial's picture as OGC KML 2.2 (plain OGC elements only, no gx: extensions): threat tracks as one
 * LineString per phase with its TimeSpan, interceptor fly-outs and fighters' flights as logged, LineStrings with their TimeSpan,
 * sensors as placemarks with their coverage polygons, batteries and defended cities (P(struck) in
 * ExtendedData) as placemarks, and the events the view can place as placemarks with a TimeStamp.
 * Satellites are not written (KML has no sampled motion without the gx: extension; the CZML has them).
 */
export function trialKml(p: TrialPicture): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele(KML_NAMESPACE, 'kml').ele('Document');
  doc.ele('name').txt(exportTitle(p));
  doc.ele('description').txt(`Golden Dome trial export. ${viewLabel(p)}. ${tracksLabel(p)}.`);
  for (const [id, s] of Object.entries(STYLES)) {
    const style = doc.ele('Style', { id });
    if (s.icon) style.ele('IconStyle').ele('color').txt(s.icon);
    if (s.line) style.ele('LineStyle').ele('color').txt(s.line).up().ele('width').txt('2');
    if (s.poly) style.ele('PolyStyle').ele('color').txt(s.poly);
  }
  const data = (placemark: XMLBuilder, values: Record<string, string | number | boolean | undefined>) => {
    const ext = placemark.ele('ExtendedData');
    for (const [k, v] of Object.entries(values)) if (v !== undefined) ext.ele('Data', { name: k }).ele('value').txt(String(v));
  };
  const span = (placemark: XMLBuilder, from: number, until: number) =>
    placemark.ele('TimeSpan').ele('begin').txt(isoAt(p, from)).up().ele('end').txt(isoAt(p, until));
  const meta = doc.ele('ExtendedData');
  for (const [k, v] of Object.entries({ scenario: p.scenario, seed: p.seed, view: p.view ?? 'whole log', tracks: p.tracks }))
    meta.ele('Data', { name: k }).ele('value').txt(String(v));

  const threats = doc.ele('Folder').ele('name').txt('Threat tracks').up();
  for (const th of p.threats) {
    for (const ph of th.phases) {
      if (ph.samples.length < 2) continue;
      const pm = threats.ele('Placemark');
      pm.ele('name').txt(`${th.id} ${ph.phase}`);
      span(pm, ph.from, ph.until);
      pm.ele('styleUrl').txt(`#${ph.phase satisfies ThreatPhase}`);
      data(pm, { object: th.id, missile: th.missile, kind: th.kind, phase: ph.phase, ends: th.ends });
      pm.ele('LineString')
        .ele('altitudeMode')
        .txt('absolute')
        .up()
        .ele('coordinates')
        .txt(ph.samples.map((s) => lonLatAlt(s.longitude, s.latitude, s.altitude)).join(' '));
    }
  }
  const flyOuts = doc.ele('Folder').ele('name').txt('Interceptor fly-outs').up();
  for (const f of p.flyOuts) {
    const pm = flyOuts.ele('Placemark');
    pm.ele('name').txt(`${f.weapon} shot ${f.shot} at ${f.object}`);
    pm.ele('description').txt('The fly-out as the engine logged it.');
    span(pm, f.from, f.until);
    pm.ele('styleUrl').txt('#interceptor');
    data(pm, { weapon: f.weapon, object: f.object, shot: f.shot, owner: f.owner, layer: f.layer, hit: f.hit });
    pm.ele('LineString')
      .ele('altitudeMode')
      .txt('absolute')
      .up()
      .ele('coordinates')
      .txt(f.samples.map((x) => lonLatAlt(x.longitude, x.latitude, x.altitude)).join(' '));
  }
  const fighters = doc.ele('Folder').ele('name').txt('Fighters').up();
  for (const f of p.fighters) {
    const pm = fighters.ele('Placemark');
    pm.ele('name').txt(`${f.id} (${f.type}, ${f.owner})`);
    pm.ele('description').txt(`Fighter ${f.id} from ${f.base}: its sorties as the engine logged them.`);
    span(pm, f.from, f.until);
    pm.ele('styleUrl').txt('#fighter');
    data(pm, { fighter: f.id, base: f.base, type: f.type, owner: f.owner });
    pm.ele('LineString')
      .ele('altitudeMode')
      .txt('absolute')
      .up()
      .ele('coordinates')
      .txt(f.samples.map((x) => lonLatAlt(x.longitude, x.latitude, x.altitude)).join(' '));
  }
  const sensors = doc.ele('Folder').ele('name').txt('Sensors and coverage').up();
  for (const s of p.sensors) {
    const site = sensors.ele('Placemark');
    site.ele('name').txt(`${s.id} (${s.owner})`);
    site.ele('styleUrl').txt('#sensor');
    data(site, { sensor: s.id, owner: s.owner, kind: s.kind, rangeKm: s.rangeKm, minRangeKm: s.minRangeKm });
    site
      .ele('Point')
      .ele('coordinates')
      .txt(lonLatAlt(s.longitude, s.latitude, s.altitude));
    const cover = sensors.ele('Placemark');
    cover.ele('name').txt(`${s.id} coverage`);
    cover.ele('styleUrl').txt('#coverage');
    data(cover, { sensor: s.id, owner: s.owner, kind: s.kind, rangeKm: s.rangeKm, minRangeKm: s.minRangeKm });
    const geometry = s.rings.length > 1 ? cover.ele('MultiGeometry') : cover;
    for (const ring of s.rings) {
      geometry
        .ele('Polygon')
        .ele('tessellate')
        .txt('1')
        .up()
        .ele('outerBoundaryIs')
        .ele('LinearRing')
        .ele('coordinates')
        .txt(ring.map(([lon, lat]) => lonLatAlt(lon, lat, 0)).join(' '));
    }
  }
  const batteries = doc.ele('Folder').ele('name').txt('Batteries').up();
  for (const b of p.batteries) {
    const pm = batteries.ele('Placemark');
    pm.ele('name').txt(`${b.id} (${b.owner})`);
    pm.ele('styleUrl').txt('#battery');
    data(pm, { battery: b.id, owner: b.owner, interceptor: b.interceptor, inventory: b.inventory });
    pm.ele('Point')
      .ele('coordinates')
      .txt(lonLatAlt(b.longitude, b.latitude, 0));
  }
  const cities = doc.ele('Folder').ele('name').txt('Defended cities').up();
  for (const c of p.cities) {
    const pm = cities.ele('Placemark');
    pm.ele('name').txt(c.name);
    pm.ele('styleUrl').txt(c.pStruck > 0 ? '#struck' : '#city');
    data(pm, {
      city: c.id,
      nation: c.nation,
      population: c.population ?? undefined,
      priority: c.priority,
      aimed: c.aimed,
      pStruck: c.pStruck,
      trials: c.trials,
    });
    pm.ele('Point')
      .ele('coordinates')
      .txt(lonLatAlt(c.longitude, c.latitude, 0));
  }
  const events = doc.ele('Folder').ele('name').txt('Events').up();
  for (const { event, at } of p.events) {
    if (!at) continue;
    const pm = events.ele('Placemark');
    pm.ele('name').txt(eventName(event));
    pm.ele('description').txt(JSON.stringify(event));
    pm.ele('TimeStamp').ele('when').txt(isoAt(p, event.t));
    pm.ele('styleUrl').txt('#event');
    data(pm, { type: event.type, t: event.t });
    pm.ele('Point')
      .ele('altitudeMode')
      .txt('absolute')
      .up()
      .ele('coordinates')
      .txt(lonLatAlt(at.longitude, at.latitude, at.altitude));
  }
  return doc.end({ prettyPrint: true });
}
