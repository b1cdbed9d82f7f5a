/**
 * The partner study's findings in plain words, each read from the trials' logs, never asserted:
 * - where the partner's approval starts to cost (per option that asks for it, per raid and over the
 *   raids): the first delay of the sweep whose paired loss against the shortest delay the trials resolve,
 *   and why: the time from each engagement's commit to its last launch opportunity (measured when the
 *   approval comes at once) against the delay;
 * - every zero (a nation whose targeted cities keep nobody safe under an option and raid, or from some
 *   delay on): what became of the warheads aimed at them (trial-outcome.ts, WARHEAD_FATES);
 * - every counter-intuitive sign the trials resolve (joining costs a nation people, a slower approval or
 *   a withheld one keeps more safe, removing an asset helps, approval at once hurts): what the log shows
 *   changed (interceptors fired, the warheads' fates).
 */
import type { LoadedStudy } from '@golden-dome/scenario';
import { fmt } from '../output/format.ts';
import { type CurveSeries, type Estimate, fateMeans, type FateMeans, type OptionResult } from './study-results.ts';
import { type OptionVariant, type StudyRun, variantKey, variantLabel } from './study-runner.ts';
import { WARHEAD_FATES, type WarheadFate } from './trial-outcome.ts';

export interface Finding {
  /** What it is about: `cost:OPTION:RAID`, `zero:OPTION:VARIANT:RAID:NATION`, `sign:...`. */
  id: string;
  text: string;
}

const FATE_WORDS: Readonly<Record<WarheadFate, string>> = {
  intercepted: 'intercepted',
  'engaged-leaked': 'engaged but every shot missed',
  'boost-killed': 'destroyed in boost with their missile (a space-based interceptor hit the missile before it released them)',
  approval:
    'never engaged because the approval would have come after the last launch opportunity (the approvals of where that launch intercepts, requested at the commit)',
  'not-permitted': 'never engaged because the policy permits no battery that could reach them',
  'no-window': 'never engaged because no battery had a launch window after the commit (out of reach or too late)',
  'no-shooter':
    'committed to, but no battery of the committing nation was considered against them (none that can engage this kind of threat, or its rounds spent)',
  unseen:
    'never committed to by any nation (no nation held them in a fire-control track in time to decide; a nation with no interceptor in the world does not plan at all)',
};

const FATE_SHORT: Readonly<Record<WarheadFate, string>> = {
  intercepted: 'intercepted',
  'engaged-leaked': 'engaged and missed',
  'boost-killed': 'killed in boost',
  approval: 'closed by the approval delay',
  'not-permitted': 'not permitted',
  'no-window': 'out of reach',
  'no-shooter': 'no battery considered',
  unseen: 'never committed to',
};

const m = (x: number): string => `${fmt(x / 1e6, 2)} M`;
const sm = (x: number): string => `${x > 0 ? '+' : ''}${fmt(x / 1e6, 2)} M`;
const est = (e: Estimate): string => `${sm(e.mean)} (95 % interval ${sm(e.ci95[0])} to ${sm(e.ci95[1])})`;
const n1 = (x: number): string => fmt(x, x !== 0 && Math.abs(x) < 10 ? 1 : 0);

/** What became of the warheads aimed at a nation's cities, in words (means per trial). */
export function fatesInWords(f: FateMeans): string {
  const parts = WARHEAD_FATES.filter((k) => (f[k] ?? 0) > 0).map((k) => `${n1(f[k] as number)} ${FATE_WORDS[k]}`);
  return parts.length ? parts.join('; ') : 'none aimed at them';
}

function fatesOf(run: StudyRun, key: string, raid: string, nation: string): FateMeans {
  if (raid !== 'all') return fateMeans(run.raids.find((r) => r.name === raid)?.outcomes.get(key) ?? [], nation);
  const sum: FateMeans = {};
  for (const r of run.raids)
    for (const [k, v] of Object.entries(fateMeans(r.outcomes.get(key) ?? [], nation)))
      sum[k as WarheadFate] = (sum[k as WarheadFate] ?? 0) + (v as number);
  return sum;
}

const meanOf = (run: StudyRun, key: string, raid: string, f: (o: { summary: { interceptorsFired: number } }) => number): number => {
  const lists =
    raid === 'all' ? run.raids.map((r) => r.outcomes.get(key) ?? []) : [run.raids.find((r) => r.name === raid)?.outcomes.get(key) ?? []];
  return lists.reduce((s, l) => s + (l.length ? l.reduce((a, o) => a + f(o), 0) / l.length : 0), 0);
};

