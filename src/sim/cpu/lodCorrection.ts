/**
 * One defect-correction step u += P⁻¹(f − A·u) for the implicit field equation of fieldSolver.ts, with the
 * locally-one-dimensional preconditioner P = Tx·Ty, Tx = d0 − r·δxx (rows), Ty = 1 − (r/d0)·δyy (columns),
 * both constant-coefficient tridiagonal matrices factored once per (D, dt, λ) (thomas.ts). d0 is the
 * constant part of the diagonal (uptake is left to the multigrid cycles). Also builds the right-hand side
 *   f = e^{−λdt/2}·u_old + dt·S + r·w·c_b (face terms on edge cells)
 * and, with uptake, the diagonal d = d0 + dt·U and the Gauss–Seidel divisors of the finest level.
 * Two passes: `forward` (rows ascending, two rows at a time: f, residual, row forward elimination in one
 * loop; row back-substitution and column forward elimination in a second, descending loop) and
 * `back` (a RowProducer, rows descending: column back-substitution and u += correction), which the first
 * multigrid smoothing pass calls row by row. Dimensionless coefficients; f in field units.
 */
import { allocF32, allocF64, residualRow, setDiagonalRow, type Level, type RowProducer } from './multigrid.ts';
import { factorLine, forwardColumnRow, solveLine, solveLine2, type LineFactor } from './thomas.ts';

/** Per-time-step coefficients of the right-hand side. */
export interface RhsCoefficients {
  /** e^{−λdt/2}: the explicit half of the decay. */
  keep: number;
  /** min */
  dt: number;
  /** Constant part of the diagonal, e^{λdt/2}. */
  d0: number;
  /** D·dt/dx². */
  r: number;
  /** Face terms r·w·c_b added to the edge cells of each face (0 for no-flux faces). */
  gx0: number;
  gx1: number;
  gy0: number;
  gy1: number;
}

/** The LOD defect correction on the finest level L of a solver. */
export class LodCorrection {
  private readonly L: Level;
  private readonly nx: number;
  private readonly ny: number;
  /** Column-solve work array (float32, like the GPU). */
  private readonly z: Float32Array;
  private readonly rowA: Float64Array;
  private readonly rowB: Float64Array;
  private readonly rowZ: Float64Array;
  private fx: LineFactor;
  private fy: LineFactor;
  private c: RhsCoefficients = { keep: 1, dt: 1, d0: 1, r: 0, gx0: 0, gx1: 0, gy0: 0, gy1: 0 };
  private field: Float32Array;
  /** Σ f of the last forward pass (float64; a slot, not a return value, so that no double is boxed per row). */
  readonly sumF: Float64Array = allocF64(1);
  /** Producer of the first smoothing pass (rows descending): column back-substitution and u += z. */
  readonly back: RowProducer;

  constructor(L: Level) {
    this.L = L;
    this.nx = L.nx;
    this.ny = L.ny;
    this.z = allocF32(L.nx * L.ny);
    this.rowA = allocF64(L.nx);
    this.rowB = allocF64(L.nx);
    this.rowZ = allocF64(L.nx);
    this.fx = factorLine(L.nx, 1, 0, 0, 0);
    this.fy = factorLine(L.ny, 1, 0, 0, 0);
    this.field = L.u;
    this.back = (j: number): void => backRow(this.z, this.rowZ, this.field, this.fy, this.nx, this.ny, j);
  }

  /** Refactors the line solves for new coefficients (call when dt changes). */
  setCoefficients(c: RhsCoefficients): void {
    const w = this.L.w;
    this.c = { ...c };
    this.fx = factorLine(this.nx, c.d0, c.r, w.x0, w.x1);
    this.fy = factorLine(this.ny, 1, c.r / c.d0, w.y0, w.y1);
  }

