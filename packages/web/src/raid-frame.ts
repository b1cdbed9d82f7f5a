/** A frame on the globe [rad]: west may exceed east when it crosses the antimeridian (as Cesium's Rectangle). */
export interface Frame {
  west: number;
  south: number;
  east: number;
  north: number;
}

const TWO_PI = 2 * Math.PI;

/**
 * The smallest latitude/longitude box holding every point (radians), padded by `pad` of its size on each
 * side (at least `minPad` rad): the picture's home view of a raid. Longitudes wrap: the box is the
 * complement of the widest empty gap between the points' longitudes, so a raid from Pyongyang to Seattle
 * is framed across the Pacific, not across Europe. Undefined for no points. A display rule, no physics.
 */
export function raidFrame(points: ReadonlyArray<{ latitude: number; longitude: number }>, pad = 0.1, minPad = 0.05): Frame | undefined {
  if (points.length === 0) return undefined;
  const lons = points.map((p) => (((p.longitude % TWO_PI) + TWO_PI + Math.PI) % TWO_PI) - Math.PI).sort((a, b) => a - b);
  // the widest gap between neighbours, the wrap-around gap included
  let gap = lons[0] + TWO_PI - lons[lons.length - 1],
    west = lons[0],
    east = lons[lons.length - 1];
  for (let i = 1; i < lons.length; i++) {
    const g = lons[i] - lons[i - 1];
    if (g > gap) {
      gap = g;
      west = lons[i];
      east = lons[i - 1];
    }
  }
  const width = TWO_PI - gap;
  const south = Math.min(...points.map((p) => p.latitude)),
    north = Math.max(...points.map((p) => p.latitude));
  const padLon = Math.max(minPad, pad * width),
    padLat = Math.max(minPad, pad * (north - south));
  const wrap = (x: number) => ((((x + Math.PI) % TWO_PI) + TWO_PI) % TWO_PI) - Math.PI;
  if (width + 2 * padLon >= TWO_PI)
    return { west: -Math.PI, east: Math.PI, south: Math.max(-Math.PI / 2, south - padLat), north: Math.min(Math.PI / 2, north + padLat) };
  return {
    west: wrap(west - padLon),
    east: wrap(east + padLon),
    south: Math.max(-Math.PI / 2, south - padLat),
    north: Math.min(Math.PI / 2, north + padLat),
  };
}
