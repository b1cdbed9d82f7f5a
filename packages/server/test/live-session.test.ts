import { describe, expect, it } from 'vitest';
import type { DecisionOutcome } from '../src/approvals.ts';
import { CLOSE, LiveSession, type SessionHost, type SocketLike, SLOW_CLIENT_GRACE_MS, WATCH_INTERVAL_MS } from '../src/live-session.ts';
import { TrialStore } from '../src/trial-store.ts';
import { ManualClock } from '../src/wall-clock.ts';
import { testWorlds } from './fixture.ts';

/** A socket that records what is sent and whose unread bytes the test sets. */
class FakeSocket implements SocketLike {
  sent: Array<Record<string, unknown>> = [];
  closed: { code: number; reason: string } | undefined;
  terminated = false;
  bufferedAmount = 0;
  send(text: string): void {
    this.sent.push(JSON.parse(text) as Record<string, unknown>);
  }
  close(code: number, reason: string): void {
    this.closed = { code, reason };
  }
  terminate(): void {
    this.terminated = true;
  }
  of(type: string) {
    return this.sent.filter((m) => m.type === type);
  }
}

/** Lets the trials being computed (the host's openTrial is asynchronous, as the server's) arrive. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function session(options: Partial<SessionHost> = {}) {
  const clock = new ManualClock();
  const store = new TrialStore(100);
  const world = testWorlds().withheld;
  const opened: number[] = [];
  const refused: Array<{ code: number; reason: string }> = [];
  const host: SessionHost = {
    clock,
    openTrial: (user, watch) => {
      opened.push(watch.seed ?? -1);
      return store.liveTrial('withheld', world, watch.seed ?? 1, user);
    },
    view: (trial, nation) => store.view(trial, nation),
    scene: (trial, nation) => store.scene(trial, nation),
    decide: (): DecisionOutcome => ({ status: 403, message: 'no' }),
    onRefused: (_u, r) => refused.push(r),
    ...options,
  };
  const socket = new FakeSocket();
  const s = new LiveSession(socket, { id: 'u', nation: 'US', role: 'viewer' }, false, host);
  const send = (m: object) => s.receive(JSON.stringify(m), false);
  return { clock, socket, s, send, opened, refused };
}

describe('a live session under an adversarial client', () => {
  it(`serves at most one 'watch' per ${WATCH_INTERVAL_MS} ms: 40 in a burst run 2 trials (the first and the newest), not 40`, async () => {
    const { clock, socket, send, opened } = session();
    for (let seed = 1; seed <= 40; seed++) send({ type: 'watch', scenario: 'withheld', seed, playing: false });
    expect(opened).toEqual([1]);
    await settle();
    expect(socket.of('scene')).toHaveLength(1);
    clock.advance(WATCH_INTERVAL_MS);
    expect(opened).toEqual([1, 40]);
    await settle();
    expect(socket.of('scene').map((m) => m.seed)).toEqual([1, 40]);
    clock.advance(10 * WATCH_INTERVAL_MS);
    expect(opened).toEqual([1, 40]);
    expect(socket.closed).toBeUndefined();
    // later, a watch is served at once again
    send({ type: 'watch', scenario: 'withheld', seed: 41, playing: false });
    await settle();
    expect(opened).toEqual([1, 40, 41]);
  });

  it('coalesces a burst of watch behind a first one the pool takes longer than the interval to serve: 2 trials, not 40', async () => {
    let release = () => {};
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const store = new TrialStore(100);
    const world = testWorlds().withheld;
    const seeds: number[] = [];
    const { clock, socket, send } = session({
      openTrial: async (user, watch) => {
        seeds.push(watch.seed ?? -1);
        if (seeds.length === 1) await gate;
        return store.liveTrial('withheld', world, watch.seed ?? 1, user);
      },
    });
    for (let seed = 1; seed <= 40; seed++) send({ type: 'watch', scenario: 'withheld', seed, playing: false });
    // the first watch's trial takes 3 intervals; the 39 others wait behind it in the socket's queue
    clock.advance(3 * WATCH_INTERVAL_MS);
    release();
    await settle();
    await settle();
    expect(seeds).toEqual([1]);
    clock.advance(WATCH_INTERVAL_MS);
    await settle();
    expect(seeds).toEqual([1, 40]);
    expect(socket.of('scene').map((m) => m.seed)).toEqual([1, 40]);
  });

  it('closes a client that does not read (1013) once its unread bytes pass the bound, drops it after the grace, and audits it', async () => {
    const { clock, socket, send, refused } = session({ maxBufferedBytes: 1000 });
    send({ type: 'watch', scenario: 'withheld', seed: 1, speed: 1000 });
    await settle();
    const before = socket.sent.length;
    socket.bufferedAmount = 1001;
    clock.advance(250);
    expect(socket.sent.length).toBe(before);
    expect(socket.closed).toEqual({ code: CLOSE.tryAgainLater, reason: 'client too slow: more than 1000 bytes not read' });
    expect(refused).toEqual([expect.objectContaining({ code: 1013, kind: 'socket' })]);
    expect(socket.terminated).toBe(false);
    clock.advance(SLOW_CLIENT_GRACE_MS);
    expect(socket.terminated).toBe(true);
    // and nothing more is queued for it
    clock.advance(10_000);
    expect(socket.sent.length).toBe(before);
  });

  it('closes with 4401 when told its token expired, without auditing it as a refusal', () => {
    const { socket, s, refused } = session();
    s.expire('token expired at …');
    expect(socket.closed?.code).toBe(CLOSE.tokenExpired);
    expect(socket.of('error')[0].message).toBe('token expired at …');
    expect(refused).toEqual([]);
  });

  it("audits a viewer's 'decide' as forbidden (sent before its watch is computed: handled after it, in order)", async () => {
    const { socket, send, refused } = session();
    send({ type: 'watch', scenario: 'withheld', seed: 1, playing: false });
    send({ type: 'decide', assign: 0, decision: 'approve' });
    await settle();
    expect(socket.closed?.code).toBe(1008);
    expect(refused).toEqual([
      expect.objectContaining({ kind: 'forbidden', message: 'decide', reason: expect.stringMatching(/needs a commander/) }),
    ]);
  });
});
