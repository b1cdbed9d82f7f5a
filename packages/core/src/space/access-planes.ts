import { AccessList, capCosine, inAccess, resolveCriterion, type AccessCriterion, type ResolvedCriterion } from './access.ts';
import { circularPosition, j2SecularPosition, type J2SecularBatch } from '../orbits/j2-secular.ts';

/**
 * Access culling for circular orbits by plane (Walker shells and the like), exact.
 *
 * The circular satellites of a J2-secular batch that share a, i, the node and its rate form a plane;
 * they keep their order and spacing in argument of latitude u for ever (one common u rate). A point
 * P (unit vector p, radius rp) and a satellite of the plane are in access exactly when the central
 * angle between them is below the cap angle g of capCosine (the reach sphere, or the line of sight,
 * cut on the shell). With the plane's in-plane axes N = (cos RAAN, sin RAAN, 0) and
 * W = (-sin RAAN cos i, cos RAAN cos i, sin i), the cosine of that angle is
 *   p . s(u) = A cos u + B sin u = C cos(u - phi),  A = p.N, B = p.W, C = sqrt(A^2 + B^2),
 * so the satellites in access are those whose u lies in the window |u - phi| < acos(cos g / C):
 * one arc per plane and point, found with a few operations instead of a test per satellite
 * (none at all when C <= cos g: the point is too far from the plane's ground track).
 *
 * Exactness (same answers as countAccessBrute on j2SecularPositions): the window is computed twice,
 * with cos g widened and narrowed by EPS_COS = 1e-12 and the angles by EPS_U (>= 1e-9 rad) — margins
 * many orders of magnitude above the rounding of the quantities involved (~1e-16 in the cosines,
 * ~1e-16 |u| in the angles). Satellites inside the narrow window are counted without a test; those
 * in the thin band between the two windows (almost always none) are decided by inAccess on the
 * position circularPosition gives, the same bits j2SecularPositions gives. Satellites that are not
 * circular or not in a plane of at least MIN_PLANE members are tested pair by pair.
 *
 * PlaneAccess.count and .list answer one instant from scratch; PlaneAccessTracker (tracker())
 * answers a sequence of instants for the same moving points, carrying what geometry proves
 * unchanged from call to call (benchmark W2 runs through it).
 */

const TWO_PI = 2 * Math.PI;
const EPS_COS = 1e-12;
const EPS_U = 1e-9;
/** Tracker: a point's cap cosine may drift this far from its anchor before all its pairs are re-evaluated. */
const DCG_ALLOW = 1e-9;
/**
 * Tracker: the turn rate [rad per unit of tau] a point's direction is assumed to stay under starts
 * here; when a call shows more, all the point's pairs are re-evaluated and the rate is raised to
 * 1.25 times what was seen (so a site turning with the Earth settles after its second call).
 */
const INITIAL_TURN_RATE = 0;
/** Planes with fewer circular members are not worth a window; their satellites are tested directly. */
const MIN_PLANE = 3;

/** Angle reduced to [0, 2 pi). */
function wrap(x: number): number {
  const r = x - TWO_PI * Math.floor(x / TWO_PI);
  return r >= TWO_PI ? 0 : r;
}

export class PlaneAccess {
  readonly criterion: ResolvedCriterion;
  /** Number of planes (groups of circular satellites handled by windows). */
  readonly planeCount: number;
  /** Satellites tested pair by pair (eccentric, or in too small a plane). */
  readonly looseCount: number;

  // per plane (index g)
  private readonly pA: Float64Array;
  private readonly pCosI: Float64Array;
  private readonly pSinI: Float64Array;
  private readonly pRaan0: Float64Array;
  private readonly pRaanRate: Float64Array;
  private readonly pURate: Float64Array;
  /** Members of plane g, sorted by offset wrap(u0): members[start[g] .. start[g+1]-1]. */
  private readonly start: Int32Array;
  private readonly members: Int32Array;
  private readonly offsets: Float64Array;
  /** Plane g's offsets are o0 + j 2 pi / n exactly enough (1e-12) to index by arithmetic. */
  private readonly uniform: Uint8Array;
  /** Offset of the first sorted member (o0), and n / (2 pi). */
  private readonly pO0: Float64Array;
  private readonly pScale: Float64Array;
  // per-step scratch
  private readonly cO: Float64Array;
  private readonly sO: Float64Array;
  private readonly base: Float64Array;
  private readonly loose: Int32Array;
  private readonly loosePos: Float64Array;
  private readonly tmp = new Float64Array(3);
  /** Distinct plane radii ("shells") and each plane's shell. */
  private readonly shellA: Float64Array;
  private readonly pShell: Int32Array;
  /** Tracker bookkeeping: call counter, the call at which each plane's trig was computed, the last budget. */
  private step = 0;
  private readonly stamp: Float64Array;
  private readonly baseStamp: Float64Array;
  private eBudget = 0;
  private eKind = 0;
  private eD0 = 0;
  private eEta0 = 0;
  private eEta1 = 0;
  private eEta2 = 0;
  private ePhi = 0;

