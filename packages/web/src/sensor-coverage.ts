import {
  CallbackPositionProperty,
  CallbackProperty,
  Cartesian3,
  Color,
  type Entity,
  PolygonHierarchy,
  PolylineDashMaterialProperty,
  type Viewer,
} from 'cesium';
import { LOW_COVERAGE_COLOUR, OTH_DAY_COLOUR, OTH_NIGHT_COLOUR, RADAR_COLOUR } from './palette.ts';
import { destination, footprintOutline } from './footprint.ts';
import type { RadarAsset } from './protocol.ts';
import type { ScenarioClock } from './scenario-clock.ts';
import { orbitPlatformAt } from './orbit-platform.ts';

const RAD = Math.PI / 180;

/** A ring of `[latitude, longitude]` pairs [rad] (the scene's outlines) as globe positions. */
function ringPositions(ring: readonly number[]): Cartesian3[] {
  const out: Cartesian3[] = [];
  for (let i = 0; i + 1 < ring.length; i += 2) out.push(Cartesian3.fromRadians(ring[i + 1], ring[i]));
  return out;
}

/** A circle of `radius` metres about (lat, lon) [rad] on the ground, closed. */
function circle(latitude: number, longitude: number, radius: number, steps = 72): Cartesian3[] {
  const out: Cartesian3[] = [];
  for (let i = 0; i <= steps; i++) {
    const p = destination(latitude / RAD, longitude / RAD, (360 * i) / steps, radius);
    out.push(Cartesian3.fromDegrees(p.longitude, p.latitude));
  }
  return out;
}

/**
 * Radar sites and their ground coverage as the scene gives it (no physics here):
 *  - a line-of-sight radar: a fan for a phased array's face or a disc for an all-round radar at its
 *    detection range, and a dashed ring at its `lowRange` (what it covers of a low cruise missile, the
 *    4/3-Earth horizon between antenna and missile; `radar:<id>:low`);
 *  - an OTH radar: the sky-wave band between skip zone and maximum range over its sector, as core's model
 *    computes it, filled by day (`radar:<id>`) and outlined by night (`radar:<id>:night`);
 *  - an airborne radar: its platform moving round its orbit (`radar:<id>`), the orbit (`radar:<id>:orbit`)
 *    and its look-down ring moving with it (`radar:<id>:low`).
 */
export class SensorCoverage {
  private readonly entities: Entity[] = [];

  constructor(
    private readonly viewer: Viewer,
    private readonly clock?: ScenarioClock,
  ) {}

  show(radars: readonly RadarAsset[]): void {
    this.clear();
    const add = (entity: Entity.ConstructorOptions) => {
      this.entities.push(this.viewer.entities.add(entity));
    };
    for (const radar of radars) {
      const site = Cartesian3.fromRadians(radar.longitude, radar.latitude, radar.altitude);
      if (radar.kind === 'oth-radar' && radar.coverage?.day) {
        add({
          id: `radar:${radar.id}`,
          name: `${radar.id} (${radar.owner}): over-the-horizon, ${((radar.minRange ?? 0) / 1000).toFixed(0)}–${(radar.range / 1000).toFixed(0)} km by day (sky-wave band)`,
          position: site,
          point: { pixelSize: 7, color: OTH_DAY_COLOUR },
          polygon: {
            hierarchy: new PolygonHierarchy(ringPositions(radar.coverage.day)),
            material: OTH_DAY_COLOUR.withAlpha(0.14),
            outline: true,
            outlineColor: OTH_DAY_COLOUR.withAlpha(0.7),
            height: 0,
          },
        });
        if (radar.coverage.night) {
          const ring = ringPositions(radar.coverage.night);
          add({
            id: `radar:${radar.id}:night`,
            name: `${radar.id} (${radar.owner}): the sky-wave band at night (the layer higher and thinner: the band moves out)`,
            polyline: {
              positions: [...ring, ring[0]],
              width: 1.5,
              material: new PolylineDashMaterialProperty({ color: OTH_NIGHT_COLOUR, dashLength: 16 }),
            },
          });
        }
        continue;
      }
      if (radar.orbit) {
        const orbit = radar.orbit;
        const clock = this.clock;
        const platform = new CallbackPositionProperty(() => {
          const p = orbitPlatformAt(orbit, clock ? clock.now() : orbit.epochT);
          return Cartesian3.fromRadians(p.longitude, p.latitude, radar.altitude);
        }, false);
        add({
          id: `radar:${radar.id}`,
          name: `${radar.id} (${radar.owner}): airborne early warning, ${(radar.altitude / 1000).toFixed(0)} km up, look-down ${((radar.lowRange ?? radar.range) / 1000).toFixed(0)} km on a ${radar.lowAltitude ?? 0} m cruise missile`,
          position: platform,
          point: { pixelSize: 8, color: LOW_COVERAGE_COLOUR, outlineColor: Color.BLACK, outlineWidth: 1 },
        });
        add({
          id: `radar:${radar.id}:orbit`,
          name: `${radar.id}: its orbit (a circle of ${(orbit.radius / 1000).toFixed(0)} km for the racetrack)`,
          polyline: { positions: circle(orbit.latitude, orbit.longitude, orbit.radius), width: 1.5, material: LOW_COVERAGE_COLOUR },
        });
        if (radar.lowRange !== undefined) {
          const r = radar.lowRange;
          add({
            id: `radar:${radar.id}:low`,
            name: `${radar.id}: look-down coverage of a ${radar.lowAltitude ?? 0} m cruise missile, ${(r / 1000).toFixed(0)} km`,
            polyline: {
              positions: new CallbackProperty(() => {
                const p = orbitPlatformAt(orbit, clock ? clock.now() : orbit.epochT);
                return circle(p.latitude, p.longitude, r, 48);
              }, false),
              width: 1.5,
              material: new PolylineDashMaterialProperty({ color: LOW_COVERAGE_COLOUR, dashLength: 12 }),
            },
          });
        }
        continue;
      }
      const outline = footprintOutline(radar).map((p) => Cartesian3.fromDegrees(p.longitude, p.latitude));
      add({
        id: `radar:${radar.id}`,
        name: `${radar.id} (${radar.owner}), ${(radar.range / 1000).toFixed(0)} km`,
        position: site,
        point: { pixelSize: 7, color: RADAR_COLOUR },
        polygon: {
          hierarchy: new PolygonHierarchy(outline),
          material: RADAR_COLOUR.withAlpha(0.12),
          outline: true,
          outlineColor: RADAR_COLOUR.withAlpha(0.6),
          height: 0,
        },
      });
      if (radar.lowRange !== undefined && radar.lowRange < radar.range) {
        add({
          id: `radar:${radar.id}:low`,
          name: `${radar.id}: coverage of a ${radar.lowAltitude ?? 0} m cruise missile, ${(radar.lowRange / 1000).toFixed(0)} km (the radar horizon)`,
          polyline: {
            positions: circle(radar.latitude, radar.longitude, radar.lowRange, 48),
            width: 1.5,
            material: new PolylineDashMaterialProperty({ color: LOW_COVERAGE_COLOUR, dashLength: 12 }),
          },
        });
      }
    }
  }

  clear(): void {
    for (const entity of this.entities) this.viewer.entities.remove(entity);
    this.entities.length = 0;
  }
}
