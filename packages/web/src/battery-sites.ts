import { Cartesian2, Cartesian3, type Entity, LabelStyle, VerticalOrigin, type Viewer } from 'cesium';
import { BATTERY_COLOUR } from './palette.ts';
import type { BatteryAsset } from './protocol.ts';

/** Interceptor batteries: a marker and a label with the interceptor type and rounds at the start. */
export class BatterySites {
  private readonly entities: Entity[] = [];

  constructor(private readonly viewer: Viewer) {}

  show(batteries: readonly BatteryAsset[]): void {
    this.clear();
    for (const b of batteries) {
      this.entities.push(
        this.viewer.entities.add({
          id: `battery:${b.id}`,
          name: `${b.id} (${b.owner}): ${b.inventory} × ${b.interceptor}`,
          position: Cartesian3.fromRadians(b.longitude, b.latitude, b.altitude),
          point: { pixelSize: 9, color: BATTERY_COLOUR, outlineWidth: 2 },
          label: {
            text: `${b.interceptor} ×${b.inventory}`,
            font: '11px sans-serif',
            fillColor: BATTERY_COLOUR,
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 2,
            verticalOrigin: VerticalOrigin.BOTTOM,
            pixelOffset: new Cartesian2(0, -10),
          },
        }),
      );
    }
  }

  clear(): void {
    for (const entity of this.entities) this.viewer.entities.remove(entity);
    this.entities.length = 0;
  }
}
