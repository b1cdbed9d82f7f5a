/**
 * What a report is made of: everything the HTML report shows, already reduced from the event logs
 * of a campaign (or a sweep). Degrees and kilometres here: this is an edge (../../../docs/architecture.md).
 */
/** The steps of an engagement timeline, in the order its legend lists them. */
export const ENGAGEMENT_STEPS = [
  'detection',
  'assignment',
  'shot',
  'intercept: hit',
  'intercept: miss',
  'kill assessment',
  'impact',
] as const;
export type EngagementStep = (typeof ENGAGEMENT_STEPS)[number];

export interface ReportInput {
  title: string;
  generatedAt: string; // ISO
  scenario: { name: string; summary: string; sources: string[]; epoch: string; text?: string /* the scenario file */ };
  headline: string[]; // 2-4 sentences a decision-maker reads in a minute
  metrics: Array<{ id: string; label: string; value: number; low?: number; high?: number; unit?: string; note?: string }>;
  /** Per layer (asset class), means per trial: interceptors fired, and objects it destroyed, warheads and decoys counted apart. */
  perLayer: Array<{ layer: string; shots: number; warheadKills: number; decoyKills: number }>;
  /** Warheads that leaked in each trial (in seed order): the report's histogram. */
  leakersPerTrial?: number[];
  /** The main metric as trials accumulate (seed order): its running estimate and 95 % interval after n trials. */
  convergence?: { label: string; unit?: string; points: Array<{ trials: number; value: number; low: number; high: number }> };
  interceptors: Array<{ weapon: string; owner: string; fired: number; unitCostUsd?: number }>;
  timelines?: Array<{ label: string; seconds: number; low?: number; high?: number }>;
  curves?: Array<{
    title: string;
    xLabel: string;
    yLabel: string;
    series: Array<{ name: string; points: Array<[number, number]>; low?: number[]; high?: number[] }>;
  }>;
  /** A grid sweep's metric over two varied fields: one cell per combination, with its 95 % interval. */
  heatmaps?: Array<{
    title: string;
    xLabel: string;
    yLabel: string;
    colorLabel: string;
    cells: Array<{ x: string; y: string; value: number; low?: number; high?: number; unit?: string }>;
    /** Category order along each axis (default: as the cells first name them). */
    xOrder?: string[];
    yOrder?: string[];
  }>;
  /**
   * One representative trial's engagement, read from its event log (in the report's view): per threat
   * object, when it was first detected by each sensor, assigned, shot at, intercepted (hit or miss),
   * assessed, and when it impacted; seconds from the raid's first launch.
   */
  engagement?: { seed: number; why: string; events: Array<{ t: number; object: string; what: EngagementStep }> };
  /** A comparison (dome compare): per metric, A, B and the paired difference B − A, in display units (%, pp). */
  comparison?: {
    nameA: string;
    nameB: string;
    rows: Array<{
      id: string;
      metric: string;
      unit?: string;
      diffUnit?: string;
      a: { value: number; low: number; high: number };
      b: { value: number; low: number; high: number };
      diff: { value: number; low: number; high: number };
      intervalsOverlap: boolean | null;
    }>;
  };
  map: {
    trajectories: Array<{ id: string; kind: 'warhead' | 'decoy' | 'interceptor'; points: Array<[number, number]> /* [latDeg, lonDeg] */ }>;
    /**
     * Defended cities: P(struck) by at least one warhead over the trials, with its 95 % interval and counts
     * where a campaign measured it (the partner study's map gives the worst option's probability only).
     */
    cities: Array<{
      name: string;
      latDeg: number;
      lonDeg: number;
      probabilityHit: number;
      nation?: string;
      value?: number;
      low?: number;
      high?: number;
      trialsStruck?: number;
      trials?: number;
    }>;
    sensors: Array<{ id: string; latDeg: number; lonDeg: number; rangeKm?: number; owner?: string }>;
    batteries: Array<{ id: string; latDeg: number; lonDeg: number; owner?: string }>;
  };
  assumptions: Array<{ item: string; value: string; source: string }>;
  trialsCsvName?: string; // a sibling CSV the report links to
}
