import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accelerationBound,
  earthAngle,
  type EngineEvent,
  eventsVisibleTo,
  geodeticToEcef,
  interceptorPosition,
  launchSiteEci,
  pathPosition,
  pathProblems,
  runTrial,
  SAG_M,
  toEcef,
  toEci,
  type World,
} from '@golden-dome/core';
import { loadScenario } from '../scenario/scenario-loader.ts';
import { buildWorld } from './build-world.ts';

// The engine logs every fly-out as flown (issue 16): a `flyout` after each `fire`, a `sortie` for each
// fighter's flight. Checked against the model it is sampled from (core's interceptorPosition), and the
// linear reader's error between samples against the chord-sag bound the spacing was chosen for (flyout.ts).
const DIR = join(import.meta.dirname, '../../scenarios');
const world = (name: string): World => buildWorld({ ...loadScenario(join(DIR, `${name}.yaml`)).request, tracks: 'truth' });
const salvo = world('nk-2029-salvo');
const raid = world('russia-bomber-raid');
const salvoLog = runTrial(salvo, 1);
const raidLog = runTrial(raid, 1);

type Fire = Extract<EngineEvent, { type: 'fire' }>;
type Flyout = Extract<EngineEvent, { type: 'flyout' }>;
type Intercept = Extract<EngineEvent, { type: 'intercept' }>;
const key = (e: { weapon: string; object: string; shot: number }) => `${e.weapon}|${e.object}|${e.shot}`;
const byKey = <T extends EngineEvent & { weapon: string; object: string; shot: number }>(log: EngineEvent[], type: T['type']) =>
  new Map(log.filter((e): e is T => e.type === type).map((e) => [key(e), e]));
const ecefOf = (p: { latitude: number; longitude: number; altitude: number }) => geodeticToEcef(p.latitude, p.longitude, p.altitude);
const dist = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