  constructor(
    readonly batch: J2SecularBatch,
    criterion: AccessCriterion,
  ) {
    this.criterion = resolveCriterion(criterion);
    const { a, i, raan0, raanRate, argLatRate } = batch;
    // Group the circular satellites by plane. Satellites of a plane usually come in a run (as the
    // Walker builders give them), so the key string is made once per run, not per satellite.
    const groups = new Map<string, number[]>();
    const loose: number[] = [];
    let run: number[] | null = null;
    let prev = -1;
    for (let k = 0; k < batch.count; k++) {
      if (batch.e[k] !== 0) {
        loose.push(k);
        continue;
      }
      if (
        run === null ||
        a[k] !== a[prev] ||
        i[k] !== i[prev] ||
        raan0[k] !== raan0[prev] ||
        raanRate[k] !== raanRate[prev] ||
        argLatRate[k] !== argLatRate[prev]
      ) {
        const key = `${a[k]}|${i[k]}|${raan0[k]}|${raanRate[k]}|${argLatRate[k]}`;
        run = groups.get(key) ?? null;
        if (run === null) {
          run = [];
          groups.set(key, run);
        }
      }
      run.push(k);
      prev = k;
    }
    const planes: number[][] = [];
    for (const g of groups.values()) {
      if (g.length >= MIN_PLANE) planes.push(g);
      else loose.push(...g);
    }
    loose.sort((x, y) => x - y);
    const P = planes.length;
    this.planeCount = P;
    this.looseCount = loose.length;
    this.loose = Int32Array.from(loose);
    this.loosePos = new Float64Array(3 * loose.length);
    const f = (): Float64Array => new Float64Array(P);
    this.pA = f();
    this.pCosI = f();
    this.pSinI = f();
    this.pRaan0 = f();
    this.pRaanRate = f();
    this.pURate = f();
    this.pO0 = f();
    this.pScale = f();
    this.cO = f();
    this.sO = f();
    this.base = f();
    this.uniform = new Uint8Array(P);
    this.start = new Int32Array(P + 1);
    const total = planes.reduce((sum, g) => sum + g.length, 0);
    this.members = new Int32Array(total);
    this.offsets = new Float64Array(total);
    let m = 0;
    for (let g = 0; g < P; g++) {
      const ks = planes[g];
      const k0 = ks[0];
      const n = ks.length;
      this.pA[g] = a[k0];
      this.pCosI[g] = batch.cosI[k0];
      this.pSinI[g] = batch.sinI[k0];
      this.pRaan0[g] = raan0[k0];
      this.pRaanRate[g] = raanRate[k0];
      this.pURate[g] = argLatRate[k0];
      this.start[g] = m;
      let sorted = true;
      for (let j = 0; j < n; j++) {
        this.members[m + j] = ks[j];
        this.offsets[m + j] = wrap(batch.u0[ks[j]]);
        if (j > 0 && !(this.offsets[m + j] > this.offsets[m + j - 1])) sorted = false;
      }
      if (!sorted) {
        const order = ks.map((k) => ({ k, o: wrap(batch.u0[k]) })).sort((x, y) => x.o - y.o || x.k - y.k);
        for (let j = 0; j < n; j++) {
          this.members[m + j] = order[j].k;
          this.offsets[m + j] = order[j].o;
        }
      }
      let uniform = true;
      for (let j = 1; j < n && uniform; j++) {
        if (Math.abs(this.offsets[m + j] - this.offsets[m] - (TWO_PI * j) / n) > 1e-12) uniform = false;
      }
      this.uniform[g] = uniform ? 1 : 0;
      this.pO0[g] = this.offsets[m];
      this.pScale[g] = n / TWO_PI;
      m += n;
    }
    this.start[P] = m;
    const radii = [...new Set(Array.from(this.pA))];
    this.shellA = Float64Array.from(radii);
    this.pShell = Int32Array.from(Array.from(this.pA, (x) => radii.indexOf(x)));
    this.stamp = new Float64Array(P).fill(-1);
    this.baseStamp = new Float64Array(P).fill(-1);
  }

  /** Number of distinct plane radii. */
  get shellCount(): number {
    return this.shellA.length;
  }

