import { Cartesian2, Cartesian3, type Entity, LabelStyle, VerticalOrigin, type Viewer } from 'cesium';
import { DECOY_IMPACT_COLOUR, HIT_COLOUR, INTERCEPTOR_COLOUR, MISS_COLOUR, WARHEAD_IMPACT_COLOUR } from './palette.ts';
import type { EngineEvent } from './protocol.ts';

const DEG = 180 / Math.PI;

/**
 * Intercept (hit or miss) and impact markers, drawn when the `intercept` and `impact` events arrive.
 * Fly-outs are not drawn here: an interceptor's trail is its path as flown, from the server's
 * `positions` between its `fire` and `intercept` (moving-objects.ts). Event places are the log's radians.
 */
export class EngagementMarkers {
  private readonly entities: Entity[] = [];
  counts = { hits: 0, misses: 0, warheadImpacts: 0, decoyImpacts: 0 };

  constructor(private readonly viewer: Viewer) {}

  event(e: EngineEvent): void {
    if (e.type === 'intercept') {
      const at = Cartesian3.fromRadians(e.point.longitude, e.point.latitude, e.point.altitude);
      if (e.hit) this.counts.hits++;
      else this.counts.misses++;
      this.add({
        name: `${e.hit ? 'hit' : 'miss'}: ${e.weapon} on ${e.object} (t=${e.t.toFixed(0)} s, ${(e.point.altitude / 1000).toFixed(0)} km)`,
        position: at,
        point: {
          pixelSize: e.hit ? 14 : 10,
          color: (e.hit ? HIT_COLOUR : MISS_COLOUR).withAlpha(0.9),
          outlineColor: INTERCEPTOR_COLOUR,
          outlineWidth: 2,
        },
      });
    } else if (e.type === 'impact') {
      const warhead = e.kind === 'warhead';
      if (warhead) this.counts.warheadImpacts++;
      else this.counts.decoyImpacts++;
      this.add({
        name: `${e.kind} impact: ${e.object} at ${(e.point.latitude * DEG).toFixed(2)}°, ${(e.point.longitude * DEG).toFixed(2)}°`,
        position: Cartesian3.fromRadians(e.point.longitude, e.point.latitude, 0),
        point: { pixelSize: warhead ? 12 : 7, color: warhead ? WARHEAD_IMPACT_COLOUR : DECOY_IMPACT_COLOUR, outlineWidth: 1 },
        label: warhead
          ? {
              text: '✕',
              font: '20px sans-serif',
              fillColor: WARHEAD_IMPACT_COLOUR,
              style: LabelStyle.FILL,
              verticalOrigin: VerticalOrigin.CENTER,
              pixelOffset: new Cartesian2(0, 0),
            }
          : undefined,
      });
    }
  }

  clear(): void {
    for (const entity of this.entities) this.viewer.entities.remove(entity);
    this.entities.length = 0;
    this.counts = { hits: 0, misses: 0, warheadImpacts: 0, decoyImpacts: 0 };
  }

  private add(options: Entity.ConstructorOptions): void {
    this.entities.push(this.viewer.entities.add(options));
  }
}
