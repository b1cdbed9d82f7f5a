/**
 * The report's map as a Vega spec rendered to inline SVG: Natural Earth 1:110m coastlines and borders
 * (world-atlas) on an azimuthal-equidistant projection centred on the North Pole, fitted to what the
 * scenario holds; trajectories by kind, sensors with their range rings, batteries, and defended cities
 * coloured by their probability of being hit.
 */
import { createRequire } from 'node:module';
import type * as vega from 'vega';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { ReportInput } from './report-input.ts';
import { REPORT_FONT, vegaToSvg } from './render-svg.ts';

export const MAP_WIDTH = 860;
export const MAP_HEIGHT = 680;

/** Classes of a city's probability of being hit: thresholds and their colours (green → red). */
export const HIT_THRESHOLDS = [0.05, 0.2, 0.5] as const;
export const HIT_COLOURS = ['#1a9850', '#fee08b', '#fc8d59', '#d73027'] as const;

/** The colour the map gives a city hit with probability p. */
export function hitColour(p: number): string {
  const i = HIT_THRESHOLDS.findIndex((t) => p < t);
  return HIT_COLOURS[i < 0 ? HIT_COLOURS.length - 1 : i];
}

export const TRAJECTORY_COLOURS = { warhead: '#c0392b', decoy: '#8e8e8e', interceptor: '#1f5fbf' } as const;

const LEGEND = { orient: 'right', labelLimit: 220, titleLimit: 220 } as const;

const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

type Position = [number, number];
interface Feature {
  type: 'Feature';
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown>;
}

let countries: unknown[] | undefined;
/** Country polygons from Natural Earth 1:110m (loaded once). */
function countryFeatures(): unknown[] {
  if (!countries) {
    const topo = createRequire(import.meta.url)('world-atlas/countries-110m.json') as Topology<{ countries: GeometryCollection }>;
    countries = feature(topo, topo.objects.countries).features;
  }
  return countries;
}

/** A circle of the given great-circle radius around a point, as a GeoJSON ring ([lon, lat], clockwise as d3-geo wants). */
export function rangeRing(latDeg: number, lonDeg: number, radiusKm: number, steps = 96): Position[] {
  const d = radiusKm / EARTH_RADIUS_KM;
  const lat1 = latDeg * RAD;
  const lon1 = lonDeg * RAD;
  const ring: Position[] = [];
  for (let i = 0; i <= steps; i++) {
    const bearing = ((i % steps) / steps) * 2 * Math.PI; // north, east, south, west: clockwise
    const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
    const lon2 = lon1 + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
    ring.push([((((lon2 / RAD) + 540) % 360) - 180), lat2 / RAD]);
  }
  return ring;
}

function mapFeatures(map: ReportInput['map']) {
  const rings: Feature[] = map.sensors
    .filter((s) => s.rangeKm !== undefined && s.rangeKm > 0)
    .map((s) => ({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [rangeRing(s.latDeg, s.lonDeg, s.rangeKm as number)] },
      properties: { id: s.id, owner: s.owner ?? 'unstated' },
    }));
  const trajectories: Feature[] = map.trajectories
    .filter((t) => t.points.length >= 2)
    .map((t) => ({
      type: 'Feature',
      geometry: { type: 'LineString', coordinates: t.points.map(([lat, lon]) => [lon, lat]) },
      properties: { id: t.id, kind: t.kind },
    }));
  const points: Position[] = [
    ...map.trajectories.flatMap((t) => t.points.map(([lat, lon]): Position => [lon, lat])),
    ...map.cities.map((c): Position => [c.lonDeg, c.latDeg]),
    ...map.sensors.map((s): Position => [s.lonDeg, s.latDeg]),
    ...map.batteries.map((b): Position => [b.lonDeg, b.latDeg]),
  ];
  const focus = {
    type: 'FeatureCollection',
    features: [
      ...(points.length ? [{ type: 'Feature', geometry: { type: 'MultiPoint', coordinates: points }, properties: {} }] : []),
      ...rings,
    ],
  };
  return { rings, trajectories, focus, empty: points.length === 0 };
}