  /**
   * A counter with memory for one set of moving points (sites turning with the Earth, fixed-altitude
   * watch points, slow movers): see PlaneAccessTracker. Same answers as count(), cheaper per step.
   */
  tracker(nPoints: number): PlaneAccessTracker {
    return new PlaneAccessTracker(this, nPoints);
  }

  /** The tracker's step (call it through PlaneAccessTracker.count). */
  countTracked(st: PlaneTrackerState, t: number, points: Float64Array, counts: Int32Array | Float64Array): void {
    const nPoints = st.nPoints;
    if (points.length < 3 * nPoints) throw new Error(`PlaneAccessTracker: points have length ${points.length}, need ${3 * nPoints}`);
    if (counts.length < nPoints) throw new Error(`PlaneAccessTracker: counts has length ${counts.length}, need ${nPoints}`);
    if (!Number.isFinite(t)) throw new Error(`PlaneAccessTracker: time must be finite, got ${t}`);
    const c = this.criterion;
    const P = this.planeCount;
    const nShells = this.shellA.length;
    const { kind, due, wake, cnt, tau0, phi0, d0, eta0, eta1, eta2, total, rowDue, prev, hasPrev, omega, cgA, cgNow, todo } = st;
    const { base, baseStamp, uniform, pO0, pScale, pURate } = this;
    // tau: the time travelled, sum of |dt| over the calls; |t - t0| <= tau - tau0 whatever the order of times
    const dt = st.calls > 0 ? Math.abs(t - st.tPrev) : 0;
    st.tau += dt;
    st.tPrev = t;
    st.calls++;
    const step = ++this.step;
    const tau = st.tau;
    const loose = this.loose,
      lp = this.loosePos,
      nl = loose.length;
    for (let m = 0; m < nl; m++) j2SecularPosition(this.batch, loose[m], t, lp, 3 * m);
    for (let q = 0; q < nPoints; q++) {
      const px = points[3 * q],
        py = points[3 * q + 1],
        pz = points[3 * q + 2];
      const rp = Math.sqrt(px * px + py * py + pz * pz);
      if (!Number.isFinite(rp)) throw new Error(`PlaneAccessTracker: point ${q} is not finite`);
      let wakeAll = hasPrev[q] === 0 || !(rp > 0);
      const ux = rp > 0 ? px / rp : 0,
        uy = rp > 0 ? py / rp : 0,
        uz = rp > 0 ? pz / rp : 0;
      if (!wakeAll) {
        // The pairs' budgets assume this point's direction turns at most omega[q] rad per unit of tau.
        const ch = Math.sqrt((ux - prev[3 * q]) ** 2 + (uy - prev[3 * q + 1]) ** 2 + (uz - prev[3 * q + 2]) ** 2);
        const turned = ch <= 0.2 ? 1.002 * ch : 1.5708 * ch; // >= 2 asin(ch / 2), the angle
        if (turned > omega[q] * dt) {
          wakeAll = true;
          if (dt > 0) omega[q] = Math.max(1.25 * omega[q], (1.25 * turned) / dt);
        }
      }
      prev[3 * q] = ux;
      prev[3 * q + 1] = uy;
      prev[3 * q + 2] = uz;
      hasPrev[q] = rp > 0 ? 1 : 0;
      // ... and that the cap cosine of each shell stays within DCG_ALLOW of its anchor.
      for (let sh = 0; sh < nShells; sh++) {
        const cg = capCosine(rp, this.shellA[sh], c);
        cgNow[sh] = cg;
        if (!(Math.abs(cg - cgA[q * nShells + sh]) <= DCG_ALLOW)) wakeAll = true;
      }
      if (wakeAll) for (let sh = 0; sh < nShells; sh++) cgA[q * nShells + sh] = cgNow[sh];
      let n = total[q];
      if (wakeAll || rowDue[q] <= tau) {
        const row = q * P;
        let next = Infinity;
        // the pairs that need something now (a tight scan; the others' counts are proven unchanged)
        let m = 0;
        for (let g = 0; g < P; g++) {
          const d = due[row + g];
          if (wakeAll || d <= tau) todo[m++] = g;
          else if (d < next) next = d;
        }
        for (let j = 0; j < m; j++) {
          const g = todo[j];
          const pi = row + g;
          if (!wakeAll && kind[pi] === 3 && wake[pi] > tau) {
            // A carried window: its centre and half-width are known to within eta; the slide along
            // the orbit is exact (base). Satellites clear of the bands are in (inner) or out.
            const d = tau - tau0[pi];
            const eta = eta0[pi] + d * (eta1[pi] + d * eta2[pi]);
            const dIn = d0[pi] - eta,
              dOut = d0[pi] + eta;
            if (dIn > 0 && dOut < Math.PI) {
              if (baseStamp[g] !== step) {
                base[g] = wrap(pURate[g] * t);
                baseStamp[g] = step;
              }
              const center = phi0[pi] - base[g];
              let i1: number, o1: number, i2: number, o2: number, gap: number;
              if (uniform[g]) {
                // offsets o0 + k 2 pi / n: index arithmetic
                const o0 = pO0[g],
                  sc = pScale[g];
                // (| 0: small integers, and never -0)
                i1 = Math.ceil((center - dIn - o0) * sc) | 0;
                o1 = Math.ceil((center - dOut - o0) * sc) | 0;
                i2 = Math.floor((center + dIn - o0) * sc) | 0;
                o2 = Math.floor((center + dOut - o0) * sc) | 0;
                gap = Math.min(
                  center - dOut - (o0 + (o1 - 1) / sc),
                  o0 + i1 / sc - (center - dIn),
                  o0 + (o2 + 1) / sc - (center + dOut),
                  center + dIn - (o0 + i2 / sc),
                );
              } else {
                i1 = this.first(g, center - dIn);
                o1 = this.first(g, center - dOut);
                i2 = this.last(g, center + dIn);
                o2 = this.last(g, center + dOut);
                gap = Math.min(
                  center - dOut - this.offsetAt(g, o1 - 1),
                  this.offsetAt(g, i1) - (center - dIn),
                  this.offsetAt(g, o2 + 1) - (center + dOut),
                  center + dIn - this.offsetAt(g, i2),
                );
              }
              if (i1 === o1 && i2 === o2) {
                // no satellite in the bands: those of the inner window are in, the rest out
                const k2 = i2 - i1 + 1;
                n += k2 - cnt[pi];
                cnt[pi] = k2;
                // Sleep while no satellite can reach a band: the bands move by at most the slide
                // |du/dt| dtau plus the growth of eta (<= (eta1 + 2 eta2 dEnd) dtau up to the budget's end).
                const growth = eta2[pi] > 0 ? 2 * eta2[pi] * (wake[pi] - tau0[pi]) : 0;
                let until = tau + gap / (Math.abs(pURate[g]) + eta1[pi] + growth);
                if (!(until >= tau)) until = tau; // (never NaN: then it is simply checked again next call)
                due[pi] = Math.min(until, wake[pi]);
                if (due[pi] < next) next = due[pi];
                continue;
              }
            }
          }
          // Evaluate the pair exactly and remember what can be carried.
          st.evaluations++;
          const k = this.evaluate(g, t, ux, uy, uz, px, py, pz, rp, cgNow[this.pShell[g]], omega[q] + Math.abs(this.pRaanRate[g]));
          n += k - cnt[pi];
          cnt[pi] = k;
          kind[pi] = this.eKind;
          wake[pi] = tau + this.eBudget;
          // kind 1: carried to the end of its budget; kind 3: checked again next call; kind 0: evaluated again
          due[pi] = this.eKind === 1 ? wake[pi] : tau;
          if (this.eKind === 3) {
            tau0[pi] = tau;
            phi0[pi] = this.ePhi;
            d0[pi] = this.eD0;
            eta0[pi] = this.eEta0;
            eta1[pi] = this.eEta1;
            eta2[pi] = this.eEta2;
          }
          if (due[pi] < next) next = due[pi];
        }
        rowDue[q] = next;
        total[q] = n;
      }
      for (let m = 0; m < nl; m++) {
        if (inAccess(lp[3 * m], lp[3 * m + 1], lp[3 * m + 2], px, py, pz, c)) n++;
      }
      counts[q] = n;
    }
  }

