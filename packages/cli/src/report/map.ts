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
    ring.push([((lon2 / RAD + 540) % 360) - 180, lat2 / RAD]);
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
  // the frame fits what the raid is made of (trajectories, cities, sensors, batteries), not the range
  // rings: a 4,000 km ring would make every map a hemisphere; rings are clipped at the frame
  const focus = {
    type: 'FeatureCollection',
    features: points.length
      ? [{ type: 'Feature', geometry: { type: 'MultiPoint', coordinates: [...points, ...minimumFrame(points)] }, properties: {} }]
      : [],
  };
  return { rings, trajectories, focus, empty: points.length === 0 };
}

/** Half the side of the smallest frame [deg of latitude, ~1,100 km]: one city alone is shown in its region. */
const MIN_FRAME_HALF_DEG = 5;

/**
 * Corners of a frame MIN_FRAME_HALF_DEG around the points' middle when they span less than that (a map
 * of one city, or of a few close ones): fitting a projection to a single point has no extent, and Vega's
 * fit then gives NaN coordinates for every shape. Spans are measured naively in latitude and longitude
 * (times cos latitude), enough to tell "a few hundred km" from "a region".
 */
function minimumFrame(points: readonly Position[]): Position[] {
  const lats = points.map((p) => p[1]);
  const lons = points.map((p) => p[0]);
  const midLat = (Math.min(...lats) + Math.max(...lats)) / 2;
  const midLon = (Math.min(...lons) + Math.max(...lons)) / 2;
  const cos = Math.max(0.1, Math.cos((midLat * Math.PI) / 180));
  const latSpan = Math.max(...lats) - Math.min(...lats);
  const lonSpan = (Math.max(...lons) - Math.min(...lons)) * cos;
  if (Math.max(latSpan, lonSpan) >= 2 * MIN_FRAME_HALF_DEG) return [];
  const dLat = MIN_FRAME_HALF_DEG,
    dLon = MIN_FRAME_HALF_DEG / cos;
  const lat = (x: number): number => Math.max(-89.9, Math.min(89.9, x));
  return [
    [midLon - dLon, lat(midLat - dLat)],
    [midLon + dLon, lat(midLat - dLat)],
    [midLon - dLon, lat(midLat + dLat)],
    [midLon + dLon, lat(midLat + dLat)],
  ];
}

