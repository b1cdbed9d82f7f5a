/**
 * Life-cycle cost of a fleet of interceptors over a horizon (20 years by default): space-based
 * interceptor constellations and ground- or sea-based interceptor inventories, priced by one model.
 *
 * Money is US dollars of one stated base year (`dollarYear`; no inflation is applied: every input must
 * already be in that year's dollars). Time is in years from the start of the programme. Mass is kg.
 *
 * The model, year by year over the horizon [0, H):
 * - development (non-recurring) is spread evenly over the first `developmentYears`;
 * - the first fleet of `count` units (interceptor slots) is fielded evenly over `buildUpYears`, starting
 *   at `deploymentStartYear`: slot i (0-based) enters service at t_i = start + buildUp · i / count;
 * - each unit serves `lifetimeYears` and is then replaced (a new unit built, and launched if space-based)
 *   or recertified; slot i therefore needs ceil((H − t_i) / L) units within the horizon (its generations),
 *   and every unit bought within the horizon is counted in full, even if it serves beyond it;
 * - production follows a unit learning curve over every unit built, first fleet and replacements alike:
 *   the n-th unit costs T1 · n^log2(learning rate) (Crawford's unit theory, 1944; T. P. Wright, "Factors
 *   Affecting the Cost of Airplanes", J. Aeronautical Sciences 3(4), 1936, stated the cumulative-average
 *   form). Units are numbered by the year they are built (within a year, first-fleet units first);
 * - launch (space only) is the satellite's on-orbit wet mass (kill vehicle and bus) times a price per kg;
 * - operations cost a fixed amount per unit-year in service (slots in service, not spares).
 *
 * Each uncertain input may carry a low and a high value besides its base. The estimate gives the base
 * case, each input swung alone to its low and high, and the low and high cases: every input at whichever
 * end lowers (raises) the total, together. The model is monotone in each input, so these bound the total
 * (the direction of each input is found by evaluating it, not assumed: a longer life lowers the cost).
 */

/** A number with an optional low–high range around it (low ≤ base ≤ high, in the input's own units). */
export interface Uncertain {
  readonly low?: number;
  readonly base: number;
  readonly high?: number;
}
export type UncertainInput = number | Uncertain;

/** How the unit cost given is to be read. */
export type UnitCostBasis =
  /** T1: the cost of the first unit built. */
  | { readonly kind: 'first-unit' }
  /**
   * The average unit cost over the first `overUnits` units built (T1 is solved from it); with
   * `overUnits` omitted, the average over every unit this estimate builds, so production totals exactly
   * average × units and the learning curve only shapes the year-by-year profile.
   */
  | { readonly kind: 'average'; readonly overUnits?: number };

export interface LifecycleCostInputs {
  /** Interceptor slots: satellites in the constellation, or interceptors in the inventory. */
  readonly count: number;
  readonly horizonYears: number;
  /** The year whose dollars every money input is in (a label; no inflation is applied). */
  readonly dollarYear: number;
  readonly developmentUsd: UncertainInput;
  readonly developmentYears: number;
  readonly unitCostUsd: UncertainInput;
  readonly unitCostBasis: UnitCostBasis;
  /** Unit learning-curve rate: 0.9 means each doubling of units built costs 90 % per unit; 1 = no learning. */
  readonly learningRate: UncertainInput;
  /** Service life of one unit (a satellite's life on orbit; a ground round's service life). */
  readonly lifetimeYears: UncertainInput;
  /** What happens at end of life: a new unit (default) or a recertification at a cost per unit. */
  readonly endOfLife?: { readonly kind: 'replace' } | { readonly kind: 'recertify'; readonly costUsd: UncertainInput };
  readonly operationsUsdPerUnitYear: UncertainInput;
  readonly deploymentStartYear: number;
  readonly buildUpYears: number;
  /** Space-based only: every unit built is launched at this mass and price. */
  readonly launch?: { readonly massKg: UncertainInput; readonly usdPerKg: UncertainInput };
}

export const COST_CATEGORIES = ['development', 'production', 'launch', 'replenishment', 'operations'] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/** Plain-language labels: production and launch are the first fleet's; replenishment is every replacement unit built and launched (or recertification). */
export const COST_CATEGORY_LABELS: Readonly<Record<CostCategory, string>> = {
  development: 'development (non-recurring)',
  production: 'production, first fleet',
  launch: 'launch, first fleet',
  replenishment: 'replenishment (replacements)',
  operations: 'operations',
};

