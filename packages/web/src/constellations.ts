import { Cartesian3, type PointPrimitive, PointPrimitiveCollection, type Viewer } from 'cesium';
import { SATELLITE_COLOUR } from './palette.ts';
import type { ConstellationAsset } from './protocol.ts';
import { satelliteAt } from './satellite-position.ts';
import type { ScenarioClock } from './scenario-clock.ts';

/**
 * Satellites of large constellations as one PointPrimitiveCollection (thousands of points at
 * interactive frame rates), moved before every frame to the interpolated position at Cesium's time.
 */
export class Constellations {
  private collection: PointPrimitiveCollection | undefined;
  private layers: Array<{ asset: ConstellationAsset; points: PointPrimitive[] }> = [];
  private readonly scratch = new Cartesian3();
  private readonly removeListener: () => void;

  constructor(
    private readonly viewer: Viewer,
    private readonly clock: ScenarioClock,
  ) {
    this.removeListener = viewer.scene.preRender.addEventListener(() => this.move());
  }

  show(assets: readonly ConstellationAsset[]): void {
    this.clear();
    this.collection = this.viewer.scene.primitives.add(new PointPrimitiveCollection()) as PointPrimitiveCollection;
    const t = this.clock.now();
    for (const asset of assets) {
      if (!(asset.count > 0) || asset.positions.length < 3 * asset.count) continue;
      const points: PointPrimitive[] = [];
      for (let i = 0; i < asset.count; i++) {
        points.push(
          this.collection.add({
            position: satelliteAt(asset, i, t, new Cartesian3()),
            pixelSize: 3,
            color: SATELLITE_COLOUR.withAlpha(0.8),
          }),
        );
      }
      this.layers.push({ asset, points });
    }
  }

  /** Satellites drawn. */
  count(): number {
    return this.layers.reduce((n, l) => n + l.points.length, 0);
  }

  clear(): void {
    if (this.collection) this.viewer.scene.primitives.remove(this.collection);
    this.collection = undefined;
    this.layers = [];
  }

  destroy(): void {
    this.clear();
    this.removeListener();
  }

  private move(): void {
    if (this.layers.length === 0) return;
    const t = this.clock.now();
    for (const { asset, points } of this.layers) {
      for (let i = 0; i < points.length; i++) points[i].position = satelliteAt(asset, i, t, this.scratch);
    }
  }
}