  /**
   * Pass 1: builds f (and, with uptake, d and the divisors; `restrictPair(J)` is then called once fine rows
   * 2J and 2J + 1 have their d), the residual f − A·u and P⁻¹ up to the column back-substitution.
   * u must be the level's u. Leaves Σ f (float64) in sumF[0].
   */
  forward(u: Float32Array, source: Float32Array | null, uptake: Float32Array | null, restrictPair: ((J: number) => void) | null): void {
    const { L, nx, ny, rowA, rowB, z, fx, fy, sumF } = this;
    this.field = u;
    sumF[0] = 0;
    for (let j = 0; j < ny; j += 2) {
      const pair = j + 1 < ny;
      if (uptake) {
        setDiagonalRow(L, j, uptake);
        if (pair) setDiagonalRow(L, j + 1, uptake);
        if (pair && restrictPair) restrictPair(j >> 1);
      }
      if (pair && j > 0 && j + 1 < ny - 1) {
        forwardPair(L, source, this.c, fx, fy, rowA, rowB, z, j, sumF);
        continue;
      }
      // Pairs touching the j = 0 or j = ny − 1 face (and a last single row): the plain row kernels.
      rhsRow(L, u, source, this.c, j, sumF);
      residualRow(L, j, rowA);
      if (pair) {
        rhsRow(L, u, source, this.c, j + 1, sumF);
        residualRow(L, j + 1, rowB);
        solveLine2(fx, rowA, rowB);
        forwardColumnRow(fy, j, rowA, z, nx);
        forwardColumnRow(fy, j + 1, rowB, z, nx);
      } else {
        solveLine(fx, rowA);
        forwardColumnRow(fy, j, rowA, z, nx);
      }
    }
  }
}

/** Right-hand side of row j; adds its float64 sum (two partial sums) to acc[0]. */
function rhsRow(L: Level, u: Float32Array, source: Float32Array | null, c: RhsCoefficients, j: number, acc: Float64Array): void {
  const { nx, ny, f } = L;
  const { keep, dt } = c;
  const base = j * nx;
  const end = base + nx;
  let s0 = 0;
  let s1 = 0;
  if (source !== null) {
    for (let k = base; k < end; k++) {
      const v = Math.fround(keep * u[k] + dt * source[k]);
      f[k] = v;
      if ((k & 1) === 0) s0 += v;
      else s1 += v;
    }
  } else {
    for (let k = base; k < end; k++) {
      const v = Math.fround(keep * u[k]);
      f[k] = v;
      if ((k & 1) === 0) s0 += v;
      else s1 += v;
    }
  }
  let sum = s0 + s1;
  // Face terms of fixed-value faces (all zero with no-flux faces, where the sum is used).
  if (c.gx0 !== 0) f[base] += c.gx0;
  if (c.gx1 !== 0) f[end - 1] += c.gx1;
  const gy = j === 0 ? c.gy0 : j === ny - 1 ? c.gy1 : 0;
  if (gy !== 0) for (let k = base; k < end; k++) f[k] += gy;
  if (c.gx0 !== 0 || c.gx1 !== 0 || gy !== 0) {
    sum = 0;
    for (let k = base; k < end; k++) sum += f[k];
  }
  acc[0] += sum;
}

/**
 * Interior rows j and j + 1 (neither on a y face): f, residual and row forward elimination in one ascending
 * loop, then row back-substitution and column forward elimination in one descending loop. Adds Σ f to acc[0].
 */
