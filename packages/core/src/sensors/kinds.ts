import type { SensorKind } from './kind.ts';
import { othKind } from './oth/oth-kind.ts';
import { radarKind } from './radar/radar-kind.ts';
import { spaceIrKind } from './space-ir/space-ir-kind.ts';

/**
 * The sensor kinds the engine looks through, in the order it loops over them in each phase of a trial (the
 * order is part of the log: on truth tracks the line-of-sight then OTH looks draw from the trial's main stream;
 * a tracker numbers its sensors kind by kind).
 */
export const SENSOR_KINDS: readonly SensorKind[] = [radarKind, othKind, spaceIrKind];
