import type { SensorShare } from '../c2/national-policy.ts';
import { earthAngle } from '../geo/earth-model.ts';
import type { Random } from '../random/sfc32.ts';
import type { RawScan, TrackedSensor } from '../sensors/kind.ts';
import { standardNormal } from '../sensors/radar/radar.ts';
import { sensorSiteEci } from '../tracking/ekf.ts';
import type { NationScan } from '../tracking/nation-tracker.ts';
import { streamFor } from './random-streams.ts';
import type { World } from './world.ts';

/** A scan as one nation receives it: the tracker's input (NationScan) less the sensor's labels and confusion. */
export type ReceivedScan = Pick<NationScan, 't' | 'knownAt' | 'sensor' | 'radar' | 'values' | 'covariances'> & {
  /** The scan it came from (its objects, labels and coverage are the sensor's). */
  scan: RawScan;
  from: TrackedSensor;
};

/**
 * The extra noise a shared sensor's measurements carry when the sharing rule's sigma factor f > 1 (the
 * owner passes a coarser product: the error becomes f times the owner's, so sqrt(f^2 - 1) times the
 * owner's sigma is added). One random stream per (picture scope, sensor, factor): sharing another sensor,
 * or withholding it, draws none of this sensor's numbers, so comparisons that add or remove a sensor keep
 * the other sensors' shared measurements (common random numbers). Two nations that receive one sensor at one
 * factor receive the same product.
 */
export class ShareNoise {
  private readonly streams = new Map<string, Random>();
  constructor(
    private readonly seed: number,
    /** 'ballistic', or the air picture's purpose ('air-track', 'cruise-track'). */
    private readonly scope: string,
  ) {}

  stream(sensor: string, factor: number): Random {
    const name = `share:${this.scope}:${sensor}:${factor}`;
    let s = this.streams.get(name);
    if (!s) this.streams.set(name, (s = streamFor(this.seed, name)));
    return s;
  }
}

/** A scan's detections as the tracker takes them: views into its packed values, and (fixes) each covariance. */
function scanDetections(scan: RawScan): { values: Float64Array[]; covariances?: Float64Array[] } {
  const n = scan.objects.length;
  const values = new Array<Float64Array>(n);
  for (let j = 0; j < n; j++) values[j] = scan.values.subarray(3 * j, 3 * j + 3);
  if (scan.kind !== 'fix') return { values };
  const covariances = new Array<Float64Array>(n);
  // sigma^2 I, all of the scan's in one array (not an allocation per fix)
  const all = scan.covariances ?? new Float64Array(9 * n);
  for (let j = 0; j < n; j++) {
    if (!scan.covariances) {
      const sigma = (scan.sigmas as Float64Array)[j];
      all[9 * j] = all[9 * j + 4] = all[9 * j + 8] = sigma * sigma;
    }
    covariances[j] = all.subarray(9 * j, 9 * j + 9);
  }
  return { values, covariances };
}

/**
 * The scans a nation may use, in scan order, as it receives them: its own, and shared ones at the share's
 * delay (knownAt = t + the sensor's latency + the delay) with the share's sigma factor applied (extra noise
 * from `noise`, and the filter told the factor).
 */
export function* receivedScans(
  world: World,
  raw: readonly RawScan[],
  shares: readonly SensorShare[],
  sensors: readonly TrackedSensor[],
  noise: ShareNoise,
): Generator<ReceivedScan> {
  for (const scan of raw) {
    const share = shares[scan.sensorIndex];
    if (!share.shared) continue;
    const f = share.sigmaFactor;
    const extra = f > 1 ? Math.sqrt(f * f - 1) : 0;
    const from = sensors[scan.sensorIndex];
    const sensor = from.id;
    const detections = scanDetections(scan);
    let values = detections.values;
    let radar: NationScan['radar'];
    if (scan.kind === 'radar') {
      if (!from.radarAt) throw new Error(`sensor ${sensor} gives range/angle scans but no radarAt (sensors/kind.ts, TrackedSensor)`);
      const spec = from.radarAt(scan.t); // an airborne radar measures from where its platform is
      const sigma = { range: spec.rangeNoise * f, azimuth: spec.azimuthNoise * f, elevation: spec.elevationNoise * f };
      if (extra > 0) {
        const r = noise.stream(sensor, f);
        values = values.map((z) =>
          Float64Array.of(
            z[0] + extra * spec.rangeNoise * standardNormal(r.uniform),
            z[1] + extra * spec.azimuthNoise * standardNormal(r.uniform),
            z[2] + extra * spec.elevationNoise * standardNormal(r.uniform),
          ),
        );
      }
      radar = { site: sensorSiteEci(spec.latitude, spec.longitude, spec.altitude, earthAngle(world.earth, scan.t)), noise: sigma };
    }
    let covariances = detections.covariances;
    if (scan.kind === 'fix' && extra > 0) {
      const r = noise.stream(sensor, f);
      values = values.map((p, j) => {
        const sigma = Math.sqrt((detections.covariances as Float64Array[])[j][0]);
        return Float64Array.of(
          p[0] + extra * sigma * standardNormal(r.uniform),
          p[1] + extra * sigma * standardNormal(r.uniform),
          p[2] + extra * sigma * standardNormal(r.uniform),
        );
      });
      covariances = (detections.covariances as Float64Array[]).map((c) => c.map((v) => v * f * f));
    }
    yield { t: scan.t, knownAt: scan.t + from.latency + share.delay, sensor, radar, values, covariances, scan, from };
  }
}