  /**
   * Exact count of plane g's satellites in access of a point at time t, and how long it may be
   * carried, given that the point's direction turns relative to the plane at most W rad per unit of
   * tau and its cap cosine stays within 2 DCG_ALLOW of cg (see PlaneAccessTracker). Sets eKind:
   * 0 evaluate again next call; 1 the count holds for eBudget of tau; 3 a window, centre ePhi and
   * half-width eD0 each known to within eEta0 + eEta1 (tau - tau0) for eBudget of tau.
   */
  private evaluate(
    g: number,
    t: number,
    ux: number,
    uy: number,
    uz: number,
    px: number,
    py: number,
    pz: number,
    rp: number,
    cg: number,
    W: number,
  ): number {
    this.eBudget = 0;
    this.eKind = 0;
    this.ensureTrig(g, t);
    const s = this.start[g],
      n = this.start[g + 1] - s;
    if (!(rp > 0)) return this.testRange(g, t, 0, n - 1, px, py, pz, null);
    const ci = this.pCosI[g],
      si = this.pSinI[g],
      co = this.cO[g],
      so = this.sO[g];
    const A = ux * co + uy * so;
    const B = (uy * co - ux * so) * ci + uz * si;
    const C2 = A * A + B * B;
    const C = Math.sqrt(C2);
    const dcg = 2 * DCG_ALLOW;
    if (cg > 1 + EPS_COS || C <= cg - EPS_COS || -C > cg + EPS_COS) {
      // no satellite (or every one) of the plane can be in access; this holds while
      // C + rho + dcg < cg (or rho - C > cg + dcg), rho <= W (tau - tau0)
      const none = !(-C > cg + EPS_COS);
      const slack = (none ? cg - C : -C - cg) - EPS_COS - dcg;
      if (slack > 0) {
        this.eKind = 1;
        this.eBudget = slack / W;
      }
      return none ? 0 : n;
    }
    const r = cg / C;
    if (C > 1e-9 && r > -1 && r < 1) {
      // A window |u - phi| < delta. Over d = tau - tau0 the point's direction turns by rho <= W d
      // relative to the plane; with Z = p . (plane normal), C = sqrt(1 - Z^2):
      //   |dZ| <= rho, so |dC| <= rho (|Z0| + rho) / (0.9 C0)        (while rho <= 0.1 C0)
      //   phi moves by <= asin(rho / C0) <= 1.002 rho / C0
      //   r = cg / C by <= dr = (dcg + EPS_COS) / (0.9 C0) + |cg| rho (|Z0| + rho) / (0.81 C0^3)
      //   delta = acos r by <= dr / smin                                (while dr <= dmax)
      // so both edges are known to within eta(d) = h0 + h1 d + h2 d^2 (plus EPS_U and the rounding
      // of the offsets, 1e-14 |u t|); the slide along the orbit is exact (base).
      const inv = 1 / C;
      const ar = Math.abs(r);
      const dmax = (1 - ar) / 4;
      const mid = ar + dmax;
      const smin = Math.sqrt((1 - mid) * (1 + mid));
      const z = Math.sqrt(Math.max(0, 1 - C2));
      const c0 = ((dcg + EPS_COS) * inv) / 0.9;
      const qa = (Math.abs(cg) * inv * inv * inv) / 0.81;
      const uRate = Math.abs(this.pURate[g]);
      const eta0 = c0 / smin + EPS_U + 1e-14 * uRate * Math.abs(t);
      const d0 = Math.acos(r);
      const dIn = d0 - eta0,
        dOut = d0 + eta0;
      if (c0 < dmax && dIn > 0 && dOut < Math.PI) {
        const phi = Math.atan2(B, A);
        const center = phi - this.baseAt(g, t);
        const i1 = this.first(g, center - dIn),
          i2 = this.last(g, center + dIn);
        const count =
          i2 -
          i1 +
          1 +
          this.testRange(g, t, this.first(g, center - dOut), i1 - 1, px, py, pz, null) +
          this.testRange(g, t, i2 + 1, this.last(g, center + dOut), px, py, pz, null);
        let rhoMax = 0.1 * C;
        if (qa > 0) rhoMax = Math.min(rhoMax, (-qa * z + Math.sqrt(qa * z * qa * z + 4 * qa * (dmax - c0))) / (2 * qa));
        this.eKind = 3;
        this.eBudget = rhoMax / W;
        this.ePhi = phi;
        this.eD0 = d0;
        this.eEta0 = eta0;
        this.eEta1 = (1.002 * inv + (qa * z) / smin) * W + 1e-14 * uRate;
        this.eEta2 = (qa * W * W) / smin;
        return count;
      }
    }
    // near a pole of the plane, a window of (almost) the whole orbit, or one too thin to carry:
    // the stateless window with its exact band tests, and no memory
    this.baseAt(g, t);
    return this.window(g, t, A, B, C2, cg, px, py, pz, null);
  }