describe('fly-outs in the event log', () => {
  it('every fire is followed by its fly-out (same time, weapon, object, shot, owner), ending at the intercept point', () => {
    for (const log of [salvoLog, raidLog]) {
      const fires = log.filter((e): e is Fire => e.type === 'fire');
      const flyouts = byKey<Flyout>(log, 'flyout');
      const intercepts = byKey<Intercept>(log, 'intercept');
      expect(fires.length).toBeGreaterThan(0);
      expect(flyouts.size).toBe(fires.length);
      for (const f of fires) {
        const fo = flyouts.get(key(f)) as Flyout;
        expect(fo, key(f)).toBeDefined();
        expect(pathProblems(fo.path)).toEqual([]);
        expect([fo.t, fo.owner]).toEqual([f.t, f.owner]);
        const hit = intercepts.get(key(f)) as Intercept;
        // the last sample is the intercept: at its time, and its point to the metre (each component rounded: < 1 m)
        expect(f.t + fo.path[fo.path.length - 4]).toBeCloseTo(hit.t, 9);
        expect(dist(pathPosition(fo.path, Infinity), ecefOf(hit.point))).toBeLessThan(1);
      }
    }
  });

  it("a surface interceptor's samples are interceptorPosition at their times; midpoints within the chord-sag bound", () => {
    const flyouts = salvoLog.filter((e): e is Flyout => e.type === 'flyout' && salvo.batteries.some((b) => b.id === e.weapon));
    expect(flyouts.length).toBeGreaterThan(3);
    const intercepts = byKey<Intercept>(salvoLog, 'intercept');
    let worstMid = 0,
      worstEnd = 0;
    for (const fo of flyouts) {
      const b = salvo.batteries.find((x) => x.id === fo.weapon)!;
      const hit = intercepts.get(key(fo)) as Intercept;
      const launch = launchSiteEci(b.site, salvo.earth, fo.t);
      const aimEcef = ecefOf(hit.point);
      const aim = new Float64Array(3);
      toEci(earthAngle(salvo.earth, hit.t), aimEcef[0], aimEcef[1], aimEcef[2], aim);
      const ecefAt = (tau: number) => {
        const e = interceptorPosition(b.spec, launch, aim, tau);
        const out = new Float64Array(3);
        toEcef(earthAngle(salvo.earth, fo.t + tau), e[0], e[1], e[2], out);
        return out;
      };
      const n = fo.path.length / 4;
      // the last sample is the intercept point itself; the model's own end lies within fire control's
      // convergence of it: that gap adds to the last chord
      const endGap = dist(fo.path.slice(4 * (n - 1) + 1), ecefAt(fo.path[4 * (n - 1)]));
      expect(endGap).toBeLessThan(10);
      worstEnd = Math.max(worstEnd, endGap);
      for (let k = 0; k < n - 1; k++) {
        const tau = fo.path[4 * k];
        // exact: the logged sample is the model's position rounded to the metre (<= 0.5 m a component, plus the
        // aim point's round trip through the intercept event's geodetic point, sub-millimetre)
        expect(dist(fo.path.slice(4 * k + 1, 4 * k + 4), ecefAt(tau))).toBeLessThan(0.87 + 0.01);
        const next = fo.path[4 * (k + 1)];
        const dt = next - tau;
        const mid = tau + dt / 2;
        const err = dist(pathPosition(fo.path, mid), ecefAt(mid));
        const a = accelerationBound(tau < b.spec.burnTime ? b.spec.burnoutSpeed / b.spec.burnTime : 0, b.spec.burnoutSpeed);
        // the chord sag a dt^2 / 8 of flyout.ts, plus the samples' metre rounding
        const gap = k === n - 2 ? endGap : 0;
        expect(err, `${fo.weapon} ${mid} s`).toBeLessThanOrEqual((a * dt * dt) / 8 + 1 + gap);
        expect(err).toBeLessThanOrEqual(SAG_M + 1 + gap);
        worstMid = Math.max(worstMid, err);
      }
    }
    // the bound is not vacuous: the coast's 5 s chords really do sag tens of metres
    expect(worstMid).toBeGreaterThan(5);
    console.log(`fly-outs: largest midpoint error ${worstMid.toFixed(1)} m, largest model-to-intercept gap ${worstEnd.toFixed(2)} m`);
  });

  it("a fighter's flight is logged: from its base, ending where its missiles meet the target; its missiles' fly-out is that point", () => {
    const sorties = raidLog.filter((e): e is Extract<EngineEvent, { type: 'sortie' }> => e.type === 'sortie');
    expect(sorties.length).toBeGreaterThan(0);
    const intercepts = raidLog.filter((e): e is Intercept => e.type === 'intercept');
    for (const s of sorties) {
      expect(pathProblems(s.path)).toEqual([]);
      const base = raid.fighterBases!.find((b) => b.id === s.base)!;
      expect(s.owner).toBe(base.owner);
      expect(s.aircraft.startsWith(`${base.id}#`)).toBe(true);
      const end = s.t + s.path[s.path.length - 4];
      const shot = intercepts.find((e) => e.weapon === s.aircraft && e.object === s.object && Math.abs(e.t - end) < 1e-3);
      expect(shot, `${s.aircraft} -> ${s.object}`).toBeDefined();
      expect(dist(pathPosition(s.path, Infinity), ecefOf(shot!.point))).toBeLessThan(1);
    }
    // a first sortie starts on the ground at its base
    const first = sorties.find((s) => s.aircraft.endsWith('#1'))!;
    const base = raid.fighterBases!.find((b) => b.id === first.base)!;
    expect(dist(pathPosition(first.path, 0), ecefOf(base.site))).toBeLessThan(1);
  });

  it('a fly-out and a sortie are visible only to their owner, as a fire is', () => {
    const nations = [...new Set(raidLog.flatMap((e) => (e.type === 'sortie' || e.type === 'flyout' ? [e.owner] : [])))];
    expect(nations.length).toBeGreaterThan(0);
    for (const nation of ['US', 'CA']) {
      const seen = eventsVisibleTo(raid.policy, nation, raid, raidLog);
      for (const e of seen) if (e.type === 'flyout' || e.type === 'sortie' || e.type === 'fire') expect(e.owner).toBe(nation);
      const own = raidLog.filter((e) => (e.type === 'flyout' || e.type === 'sortie') && e.owner === nation).length;
      expect(seen.filter((e) => e.type === 'flyout' || e.type === 'sortie').length).toBe(own);
    }
  });
});
