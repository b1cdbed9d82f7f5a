import { describe, expect, it } from 'vitest';
import { hostedRadar } from '../partner/option-world.ts';
import { buildWorld, WorldError } from './build-world.ts';
import { smallRaidRequest } from './small-raid.ts';

const deg = (rad: number): number => (rad * 180) / Math.PI;

describe('places in a world build (issue 14)', () => {
  it("an aim point is a place of the target's nation: 'London' aimed at a Canadian asset is London, Ontario", () => {
    const base = smallRaidRequest();
    const world = buildWorld({
      ...base,
      raid: [
        { id: 'm1', type: 'hwasong-17', from: 'pyongyang-sunan', to: 'London', target: { id: 'toronto', nation: 'CA' }, launchTime: 0 },
      ],
    });
    const rv = world.objects.find((o) => o.kind === 'warhead');
    if (!rv) throw new Error('no warhead');
    // London, Ontario is at 42.98 N, 81.23 W (London, England at 51.5 N, 0.1 W)
    expect(deg(rv.impactPoint.latitude)).toBeCloseTo(42.98, 0);
    expect(deg(rv.impactPoint.longitude)).toBeCloseTo(-81.23, 0);
  });

  it('an unknown place is a WorldError naming the missile or radar, with suggestions', () => {
    const base = smallRaidRequest();
    expect(() => buildWorld({ ...base, raid: [{ ...base.raid[0], to: 'Seatle' }] })).toThrow(WorldError);
    expect(() => buildWorld({ ...base, raid: [{ ...base.raid[0], to: 'Seatle' }] })).toThrow(
      /^raid missile m1, to: unknown place 'Seatle' \(did you mean 'Seattle'/,
    );
    expect(() => buildWorld({ ...base, raid: [{ ...base.raid[0], from: 'pyongyang-sunann' }] })).toThrow(
      /^raid missile m1, from: unknown place 'pyongyang-sunann' \(did you mean 'pyongyang-sunan'/,
    );
    expect(() =>
      buildWorld({
        ...base,
        batteries: [{ id: 'b1', interceptor: 'ngi', at: 'Fairbanx', owner: 'US', assetClass: 'midcourse', inventory: 1 }],
      }),
    ).toThrow(/^battery b1, at: unknown place 'Fairbanx' \(did you mean 'Fairbanks'/);
    expect(() => hostedRadar({ id: 'r1', type: 'tpy2-shariki', at: 'Goose Bayy', owner: 'US', assetClass: 'x' })).toThrow(
      /^hosted radar r1, at: unknown place 'Goose Bayy'/,
    );
  });
});