  /** wrap(du/dt t) for plane g, once per tracker call. */
  private baseAt(g: number, t: number): number {
    if (this.baseStamp[g] !== this.step) {
      this.base[g] = wrap(this.pURate[g] * t);
      this.baseStamp[g] = this.step;
    }
    return this.base[g];
  }

  /** cos and sin of plane g's node at time t, once per tracker call. */
  private ensureTrig(g: number, t: number): void {
    if (this.stamp[g] !== this.step) {
      const raan = this.pRaan0[g] + this.pRaanRate[g] * t; // as in j2SecularPositions, so the same bits
      this.cO[g] = Math.cos(raan);
      this.sO[g] = Math.sin(raan);
      this.stamp[g] = this.step;
    }
  }

  /** Offset of virtual index k: offsets[k mod n] + 2 pi floor(k / n) (o0 + k 2 pi / n for a uniform plane). */
  private offsetAt(g: number, k: number): number {
    if (this.uniform[g]) return this.pO0[g] + k / this.pScale[g];
    const s = this.start[g],
      n = this.start[g + 1] - s;
    return this.offsets[s + mod(k, n)] + TWO_PI * Math.floor(k / n);
  }

  /** counts[q] = number of satellites in access of point q at time t (points: stride 3, metres). */
  count(t: number, points: Float64Array, nPoints: number, counts: Int32Array | Float64Array): void {
    this.run(t, points, nPoints, counts, null);
  }

