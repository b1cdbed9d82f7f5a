import type { DecisionOutcome, DecisionRequest } from './approvals.ts';
import type { AuditKind } from './audit-log.ts';
import type { PositionReport, ServerMessageBody } from '@golden-dome/core/protocol';
import { type ClientMessage, MAX_CLIENT_MESSAGE_BYTES, parseClientMessage } from './client-messages.ts';
import type { NationView } from './nation-view.ts';
import type { StoredTrial } from './trial-store.ts';
import { roleAtLeast, type User } from './users.ts';
import type { WallClock } from './wall-clock.ts';

/**
 * WebSocket close codes: RFC 6455, 7.4.1, and the private range 4000-4999 for this server's own
 * (4401 the token expired, 4429 a per-user cap), as documented in docs/websocket-protocol.md.
 */
export const CLOSE = {
  policyViolation: 1008,
  tooBig: 1009,
  unsupportedData: 1003,
  tryAgainLater: 1013,
  goingAway: 1001,
  tokenExpired: 4401,
  tooMany: 4429,
} as const;

/** The display rate: positions (and clock advance) every TICK_MS of wall time. */
export const TICK_MS = 250;
/** `clock` at least this often [ms of wall time]. */
export const CLOCK_EVERY_MS = 1000;
/** Rate limit per connection: RATE_PER_S messages a second, bursts up to RATE_BURST. */
export const RATE_PER_S = 20;
export const RATE_BURST = 40;
/** A client that does not read: beyond this many bytes queued, the connection is closed (1013). */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A client closed for not reading cannot read the close either: its connection is dropped this long after. */
export const SLOW_CLIENT_GRACE_MS = 1000;
/** `watch` at most once per this interval per connection: later ones wait, the newest replacing older (coalesced). */
export const WATCH_INTERVAL_MS = 1000;
export const DEFAULT_SPEED = 10;

export interface SocketLike {
  send(text: string): void;
  close(code: number, reason: string): void;
  /** Drops the connection at once (no closing handshake). */
  terminate(): void;
  readonly bufferedAmount: number;
}

/** A refusal with its own close code (a cap: 4429), thrown by the host's openTrial. */
export class SessionRefusal extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

/** What a session needs from the server. */
export interface SessionHost {
  clock: WallClock;
  /**
   * The trial a `watch` asks for (the server computes it on the trial pool: a promise); throws or
   * rejects with an Error whose message the client may read (a SessionRefusal for a cap).
   */
  openTrial(user: User, watch: Extract<ClientMessage, { type: 'watch' }>): StoredTrial | Promise<StoredTrial>;
  view(trial: StoredTrial, nation: string): NationView;
  /** The scene as `nation`'s users may see it. */
  scene(trial: StoredTrial, nation: string): { start: number; end: number; assetsJson: string };
  decide(user: User, request: DecisionRequest): DecisionOutcome | Promise<DecisionOutcome>;
  /** Tells `session` (its `revised`) when the trial's log is computed again after a decision, until the returned function is called. */
  follow?(trial: StoredTrial, session: LiveSession): () => void;
  /** Bytes queued for a client beyond which it is closed as too slow (default MAX_BUFFERED_BYTES). */
  maxBufferedBytes?: number;
  /** A refused message or a connection closed for its client's behaviour, to audit. */
  onRefused?(user: User, refusal: { kind: AuditKind; code: number; reason: string; message?: string }): void;
  /** The client's address (for decisions' audit entries). */
  ip?: string;
  /** Objects from outside the trial (DIS in), where they are now: sent with every positions, to every nation. */
  external?(): PositionReport[];
}

interface Watching {
  trial: StoredTrial;
  view: NationView;
  start: number;
  end: number;
  t: number;
  speed: number;
  playing: boolean;
  /** Events of view.events sent so far (the next to send). */
  next: number;
  lastWall: number;
}

/**
 * One WebSocket connection's picture (docs/websocket-protocol.md): its user and nation, the trial it
 * watches and its clock. Transport-agnostic: it reads text frames through `receive` and writes through
 * a SocketLike. Everything it sends is the nation's (NationView). Any bad message ends the session
 * with an `error` and a close code; nothing a client sends can throw out of `receive`.
 */
export class LiveSession {
  private seq = 0;
  private watching: Watching | undefined;
  private stopTicking: (() => void) | undefined;
  private lastClockWall = -Infinity;
  private tokens = RATE_BURST;
  private tokensAt: number;
  private closed = false;
  private lastWatchAt = -Infinity;
  private pendingWatch: Extract<ClientMessage, { type: 'watch' }> | undefined;
  private stopPending: (() => void) | undefined;
  private stopFollowing: (() => void) | undefined;
  /** Messages wait here while an earlier one waits for the trial pool (a watch, a decision): handled in order. */
  private readonly backlog: Array<() => void | Promise<void>> = [];
  private busy = false;