/** The Vega spec of the map (exported for tests and for the web viewer later). */
export function mapSpec(map: ReportInput['map']): vega.Spec {
  const { rings, trajectories, focus, empty } = mapFeatures(map);
  const owners = [...new Set([...map.sensors, ...map.batteries].map((s) => s.owner ?? 'unstated'))];
  // a legend lists only what the map draws
  const kinds = (Object.keys(TRAJECTORY_COLOURS) as Array<keyof typeof TRAJECTORY_COLOURS>).filter((k) =>
    trajectories.some((t) => t.properties.kind === k),
  );
  const sites = [...(map.sensors.length ? ['sensor'] : []), ...(map.batteries.length ? ['battery'] : [])];
  const pad = 48;
  const projection: vega.Projection = {
    name: 'proj',
    type: 'azimuthalEquidistant',
    rotate: [100, -90, 0],
    clipExtent: [
      [0, 0],
      [MAP_WIDTH, MAP_HEIGHT],
    ],
    ...(empty
      ? { scale: 330, translate: [MAP_WIDTH / 2, MAP_HEIGHT / 2] }
      : {
          fit: { signal: 'focus' },
          extent: [
            [pad, pad],
            [MAP_WIDTH - pad, MAP_HEIGHT - pad],
          ],
        }),
  } as vega.Projection;
  const geo = (name: string): vega.Transforms[] => [{ type: 'geoshape', projection: 'proj', as: name } as vega.Transforms];
  const site = (kind: string) => ({ type: 'formula', expr: `'${kind}'`, as: 'site' }) as vega.Transforms;
  const xy = { type: 'geopoint', projection: 'proj', fields: ['lonDeg', 'latDeg'] } as vega.Transforms;
  const shape = (name: string, from: string, update: Record<string, unknown>): vega.Mark =>
    ({
      type: 'shape',
      name,
      from: { data: from },
      encode: { update },
      transform: geo('shape'),
    }) as vega.Mark;
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
      {
        name: 'data_batteries',
        values: map.batteries.map((b) => ({ ...b, owner: b.owner ?? 'unstated' })),
        transform: [xy, site('battery')],
      },
      ...scaleBarData(),
    ] as vega.Data[],
    scales: [
      { name: 'hit', type: 'threshold', domain: [...HIT_THRESHOLDS], range: [...HIT_COLOURS] },
      {
        name: 'kind',
        type: 'ordinal',
        domain: kinds.length ? kinds : ['warhead'],
        range: (kinds.length ? kinds : ['warhead' as const]).map((k) => TRAJECTORY_COLOURS[k]),
      },
      { name: 'owner', type: 'ordinal', domain: owners.length ? owners : ['unstated'], range: { scheme: 'tableau10' } },
      {
        name: 'site',
        type: 'ordinal',
        domain: sites.length ? sites : ['sensor'],
        range: (sites.length ? sites : ['sensor']).map((x) => (x === 'sensor' ? 'triangle-up' : 'square')),
      },
    ],
    legends: [
      ...(map.cities.length
        ? [
            {
              fill: 'hit',
              type: 'symbol',
              title: 'P(city struck)',
              format: '.0%',
              symbolType: 'circle',
              symbolStrokeColor: '#222',
              symbolStrokeWidth: 1,
              ...LEGEND,
            },
          ]
        : []),
      ...(kinds.length ? [{ stroke: 'kind', title: 'trajectory', symbolType: 'stroke', symbolStrokeWidth: 2, ...LEGEND }] : []),
      ...(sites.length ? [{ shape: 'site', title: 'site', symbolFillColor: '#bbb', symbolStrokeColor: '#222', ...LEGEND }] : []),
      ...(owners.length ? [{ fill: 'owner', title: 'owner', symbolType: 'square', ...LEGEND }] : []),
    ] as vega.Legend[],
    marks: [
      shape('ocean', 'data_sphere', { fill: { value: '#e4eef7' } }),
      shape('graticule', 'data_graticule', { stroke: { value: '#c5d5e4' }, strokeWidth: { value: 0.5 }, fill: { value: null } }),
      shape('coastline', 'data_land', { fill: { value: '#f3efe6' }, stroke: { value: '#7d7466' }, strokeWidth: { value: 0.6 } }),
      shape('range_rings', 'data_rings', {
        fill: { scale: 'owner', field: 'properties.owner' },
        fillOpacity: { value: 0.07 },
        stroke: { scale: 'owner', field: 'properties.owner' },
        strokeOpacity: { value: 0.7 },
        strokeDash: { value: [4, 3] },
      }),
      shape('trajectories', 'data_trajectories', {
        fill: { value: null },
        stroke: { scale: 'kind', field: 'properties.kind' },
        strokeWidth: { value: 1.6 },
        strokeDash: { signal: "datum.properties.kind === 'decoy' ? [3, 3] : []" },
      }),
      {
        type: 'symbol',
        name: 'sensors',
        from: { data: 'data_sensors' },
        encode: {
          update: {
            x: { field: 'x' },
            y: { field: 'y' },
            shape: { scale: 'site', field: 'site' },
            size: { value: 70 },
            fill: { scale: 'owner', field: 'owner' },
            stroke: { value: '#222' },
            strokeWidth: { value: 0.8 },
            tooltip: { signal: "datum.id + ' (' + datum.owner + ')'" },
          },
        },
      },
      {
        type: 'symbol',
        name: 'batteries',
        from: { data: 'data_batteries' },
        encode: {
          update: {
            x: { field: 'x' },
            y: { field: 'y' },
            shape: { scale: 'site', field: 'site' },
            size: { value: 60 },
            fill: { scale: 'owner', field: 'owner' },
            stroke: { value: '#222' },
            strokeWidth: { value: 0.8 },
            tooltip: { signal: "datum.id + ' (' + datum.owner + ')'" },
          },
        },
      },
      {
        type: 'symbol',
        name: 'cities',
        from: { data: 'data_cities' },
        encode: {
          update: {
            x: { field: 'x' },
            y: { field: 'y' },
            shape: { value: 'circle' },
            size: { value: 150 },
            fill: { scale: 'hit', field: 'probabilityHit' },
            stroke: { value: '#222' },
            strokeWidth: { value: 1 },
            tooltip: { signal: "datum.name + ': P(hit) ' + format(datum.probabilityHit, '.1%')" },
          },
        },
      },
      {
        type: 'text',
        name: 'city_labels',
        from: { data: 'data_cities' },
        encode: {
          update: {
            x: { field: 'x' },
            y: { field: 'y' },
            dx: { value: 9 },
            dy: { value: 4 },
            text: { signal: "datum.name + ' ' + format(datum.probabilityHit, '.0%')" },
            fontSize: { value: 11 },
            fontWeight: { value: 'bold' },
            fill: { value: '#1b1b1b' },
            stroke: { value: 'white' },
            strokeWidth: { value: 0.3 },
          },
        },
      },
      siteLabels('sensor_labels', 'data_sensors'),
      siteLabels('battery_labels', 'data_batteries'),
      ...(empty ? [] : scaleBarMarks()),
    ] as vega.Mark[],
  };
}