  /** Lists, per point, the satellites in access at time t (into out, reset first). */
  list(t: number, points: Float64Array, nPoints: number, out: AccessList): void {
    this.run(t, points, nPoints, null, out);
  }

  private run(t: number, points: Float64Array, nPoints: number, counts: Int32Array | Float64Array | null, out: AccessList | null): void {
    if (points.length < 3 * nPoints) throw new Error(`PlaneAccess: points have length ${points.length}, need ${3 * nPoints}`);
    const c = this.criterion;
    const P = this.planeCount;
    const { pA, pCosI, pSinI, pRaan0, pRaanRate, pURate, cO, sO, base } = this;
    for (let g = 0; g < P; g++) {
      const raan = pRaan0[g] + pRaanRate[g] * t; // as in j2SecularPositions, so cos and sin are the same bits
      cO[g] = Math.cos(raan);
      sO[g] = Math.sin(raan);
      base[g] = wrap(pURate[g] * t);
    }
    // The loose satellites: positions once per step, then pair by pair.
    const loose = this.loose,
      lp = this.loosePos,
      nl = loose.length;
    for (let m = 0; m < nl; m++) j2SecularPosition(this.batch, loose[m], t, lp, 3 * m);
    if (out) out.reset();
    for (let q = 0; q < nPoints; q++) {
      const px = points[3 * q],
        py = points[3 * q + 1],
        pz = points[3 * q + 2];
      const rp = Math.sqrt(px * px + py * py + pz * pz);
      let n = 0;
      if (rp > 0) {
        const ux = px / rp,
          uy = py / rp,
          uz = pz / rp;
        let lastA = NaN,
          cg = 0;
        for (let g = 0; g < P; g++) {
          const a = pA[g];
          if (a !== lastA) {
            cg = capCosine(rp, a, c);
            lastA = a;
          }
          if (cg > 1 + EPS_COS) continue;
          const ci = pCosI[g],
            si = pSinI[g],
            co = cO[g],
            so = sO[g];
          const A = ux * co + uy * so;
          const B = (uy * co - ux * so) * ci + uz * si;
          const C2 = A * A + B * B;
          const cgo = cg - EPS_COS;
          if (cgo > 0 && C2 <= cgo * cgo) continue; // the plane's whole circle is outside the cap
          n += this.window(g, t, A, B, C2, cg, px, py, pz, out);
        }
      } else {
        n += this.planesBrute(t, px, py, pz, out);
      }
      for (let m = 0; m < nl; m++) {
        if (inAccess(lp[3 * m], lp[3 * m + 1], lp[3 * m + 2], px, py, pz, c)) {
          n++;
          if (out) out.push(loose[m]);
        }
      }
      if (counts) counts[q] = n;
      if (out) out.endPoint();
    }
  }