function forwardPair(
  L: Level,
  source: Float32Array | null,
  c: RhsCoefficients,
  fx: LineFactor,
  fy: LineFactor,
  ra: Float64Array,
  rb: Float64Array,
  z: Float32Array,
  j: number,
  acc: Float64Array,
): void {
  const { nx, r, u, f, dg, w } = L;
  const { keep, dt } = c;
  const inv = fx.inv;
  const m = fx.m;
  const cx = fx.c;
  const last = nx - 1;
  const a0 = j * nx;
  const b0 = a0 + nx;
  const hasS = source !== null;
  let sa = 0;
  let sb = 0;
  // i = 0: the x0 face.
  let ya: number;
  let yb: number;
  {
    const ua = u[a0];
    const ub = u[b0];
    f[a0] = Math.fround(keep * ua + (hasS ? dt * source[a0] : 0)) + c.gx0;
    f[b0] = Math.fround(keep * ub + (hasS ? dt * source[b0] : 0)) + c.gx0;
    const fa = f[a0];
    const fb = f[b0];
    sa += fa;
    sb += fb;
    const ce = r * (3 + w.x0);
    ya = (fa - (dg[a0] + ce) * ua + r * (u[a0 + 1] + u[a0 - nx] + ub)) * inv[0];
    yb = (fb - (dg[b0] + ce) * ub + r * (u[b0 + 1] + ua + u[b0 + nx])) * inv[0];
    ra[0] = ya;
    rb[0] = yb;
  }
  const r4 = 4 * r;
  const uniform = L.uniform;
  const dd = L.d + r4;
  let ua = u[a0];
  let ub = u[b0];
  let uaR = u[a0 + 1];
  let ubR = u[b0 + 1];
  for (let i = 1; i < last; i++) {
    const ka = a0 + i;
    const kb = b0 + i;
    const uaL = ua;
    const ubL = ub;
    ua = uaR;
    ub = ubR;
    uaR = u[ka + 1];
    ubR = u[kb + 1];
    const fa = Math.fround(keep * ua + (hasS ? dt * source[ka] : 0));
    const fb = Math.fround(keep * ub + (hasS ? dt * source[kb] : 0));
    f[ka] = fa;
    f[kb] = fb;
    sa += fa;
    sb += fb;
    const iv = inv[i];
    const da = uniform ? dd : dg[ka] + r4;
    const db = uniform ? dd : dg[kb] + r4;
    ya = (fa - da * ua + r * (uaL + uaR + u[ka - nx] + ub) + cx * ya) * iv;
    yb = (fb - db * ub + r * (ubL + ubR + ua + u[kb + nx]) + cx * yb) * iv;
    ra[i] = ya;
    rb[i] = yb;
  }
  // i = nx − 1: the x1 face.
  {
    const ka = a0 + last;
    const kb = b0 + last;
    f[ka] = Math.fround(keep * uaR + (hasS ? dt * source[ka] : 0)) + c.gx1;
    f[kb] = Math.fround(keep * ubR + (hasS ? dt * source[kb] : 0)) + c.gx1;
    const fa = f[ka];
    const fb = f[kb];
    sa += fa;
    sb += fb;
    const ce = r * (3 + w.x1);
    ya = (fa - (dg[ka] + ce) * uaR + r * (ua + u[ka - nx] + ubR) + cx * ya) * inv[last];
    yb = (fb - (dg[kb] + ce) * ubR + r * (ub + uaR + u[kb + nx]) + cx * yb) * inv[last];
    ra[last] = ya;
    rb[last] = yb;
  }
  // Row back-substitution (x_i = y_i + m_i·x_{i+1}) fused with the column forward elimination.
  const cy = fy.c;
  const ivA = fy.inv[j];
  const ivB = fy.inv[j + 1];
  const p0 = a0 - nx;
  let xa = ya;
  let xb = yb;
  for (let i = last; i >= 0; i--) {
    if (i < last) {
      const mi = m[i];
      xa = ra[i] + mi * xa;
      xb = rb[i] + mi * xb;
    }
    const za = (xa + cy * z[p0 + i]) * ivA;
    z[a0 + i] = za;
    z[b0 + i] = (xb + cy * za) * ivB;
  }
  acc[0] += sa + sb;
}

/** Column back-substitution for row j (rows descending) and u += correction; rowZ carries row j + 1. */
function backRow(z: Float32Array, rowZ: Float64Array, u: Float32Array, fy: LineFactor, nx: number, ny: number, j: number): void {
  const base = j * nx;
  if (j === ny - 1) {
    for (let i = 0; i < nx; i++) {
      const v = z[base + i];
      rowZ[i] = v;
      u[base + i] += v;
    }
    return;
  }
  const mj = fy.m[j];
  for (let i = 0; i < nx; i++) {
    const v = z[base + i] + mj * rowZ[i];
    rowZ[i] = v;
    u[base + i] += v;
  }
}
