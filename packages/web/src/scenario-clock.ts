import { ClockRange, ClockStep, JulianDate, type Viewer } from 'cesium';

/**
 * Keeps Cesium's clock on the server's scenario clock: the server owns time (it advances `t` by
 * speed × wall seconds and reports it); between its reports Cesium advances at the same multiplier so
 * that entities interpolate smoothly, and every report snaps the clock back to the server's `t`.
 */
export class ScenarioClock {
  private epoch = JulianDate.now();
  t = 0;
  speed = 1;
  playing = false;
  start = 0;
  end = 0;

  constructor(private readonly viewer: Viewer) {
    viewer.clock.clockStep = ClockStep.SYSTEM_CLOCK_MULTIPLIER;
    viewer.clock.clockRange = ClockRange.CLAMPED;
    viewer.clock.shouldAnimate = false;
  }

  /** A new scene: scenario seconds are counted from epochMs. */
  setScene(epochMs: number, start: number, end: number): void {
    this.epoch = JulianDate.fromDate(new Date(epochMs));
    this.start = start;
    this.end = end;
    this.viewer.clock.startTime = this.julian(start);
    this.viewer.clock.stopTime = this.julian(end);
    this.update(start, this.speed, false);
  }

  /** A clock report from the server. */
  update(t: number, speed: number, playing: boolean): void {
    this.t = t;
    this.speed = speed;
    this.playing = playing;
    const clock = this.viewer.clock;
    clock.currentTime = this.julian(t);
    clock.multiplier = speed;
    clock.shouldAnimate = playing;
  }

  /** Scenario seconds as Cesium time. */
  julian(t: number): JulianDate {
    return JulianDate.addSeconds(this.epoch, t, new JulianDate());
  }

  /** The scenario time Cesium is drawing now (between server reports). */
  now(): number {
    return JulianDate.secondsDifference(this.viewer.clock.currentTime, this.epoch);
  }
}