  /** Satellites of plane g in access of the point: count by window, exact tests in the margin band. */
  private window(
    g: number,
    t: number,
    A: number,
    B: number,
    C2: number,
    cg: number,
    px: number,
    py: number,
    pz: number,
    out: AccessList | null,
  ): number {
    const s = this.start[g],
      n = this.start[g + 1] - s;
    const C = Math.sqrt(C2);
    if (!(C > 1e-9)) return this.testRange(g, t, 0, n - 1, px, py, pz, out); // point on the plane's pole
    const ro = (cg - EPS_COS) / C; // outer (wider) window
    if (ro >= 1) return 0;
    const ri = (cg + EPS_COS) / C; // inner (narrower) window
    const eu = EPS_U + 1e-14 * Math.abs(this.pURate[g] * t);
    const center = Math.atan2(B, A) - this.base[g]; // window centre in offset space
    const dOut = ro <= -1 ? Math.PI : Math.acos(ro) + eu;
    const dIn = ri >= 1 ? -1 : ri <= -1 ? Math.PI : Math.acos(ri) - eu;
    let found = 0;
    if (dOut >= Math.PI && dIn >= Math.PI) {
      // the whole plane is in access
      if (out) for (let j = 0; j < n; j++) out.push(this.members[s + j]);
      return n;
    }
    if (dIn <= 0) {
      // no sure window: test the outer one (or the whole plane)
      if (dOut >= Math.PI) return this.testRange(g, t, 0, n - 1, px, py, pz, out);
      return this.testRange(g, t, this.first(g, center - dOut), this.last(g, center + dOut), px, py, pz, out);
    }
    const i1 = this.first(g, center - dIn);
    const i2 = this.last(g, center + dIn);
    const inner = Math.min(n, Math.max(0, i2 - i1 + 1));
    found += inner;
    if (out) for (let k = i1; k < i1 + inner; k++) out.push(this.members[s + mod(k, n)]);
    if (inner === n) return found;
    if (dOut >= Math.PI) {
      found += this.testRange(g, t, i2 + 1, i1 - 1 + n, px, py, pz, out);
    } else {
      found += this.testRange(g, t, this.first(g, center - dOut), i1 - 1, px, py, pz, out);
      found += this.testRange(g, t, i2 + 1, this.last(g, center + dOut), px, py, pz, out);
    }
    return found;
  }

  /** Smallest virtual index k whose offset (offset[k mod n] + 2 pi floor(k / n)) is >= x. */
  private first(g: number, x: number): number {
    const s = this.start[g],
      n = this.start[g + 1] - s;
    if (this.uniform[g]) return Math.ceil((x - this.pO0[g]) * this.pScale[g]) | 0;
    const w = Math.floor(x / TWO_PI);
    const r = x - TWO_PI * w;
    let lo = 0,
      hi = n; // lower bound of r in offsets[s .. s+n)
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[s + mid] < r) lo = mid + 1;
      else hi = mid;
    }
    return w * n + lo;
  }

  /** Largest virtual index k whose offset is <= x. */
  private last(g: number, x: number): number {
    const s = this.start[g],
      n = this.start[g + 1] - s;
    if (this.uniform[g]) return Math.floor((x - this.pO0[g]) * this.pScale[g]) | 0;
    const w = Math.floor(x / TWO_PI);
    const r = x - TWO_PI * w;
    let lo = 0,
      hi = n; // upper bound of r
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[s + mid] <= r) lo = mid + 1;
      else hi = mid;
    }
    return w * n + lo - 1;
  }

  /** Exact tests of the members with virtual indices k1..k2 (at most one turn). */
  private testRange(g: number, t: number, k1: number, k2: number, px: number, py: number, pz: number, out: AccessList | null): number {
    const s = this.start[g],
      n = this.start[g + 1] - s;
    if (k2 - k1 + 1 > n) k2 = k1 + n - 1;
    const b = this.batch,
      tmp = this.tmp,
      a = this.pA[g],
      co = this.cO[g],
      so = this.sO[g],
      ci = this.pCosI[g],
      si = this.pSinI[g];
    let found = 0;
    for (let k = k1; k <= k2; k++) {
      const sat = this.members[s + mod(k, n)];
      circularPosition(a, co, so, ci, si, b.u0[sat] + b.argLatRate[sat] * t, tmp, 0);
      if (inAccess(tmp[0], tmp[1], tmp[2], px, py, pz, this.criterion)) {
        found++;
        if (out) out.push(sat);
      }
    }
    return found;
  }

  /** A point at the centre of the Earth: no direction, so test every plane member. */
  private planesBrute(t: number, px: number, py: number, pz: number, out: AccessList | null): number {
    let found = 0;
    for (let g = 0; g < this.planeCount; g++) found += this.testRange(g, t, 0, this.start[g + 1] - this.start[g] - 1, px, py, pz, out);
    return found;
  }
}

function mod(k: number, n: number): number {
  const r = k % n;
  return r < 0 ? r + n : r;
}