export interface YearCost extends Record<CostCategory, number> {
  /** 1 for the first year of the horizon, [0, 1). */
  readonly year: number;
  readonly total: number;
  /** First-fleet units fielded and replacement units built (or recertified) this year. */
  readonly unitsFielded: number;
  readonly unitsReplaced: number;
}

export interface LifecycleCost {
  readonly totalUsd: number;
  readonly byCategory: Readonly<Record<CostCategory, number>>;
  readonly byYear: readonly YearCost[];
  readonly units: {
    /** First-fleet units fielded within the horizon (all `count`, unless the build-up runs past it). */
    readonly firstFleet: number;
    /** Replacement units built (or recertifications, with `endOfLife: recertify`). */
    readonly replacements: number;
    /** Units produced (first fleet plus replacements when they are new units). */
    readonly built: number;
    /** Largest number of generations any slot needs within the horizon. */
    readonly maxGenerations: number;
    /** Slot-years in service within the horizon (what operations are charged on). */
    readonly unitYears: number;
  };
  readonly firstUnitUsd: number;
  readonly averageUnitUsd: number;
  /** The point inputs this case was computed with. */
  readonly inputs: LifecycleCostPointInputs;
}

/** The inputs with every uncertain number resolved to one value. */
export interface LifecycleCostPointInputs extends Omit<
  LifecycleCostInputs,
  'developmentUsd' | 'unitCostUsd' | 'learningRate' | 'lifetimeYears' | 'endOfLife' | 'operationsUsdPerUnitYear' | 'launch'
> {
  readonly developmentUsd: number;
  readonly unitCostUsd: number;
  readonly learningRate: number;
  readonly lifetimeYears: number;
  readonly endOfLife: { readonly kind: 'replace' } | { readonly kind: 'recertify'; readonly costUsd: number };
  readonly operationsUsdPerUnitYear: number;
  readonly launch?: { readonly massKg: number; readonly usdPerKg: number };
}

/** The names of the inputs that may be uncertain, as used in sensitivity rows. */
export const UNCERTAIN_INPUTS = [
  'developmentUsd',
  'unitCostUsd',
  'learningRate',
  'lifetimeYears',
  'recertificationUsd',
  'operationsUsdPerUnitYear',
  'massKg',
  'launchUsdPerKg',
] as const;
export type UncertainInputName = (typeof UNCERTAIN_INPUTS)[number];

export interface SensitivityRow {
  readonly input: UncertainInputName;
  readonly lowValue: number;
  readonly baseValue: number;
  readonly highValue: number;
  /** Total with this input alone at its low and at its high value (the others at base). */
  readonly totalAtLowUsd: number;
  readonly totalAtHighUsd: number;
  /**
   * Why the total is the same at both ends, when it is (within 1e-9 of the total). The usual case: a
   * learning rate with a unit cost read as an average over every unit built (or over exactly the units
   * built here), where production is average × units whatever the rate and learning only shapes the
   * year-by-year profile.
   */
  readonly noEffect?: string;
}

/** The explanation a sensitivity row carries when its input does not move the total. */
export function noEffectReason(name: UncertainInputName, p: LifecycleCostPointInputs, unitsBuilt: number): string {
  if (
    name === 'learningRate' &&
    p.unitCostBasis.kind === 'average' &&
    (p.unitCostBasis.overUnits === undefined || p.unitCostBasis.overUnits === unitsBuilt)
  ) {
    return `no effect on the total: the unit cost is an average over ${p.unitCostBasis.overUnits === undefined ? 'every unit built' : `${p.unitCostBasis.overUnits} units, the number built here`}, so production is average x units at any learning rate; learning moves cost between years only`;
  }
  return 'no effect on the total with the other inputs at base';
}

export interface LifecycleCostEstimate {
  readonly base: LifecycleCost;
  /** Every input at the end that lowers the total. */
  readonly low: LifecycleCost;
  /** Every input at the end that raises the total. */
  readonly high: LifecycleCost;
  /** One row per input that has a range, largest swing first. */
  readonly sensitivity: readonly SensitivityRow[];
}

/** Units past which the model refuses to count (a guard against runaway flags: 10 million units). */
export const MAX_UNITS = 10_000_000;

// ---------------------------------------------------------------------------------------------
// Learning curve

/** The learning-curve exponent b = log2(rate): unit 2n costs rate × unit n. */
export function learningExponent(rate: number): number {
  if (!(rate > 0 && rate <= 1)) throw new RangeError(`learning rate must be in (0, 1], got ${rate}`);
  return Math.log2(rate);
}

/** Cost of the n-th unit built: T1 · n^log2(rate) (Crawford unit theory). */
export function unitCost(firstUnitUsd: number, n: number, rate: number): number {
  return firstUnitUsd * n ** learningExponent(rate);
}

