/**
 * What geography buys in time, in plain words (study-times.ts): for every removal lever (the partner's
 * radars, bases, fighters) and every option against the baseline, per raid and nation, how much later the nation holds the warheads aimed at its cities,
 * how much closer to their impact it destroys them, and how the time from first track to first intercept
 * moves, each a paired change with its 95 % interval; "none" where a side has no such figure. Per raid only:
 * pooled over the raids, a bomber raid's hours and a ballistic raid's minutes would mix (results.json has them pooled).
 */
import type { LoadedStudy } from '@golden-dome/scenario';
import { estimateParts, formatEstimate } from '../report/format.ts';
import type { Finding } from './curve-findings.ts';
import type { OptionResult } from './study-results.ts';
import { type OptionVariant, type StudyRun, variantKey, variantLabel } from './study-runner.ts';
import { type NationTimeResult, type TimeChange, type TimeChanges, type TimeFigure, timeResult } from './study-times.ts';

/** A time [s] in minutes with its interval, rounded to it: "272 min (265–279 min)". */
export const minutes = (v: number, lo?: number, hi?: number, signed = false): string =>
  formatEstimate(v / 60, lo === undefined ? undefined : lo / 60, hi === undefined ? undefined : hi / 60, 'min', { signed });

/** A figure of a variant: "272 min (265–279 min; 9 of 9 warheads per trial)", or "none (0 of 9 ...)"; one trial: no interval. */
export function figureText(f: TimeFigure, threats: number): string {
  const of = `${fmtCount(f.warheads)} of ${fmtCount(threats)} warheads per trial`;
  if (!f.value) return `none (${of})`;
  const v = f.value;
  if (v.n < 2) return `${minutes(v.mean)} (one trial; ${of})`;
  const p = estimateParts(v.mean / 60, v.ci95[0] / 60, v.ci95[1] / 60, 'min');
  return `${p.value} (${p.interval ? `${p.interval}; ` : ''}${of})`;
}

const fmtCount = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/**
 * A paired change in words: `more` and `less` name the directions (e.g. "earlier" / "later"); the interval
 * is given as magnitudes in the direction of the mean; "not resolved" when it spans zero.
 */
function changeText(c: NonNullable<TimeChange>, more: string, less: string, same: string): string {
  const unpaired = c.unpaired ? `, ${c.unpaired} with the figure on one side only` : '';
  const pairs = `${c.n} paired trial${c.n === 1 ? '' : 's'}${unpaired}`;
  if (c.mean === 0 && c.ci95[0] === 0 && c.ci95[1] === 0)
    return `${same} (0 min in ${c.n === 1 ? 'the one paired trial' : `each of the ${c.n} paired trials`}${unpaired})`;
  const flip = c.mean < 0;
  const [lo, hi] = flip ? [-c.ci95[1], -c.ci95[0]] : c.ci95;
  const p = c.n < 2 ? { value: minutes(Math.abs(c.mean)) } : estimateParts(Math.abs(c.mean) / 60, lo / 60, hi / 60, 'min');
  const resolved = c.ci95[0] <= 0 && c.ci95[1] >= 0 ? '; not resolved' : '';
  return `${p.value} ${flip ? less : more} (${p.interval ? `95 % interval ${p.interval}; ` : ''}${pairs}${resolved})`;
}

