import { greatCircleDistance } from '../geo/great-circle.ts';
import { ecefToGeodetic } from '../geo/geodetic.ts';
import { type EarthModel, earthAngle } from '../geo/earth-model.ts';
import { toEcef } from '../geo/earth-rotation.ts';

/**
 * Along-track ground range: the length of the ground track (the geodetic sub-vehicle point on the
 * rotating Earth, measured on the mean-radius sphere like every other range here), summed over the
 * integrator's accepted steps as great-circle segments. Unlike the launch-to-impact great circle it is
 * not capped at half the circumference (~20,015 km): a flight that goes round the Earth has a ground
 * track longer than any great circle. Each segment is the exact arc between its end points; the track
 * between them bends only through the Earth's rotation under the vehicle (second order in the step).
 */
export class GroundTrack {
  /** Length so far [m]. */
  length = 0;
  private lat = NaN;
  private lon = NaN;
  private readonly ecef = new Float64Array(3);
  private readonly geo = new Float64Array(3);

  constructor(private readonly earth: EarthModel) {}

  /** Adds the vehicle's ECI position at time t (an integrator step observer). */
  readonly push = (t: number, s: ArrayLike<number>): void => {
    toEcef(earthAngle(this.earth, t), s[0], s[1], s[2], this.ecef);
    ecefToGeodetic(this.ecef[0], this.ecef[1], this.ecef[2], this.geo);
    const lat = this.geo[0],
      lon = this.geo[1];
    if (!Number.isNaN(this.lat)) this.length += greatCircleDistance(this.lat, this.lon, lat, lon);
    this.lat = lat;
    this.lon = lon;
  };
}