/** Σ_{j=1}^{n} j^b, exactly for the first terms and by Euler–Maclaurin (midpoint form) for the long tail. */
export function sumOfPowers(n: number, b: number): number {
  if (n <= 0) return 0;
  const EXACT = 2000;
  let s = 0;
  const m = Math.min(n, EXACT);
  for (let j = 1; j <= m; j++) s += j ** b;
  if (n <= EXACT) return s;
  // Σ_{j=a}^{n} f(j) ≈ ∫_{a−½}^{n+½} f dx − (f'(n+½) − f'(a−½)) / 24, f = x^b (midpoint rule with its end correction)
  const a = EXACT + 1;
  const lo = a - 0.5,
    hi = n + 0.5;
  const integral = Math.abs(b + 1) < 1e-12 ? Math.log(hi / lo) : (hi ** (b + 1) - lo ** (b + 1)) / (b + 1);
  const fPrime = (x: number): number => b * x ** (b - 1);
  return s + integral - (fPrime(hi) - fPrime(lo)) / 24;
}

/** Cost of units first..last (1-based, inclusive) on the curve. */
export function cumulativeUnitCost(firstUnitUsd: number, first: number, last: number, rate: number): number {
  return costOfUnits(firstUnitUsd, first, last, learningExponent(rate));
}

/** T1 that gives an average unit cost over the first `units` units. */
export function firstUnitFromAverage(averageUsd: number, units: number, rate: number): number {
  if (!(units >= 1)) throw new RangeError(`the average must be over at least one unit, got ${units}`);
  const b = learningExponent(rate);
  return (averageUsd * units) / (b === 0 ? units : sumOfPowers(units, b));
}

// ---------------------------------------------------------------------------------------------
// The model

function valueOf(x: UncertainInput, end: 'low' | 'base' | 'high'): number {
  if (typeof x === 'number') return x;
  return end === 'base' ? x.base : (x[end] ?? x.base);
}

function hasRange(x: UncertainInput | undefined): x is Uncertain {
  return (
    x !== undefined && typeof x !== 'number' && ((x.low !== undefined && x.low !== x.base) || (x.high !== undefined && x.high !== x.base))
  );
}

type Ends = Partial<Record<UncertainInputName, 'low' | 'base' | 'high'>>;

function uncertainOf(inputs: LifecycleCostInputs, name: UncertainInputName): UncertainInput | undefined {
  switch (name) {
    case 'developmentUsd':
      return inputs.developmentUsd;
    case 'unitCostUsd':
      return inputs.unitCostUsd;
    case 'learningRate':
      return inputs.learningRate;
    case 'lifetimeYears':
      return inputs.lifetimeYears;
    case 'recertificationUsd':
      return inputs.endOfLife?.kind === 'recertify' ? inputs.endOfLife.costUsd : undefined;
    case 'operationsUsdPerUnitYear':
      return inputs.operationsUsdPerUnitYear;
    case 'massKg':
      return inputs.launch?.massKg;
    case 'launchUsdPerKg':
      return inputs.launch?.usdPerKg;
  }
}

/** The inputs with each uncertain number taken at the chosen end (base where not chosen). */
export function pointInputs(inputs: LifecycleCostInputs, ends: Ends = {}): LifecycleCostPointInputs {
  const v = (name: UncertainInputName, x: UncertainInput): number => valueOf(x, ends[name] ?? 'base');
  const eol = inputs.endOfLife ?? { kind: 'replace' as const };
  return {
    ...inputs,
    developmentUsd: v('developmentUsd', inputs.developmentUsd),
    unitCostUsd: v('unitCostUsd', inputs.unitCostUsd),
    learningRate: v('learningRate', inputs.learningRate),
    lifetimeYears: v('lifetimeYears', inputs.lifetimeYears),
    endOfLife: eol.kind === 'recertify' ? { kind: 'recertify', costUsd: v('recertificationUsd', eol.costUsd) } : eol,
    operationsUsdPerUnitYear: v('operationsUsdPerUnitYear', inputs.operationsUsdPerUnitYear),
    launch: inputs.launch && { massKg: v('massKg', inputs.launch.massKg), usdPerKg: v('launchUsdPerKg', inputs.launch.usdPerKg) },
  };
}

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

