/**
 * A city's marker size [px]: 6 px plus 3 px per square root of millions of people (so the marker's
 * area grows with the population), capped at 26 px; 6 px when the population is unknown.
 */
export function citySize(population: number | null): number {
  if (population === null || !(population > 0)) return 6;
  return Math.min(26, 6 + 3 * Math.sqrt(population / 1e6));
}
