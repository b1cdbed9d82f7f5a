/** A point on the Earth [rad]: geodetic latitude and longitude; a GeoPoint fits. */
export interface LatLon {
  latitude: number;
  longitude: number;
}

/** A point on the Earth: geodetic latitude and longitude [rad], height above the WGS84 ellipsoid [m]. */
export interface GeoPoint extends LatLon {
  altitude: number;
}