function validate(p: LifecycleCostPointInputs): void {
  check(Number.isInteger(p.count) && p.count >= 1, `count must be a whole number of at least 1, got ${p.count}`);
  check(
    Number.isFinite(p.horizonYears) && p.horizonYears > 0 && p.horizonYears <= 200,
    `horizon must be in (0, 200] years, got ${p.horizonYears}`,
  );
  check(Number.isFinite(p.lifetimeYears) && p.lifetimeYears > 0, `lifetime must be positive, got ${p.lifetimeYears}`);
  check(p.learningRate > 0 && p.learningRate <= 1, `learning rate must be in (0, 1], got ${p.learningRate}`);
  check(p.developmentUsd >= 0 && p.unitCostUsd >= 0 && p.operationsUsdPerUnitYear >= 0, 'costs must be zero or positive');
  check(
    p.developmentYears >= 0 && p.developmentYears <= p.horizonYears,
    `development must take between 0 and ${p.horizonYears} years, got ${p.developmentYears}`,
  );
  check(
    p.deploymentStartYear >= 0 && p.deploymentStartYear < p.horizonYears,
    `deployment must start within the horizon, got year ${p.deploymentStartYear}`,
  );
  check(p.buildUpYears >= 0 && Number.isFinite(p.buildUpYears), `build-up must be zero or more years, got ${p.buildUpYears}`);
  if (p.launch) {
    check(p.launch.massKg >= 0 && p.launch.usdPerKg >= 0, 'launch mass and price must be zero or positive');
    check(p.endOfLife.kind === 'replace', 'a launched (space-based) unit is replaced at end of life, not recertified');
  }
  if (p.endOfLife.kind === 'recertify') check(p.endOfLife.costUsd >= 0, 'recertification cost must be zero or positive');
  if (p.unitCostBasis.kind === 'average' && p.unitCostBasis.overUnits !== undefined) {
    check(
      Number.isInteger(p.unitCostBasis.overUnits) && p.unitCostBasis.overUnits >= 1,
      `the unit-cost average must be over a whole number of units, got ${p.unitCostBasis.overUnits}`,
    );
  }
}

/** Generations a slot entering service at t needs within the horizon: ceil((H − t) / L), 0 if t ≥ H. */
export function generations(t: number, horizonYears: number, lifetimeYears: number): number {
  if (t >= horizonYears) return 0;
  return Math.ceil((horizonYears - t) / lifetimeYears - 1e-9);
}

/** Year (1-based) in which time t falls, clamped to the horizon. */
function yearOf(t: number, years: number): number {
  return Math.min(years, Math.floor(t + 1e-9) + 1);
}

/** Life-cycle cost with every input at one value. Throws RangeError on inputs outside the model. */
export function lifecycleCostPoint(p: LifecycleCostPointInputs): LifecycleCost {
  validate(p);
  const H = p.horizonYears;
  const years = Math.ceil(H - 1e-9);
  const N = p.count;

  // Units fielded and replaced per year, and slot-years in service per year.
  const fielded = new Float64Array(years + 1);
  const replaced = new Float64Array(years + 1);
  const inService = new Float64Array(years + 2); // difference array of whole years in service
  const partial = new Float64Array(years + 1); // the part-year a slot enters service
  let units = 0;
  let maxGenerations = 0;
  for (let i = 0; i < N; i++) {
    const t = p.deploymentStartYear + (p.buildUpYears * i) / N;
    const g = generations(t, H, p.lifetimeYears);
    if (g === 0) continue;
    units += g;
    if (units > MAX_UNITS)
      throw new RangeError(`more than ${MAX_UNITS.toLocaleString('en-US')} units within the horizon: check the count and lifetime`);
    maxGenerations = Math.max(maxGenerations, g);
    fielded[yearOf(t, years)] += 1;
    for (let m = 1; m < g; m++) replaced[yearOf(t + m * p.lifetimeYears, years)] += 1;
    // in service from t to H: the part of t's year, then whole years after it (the last year may be partial)
    const y0 = yearOf(t, years);
    partial[y0] += Math.min(y0, H) - t;
    if (y0 < years) {
      inService[y0 + 1] += 1;
      inService[years + 1] -= 1;
    }
  }

  const b = learningExponent(p.learningRate);
  const recertify = p.endOfLife.kind === 'recertify';
  const firstFleet = sum(fielded);
  const replacements = sum(replaced);
  const unitsBuilt = recertify ? firstFleet : firstFleet + replacements;
  const t1 =
    p.unitCostBasis.kind === 'first-unit'
      ? p.unitCostUsd
      : firstUnitFromAverage(p.unitCostUsd, p.unitCostBasis.overUnits ?? Math.max(1, unitsBuilt), p.learningRate);
  const launchPerUnit = p.launch ? p.launch.massKg * p.launch.usdPerKg : 0;

  const byYear: YearCost[] = [];
  const byCategory: Record<CostCategory, number> = { development: 0, production: 0, launch: 0, replenishment: 0, operations: 0 };
  let n = 0; // units built so far
  let running = 0;
  let unitYears = 0;
  for (let y = 1; y <= years; y++) {
    running += inService[y];
    const yearLength = Math.min(y, H) - (y - 1);
    const slotYears = partial[y] + running * yearLength;
    unitYears += slotYears;
    const dev =
      p.developmentYears === 0
        ? y === 1
          ? p.developmentUsd
          : 0
        : (p.developmentUsd * Math.max(0, Math.min(y, p.developmentYears) - (y - 1))) / p.developmentYears;
    const f = fielded[y],
      r = replaced[y];
    const production = costOfUnits(t1, n + 1, n + f, b);
    n += f;
    let replenishment: number;
    if (recertify) replenishment = r * (p.endOfLife as { costUsd: number }).costUsd;
    else {
      replenishment = costOfUnits(t1, n + 1, n + r, b) + r * launchPerUnit;
      n += r;
    }
    const row = {
      development: dev,
      production,
      launch: f * launchPerUnit,
      replenishment,
      operations: slotYears * p.operationsUsdPerUnitYear,
    };
    for (const c of COST_CATEGORIES) byCategory[c] += row[c];
    byYear.push({ year: y, ...row, total: COST_CATEGORIES.reduce((s, c) => s + row[c], 0), unitsFielded: f, unitsReplaced: r });
  }
  const totalUsd = COST_CATEGORIES.reduce((s, c) => s + byCategory[c], 0);
  const productionUsd = byCategory.production + (recertify ? 0 : byCategory.replenishment - replacements * launchPerUnit);
  return {
    totalUsd,
    byCategory,
    byYear,
    units: { firstFleet, replacements, built: unitsBuilt, maxGenerations, unitYears },
    firstUnitUsd: t1,
    averageUnitUsd: unitsBuilt > 0 ? productionUsd / unitsBuilt : 0,
    inputs: p,
  };
}