/** The Vega spec of the map (exported for tests and for the web viewer later). */
export function mapSpec(map: ReportInput['map']): vega.Spec {
  const { rings, trajectories, focus, empty } = mapFeatures(map);
  const owners = [...new Set([...map.sensors, ...map.batteries].map((s) => s.owner ?? 'unstated'))];
  const pad = 48;
  const projection: vega.Projection = {
    name: 'proj',
    type: 'azimuthalEquidistant',
    rotate: [100, -90, 0],
    clipExtent: [[0, 0], [MAP_WIDTH, MAP_HEIGHT]],
    ...(empty ? { scale: 330, translate: [MAP_WIDTH / 2, MAP_HEIGHT / 2] } : { fit: { signal: 'focus' }, extent: [[pad, pad], [MAP_WIDTH - pad, MAP_HEIGHT - pad]] }),
  } as vega.Projection;
  const geo = (name: string): vega.Transforms[] => [{ type: 'geoshape', projection: 'proj', as: name } as vega.Transforms];
  const site = (kind: string) => ({ type: 'formula', expr: `'${kind}'`, as: 'site' }) as vega.Transforms;
  const xy = { type: 'geopoint', projection: 'proj', fields: ['lonDeg', 'latDeg'] } as vega.Transforms;
  const shape = (name: string, from: string, update: Record<string, unknown>): vega.Mark => ({
    type: 'shape', name, from: { data: from }, encode: { update }, transform: geo('shape'),
  } as vega.Mark);
  return {
    width: MAP_WIDTH,
    height: MAP_HEIGHT,
    autosize: 'pad',
    padding: 4,
    background: 'white',
    config: { text: { font: REPORT_FONT }, legend: { labelFont: REPORT_FONT, titleFont: REPORT_FONT } },
    signals: [{ name: 'focus', value: focus }],
    projections: [projection],
    data: [
      { name: 'data_sphere', values: [{ type: 'Sphere' }] },
      { name: 'data_graticule', transform: [{ type: 'graticule', step: [15, 15] }] },
      { name: 'data_land', values: countryFeatures() },
      { name: 'data_rings', values: rings },
      { name: 'data_trajectories', values: trajectories },
      { name: 'data_cities', values: map.cities.map((c) => ({ ...c })), transform: [xy] },
      { name: 'data_sensors', values: map.sensors.map((s) => ({ ...s, owner: s.owner ?? 'unstated' })), transform: [xy, site('sensor')] },
      { name: 'data_batteries', values: map.batteries.map((b) => ({ ...b, owner: b.owner ?? 'unstated' })), transform: [xy, site('battery')] },
    ] as vega.Data[],
    scales: [
      { name: 'hit', type: 'threshold', domain: [...HIT_THRESHOLDS], range: [...HIT_COLOURS] },
      { name: 'kind', type: 'ordinal', domain: Object.keys(TRAJECTORY_COLOURS), range: Object.values(TRAJECTORY_COLOURS) },
      { name: 'owner', type: 'ordinal', domain: owners.length ? owners : ['unstated'], range: { scheme: 'tableau10' } },
      { name: 'site', type: 'ordinal', domain: ['sensor', 'battery'], range: ['triangle-up', 'square'] },
    ],
    legends: [
      { fill: 'hit', type: 'symbol', title: 'P(city hit)', format: '.0%', symbolType: 'circle', symbolStrokeColor: '#222', symbolStrokeWidth: 1, ...LEGEND },
      { stroke: 'kind', title: 'trajectory', symbolType: 'stroke', symbolStrokeWidth: 2, ...LEGEND },
      { shape: 'site', title: 'site', symbolFillColor: '#bbb', symbolStrokeColor: '#222', ...LEGEND },
      { fill: 'owner', title: 'owner', symbolType: 'square', ...LEGEND },
    ] as vega.Legend[],
    marks: [
      shape('ocean', 'data_sphere', { fill: { value: '#e4eef7' } }),
      shape('graticule', 'data_graticule', { stroke: { value: '#c5d5e4' }, strokeWidth: { value: 0.5 }, fill: { value: null } }),
      shape('coastline', 'data_land', { fill: { value: '#f3efe6' }, stroke: { value: '#7d7466' }, strokeWidth: { value: 0.6 } }),
      shape('range_rings', 'data_rings', {
        fill: { scale: 'owner', field: 'properties.owner' }, fillOpacity: { value: 0.07 },
        stroke: { scale: 'owner', field: 'properties.owner' }, strokeOpacity: { value: 0.7 }, strokeDash: { value: [4, 3] },
      }),
      shape('trajectories', 'data_trajectories', {
        fill: { value: null }, stroke: { scale: 'kind', field: 'properties.kind' }, strokeWidth: { value: 1.6 },
        strokeDash: { signal: "datum.properties.kind === 'decoy' ? [3, 3] : []" },
      }),
      {
        type: 'symbol', name: 'sensors', from: { data: 'data_sensors' },
        encode: { update: { x: { field: 'x' }, y: { field: 'y' }, shape: { scale: 'site', field: 'site' }, size: { value: 70 }, fill: { scale: 'owner', field: 'owner' }, stroke: { value: '#222' }, strokeWidth: { value: 0.8 }, tooltip: { signal: "datum.id + ' (' + datum.owner + ')'" } } },
      },
      {
        type: 'symbol', name: 'batteries', from: { data: 'data_batteries' },
        encode: { update: { x: { field: 'x' }, y: { field: 'y' }, shape: { scale: 'site', field: 'site' }, size: { value: 60 }, fill: { scale: 'owner', field: 'owner' }, stroke: { value: '#222' }, strokeWidth: { value: 0.8 }, tooltip: { signal: "datum.id + ' (' + datum.owner + ')'" } } },
      },
      {
        type: 'symbol', name: 'cities', from: { data: 'data_cities' },
        encode: { update: { x: { field: 'x' }, y: { field: 'y' }, shape: { value: 'circle' }, size: { value: 150 }, fill: { scale: 'hit', field: 'probabilityHit' }, stroke: { value: '#222' }, strokeWidth: { value: 1 }, tooltip: { signal: "datum.name + ': P(hit) ' + format(datum.probabilityHit, '.1%')" } } },
      },
      {
        type: 'text', name: 'city_labels', from: { data: 'data_cities' },
        encode: { update: { x: { field: 'x' }, y: { field: 'y' }, dx: { value: 9 }, dy: { value: 4 }, text: { signal: "datum.name + ' ' + format(datum.probabilityHit, '.0%')" }, fontSize: { value: 11 }, fontWeight: { value: 'bold' }, fill: { value: '#1b1b1b' }, stroke: { value: 'white' }, strokeWidth: { value: 0.3 } } },
      },
    ] as vega.Mark[],
  };
}

export function mapSvg(map: ReportInput['map']): Promise<string> {
  return vegaToSvg(mapSpec(map));
}
