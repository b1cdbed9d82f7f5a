import type { Io } from '../main.ts';
import { sizeConstellationCommand } from './size-constellation.ts';
import { trajectoryCommand } from './trajectory.ts';

/**
 * The worked example 'npm start' runs: a Hwasong-17-class ICBM from Pyongyang to Seattle on a
 * minimum-energy trajectory, then a reconstruction of the 28 Nov 2017 Hwasong-15 test from its
 * published apogee and range; then the space-based interceptor constellation it would take to engage
 * one notional solid ICBM from North Korea in its boost phase.
 */
export async function demoCommand(_argv: string[], io: Io): Promise<number> {
  io.stdout('Golden Dome — worked example (see README): a North Korean ICBM against a North American city.\n');
  io.stdout('$ dome trajectory --missile hwasong-17 --from pyongyang-sunan --to Seattle');
  let code = await trajectoryCommand(['--missile', 'hwasong-17', '--from', 'pyongyang-sunan', '--to', 'Seattle'], io);
  if (code !== 0) return code;
  io.stdout('\n$ dome trajectory --fit-apogee-km 4475 --fit-range-km 950 --from pyongyang-sunan --fit-azimuth-deg 95 --missile hwasong-15 --to "Washington, US"');
  code = await trajectoryCommand(['--fit-apogee-km', '4475', '--fit-range-km', '950', '--from', 'pyongyang-sunan', '--fit-azimuth-deg', '95', '--missile', 'hwasong-15', '--to', 'Washington, US'], io);
  if (code !== 0) return code;
  io.stdout('\n$ dome size-constellation --missile notional-solid-icbm --from sohae --toward Seattle --no-cost');
  code = await sizeConstellationCommand(['--missile', 'notional-solid-icbm', '--from', 'sohae', '--toward', 'Seattle', '--no-cost'], io);
  if (code !== 0) return code;
  io.stdout('\n(add --json for scripts; `dome cost --system sbi-cbo-2026 --count N` prices a constellation; see README)');
  return 0;
}
