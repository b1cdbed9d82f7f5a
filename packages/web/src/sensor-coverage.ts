import { Cartesian3, type Entity, PolygonHierarchy, type Viewer } from 'cesium';
import { RADAR_COLOUR } from './palette.ts';
import { footprintOutline } from './footprint.ts';
import type { RadarAsset } from './protocol.ts';

/** Radar sites and their ground footprints (a fan for a phased array's face, a disc for all-round). */
export class SensorCoverage {
  private readonly entities: Entity[] = [];

  constructor(private readonly viewer: Viewer) {}

  show(radars: readonly RadarAsset[]): void {
    this.clear();
    for (const radar of radars) {
      const outline = footprintOutline(radar).map((p) => Cartesian3.fromDegrees(p.longitude, p.latitude));
      this.entities.push(this.viewer.entities.add({
        id: `radar:${radar.id}`,
        name: `${radar.id} (${radar.owner}), ${(radar.range / 1000).toFixed(0)} km`,
        position: Cartesian3.fromRadians(radar.longitude, radar.latitude, radar.altitude),
        point: { pixelSize: 7, color: RADAR_COLOUR },
        polygon: { hierarchy: new PolygonHierarchy(outline), material: RADAR_COLOUR.withAlpha(0.12), outline: true, outlineColor: RADAR_COLOUR.withAlpha(0.6), height: 0 },
      }));
    }
  }

  clear(): void {
    for (const entity of this.entities) this.viewer.entities.remove(entity);
    this.entities.length = 0;
  }
}