  constructor(
    private readonly socket: SocketLike,
    readonly user: User,
    readonly demo: boolean,
    private readonly host: SessionHost,
  ) {
    this.tokensAt = host.clock.now();
    this.send({ type: 'hello', user: user.id, nation: user.nation, role: user.role, demo });
  }

  /** Sent messages so far (the last `seq`). */
  get sent(): number {
    return this.seq;
  }

  receive(data: Buffer | string, isBinary: boolean): void {
    if (this.closed) return;
    try {
      if (!this.withinRate())
        return this.fail(CLOSE.policyViolation, `rate limit: at most ${RATE_PER_S} messages a second (bursts of ${RATE_BURST})`);
      if (isBinary) return this.fail(CLOSE.unsupportedData, 'binary frames are not accepted: send JSON text');
      const size = typeof data === 'string' ? Buffer.byteLength(data) : data.length;
      if (size > MAX_CLIENT_MESSAGE_BYTES)
        return this.fail(CLOSE.tooBig, `message of ${size} bytes: the limit is ${MAX_CLIENT_MESSAGE_BYTES}`);
      const msg = parseClientMessage(data.toString());
      if (typeof msg === 'string') return this.fail(CLOSE.policyViolation, msg);
      this.enqueue(() => this.handle(msg));
    } catch (e) {
      // nothing a client sends may take the server down: an unexpected failure ends this session only
      this.fail(CLOSE.policyViolation, `could not handle the message: ${(e as Error).message}`);
    }
  }

  /**
   * Handles messages in the order they came: one that waits for the trial pool (a watch, a decision)
   * holds those after it (at most the rate limit's burst) until it is done. A step that does not wait
   * runs at once.
   */
  private enqueue(step: () => void | Promise<void>): void {
    this.backlog.push(step);
    this.drain();
  }

  private drain(): void {
    while (!this.busy && !this.closed && this.backlog.length > 0) {
      const next = this.backlog.shift() as () => void | Promise<void>;
      let r: void | Promise<void>;
      try {
        r = next();
      } catch (e) {
        this.fail(CLOSE.policyViolation, `could not handle the message: ${(e as Error).message}`);
        return;
      }
      if (r instanceof Promise) {
        this.busy = true;
        r.catch((e: unknown) => this.fail(CLOSE.goingAway, `internal error: ${(e as Error).message}`, false)).finally(() => {
          this.busy = false;
          this.drain();
        });
      }
    }
  }

  /** The socket closed (by either side): stop the clock. */
  dispose(): void {
    this.closed = true;
    this.stopTicking?.();
    this.stopTicking = undefined;
    this.stopPending?.();
    this.stopPending = undefined;
    this.pendingWatch = undefined;
    this.stopFollowing?.();
    this.stopFollowing = undefined;
  }

  /** The scenario time this connection's clock shows in `trial`, or undefined when it does not watch it. */
  liveTime(trial: StoredTrial): number | undefined {
    const w = this.watching;
    if (!w || w.trial !== trial || this.closed) return undefined;
    this.advance(w);
    return w.t;
  }

  /**
   * The trial's log was computed again after a decision taken at scenario time `from` (identical before
   * it). The events this connection received that are still the same are kept; when some of those it
   * received are no longer the log's, it is told to forget them (`revise`, with how many to keep) and
   * receives the new ones up to its clock.
   */
  revised(trial: StoredTrial, from: number): void {
    const w = this.watching;
    if (!w || w.trial !== trial || this.closed) return;
    try {
      const old = w.view.events;
      w.view = this.host.view(trial, this.user.nation);
      const now = w.view.events;
      let keep = 0;
      while (keep < w.next && keep < now.length && JSON.stringify(old[keep]) === JSON.stringify(now[keep])) keep++;
      const last = now.at(-1);
      if (last && last.t + 60 > w.end) w.end = last.t + 60;
      if (keep < w.next) {
        this.send({ type: 'revise', t: from, keep });
        w.next = keep;
      }
      this.flushEvents(w);
      this.sendPositions(w);
    } catch (e) {
      this.fail(CLOSE.goingAway, `internal error: ${(e as Error).message}`, false);
    }
  }

  /** The connection's token expired: an error, then close 4401 (not audited: nobody did anything wrong). */
  expire(message: string): void {
    this.fail(CLOSE.tokenExpired, message, false);
  }

