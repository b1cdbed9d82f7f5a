import { describe, expect, it } from 'vitest';
import { commandShot, consentRequests, type LiveCommand } from './live-command.ts';

const DEG = Math.PI / 180;
const command = (nations: string[], decisions: LiveCommand['decisions'] = [], then: 'approve' | 'deny' = 'deny'): LiveCommand => ({
  nations,
  decisions,
  timeout: { after: 120, then },
});
const shot = {
  weapon: 'elmendorf-qra#1',
  weaponClass: 'f-22',
  owner: 'US',
  object: 'kh-1',
  request: 1000,
  intercept: 1234.4,
  point: { latitude: 69.46 * DEG, longitude: -140.04 * DEG, altitude: 10_499 },
  approvals: [
    { nation: 'US', delay: 30 },
    { nation: 'CA', delay: 120 },
    { nation: 'UK', delay: 60 },
  ],
};

describe('consent requests (live command)', () => {
  it('asks each commanded partner, never the owner (its own assign asks it) nor a nation not commanded (its modelled delay)', () => {
    expect(consentRequests(undefined, shot)).toEqual([]);
    expect(consentRequests(command(['US']), shot)).toEqual([]);
    const [c, ...rest] = consentRequests(command(['US', 'CA']), shot);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({
      t: 1000,
      type: 'consent',
      weapon: shot.weapon,
      weaponClass: 'f-22',
      owner: 'US',
      nation: 'CA',
      object: 'kh-1',
    });
    expect(c.deadline).toBe(1120);
    expect(c.intercept).toBe(1234);
    // the area: 0.1 degree and 1 km (69.46 -> 69.5, -140.04 -> -140.0, 10,499 m -> 10 km)
    expect(c.point.latitude / DEG).toBeCloseTo(69.5, 12);
    expect(c.point.longitude / DEG).toBeCloseTo(-140.0, 12);
    expect(c.point.altitude).toBe(10_000);
    expect(consentRequests(command(['CA', 'UK']), shot).map((x) => x.nation)).toEqual(['CA', 'UK']);
  });
});

describe('a shot waiting for several commanded approvals', () => {
  const s = { weapon: shot.weapon, object: shot.object, request: 1000, launch: 1050, approvals: shot.approvals.slice(0, 2) };
  const d = (nation: string, verdict: 'approve' | 'deny', t: number) => ({ nation, weapon: s.weapon, object: s.object, verdict, t });

  it('fires at the later approval when both approve; one alone never stands for the other', () => {
    expect(commandShot(command(['US', 'CA'], [d('US', 'approve', 1010), d('CA', 'approve', 1100)]), s)).toEqual({
      launch: 1100,
      decisions: [
        { t: 1010, nation: 'US', verdict: 'approve', by: 'commander' },
        { t: 1100, nation: 'CA', verdict: 'approve', by: 'commander' },
      ],
    });
    // CA's approval is not the US's: the US's own approval falls to the rule (deny at 1120)
    const caOnly = commandShot(command(['US', 'CA'], [d('CA', 'approve', 1010)]), s);
    expect(caOnly).toMatchObject({ withheld: true, at: 1120 });
    expect('withheld' in caOnly && caOnly.reason).toMatch(/US's commander did not answer/);
  });

  it('is withheld at the first denial in time, whatever the approvals order; an answer due after it is not logged', () => {
    // the US (first in order) would time out at 1120; CA denied at 1020: withheld at 1020 by CA
    const out = commandShot(command(['US', 'CA'], [d('CA', 'deny', 1020)]), s);
    expect(out).toEqual({
      withheld: true,
      at: 1020,
      reason: `${s.weapon} at ${s.object}: CA's commander denied the engagement`,
      decisions: [{ t: 1020, nation: 'CA', verdict: 'deny', by: 'commander' }],
    });
  });
});
