import { describe, expect, it } from 'vitest';
import { DETONATION_RESULT } from './enumerations.ts';
import { detonationPdu, disTimestamp, disTimestampSeconds, entityStatePdu, firePdu, type MunitionDescriptor } from './pdus.ts';

// Values chosen to be exact in binary, so that every octet below is written by hand from IEEE 1278.1-2012
// (§7.3.2 Fire PDU layout; §6.2 records; big-endian; float64 world coordinates, float32 vectors):
//   1.0 = 3FF0 0000 0000 0000, -2.0 = C000 0000 0000 0000, 0.5 = 3FE0 0000 0000 0000 (float64)
//   1.5 = 3FC0 0000, -0.25 = BE80 0000, 0 = 0000 0000, 1024 = 4480 0000 (float32)
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const descriptor: MunitionDescriptor = {
  type: { kind: 2, domain: 3, country: 225, category: 1, subcategory: 0, specific: 0, extra: 0 },
  warhead: 0,
  fuse: 0,
  quantity: 1,
  rate: 0,
};

describe('DIS timestamps (§6.2.88)', () => {
  it('counts 2^31 units per hour past the hour, bit 0 says absolute', () => {
    expect(disTimestamp(1800, false)).toBe(0x80000000);
    expect(disTimestamp(1800, true)).toBe(0x80000001);
    expect(disTimestamp(3600 + 1800, false)).toBe(0x80000000);
    expect(disTimestamp(0, false)).toBe(0);
    // one unit is 3600 / 2^31 s (~1.68 µs): the round trip is within one unit
    for (const s of [0.1, 1339.99, 2577.488, 3599.999])
      expect(Math.abs(disTimestampSeconds(disTimestamp(s, false)) - s)).toBeLessThan(3600 / 2 ** 31);
  });
});

describe('DIS PDUs encoded by open-dis, checked octet by octet', () => {
  it('a Fire PDU is the 96 octets the standard lays out', () => {
    const bytes = firePdu({
      exercise: 3,
      timestamp: 0x80000000,
      firing: { site: 7, application: 9, entity: 1 },
      target: { site: 7, application: 9, entity: 62 },
      munition: { site: 7, application: 9, entity: 67 },
      event: { site: 7, application: 9, number: 1 },
      fireMission: 0,
      location: [1, -2, 0.5],
      descriptor,
      velocity: [1.5, -0.25, 0],
      range: 1024,
    });
    expect(bytes.toString('hex')).toBe(
      hex(`
      07 03 02 02  80000000  0060 00 00
      0007 0009 0001   0007 0009 003e   0007 0009 0043   0007 0009 0001
      00000000
      3ff0000000000000 c000000000000000 3fe0000000000000
      02 03 00e1 01 00 00 00  0000 0000 0001 0000
      3fc00000 be800000 00000000
      44800000`).toString('hex'),
    );
  });

  it('an Entity State PDU is 144 octets with each field where §7.2.2 puts it', () => {
    const b = entityStatePdu({
      exercise: 1,
      timestamp: 2,
      id: { site: 1, application: 2, entity: 300 },
      force: 2,
      type: { kind: 2, domain: 10, country: 0, category: 1, subcategory: 0, specific: 0, extra: 0 },
      location: [1, -2, 0.5],
      velocity: [1.5, -0.25, 0],
      orientation: [0.5, -0.25, 0],
      appearance: 1 << 23,
      deadReckoning: 5,
      acceleration: [0, 1.5, -0.25],
      marking: 'TGT 300',
    });
    expect(b.length).toBe(144);
    expect(b.subarray(0, 12).toString('hex')).toBe('07010101' + '00000002' + '0090' + '0000');
    expect(b.subarray(12, 20).toString('hex')).toBe('00010002012c' + '02' + '00');
    expect(b.subarray(20, 28).toString('hex')).toBe('020a000001000000');
    expect(b.subarray(28, 36).toString('hex')).toBe('020a000001000000'); // alternative entity type: the same
    expect(b.subarray(36, 48).toString('hex')).toBe('3fc00000be80000000000000');
    expect(b.subarray(48, 72).toString('hex')).toBe('3ff0000000000000c0000000000000003fe0000000000000');
    expect(b.subarray(72, 84).toString('hex')).toBe('3f000000be80000000000000');
    expect(b.subarray(84, 88).toString('hex')).toBe('00800000');
    expect(b[88]).toBe(5);
    expect(b.subarray(89, 104).every((x) => x === 0)).toBe(true);
    expect(b.subarray(104, 116).toString('hex')).toBe('000000003fc00000be800000');
    expect(b.subarray(116, 128).every((x) => x === 0)).toBe(true);
    expect(b[128]).toBe(1); // marking character set: ASCII
    expect(b.subarray(129, 140).toString('latin1')).toBe('TGT 300\0\0\0\0');
    expect(b.subarray(140, 144).toString('hex')).toBe('00000000');
  });

  it('a Detonation PDU is 104 octets: result at 100, the event id at 30', () => {
    const b = detonationPdu({
      exercise: 1,
      timestamp: 0,
      firing: { site: 1, application: 1, entity: 1 },
      target: { site: 1, application: 1, entity: 2 },
      munition: { site: 1, application: 1, entity: 3 },
      event: { site: 1, application: 1, number: 513 },
      velocity: [1.5, 0, 0],
      location: [1, -2, 0.5],
      descriptor,
      locationInEntity: [0, 0, 0],
      result: DETONATION_RESULT.missEndGame,
    });
    expect(b.length).toBe(104);
    expect(b.subarray(0, 12).toString('hex')).toBe('0701030200000000' + '0068' + '0000');
    expect(b.subarray(30, 36).toString('hex')).toBe('000100010201');
    expect(b.subarray(48, 72).toString('hex')).toBe('3ff0000000000000c0000000000000003fe0000000000000');
    expect(b.subarray(100, 104).toString('hex')).toBe('20000000');
  });

  it('refuses what does not fit the standard fields', () => {
    const es = {
      exercise: 1,
      timestamp: 0,
      id: { site: 1, application: 1, entity: 1 },
      force: 1,
      type: descriptor.type,
      location: [0, 0, 0] as const,
      velocity: [0, 0, 0] as const,
      orientation: [0, 0, 0] as const,
      appearance: 0,
      deadReckoning: 1,
      acceleration: [0, 0, 0] as const,
      marking: 'ok',
    };
    expect(() => entityStatePdu({ ...es, marking: 'TWELVE CHARS' })).toThrow(/at most 11/);
    expect(() => entityStatePdu({ ...es, id: { site: 1, application: 1, entity: 70000 } })).toThrow(
      /entity id entity must be a whole number 0-65535/,
    );
    expect(() => entityStatePdu({ ...es, exercise: 256 })).toThrow(/exercise id/);
    expect(() => entityStatePdu({ ...es, location: [Number.NaN, 0, 0] })).toThrow(/location must be finite/);
  });
});