  private withinRate(): boolean {
    const now = this.host.clock.now();
    this.tokens = Math.min(RATE_BURST, this.tokens + ((now - this.tokensAt) / 1000) * RATE_PER_S);
    this.tokensAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  private handle(msg: ClientMessage): void | Promise<void> {
    if (msg.type === 'watch') return this.requestWatch(msg);
    const w = this.watching;
    if (!w) return this.fail(CLOSE.policyViolation, `'${msg.type}' before any 'watch'`);
    switch (msg.type) {
      case 'play':
        this.advance(w);
        w.playing = w.t < w.end;
        break;
      case 'pause':
        this.advance(w);
        w.playing = false;
        break;
      case 'speed':
        this.advance(w);
        w.speed = msg.value;
        break;
      case 'seek':
        w.t = Math.min(w.end, Math.max(w.start, msg.t));
        w.lastWall = this.host.clock.now();
        w.next = 0;
        this.send({ type: 'reset' });
        this.flushEvents(w);
        this.sendPositions(w);
        break;
      case 'decide':
        return this.decide(w, msg);
    }
    this.sendClock(w);
  }

  /**
   * A `watch` is served at once when the last was served (and done: its trial and views computed on
   * the pool) WATCH_INTERVAL_MS ago or more; otherwise it waits for the interval to end, and a newer
   * `watch` meanwhile replaces it: 40 `watch` in a burst cost two trials at most, not forty, however
   * long the pool takes with the first (the others wait behind it in the socket's queue).
   */
  private requestWatch(msg: Extract<ClientMessage, { type: 'watch' }>): void | Promise<void> {
    const wait = this.lastWatchAt + WATCH_INTERVAL_MS - this.host.clock.now();
    if (wait <= 0 && !this.pendingWatch) {
      this.lastWatchAt = this.host.clock.now();
      return this.servedWatch(msg);
    }
    this.pendingWatch = msg;
    this.stopPending ??= this.host.clock.every(Math.max(1, wait), () => {
      this.stopPending?.();
      this.stopPending = undefined;
      const next = this.pendingWatch;
      this.pendingWatch = undefined;
      if (!next || this.closed) return;
      this.lastWatchAt = this.host.clock.now();
      this.enqueue(() => this.servedWatch(next));
    });
  }

  /** Serves a watch; the interval to the next starts again when it is done. */
  private servedWatch(msg: Extract<ClientMessage, { type: 'watch' }>): void | Promise<void> {
    const served = this.watch(msg);
    if (!(served instanceof Promise)) return served;
    return served.finally(() => {
      this.lastWatchAt = this.host.clock.now();
    });
  }

  private watch(msg: Extract<ClientMessage, { type: 'watch' }>): void | Promise<void> {
    const refused = (e: unknown) =>
      this.fail(e instanceof SessionRefusal ? e.code : CLOSE.policyViolation, (e as Error).message, {
        kind: e instanceof SessionRefusal ? 'forbidden' : 'socket',
        message: 'watch',
      });
    let opened: StoredTrial | Promise<StoredTrial>;
    try {
      opened = this.host.openTrial(this.user, msg);
    } catch (e) {
      return refused(e);
    }
    if (opened instanceof Promise) return opened.then((trial) => this.show(trial, msg), refused);
    this.show(opened, msg);
  }

  private show(trial: StoredTrial, msg: Extract<ClientMessage, { type: 'watch' }>): void {
    if (this.closed) return;
    const scene = this.host.scene(trial, this.user.nation);
    const view = this.host.view(trial, this.user.nation);
    const w: Watching = {
      trial,
      view,
      start: scene.start,
      end: scene.end,
      t: scene.start,
      speed: msg.speed ?? DEFAULT_SPEED,
      playing: msg.playing ?? true,
      next: 0,
      lastWall: this.host.clock.now(),
    };
    this.watching = w;
    this.stopFollowing?.();
    this.stopFollowing = this.host.follow?.(trial, this);
    // the timeout rule, when this nation's commanders decide live in the trial
    const command = trial.command?.nations.includes(this.user.nation)
      ? { command: { timeoutS: trial.command.timeout.after, onTimeout: trial.command.timeout.then } }
      : {};
    const head = JSON.stringify({
      type: 'scene',
      trial: trial.id,
      scenario: trial.scenario,
      seed: trial.seed,
      nation: this.user.nation,
      epochMs: trial.world.epochMs,
      start: scene.start,
      end: scene.end,
      ...command,
    });
    this.sendRaw(`${head.slice(0, -1)},"assets":${scene.assetsJson}`);
    this.send({ type: 'reset' });
    this.flushEvents(w);
    this.sendPositions(w);
    this.sendClock(w);
    this.stopTicking ??= this.host.clock.every(TICK_MS, () => this.tick());
  }

  private decide(w: Watching, msg: Extract<ClientMessage, { type: 'decide' }>): void | Promise<void> {
    if (!roleAtLeast(this.user.role, 'commander'))
      return this.fail(CLOSE.policyViolation, `${this.user.id} is a ${this.user.role} of ${this.user.nation}; 'decide' needs a commander`, {
        kind: 'forbidden',
        message: 'decide',
      });
    let engagement: { weapon: string; object: string };
    if (typeof msg.assign === 'number') {
      const e = msg.assign < w.next ? w.view.events[msg.assign] : undefined;
      if (!e || (e.type !== 'assign' && e.type !== 'consent'))
        return this.fail(CLOSE.policyViolation, `event ${msg.assign} of this stream is not an 'assign' or a 'consent' received so far`, {
          kind: 'decision',
          message: 'decide',
        });
      engagement = e;
    } else {
      engagement = msg.assign;
    }
    const { weapon, object } = engagement;
    // taken at this connection's clock: what its commander sees
    this.advance(w);
    const outcome = this.host.decide(this.user, {
      trial: w.trial,
      weapon,
      object,
      decision: msg.decision,
      via: 'websocket',
      t: w.t,
      ...(msg.note !== undefined ? { note: msg.note } : {}),
      ...(this.host.ip !== undefined ? { ip: this.host.ip } : {}),
    });
    const answer = (o: DecisionOutcome): void => {
      // audited by decide
      if (o.status !== 201) return this.fail(CLOSE.policyViolation, o.message, false);
      this.send({ type: 'decision', entry: { ...o.entry }, decision: o.decision });
    };
    if (outcome instanceof Promise) return outcome.then(answer);
    answer(outcome);
  }

  private tick(): void {
    const w = this.watching;
    if (!w || this.closed) return;
    try {
      const wasPlaying = w.playing;
      this.advance(w);
      if (wasPlaying) {
        this.flushEvents(w);
        this.sendPositions(w);
      } else if (this.host.external) {
        // external objects move on the wall clock, paused or not
        this.sendPositions(w);
      }
      if (this.host.clock.now() - this.lastClockWall >= CLOCK_EVERY_MS || wasPlaying !== w.playing) this.sendClock(w);
    } catch (e) {
      this.fail(CLOSE.goingAway, `internal error: ${(e as Error).message}`, false);
    }
  }

  /** Moves the scenario clock to the wall clock's now; stops at the end. */
  private advance(w: Watching): void {
    const now = this.host.clock.now();
    if (w.playing) {
      w.t = Math.min(w.end, w.t + (w.speed * (now - w.lastWall)) / 1000);
      if (w.t >= w.end) w.playing = false;
    }
    w.lastWall = now;
  }

  private flushEvents(w: Watching): void {
    const from = w.next;
    const events = w.view.events;
    while (w.next < events.length && events[w.next].t <= w.t) w.next++;
    if (w.next > from) this.send({ type: 'events', events: events.slice(from, w.next) });
  }

  private sendPositions(w: Watching): void {
    const external = this.host.external?.() ?? [];
    this.send({
      type: 'positions',
      t: w.t,
      objects: external.length > 0 ? [...w.view.positionsAt(w.t), ...external] : w.view.positionsAt(w.t),
    });
  }

  private sendClock(w: Watching): void {
    this.lastClockWall = this.host.clock.now();
    this.send({ type: 'clock', t: w.t, speed: w.speed, playing: w.playing });
  }

  private send(message: ServerMessageBody): void {
    this.sendRaw(JSON.stringify(message).slice(0, -1));
  }

  /** Sends a JSON object given without its closing brace (`{"type":...`), stamped with seq and sentMs. */
  private sendRaw(open: string): void {
    if (this.closed) return;
    const max = this.host.maxBufferedBytes ?? MAX_BUFFERED_BYTES;
    if (this.socket.bufferedAmount > max) {
      const reason = `client too slow: more than ${max} bytes not read`;
      this.host.onRefused?.(this.user, { kind: 'socket', code: CLOSE.tryAgainLater, reason });
      this.dispose();
      this.socket.close(CLOSE.tryAgainLater, reason);
      // the close frame waits behind what the client does not read: drop the connection soon after
      const stop = this.host.clock.every(SLOW_CLIENT_GRACE_MS, () => {
        stop();
        this.socket.terminate();
      });
      return;
    }
    this.seq += 1;
    this.socket.send(`${open}${open.length > 1 ? ',' : ''}"seq":${this.seq},"sentMs":${this.host.clock.now().toFixed(3)}}`);
  }

  /** Sends `error`, closes with `code`, and audits it (as `audit` says; false: not audited here). */
  private fail(code: number, message: string, audit: { kind: AuditKind; message?: string } | false = { kind: 'socket' }): void {
    if (this.closed) return;
    if (audit) this.host.onRefused?.(this.user, { ...audit, code, reason: message });
    this.send({ type: 'error', message });
    this.dispose();
    // a close reason is at most 123 bytes (RFC 6455, 5.5)
    this.socket.close(
      code,
      Buffer.from(message)
        .subarray(0, 120)
        .toString('utf8')
        .replace(/\uFFFD$/, ''),
    );
  }
}
