import type { EventDetector, EventHandler, EventOccurrence } from './ode.ts';

/** Evaluates y(t) inside the last step into out (dense output). */
export type DenseOutput = (t: number, out: Float64Array) => void;

const ROOT_TIME_TOLERANCE = 1e-9; // s: far below any timing that matters to a flight

/**
 * Tracks the sign of each event function across accepted steps and locates crossings on the
 * step's dense output by the Illinois variant of regula falsi (superlinear, bracketing, no
 * derivative; Dowell & Jarratt 1971). Allocation-free apart from reporting an occurrence.
 */
export class EventLocator {
  private readonly gPrev: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    private readonly detectors: readonly EventDetector[],
    dimension: number,
  ) {
    this.gPrev = new Float64Array(detectors.length);
    this.scratch = new Float64Array(dimension);
  }

  get count(): number {
    return this.detectors.length;
  }

  start(t: number, y: Float64Array): void {
    for (let i = 0; i < this.detectors.length; i++) this.gPrev[i] = this.detectors[i].g(t, y);
  }

  /**
   * Checks the step [t0, t1] ending in y1. Returns the earliest terminal occurrence (or null);
   * pushes every occurrence up to and including it into `found`. When a terminal event is found,
   * y1 is overwritten with the state at the event.
   */
  check(
    t0: number,
    t1: number,
    y1: Float64Array,
    dense: DenseOutput,
    found: EventOccurrence[],
    onEvent?: EventHandler,
  ): EventOccurrence | null {
    const n = this.detectors.length;
    if (n === 0) return null;
    let hits: EventOccurrence[] | null = null;
    for (let i = 0; i < n; i++) {
      const d = this.detectors[i];
      const ga = this.gPrev[i];
      const gb = d.g(t1, y1);
      this.gPrev[i] = gb;
      const dir = d.direction ?? 0;
      const rising = ga < 0 && gb >= 0;
      const falling = ga > 0 && gb <= 0;
      if (!((rising && dir >= 0) || (falling && dir <= 0))) continue;
      const tr = gb === 0 ? t1 : this.locate(d, t0, t1, ga, gb, dense);
      (hits ??= []).push({ name: d.name, t: tr, index: i });
    }
    if (hits === null) return null;
    hits.sort((a, b) => a.t - b.t);
    let terminal: EventOccurrence | null = null;
    for (const h of hits) {
      found.push(h);
      if (onEvent) {
        if (h.t < t1) dense(h.t, this.scratch);
        else this.scratch.set(y1);
        onEvent(h, this.scratch);
      }
      if (this.detectors[h.index].terminal) {
        terminal = h;
        break;
      }
    }
    if (terminal && terminal.t < t1) dense(terminal.t, y1);
    return terminal;
  }

  private locate(d: EventDetector, a: number, b: number, ga: number, gb: number, dense: DenseOutput): number {
    const y = this.scratch;
    let side = 0;
    for (let iter = 0; iter < 100 && b - a > ROOT_TIME_TOLERANCE; iter++) {
      const c = (a * gb - b * ga) / (gb - ga);
      dense(c, y);
      const gc = d.g(c, y);
      if (gc === 0) return c;
      if (gc > 0 === gb > 0) {
        b = c;
        gb = gc;
        if (side === -1) ga *= 0.5;
        side = -1;
      } else {
        a = c;
        ga = gc;
        if (side === 1) gb *= 0.5;
        side = 1;
      }
    }
    // The crossing lies in [a, b]; report the end at or past it so the event has happened there.
    return b;
  }
}