/** Memory of a PlaneAccessTracker: per (point, plane) pair (index q * planes + g) and per point. */
export class PlaneTrackerState {
  calls = 0;
  tPrev = 0;
  /** Sum of |dt| over the calls. */
  tau = 0;
  /** (plane, point) pairs evaluated in full so far (the rest were carried over). */
  evaluations = 0;
  /** What the pair carries: 0 nothing (evaluate), 1 its count, 3 its window (tau0, phi0, d0, eta0, eta1). */
  readonly kind: Uint8Array;
  /** tau until which the carried count or window is valid. */
  readonly wake: Float64Array;
  /** tau before which the pair needs nothing (its count is proven unchanged until then). */
  readonly due: Float64Array;
  /** Per point: the earliest due of its pairs. */
  readonly rowDue: Float64Array;
  /** Scratch: the planes of a point's pairs due now. */
  readonly todo: Int32Array;
  /** The pair's count. */
  readonly cnt: Int32Array;
  readonly tau0: Float64Array;
  readonly phi0: Float64Array;
  readonly d0: Float64Array;
  readonly eta0: Float64Array;
  readonly eta1: Float64Array;
  readonly eta2: Float64Array;
  /** Per point: sum of its pairs' counts. */
  readonly total: Float64Array;
  /** Per point: last direction, and the turn rate [rad per unit of tau] the budgets assume. */
  readonly prev: Float64Array;
  readonly hasPrev: Uint8Array;
  readonly omega: Float64Array;
  /** Per point and shell: the cap cosine the budgets are anchored to; scratch for the current one. */
  readonly cgA: Float64Array;
  readonly cgNow: Float64Array;

  constructor(
    readonly nPoints: number,
    planes: number,
    shells: number,
  ) {
    const m = nPoints * planes;
    this.kind = new Uint8Array(m);
    this.wake = new Float64Array(m);
    this.due = new Float64Array(m);
    this.rowDue = new Float64Array(nPoints);
    this.todo = new Int32Array(planes);
    this.cnt = new Int32Array(m);
    this.tau0 = new Float64Array(m);
    this.phi0 = new Float64Array(m);
    this.d0 = new Float64Array(m);
    this.eta0 = new Float64Array(m);
    this.eta1 = new Float64Array(m);
    this.eta2 = new Float64Array(m);
    this.total = new Float64Array(nPoints);
    this.prev = new Float64Array(3 * nPoints);
    this.hasPrev = new Uint8Array(nPoints);
    this.omega = new Float64Array(nPoints).fill(INITIAL_TURN_RATE);
    this.cgA = new Float64Array(nPoints * shells).fill(NaN);
    this.cgNow = new Float64Array(shells);
  }
}

/**
 * Exact access counts for a fixed set of moving points (sites turning with the Earth, watch
 * points, threats), using time coherence: the answer for a (plane, point) pair is carried from one
 * call to the next for as long as geometry proves it unchanged, so most calls do one comparison
 * per pair. The answers are those of PlaneAccess.count (and of the brute force), at any times, in
 * any order.
 *
 * What is proven, and how (tau = sum of |dt| over the calls, so |t - t0| <= tau - tau0 always):
 * - Each call checks that every point's direction turned by at most omega_q |dt| since the previous
 *   call (chord to angle, bounded above) and that its cap cosine stayed within DCG_ALLOW of an
 *   anchor; if not, all that point's pairs are re-evaluated (and omega_q raised). Nothing is
 *   assumed about how points move: a point that jumps just costs a re-evaluation.
 * - So since a pair was evaluated at tau0, the point's direction has turned relative to the plane by
 *   rho <= (omega_q + |dRAAN/dt|) (tau - tau0) (the plane turns only about the pole).
 * - A pair with no satellite in reach (C + eps < cos g) or all of them (-C > cos g + eps) keeps that
 *   count while rho stays below the slack: it sleeps until then.
 * - A pair with a window |u - phi| < delta carries (phi0, delta0) and a bound eta(tau - tau0) on how
 *   far both have moved (see evaluate()); the window's slide along the orbit, du/dt t, is exact.
 *   Satellites clear of the bands of half-width eta round both edges are surely in or surely out:
 *   the count is the inner window's, by index arithmetic, and the pair then sleeps until a satellite
 *   could reach a band (the gap over the bands' speed, |du/dt| + d eta / d tau). A satellite inside
 *   a band, or an expired bound, means an exact re-evaluation, which resets eta.
 */
export class PlaneAccessTracker {
  readonly state: PlaneTrackerState;

  constructor(
    readonly access: PlaneAccess,
    readonly nPoints: number,
  ) {
    if (!Number.isInteger(nPoints) || nPoints < 0)
      throw new Error(`PlaneAccessTracker: nPoints must be a non-negative integer, got ${nPoints}`);
    this.state = new PlaneTrackerState(nPoints, access.planeCount, access.shellCount);
  }

  /** counts[q] = number of satellites in access of point q at time t (point q must be the same moving point at every call). */
  count(t: number, points: Float64Array, counts: Int32Array | Float64Array): void {
    this.access.countTracked(this.state, t, points, counts);
  }
}