/** Sensor and battery names beside their symbols (smaller than the cities', below them). */
function siteLabels(name: string, from: string): vega.Mark {
  return {
    type: 'text',
    name,
    from: { data: from },
    encode: {
      update: {
        x: { field: 'x' },
        y: { field: 'y' },
        dx: { value: 7 },
        dy: { value: 12 },
        text: { field: 'id' },
        fontSize: { value: 9 },
        fill: { value: '#33414f' },
      },
    },
  } as vega.Mark;
}

/** The kilometres the scale bar may show: the longest that fits in SCALE_BAR_MAX_PX. */
export const SCALE_BAR_KM = [100, 200, 500, 1000, 2000, 3000, 5000] as const;
const SCALE_BAR_MAX_PX = 170;
const SCALE_REF_KM = 1000;

/**
 * The scale bar's data: two points SCALE_REF_KM apart along the projection's central meridian from the
 * North Pole. On an azimuthal-equidistant map distances from the centre are true, so their projected
 * separation is the map's pixels per kilometre along any meridian (away from them the scale grows with
 * distance from the pole: the caption says so). Vega projects them after fitting, so the bar follows the fit.
 */
function scaleBarData(): vega.Data[] {
  const dLat = SCALE_REF_KM / (EARTH_RADIUS_KM * RAD);
  const choose = SCALE_BAR_KM.reduce((expr, km) => `datum.ppk * ${km} <= ${SCALE_BAR_MAX_PX} ? ${km} : ${expr}`, `${SCALE_BAR_KM[0]}`);
  return [
    {
      name: 'data_scale_bar',
      values: [
        { lonDeg: -100, latDeg: 90 },
        { lonDeg: -100, latDeg: 90 - dLat },
      ],
      transform: [
        { type: 'geopoint', projection: 'proj', fields: ['lonDeg', 'latDeg'] },
        { type: 'aggregate', fields: ['x', 'x', 'y', 'y'], ops: ['min', 'max', 'min', 'max'], as: ['x0', 'x1', 'y0', 'y1'] },
        { type: 'formula', expr: `sqrt(pow(datum.x1 - datum.x0, 2) + pow(datum.y1 - datum.y0, 2)) / ${SCALE_REF_KM}`, as: 'ppk' },
        { type: 'formula', expr: choose, as: 'km' },
        { type: 'formula', expr: 'datum.km * datum.ppk', as: 'px' },
      ],
    } as vega.Data,
  ];
}

function scaleBarMarks(): vega.Mark[] {
  const x0 = 16,
    y = MAP_HEIGHT - 18;
  return [
    {
      type: 'rect',
      name: 'scale_bar',
      from: { data: 'data_scale_bar' },
      encode: {
        update: {
          x: { value: x0 },
          x2: { signal: `${x0} + datum.px` },
          y: { value: y - 3 },
          y2: { value: y + 3 },
          fill: { value: '#1b2a3a' },
          stroke: { value: 'white' },
          strokeWidth: { value: 0.5 },
        },
      },
    },
    {
      type: 'text',
      name: 'scale_bar_label',
      from: { data: 'data_scale_bar' },
      encode: {
        update: {
          x: { value: x0 },
          y: { value: y - 7 },
          text: { signal: "format(datum.km, ',') + ' km (along meridians)'" },
          fontSize: { value: 10 },
          fill: { value: '#1b2a3a' },
          stroke: { value: 'white' },
          strokeWidth: { value: 0.2 },
        },
      },
    },
  ] as vega.Mark[];
}

export function mapSvg(map: ReportInput['map']): Promise<string> {
  return vegaToSvg(mapSpec(map));
}