/** Where (and why) the partner's approval starts to cost, per option and raid of the sweep. */
function costFindings(loaded: LoadedStudy, curves: readonly CurveSeries[]): Finding[] {
  const { study } = loaded;
  const p = study.partner;
  const nations = [p, ...study.members];
  return curves.map((c) => {
    const o = study.options.find((x) => x.id === c.option);
    const where = c.raid === 'all' ? 'summed over the raids' : `against ${c.raid}`;
    const first = c.points[0];
    const last = c.points[c.points.length - 1];
    const costs = nations
      .map((n) => {
        const d = c.costsFrom[n];
        if (d === null)
          return `${n}: no delay up to ${fmt(last.delayS)} s costs a loss the trials resolve (at ${fmt(last.delayS)} s: ${est(last.nations[n].change)})`;
        const at = c.points.find((x) => x.delayS === d) as CurveSeries['points'][number];
        return `${n} starts to lose at ${fmt(d)} s: ${est(at.nations[n].change)}; at ${fmt(last.delayS)} s ${est(last.nations[n].change)}`;
      })
      .join('; ');
    const s = c.slack;
    const refusedAt = (x: CurveSeries['points'][number]): string =>
      nations
        .map((n) => {
          const f = x.fates[n] ?? {};
          const a = f.approval ?? 0;
          return a > 0
            ? `${n1(a)} warheads per trial at ${n}'s cities are never engaged: ${p}'s approval would come after the last launch`
            : '';
        })
        .filter(Boolean)
        .join('; ');
    const firstRefused = c.points.slice(1).find((x) => refusedAt(x) !== '');
    const why =
      s.n === 0
        ? firstRefused
          ? `Why, from the log: at ${fmt(first.delayS)} s no assignment waited for ${p}'s approval, yet at ${fmt(firstRefused.delayS)} s ${refusedAt(firstRefused)}: every launch left to the plan against them intercepts over ${p} (or needs its consent, or launches from its soil), and its approval comes after the last of them`
          : `Why, from the log: no engagement needed ${p}'s approval (${n1(first.partnerApprovals.mean)} decisions per trial at ${fmt(first.delayS)} s) and none was refused for it at any delay, so its delay closes nothing here`
        : `${firstRefused ? `Why, from the log: at ${fmt(firstRefused.delayS)} s, ${refusedAt(firstRefused)}. Besides, ` : 'Why, from the log: '}with ${p}'s approval at once (${fmt(first.delayS)} s), ${n1(s.perTrial)} engagements per trial needed it, and the time from the commit to each one's last launch opportunity was ${fmt(s.median ?? 0)} s at the median (10th-90th percentile ${fmt(s.p10 ?? 0)}-${fmt(s.p90 ?? 0)} s); ` +
          `a delay closes every engagement whose window is shorter: ${c.points
            .slice(1)
            .map((x) => `${fmt(x.delayS)} s closes ${fmt(100 * (s.closedBy[String(x.delayS)] ?? 0))} %`)
            .join(', ')}`;
    return { id: `cost:${c.option}:${c.raid}`, text: `${o?.name ?? c.option}, ${where}: ${costs}. ${why}.` };
  });
}

/** Every zero: a threatened nation that keeps nobody safe under an option (as written), or from some delay of the sweep on. */
function zeroFindings(loaded: LoadedStudy, run: StudyRun, curves: readonly CurveSeries[]): Finding[] {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const out: Finding[] = [];
  // one finding per raid and nation, naming the options under which it is zero (their fates, grouped when alike)
  for (const raid of run.raids) {
    for (const n of nations) {
      if (!(raid.threatened[n] > 0)) continue;
      const zeros = study.options.filter(
        (o) => !(raid.outcomes.get(variantKey(o.id, 'policy')) ?? []).some((x) => (x.keptSafe[n] ?? 0) > 0),
      );
      if (zeros.length === 0) continue;
      const groups = new Map<string, string[]>();
      for (const o of zeros) {
        const words = fatesInWords(fatesOf(run, variantKey(o.id, 'policy'), raid.name, n));
        groups.set(words, [...(groups.get(words) ?? []), o.name]);
      }
      const under = zeros.length === study.options.length ? 'under every option' : `under ${zeros.map((o) => o.name).join(', ')}`;
      const fates = [...groups].map(([words, names]) => (groups.size === 1 ? words : `under ${names.join(', ')}: ${words}`)).join(' | ');
      out.push({
        id: `zero:${raid.name}:${n}`,
        text: `${raid.name}: ${n} keeps nobody safe ${under} (its targeted cities, ${m(raid.threatened[n])}, are hit in every trial; a city counts as kept safe only when no warhead reaches it). Its warheads per trial: ${fates}.`,
      });
    }
  }
  for (const c of curves) {
    if (c.raid === 'all') continue;
    const o = study.options.find((x) => x.id === c.option);
    for (const n of nations) {
      if (!(c.points[0].nations[n].defended.mean > 0)) continue;
      const z = c.points.find((x) => x.nations[n].defended.ci95[1] === 0);
      if (!z) continue;
      out.push({
        id: `zero:${c.option}:delay:${c.raid}:${n}`,
        text: `${o?.name ?? c.option}, ${c.raid}: with ${study.partner}'s approval in ${fmt(z.delayS)} s or more, ${n} keeps nobody safe (${m(c.points[0].nations[n].defended.mean)} at ${fmt(c.points[0].delayS)} s). Its warheads per trial at ${fmt(z.delayS)} s: ${fatesInWords(z.fates[n] ?? {})}.`,
      });
    }
  }
  return out;
}