/** One nation's time change in words, from `from` (the reference) to `to` (the variant). */
export function timeChangeSentence(nation: string, from: NationTimeResult, to: NationTimeResult, c: TimeChanges): string {
  const w = c.warning;
  const warning = w
    ? `${nation} holds the warheads aimed at its cities (or their carriers) ${changeText(w, 'earlier', 'later', 'at the same time')}: warning ${figureText(from.figures.warning, from.threats)} -> ${figureText(to.figures.warning, to.threats)}`
    : to.figures.warning.value === null && from.figures.warning.value !== null
      ? `${nation} holds no track of the warheads aimed at its cities or of their carriers in any trial (was ${figureText(from.figures.warning, from.threats)} of warning)`
      : from.figures.warning.value === null && to.figures.warning.value === null
        ? `${nation} holds no track of the warheads aimed at its cities or of their carriers either way (warning time: none)`
        : from.figures.warning.value === null
          ? `${nation} holds no track of the warheads aimed at its cities or of their carriers in any trial of the reference, and here holds them ${figureText(to.figures.warning, to.threats)} before their planned impact`
          : `${nation}'s warning time: ${figureText(from.figures.warning, from.threats)} -> ${figureText(to.figures.warning, to.threats)} (no trial has it on both sides)`;
  const m = c.margin;
  const margin = m
    ? `intercepts them ${changeText(m, 'farther from the cities (earlier before impact)', 'closer to the cities (later before impact)', 'as far from the cities')}: margin ${figureText(from.figures.margin, from.threats)} -> ${figureText(to.figures.margin, to.threats)}`
    : to.figures.margin.value === null && from.figures.margin.value !== null
      ? `destroys none of them in any trial (was a margin of ${figureText(from.figures.margin, from.threats)})`
      : from.figures.margin.value === null && to.figures.margin.value === null
        ? 'none of them is destroyed either way (intercept margin: none)'
        : `intercept margin ${figureText(from.figures.margin, from.threats)} -> ${figureText(to.figures.margin, to.threats)} (no trial has it on both sides)`;
  const t = c.trackToIntercept;
  const tti = t
    ? `first track to first intercept ${changeText(t, 'longer', 'shorter', 'unchanged')}`
    : `first track to first intercept: ${figureText(from.figures.trackToIntercept, from.threats)} -> ${figureText(to.figures.trackToIntercept, to.threats)}`;
  return `${warning}; ${margin}; ${tti}`;
}

/** Every removal lever's and every option's (against the baseline) time findings, per raid and nation. */
export function timeFindings(loaded: LoadedStudy, run: StudyRun, results: readonly OptionResult[]): Finding[] {
  const { study } = loaded;
  const nations = [study.partner, ...study.members];
  const out: Finding[] = [];
  // per raid: pooled over raids, bomber raids' hours and ballistic raids' minutes would mix (results.json has the pooled figures)
  const raids = run.raids.map((r) => r.name);
  /** Whether a removal lever removes anything from a raid's world (else its trials are the option's own). */
  const holds = (option: string, v: string, raid: string): boolean =>
    !v.startsWith('without:') || Object.values(run.removed.get(option)?.[v.slice(8)] ?? {}).some((rs) => rs.includes(raid));
  const lists = (key: string, raid: string) => run.raids.filter((r) => r.name === raid).map((r) => r.outcomes.get(key) ?? []);
  const threatened = (raid: string, n: string): boolean => run.raids.some((r) => r.name === raid && n in r.threatened);
  const base = study.options[0];
  study.options.forEach((o, i) => {
    const r = results[i];
    const policyKey = variantKey(o.id, 'policy');
    if (i > 0)
      for (const raid of raids)
        for (const n of nations) {
          if (!threatened(raid, n)) continue;
          const c = r.nations[n].timesChangeByRaid[raid];
          if (!c) continue;
          out.push({
            id: `time:${o.id}:baseline:${raid}:${n}`,
            text: `${o.name} against ${base.name}, ${raid}: ${timeChangeSentence(n, timeResult(lists(variantKey(base.id, 'policy'), raid), n), timeResult(lists(policyKey, raid), n), c)}.`,
          });
        }
    for (const l of r.levers) {
      if (!(l.variant.startsWith('without:') || l.variant === 'without-added-radars')) continue;
      for (const raid of raids)
        for (const n of nations) {
          if (!threatened(raid, n) || !holds(o.id, l.variant, raid)) continue;
          const c = l.timesChangeByRaid[raid]?.[n];
          if (!c) continue;
          const key = variantKey(o.id, l.variant as OptionVariant);
          out.push({
            id: `time:${o.id}:${l.variant}:${raid}:${n}`,
            text: `Under ${o.name}, ${variantLabel(l.variant, o)}, ${raid}: ${timeChangeSentence(n, timeResult(lists(policyKey, raid), n), timeResult(lists(key, raid), n), c)}.`,
          });
        }
    }
  });
  return out;
}
