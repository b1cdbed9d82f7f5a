import type { NationCode } from '@golden-dome/core';
import { DIS_DEFAULTS, type DisEntityKind, type DisIds, DisStream, type TimedPdu } from './dis/stream.ts';
import { NationView } from './nation-view.ts';
import { sceneSpan } from './scene.ts';
import type { StoredTrial } from './trial-store.ts';
import type { WallClock } from './wall-clock.ts';

/** `dome serve --dis`: where the live trials' PDUs go, and as which nation. */
export interface DisLiveOptions extends DisIds {
  nation: NationCode;
  /** Sends one PDU (a DisSender's send; tests collect them). */
  send(pdu: Buffer): Promise<void> | void;
  /** Trials followed at once (default 16): each is its own application, `application + k`. */
  maxTrials?: number;
}

/** Wall milliseconds between the feed's steps (the picture's own tick). */
export const DIS_TICK_MS = 250;

interface Followed {
  trial: StoredTrial;
  /** The log the stream was made from (a decision replaces the trial's log: the stream is made again). */
  log: StoredTrial['events'];
  stream: DisStream;
  application: number;
  lastHeartbeat: number;
  lastStationary: number;
}

const MOVING: ReadonlySet<DisEntityKind> = new Set(['satellite', 'threat', 'interceptor', 'fighter']);
const STATIONARY: ReadonlySet<DisEntityKind> = new Set(['battery']);

/**
 * The server's live trials as DIS, for one nation: every DIS_TICK_MS, each trial that a connection of
 * the nation watches is played to the nation's live time in it (the furthest clock of its connections,
 * as a REST decision is timed) through that nation's DisStream (its view of the log, as its picture).
 * The heartbeat is the standard's, in wall time: every live entity again every 5 s (a battery every
 * 60 s), paused or not. A seek back, or a log revised by a commander's decision, makes the stream again
 * and sends the picture at the new time. Nothing is sent for a trial nobody of the nation watches.
 */
export class DisLiveFeed {
  private readonly followed = new Map<string, Followed>();
  private readonly applications = new Map<string, number>();
  private stop: (() => void) | undefined;
  private sending: Promise<void> = Promise.resolve();
  sent = 0;
  failures = 0;

  constructor(
    private readonly options: DisLiveOptions,
    private readonly clock: WallClock,
    private readonly watched: () => StoredTrial[],
    private readonly liveTime: (trial: StoredTrial, nation: NationCode) => number | undefined,
    /** The nation's view of a trial (the server's store: computed on the trial pool when the nation opened it); default: filtered here. */
    private readonly view: (trial: StoredTrial, nation: NationCode) => NationView = (trial, nation) =>
      new NationView(trial.world, nation, trial.events),
  ) {}

  start(): void {
    this.stop ??= this.clock.every(DIS_TICK_MS, () => this.tick());
  }

  close(): void {
    this.stop?.();
    this.stop = undefined;
  }

  /** One step (public for tests driven by a ManualClock). */
  tick(): void {
    const now = this.clock.now();
    const out: TimedPdu[] = [];
    for (const trial of this.watched()) {
      const t = this.liveTime(trial, this.options.nation);
      if (t === undefined) continue;
      let f = this.followed.get(trial.id);
      if (f && (f.log !== trial.events || t < f.stream.time - 1e-6)) f = this.remake(f, trial);
      if (!f) {
        const application = this.applicationFor(trial.id);
        if (application === undefined) continue;
        f = this.make(trial, application, now);
        this.followed.set(trial.id, f);
        // joining at t: the past is not replayed, the picture at t is sent
        f.stream.advance(t);
        out.push(...f.stream.snapshot());
        continue;
      }
      out.push(...f.stream.advance(t));
      if (now - f.lastHeartbeat >= DIS_DEFAULTS.heartbeatS * 1000) {
        f.lastHeartbeat = now;
        out.push(...f.stream.snapshot(MOVING));
      }
      if (now - f.lastStationary >= DIS_DEFAULTS.stationaryHeartbeatS * 1000) {
        f.lastStationary = now;
        out.push(...f.stream.snapshot(STATIONARY));
      }
    }
    if (out.length === 0) return;
    // sends keep their order; a failed send is counted, never thrown into the server
    this.sending = this.sending.then(async () => {
      for (const pdu of out) {
        try {
          await this.options.send(pdu.bytes);
          this.sent += 1;
        } catch {
          this.failures += 1;
        }
      }
    });
  }

  /** Resolves when the PDUs handed to the sender so far are sent (tests). */
  flushed(): Promise<void> {
    return this.sending;
  }

  /** A trial keeps its application while followed; beyond maxTrials the trial followed longest ago gives its own up. */
  private applicationFor(trialId: string): number | undefined {
    const known = this.applications.get(trialId);
    if (known !== undefined) return known;
    const max = Math.min(this.options.maxTrials ?? 16, 0xfffe - this.options.application + 1);
    let application = this.options.application + this.applications.size;
    if (this.applications.size >= max) {
      const [oldest, app] = this.applications.entries().next().value as [string, number];
      this.applications.delete(oldest);
      this.followed.delete(oldest);
      application = app;
    }
    this.applications.set(trialId, application);
    return application;
  }

  private make(trial: StoredTrial, application: number, now: number): Followed {
    const view = this.view(trial, this.options.nation);
    const stream = new DisStream(
      trial.world,
      view,
      {
        exercise: this.options.exercise,
        site: this.options.site,
        application,
        // heartbeats are the feed's, in wall time
        heartbeatS: Infinity,
        stationaryHeartbeatS: Infinity,
      },
      sceneSpan(trial.world, view.events),
    );
    return { trial, log: trial.events, stream, application, lastHeartbeat: now, lastStationary: now };
  }

  private remake(_f: Followed, trial: StoredTrial): undefined {
    this.followed.delete(trial.id);
    return undefined;
  }
}
