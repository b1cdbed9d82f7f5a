import { describe, expect, it } from 'vitest';
import { Random } from '../random/sfc32.ts';
import { TERMINAL_SORTED_ALTITUDE, terminalWait, type TerminalWindow, undecidedWarhead } from './terminal-wait.ts';

// The terminal doctrine that waits for the air (c2/terminal-wait.ts): an undecided track is decided at the
// last launch of the terminal batteries that can still fire once the drag has sorted the cluster.
const thaad: TerminalWindow = { battery: 'thaad', latestLaunch: 1990, altitudeAtLatestLaunch: 145_000 };
const pac3: TerminalWindow = { battery: 'pac3', latestLaunch: 2032, altitudeAtLatestLaunch: 16_000 };

describe('the terminal wait rule', () => {
  it('holds an undecided track until the last launch of the battery that can fire after the air has sorted it, not a second later', () => {
    const w = terminalWait({ decideAt: 1500, pWarhead: 0.5, engageBelow: 0.1, windows: [thaad, pac3] });
    expect(w).toEqual({ wait: true, until: 2032, batteries: ['pac3'] });
  });

  it('does not wait where no terminal battery can still fire once the object is below the sorted altitude', () => {
    // THAAD's last launch meets the object at 145 km: above the air, no drag to wait for
    expect(terminalWait({ decideAt: 1500, pWarhead: 0.5, engageBelow: 0.1, windows: [thaad] })).toEqual({ wait: false });
    // a window that closed before the decision is no option
    expect(terminalWait({ decideAt: 2040, pWarhead: 0.5, engageBelow: 0.1, windows: [thaad, pac3] })).toEqual({ wait: false });
    expect(terminalWait({ decideAt: 1500, pWarhead: 0.5, engageBelow: 0.1, windows: [] })).toEqual({ wait: false });
    // exactly at the sorted altitude counts; a metre above does not
    const at = { ...pac3, altitudeAtLatestLaunch: TERMINAL_SORTED_ALTITUDE };
    expect(terminalWait({ decideAt: 1500, pWarhead: 0.5, engageBelow: 0.1, windows: [at] }).wait).toBe(true);
    expect(
      terminalWait({
        decideAt: 1500,
        pWarhead: 0.5,
        engageBelow: 0.1,
        windows: [{ ...at, altitudeAtLatestLaunch: TERMINAL_SORTED_ALTITUDE + 1 }],
      }).wait,
    ).toBe(false);
    // a decision at the last launch itself may still wait (zero seconds): the window is still open
    expect(terminalWait({ decideAt: 2032, pWarhead: 0.5, engageBelow: 0.1, windows: [pac3] })).toEqual({
      wait: true,
      until: 2032,
      batteries: ['pac3'],
    });
  });

  it('does not wait on a decided track: judged a decoy below the threshold, a warhead at or above its mirror', () => {
    for (const p of [0, 0.05, 0.0999, 0.9, 0.95, 1])
      expect(terminalWait({ decideAt: 1500, pWarhead: p, engageBelow: 0.1, windows: [pac3] }), `p ${p}`).toEqual({ wait: false });
    for (const p of [0.1, 0.3, 0.5, 0.7, 0.8999])
      expect(terminalWait({ decideAt: 1500, pWarhead: p, engageBelow: 0.1, windows: [pac3] }).wait, `p ${p}`).toBe(true);
    expect(undecidedWarhead(0.2, 0.25)).toBe(false);
    expect(undecidedWarhead(0.74, 0.25)).toBe(true);
    expect(undecidedWarhead(0.75, 0.25)).toBe(false);
  });

  it("over random windows: decides at one able battery's last launch, never past any able battery's, never before the decision it replaces", () => {
    const r = new Random(12);
    let waited = 0;
    for (let k = 0; k < 500; k++) {
      const decideAt = 1000 + 1000 * r.next();
      const windows = Array.from({ length: Math.floor(r.next() * 5) }, (_, i) => ({
        battery: `b${i}`,
        latestLaunch: 1000 + 1200 * r.next(),
        altitudeAtLatestLaunch: 150_000 * r.next(),
      }));
      const w = terminalWait({ decideAt, pWarhead: 0.5, engageBelow: 0.1, windows });
      const able = windows.filter((x) => x.latestLaunch >= decideAt && x.altitudeAtLatestLaunch <= TERMINAL_SORTED_ALTITUDE);
      expect(w.wait).toBe(able.length > 0);
      if (!w.wait) continue;
      waited++;
      expect(w.until).toBeGreaterThanOrEqual(decideAt);
      for (const x of able) expect(w.until).toBeLessThanOrEqual(x.latestLaunch);
      expect(able.map((x) => x.latestLaunch)).toContain(w.until);
      expect(new Set(w.batteries)).toEqual(new Set(able.map((x) => x.battery)));
    }
    expect(waited).toBeGreaterThan(75);
  });
});