function costOfUnits(t1: number, first: number, last: number, b: number): number {
  if (last < first) return 0;
  if (b === 0) return t1 * (last - first + 1);
  return t1 * (sumOfPowers(last, b) - sumOfPowers(first - 1, b));
}

function sum(a: Float64Array): number {
  let s = 0;
  for (const x of a) s += x;
  return s;
}

/** The base case, the low and high cases and a one-at-a-time sensitivity over every input that has a range. */
export function lifecycleCost(inputs: LifecycleCostInputs): LifecycleCostEstimate {
  const base = lifecycleCostPoint(pointInputs(inputs));
  const lowEnds: Ends = {};
  const highEnds: Ends = {};
  const sensitivity: SensitivityRow[] = [];
  for (const name of UNCERTAIN_INPUTS) {
    const x = uncertainOf(inputs, name);
    if (!hasRange(x)) continue;
    const atLow = lifecycleCostPoint(pointInputs(inputs, { [name]: 'low' })).totalUsd;
    const atHigh = lifecycleCostPoint(pointInputs(inputs, { [name]: 'high' })).totalUsd;
    // whichever end of this input lowers the total goes into the low case (the model is monotone in each input)
    const cheaper = atLow <= atHigh ? 'low' : 'high';
    lowEnds[name] = cheaper;
    highEnds[name] = cheaper === 'low' ? 'high' : 'low';
    const flat = Math.abs(atHigh - atLow) <= 1e-9 * Math.max(Math.abs(base.totalUsd), 1);
    sensitivity.push({
      input: name,
      lowValue: valueOf(x, 'low'),
      baseValue: x.base,
      highValue: valueOf(x, 'high'),
      totalAtLowUsd: atLow,
      totalAtHighUsd: atHigh,
      ...(flat ? { noEffect: noEffectReason(name, base.inputs, base.units.built) } : {}),
    });
  }
  sensitivity.sort((a, b) => Math.abs(b.totalAtHighUsd - b.totalAtLowUsd) - Math.abs(a.totalAtHighUsd - a.totalAtLowUsd));
  return {
    base,
    low: lifecycleCostPoint(pointInputs(inputs, lowEnds)),
    high: lifecycleCostPoint(pointInputs(inputs, highEnds)),
    sensitivity,
  };
}

/** Life-cycle cost per interceptor slot (total over the horizon / slots). */
export function costPerInterceptorSlot(totalUsd: number, slots: number): number {
  if (!(Number.isInteger(slots) && slots >= 1)) throw new RangeError(`slots must be a whole number of at least 1, got ${slots}`);
  return totalUsd / slots;
}
