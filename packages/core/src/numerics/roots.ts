/**
 * Damped Newton iteration for a small square system F(x) = 0 whose Jacobian is estimated by forward
 * differences (F is a whole trajectory simulation, so no analytic derivative exists). Variables stay
 * within box bounds; a step that does not reduce |F| is halved (backtracking) up to 8 times.
 */
export interface NewtonProblem {
  /** Residuals scaled so that 1 means "unacceptable"; null when F cannot be evaluated at x. */
  residual(x: readonly number[]): number[] | null;
  /** Forward-difference step per variable. */
  steps: readonly number[];
  lower: readonly number[];
  upper: readonly number[];
}

export interface NewtonResult {
  x: number[];
  residual: number[];
  norm: number;
  iterations: number;
  converged: boolean;
  evaluations: number;
}

export function solveNewton(p: NewtonProblem, x0: readonly number[], tolerance: number, maxIterations = 30): NewtonResult {
  const n = x0.length;
  const clamp = (x: number[]): number[] => x.map((v, i) => Math.min(p.upper[i], Math.max(p.lower[i], v)));
  let x = clamp([...x0]);
  let evaluations = 0;
  const evalF = (xx: number[]): number[] | null => {
    evaluations++;
    return p.residual(xx);
  };
  let f = evalF(x);
  if (f === null) return { x, residual: [], norm: Infinity, iterations: 0, converged: false, evaluations };
  const norm = (v: number[]): number => Math.sqrt(v.reduce((s, e) => s + e * e, 0));
  let iterations = 0;
  for (; iterations < maxIterations && norm(f) > tolerance; iterations++) {
    const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let j = 0; j < n; j++) {
      const xj = [...x];
      let h = p.steps[j];
      if (xj[j] + h > p.upper[j]) h = -h;
      xj[j] += h;
      const fj = evalF(xj);
      if (fj === null) return { x, residual: f, norm: norm(f), iterations, converged: false, evaluations };
      for (let i = 0; i < n; i++) J[i][j] = (fj[i] - f[i]) / h;
    }
    const dx = solveLinear(
      J,
      f.map((v) => -v),
    );
    if (dx === null) break;
    let lambda = 1;
    let accepted = false;
    for (let k = 0; k < 8; k++) {
      const xn = clamp(x.map((v, i) => v + lambda * dx[i]));
      const fn = evalF(xn);
      if (fn !== null && norm(fn) < norm(f)) {
        x = xn;
        f = fn;
        accepted = true;
        break;
      }
      lambda *= 0.5;
    }
    if (!accepted) break;
  }
  const nf = norm(f);
  return { x, residual: f, norm: nf, iterations, converged: nf <= tolerance, evaluations };
}

/** Gaussian elimination with partial pivoting; null for a singular matrix. */
function solveLinear(A: number[][], b: number[]): number[] | null {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r][c]) > Math.abs(M[piv][c])) piv = r;
    if (Math.abs(M[piv][c]) < 1e-300) return null;
    [M[c], M[piv]] = [M[piv], M[c]];
    for (let r = c + 1; r < n; r++) {
      const f = M[r][c] / M[c][c];
      for (let k = c; k <= n; k++) M[r][k] -= f * M[c][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r][n];
    for (let k = r + 1; k < n; k++) s -= M[r][k] * x[k];
    x[r] = s / M[r][r];
  }
  return x;
}

/** Golden-section search for the maximum of a unimodal function on [a, b]. */
export function maximizeGolden(f: (x: number) => number, a: number, b: number, tolerance: number): { x: number; value: number } {
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return fc > fd ? { x: c, value: fc } : { x: d, value: fd };
}

/** Bisection for f(x) = 0 on [a, b] where f(a) and f(b) differ in sign. */
export function bisect(f: (x: number) => number, a: number, b: number, tolerance: number): number {
  let fa = f(a);
  for (let i = 0; i < 200 && b - a > tolerance; i++) {
    const m = 0.5 * (a + b);
    const fm = f(m);
    if (fm > 0 === fa > 0) {
      a = m;
      fa = fm;
    } else {
      b = m;
    }
  }
  return 0.5 * (a + b);
}

/**
 * bisect(f, a, b, tolerance), the same answer bit for bit, with fewer evaluations of an expensive f: at
 * each midpoint the sign is read off a cheap estimate where the estimate is farther than `margin` from
 * zero (NaN estimates fall back to f), from f itself otherwise. The cell found is then checked with f:
 * f has the sign of f(a) at its lower end and (unless it is b) the other sign at its upper end. With f
 * changing sign once on [a, b], which is what bisect assumes, every midpoint left of the cell then truly
 * had f(a)'s sign and every one right of it the other, so each step went the way bisect's would. If the
 * check fails, an estimate was wrong by more than the margin, and bisect runs on f alone. The margin
 * trades screening against fallbacks; the answer does not depend on it.
 */
export function bisectScreened(
  f: (x: number) => number,
  estimate: (x: number) => number,
  margin: number,
  a: number,
  b: number,
  tolerance: number,
): number {
  const a0 = a,
    b0 = b;
  const positive = (x: number): boolean => {
    const e = estimate(x);
    return Math.abs(e) > margin ? e > 0 : f(x) > 0;
  };
  const p0 = f(a) > 0;
  let pa = p0;
  for (let i = 0; i < 200 && b - a > tolerance; i++) {
    const m = 0.5 * (a + b);
    const pm = positive(m);
    if (pm === pa) {
      a = m;
      pa = pm;
    } else {
      b = m;
    }
  }
  if (f(a) > 0 === p0 && (b === b0 || f(b) > 0 !== p0)) return 0.5 * (a + b);
  return bisect(f, a0, b0, tolerance);
}

/**
 * A root of an increasing f on [lo, hi], to |f| <= tolerance, by secant steps from a guess (the second
 * point 1e-3 of the interval away), each kept inside the bracket known so far and replaced by its
 * midpoint when it leaves it or f is not finite; the end nearer the root when f has no root inside.
 * Few evaluations when f is smooth and the guess is near, as when a root is followed along a parameter.
 * Also the slope of the last secant (NaN when the guess was already within tolerance, or f had no root).
 */
export function secantRoot(
  f: (x: number) => number,
  lo: number,
  hi: number,
  guess: number,
  tolerance: number,
): { x: number; slope: number } {
  const step = 1e-3 * (hi - lo);
  let a = Math.min(Math.max(guess, lo), hi),
    fa = f(a);
  if (Math.abs(fa) <= tolerance) return { x: a, slope: NaN };
  const bracket = (x: number, fx: number): void => {
    if (fx > 0) hi = Math.min(hi, x);
    else lo = Math.max(lo, x);
  };
  bracket(a, fa);
  let b = a + step <= hi ? a + step : a - step,
    fb = f(b);
  for (let i = 0; i < 100; i++) {
    if (Math.abs(fb) <= tolerance) return { x: b, slope: (fb - fa) / (b - a) };
    bracket(b, fb);
    if (hi - lo <= 1e-12 * Math.max(1, Math.abs(hi))) break;
    const s = b - (fb * (b - a)) / (fb - fa);
    a = b;
    fa = fb;
    b = Number.isFinite(s) && s > lo && s < hi ? s : 0.5 * (lo + hi);
    fb = f(b);
  }
  return { x: 0.5 * (lo + hi), slope: NaN };
}
