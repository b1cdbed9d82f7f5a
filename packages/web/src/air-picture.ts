import {
  Cartesian2,
  Cartesian3,
  Color,
  type Entity,
  ExtrapolationType,
  LabelStyle,
  PolylineDashMaterialProperty,
  SampledPositionProperty,
  TimeInterval,
  TimeIntervalCollection,
  VerticalOrigin,
  type Viewer,
} from 'cesium';
import { BOMBER_COLOUR, INTERCEPTOR_COLOUR } from './palette.ts';
import type { AircraftAsset } from './protocol.ts';
import type { ScenarioClock } from './scenario-clock.ts';

/**
 * Aircraft as the scene carries them for this nation (scene-air.ts on the server: bombers from the
 * nation's first detection of them, on the world's recorded flight): a point moving between the scene's
 * samples (Cesium interpolates linearly), shown from its first sample to the end of its flight, with its
 * track flown so far and a label. A raid's aircraft are drawn in the bomber colour; a nation's own (a
 * scene aircraft with an owner: any role the world flies) in the interceptor colour. No physics here.
 */
export class AirPicture {
  private readonly entities: Entity[] = [];
  private readonly byId = new Map<string, AircraftAsset>();

  constructor(
    private readonly viewer: Viewer,
    private readonly clock: ScenarioClock,
  ) {}

  show(aircraft: readonly AircraftAsset[]): void {
    this.clear();
    for (const a of aircraft) {
      const s = a.samples;
      if (s.length < 5) continue;
      this.byId.set(a.id, a);
      const position = new SampledPositionProperty();
      position.backwardExtrapolationType = ExtrapolationType.NONE;
      position.forwardExtrapolationType = ExtrapolationType.HOLD;
      for (let k = 0; k < s.length; k += 5)
        position.addSample(this.clock.julian(s[k]), Cartesian3.fromRadians(s[k + 2], s[k + 1], s[k + 3]));
      const colour = a.owner !== undefined ? INTERCEPTOR_COLOUR : BOMBER_COLOUR;
      this.entities.push(
        this.viewer.entities.add({
          id: `aircraft:${a.id}`,
          name: `${a.id} (${a.type})`,
          availability: new TimeIntervalCollection([new TimeInterval({ start: this.clock.julian(s[0]), stop: this.clock.julian(a.endT) })]),
          position,
          point: { pixelSize: 11, color: colour, outlineColor: Color.BLACK, outlineWidth: 2 },
          label: {
            text: `${a.id} (${a.type})`,
            font: '11px sans-serif',
            fillColor: colour,
            style: LabelStyle.FILL_AND_OUTLINE,
            outlineWidth: 2,
            verticalOrigin: VerticalOrigin.BOTTOM,
            pixelOffset: new Cartesian2(0, -10),
          },
          path: { leadTime: 0, trailTime: 1e6, resolution: 60, width: 2, material: colour.withAlpha(0.8) },
        }),
      );
      // where it ended its flight (a bomber's release point), from the last sample: the rest of the flight is the missiles'
      const e = s.length - 5;
      this.entities.push(
        this.viewer.entities.add({
          id: `aircraft:${a.id}:end`,
          name: `${a.id}: ${a.releases > 0 ? `released ${a.releases} cruise missiles here` : 'flight ended here'} at t = ${a.endT.toFixed(0)} s`,
          availability: new TimeIntervalCollection([new TimeInterval({ start: this.clock.julian(a.endT), stop: this.clock.julian(1e9) })]),
          position: Cartesian3.fromRadians(s[e + 2], s[e + 1], s[e + 3]),
          point: { pixelSize: 7, color: Color.TRANSPARENT, outlineColor: colour, outlineWidth: 2 },
          polyline: {
            positions: samplePositions(s),
            width: 1.5,
            material: new PolylineDashMaterialProperty({ color: colour.withAlpha(0.7), dashLength: 12 }),
          },
        }),
      );
    }
  }

  /** The aircraft of the scene by id. */
  get(id: string): AircraftAsset | undefined {
    return this.byId.get(id);
  }

  ids(): string[] {
    return [...this.byId.keys()];
  }

  clear(): void {
    for (const entity of this.entities) this.viewer.entities.remove(entity);
    this.entities.length = 0;
    this.byId.clear();
  }
}

function samplePositions(s: readonly number[]): Cartesian3[] {
  const out: Cartesian3[] = [];
  for (let k = 0; k < s.length; k += 5) out.push(Cartesian3.fromRadians(s[k + 2], s[k + 1], s[k + 3]));
  return out;
}