/** A resolved change whose sign is the opposite of what one would expect, and what the log shows changed. */
function signFindings(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[], curves: readonly CurveSeries[]): Finding[] {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const out: Finding[] = [];
  const plain = (from: string, to: string, raid: string): string => {
    const grew = nations.some((n) => {
      const a = fatesOf(run, from, raid, n),
        b = fatesOf(run, to, raid, n);
      return (b.approval ?? 0) > (a.approval ?? 0) + 0.05;
    });
    return grew
      ? `${study.partner}'s approval now applies to engagements that stopped these warheads (an intercept over its territory, a shooter that needs its consent, or a launch from its soil), and the time it takes closes them; the lost intercepts are the change`
      : doctrine;
  };
  const shift = (from: string, to: string, raid: string): string => {
    const parts = nations.map((n) => {
      const a = fatesOf(run, from, raid, n),
        b = fatesOf(run, to, raid, n);
      const changed = WARHEAD_FATES.filter((k) => Math.abs((a[k] ?? 0) - (b[k] ?? 0)) >= 0.05).map(
        (k) => `${FATE_SHORT[k]} ${n1(a[k] ?? 0)} -> ${n1(b[k] ?? 0)}`,
      );
      return `warheads at ${n}'s cities per trial: ${changed.length ? changed.join(', ') : 'no fate changes'}`;
    });
    const fired = meanOf(run, to, raid, (o) => o.summary.interceptorsFired) - meanOf(run, from, raid, (o) => o.summary.interceptorsFired);
    return `interceptors fired ${fired > 0 ? '+' : ''}${n1(fired)} per trial; ${parts.join('; ')}`;
  };
  const doctrine =
    "each nation plans its own batteries and a nation's battery adds shots beyond the other's doctrine, so a change that stops shots at one nation's threats leaves rounds (and the first shot) for others, and a change that adds a shooter or an engagement can take rounds or a first shot from a better one";
  study.options.forEach((o, i) => {
    if (i === 0) return;
    for (const n of nations) {
      const c = results[i].nations[n].changeVsBaseline;
      if (c.ci95[1] < 0) {
        out.push({
          id: `sign:${o.id}:baseline:${n}`,
          text: `Counter-intuitive: ${o.name} keeps fewer of ${n}'s people safe than ${study.options[0].name}: ${est(c)}. The log, summed over the raids: ${shift(variantKey(study.options[0].id, 'policy'), variantKey(o.id, 'policy'), 'all')}. Plainly: ${plain(variantKey(study.options[0].id, 'policy'), variantKey(o.id, 'policy'), 'all')}.`,
        });
      }
    }
    for (const l of results[i].levers) {
      // the expected sign of each lever: approval at once helps, withheld hurts, removing assets hurts
      const expectUp = l.variant === 'no-delay';
      for (const n of nations) {
        const c = l.change[n];
        const wrong = expectUp ? c.ci95[1] < 0 : c.ci95[0] > 0;
        if (!wrong) continue;
        out.push({
          id: `sign:${o.id}:${l.variant}:${n}`,
          text: `Counter-intuitive: under ${o.name}, ${variantLabel(l.variant, o)} ${expectUp ? 'keeps fewer' : 'keeps more'} of ${n}'s people safe: ${est(c)}. The log, summed over the raids: ${shift(variantKey(o.id, 'policy'), variantKey(o.id, l.variant as OptionVariant), 'all')}. Plainly: ${plain(variantKey(o.id, 'policy'), variantKey(o.id, l.variant as OptionVariant), 'all')}.`,
        });
      }
    }
  });
  for (const c of curves) {
    const o = study.options.find((x) => x.id === c.option);
    for (const n of nations) {
      const up = c.points.slice(1).find((x) => x.nations[n].change.ci95[0] > 0);
      if (!up) continue;
      out.push({
        id: `sign:${c.option}:curve:${c.raid}:${n}`,
        text: `Counter-intuitive: under ${o?.name ?? c.option}${c.raid === 'all' ? ', summed over the raids' : `, ${c.raid}`}, a slower approval (${fmt(up.delayS)} s) keeps more of ${n}'s people safe than ${fmt(c.points[0].delayS)} s: ${est(up.nations[n].change)}. The log: ${shift(variantKey(c.option, c.points[0].variant), variantKey(c.option, up.variant), c.raid)}. Plainly: ${plain(variantKey(c.option, c.points[0].variant), variantKey(c.option, up.variant), c.raid)}.`,
      });
    }
  }
  return out;
}

/** Every finding, in order: where approval starts to cost, the zeros, the counter-intuitive signs. */
export function curveFindings(
  loaded: LoadedStudy,
  run: StudyRun,
  results: readonly OptionResult[],
  curves: readonly CurveSeries[],
): Finding[] {
  return [...costFindings(loaded, curves), ...zeroFindings(loaded, run, curves), ...signFindings(loaded, run, results, curves)];
}
