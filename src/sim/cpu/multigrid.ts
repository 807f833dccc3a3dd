/**
 * Geometric multigrid on a cell-centred uniform grid for the implicit reaction-diffusion operator
 *   (A u)_k = d_k·u_k + r·Σ_faces (u_k − u_nb),
 * a missing neighbour (domain face) contributing w·r·u_k with w = 0 (no flux) or w = 2 (fixed value at the
 * face, half a voxel away; the face value itself goes to the right-hand side). d_k ≥ 1 is the reaction
 * diagonal (1 + decay part + dt·uptake), r = D·dt/dx² (dimensionless).
 * Components: red-black Gauss–Seidel smoothing ((i + j) even = red, all red cells first), residual,
 * restriction by 2×2 averaging, bilinear prolongation (constant extrapolation at the faces), coarse operator
 * with r/4 per level and the 2×2-averaged diagonal, and red-black SOR on the coarsest level with a fixed
 * sweep count from the SOR rate bound (ρ_Jacobi ≤ 4r/(d_min + 4r) ⇒ ω ≥ ω_opt, error × (ω − 1) per sweep).
 * Coarsening stops when a dimension is odd or the coarse grid would be smaller than MIN_COARSE.
 *
 * Speed: every kernel works on one row; `pipeline` runs the stages of a pass (produce the row's input,
 * red update, black update, then residual + restriction) with a lag of one row per stage in a single
 * descending sweep over the rows, so each row is touched while it is still in cache. Red cells do not
 * depend on each other (nor do black ones), so this gives exactly the result of separate passes. Two
 * savings of red-black Gauss–Seidel: after a sweep the black residuals are zero (up to the float32 store
 * of the black values), so the restriction evaluates only the red cells; and the red update does not read
 * the red cell itself, so prolongation before a sweep only needs to touch the black cells. Levels without
 * uptake have a uniform diagonal and use scalars in the interior loops. The last sweep of a step is
 * projected (u ≥ 0) and sums Σ d·u into acc[0].
 * All arrays come from allocF32/allocF64 (see there). Storage is Float32Array (as on the GPU);
 * arithmetic is in JS doubles; loop and summation order are fixed.
 */

/** Boundary weight of each domain face: 0 no flux, 2 fixed value at the face. */
export interface FaceWeights {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
}

/** Something done to row j of a level before the smoother reads it (prolongation, back-substitution). */
export type RowProducer = (j: number) => void;

/** One grid level: the unknown, right-hand side, reaction diagonal and smoother inverse diagonal. */
export interface Level {
  readonly nx: number;
  readonly ny: number;
  /** D·dt/dx² at this level's spacing (dimensionless). */
  r: number;
  /** Unknown (finest level: the caller's field view; coarse levels: the correction). */
  u: Float32Array;
  readonly f: Float32Array;
  /** Reaction diagonal d (dimensionless, ≥ 1). */
  readonly dg: Float32Array;
  /** 1 / (d + r·Σ face coefficients): the Gauss–Seidel divisor. */
  readonly inv: Float32Array;
  /** True when dg is the constant `d` (no uptake): interior loops use the scalars below. */
  uniform: boolean;
  /** Base diagonal d0 = e^{λdt/2} rounded to float32 (the value dg holds where there is no uptake). */
  d: number;
  /** 1/(d + 4r), the interior divisor when uniform. */
  invInterior: number;
  readonly w: FaceWeights;
  /** Row scratch (nx doubles each) for residual rows and prolongation. */
  readonly rowA: Float64Array;
  readonly rowB: Float64Array;
  /** SOR factor and sweep count used when this level is the coarsest. */
  omega: number;
  sweeps: number;
  /** Float64 copies for the SOR sweeps (the coarsest level, made at its first solve). */
  sor: SorCopies | null;
  /**
   * Float64 accumulators: acc[0] = Σ d·u, acc[1] = scratch of restrictRedResidualRow. Sums are added here
   * rather than returned, and kernels read doubles from the level rather than taking them as arguments:
   * V8 boxes a double passed to or returned from a call it does not inline (an allocation per row).
   */
  readonly acc: Float64Array;
  /** Time step (min), for setDiagonalRow. */
  dt: number;
  /** Adds the prolongated correction of the next coarser level to row j of this level (null on the coarsest). */
  prolong: RowProducer | null;
  /** The same for the black cells of row j only (enough when a red-black sweep follows). */
  prolongBlack: RowProducer | null;
}

/**
 * Allocates a Float32Array on its own ArrayBuffer. V8 keeps typed arrays of ≤ 64 bytes made with
 * `new Float32Array(n)` on the JS heap; mixing those with off-heap arrays in one kernel makes every
 * element access take the slow generic path (~1.5× slower loops), so all solver arrays are made here.
 */
export function allocF32(n: number): Float32Array {
  return new Float32Array(new ArrayBuffer(4 * Math.max(n, 1)), 0, n);
}

/** Float64Array counterpart of allocF32 (always off-heap). */
export function allocF64(n: number): Float64Array {
  return new Float64Array(new ArrayBuffer(8 * Math.max(n, 1)), 0, n);
}

/** Smallest coarse-grid dimension (voxels). */
export const MIN_COARSE = 4;
/**
 * Error reduction the coarsest-level SOR aims for: 1e-3 below finer levels (well under the V-cycle's own
 * contraction), 1e-6 when the grid cannot coarsen at all and the "coarsest level" is the whole problem.
 */
const COARSE_TOLERANCE = 1e-3;
const SINGLE_LEVEL_TOLERANCE = 1e-6;
/** Upper bound on coarsest-level SOR sweeps (guards huge r on grids that cannot coarsen). */
const MAX_COARSE_SWEEPS = 4000;

/** Allocates the level hierarchy for an nx×ny grid (level 0 gets a placeholder u, replaced per step). */
export function createLevels(nx: number, ny: number, w: FaceWeights): Level[] {
  const levels: Level[] = [];
  let cx = nx;
  let cy = ny;
  for (;;) {
    const n = cx * cy;
    levels.push({
      nx: cx,
      ny: cy,
      r: 0,
      u: allocF32(levels.length === 0 ? 0 : n),
      f: allocF32(n),
      dg: allocF32(n),
      inv: allocF32(n),
      uniform: false,
      d: 1,
      invInterior: 1,
      w,
      rowA: allocF64(cx),
      rowB: allocF64(cx),
      omega: 1,
      sweeps: 1,
      sor: null,
      acc: allocF64(2),
      dt: 1,
      prolong: null,
      prolongBlack: null,
    });
    if (cx % 2 !== 0 || cy % 2 !== 0 || cx / 2 < MIN_COARSE || cy / 2 < MIN_COARSE) break;
    cx /= 2;
    cy /= 2;
  }
  for (let l = 0; l + 1 < levels.length; l++) {
    const F = levels[l];
    const C = levels[l + 1];
    F.prolong = (j: number): void => prolongRow(C, F, j);
    F.prolongBlack = (j: number): void => prolongBlackRow(C, F, j);
  }
  return levels;
}

/**
 * Sets r on every level (r/4 per coarsening), the base diagonal d0 (the diagonal without uptake, also the
 * smallest d), the time step dt (min) and the coarsest-level SOR parameters.
 */
export function setCoupling(levels: Level[], r0: number, d0: number, dt: number): void {
  let r = r0;
  // The diagonal is stored in float32 (dg); the scalar used by the uniform kernels is the same float32 value.
  const d = Math.fround(d0);
  for (const L of levels) {
    L.r = r;
    L.dt = dt;
    L.d = d;
    L.invInterior = 1 / (d + 4 * r);
    const rhoJ = (4 * r) / (d0 + 4 * r);
    const omega = 2 / (1 + Math.sqrt(1 - rhoJ * rhoJ));
    const rate = omega - 1 > 1e-3 ? omega - 1 : Math.max(rhoJ * rhoJ, 1e-12);
    const tol = levels.length === 1 ? SINGLE_LEVEL_TOLERANCE : COARSE_TOLERANCE;
    const sweeps = Math.ceil((2 * Math.log(tol)) / Math.log(rate));
    L.omega = omega;
    L.sweeps = Math.min(MAX_COARSE_SWEEPS, Math.max(2, sweeps));
    r /= 4;
  }
}

/** Fills d with the base diagonal on every level (no uptake) and updates the smoother divisors. */
export function fillUniformDiagonal(levels: Level[]): void {
  for (const L of levels) {
    L.dg.fill(L.d);
    L.uniform = true;
    for (let j = 0; j < L.ny; j++) computeInverseRow(L, j);
  }
}

/** Marks level l and all coarser levels non-uniform (level l's dg has been written by the caller). */
export function markVariable(levels: Level[], from: number): void {
  for (let l = from; l < levels.length; l++) levels[l].uniform = false;
}

/** Averages the 2×2 fine diagonals of fine rows 2J and 2J + 1 into coarse row J. */
export function restrictDiagonalRow(F: Level, C: Level, J: number): void {
  const fnx = F.nx;
  const cnx = C.nx;
  const fd = F.dg;
  const cd = C.dg;
  let K = 2 * J * fnx;
  const row = J * cnx;
  for (let I = 0; I < cnx; I++, K += 2) cd[row + I] = 0.25 * (fd[K] + fd[K + 1] + fd[K + fnx] + fd[K + fnx + 1]);
}

/** Given the diagonals of level `from`, averages them down the hierarchy and updates the divisors from `from` on. */
export function restrictDiagonals(levels: Level[], from: number): void {
  markVariable(levels, from);
  const L = levels[from];
  for (let j = 0; j < L.ny; j++) computeInverseRow(L, j);
  for (let l = from + 1; l < levels.length; l++) {
    const C = levels[l];
    for (let J = 0; J < C.ny; J++) {
      restrictDiagonalRow(levels[l - 1], C, J);
      computeInverseRow(C, J);
    }
  }
}

/** inv = 1/(d + r·c) on row j, c = 4 inside and, on an edge, the existing neighbours plus the face weights. */
export function computeInverseRow(L: Level, j: number): void {
  const { nx, ny, r, dg, inv, w } = L;
  const last = nx - 1;
  const row = j * nx;
  const cy = j === 0 ? 3 + w.y0 : j === ny - 1 ? 3 + w.y1 : 4;
  const rc = r * cy;
  for (let k = row + 1, e = row + last; k < e; k++) inv[k] = 1 / (dg[k] + rc);
  inv[row] = 1 / (dg[row] + r * (cy - 1 + w.x0));
  inv[row + last] = 1 / (dg[row + last] + r * (cy - 1 + w.x1));
}

/**
 * d = d0 + dt·U on row j of level L (U uptake in 1/min, L.dt in min; float32 like dg) and its divisors, in one
 * loop. Branch-free on purpose: a data-dependent test for U = 0 costs more than the division it saves.
 */
export function setDiagonalRow(L: Level, j: number, uptake: Float32Array): void {
  const { nx, ny, r, dg, inv, w, dt } = L;
  const base = L.d;
  const last = nx - 1;
  const row = j * nx;
  const cy = j === 0 ? 3 + w.y0 : j === ny - 1 ? 3 + w.y1 : 4;
  const rc = r * cy;
  for (let k = row + 1, e = row + last; k < e; k++) {
    const d = Math.fround(base + dt * uptake[k]);
    dg[k] = d;
    inv[k] = 1 / (d + rc);
  }
  dg[row] = base + dt * uptake[row];
  dg[row + last] = base + dt * uptake[row + last];
  inv[row] = 1 / (dg[row] + r * (cy - 1 + w.x0));
  inv[row + last] = 1 / (dg[row + last] + r * (cy - 1 + w.x1));
}

/** Gauss–Seidel update of the cells of one colour (0 red: i + j even; 1 black) in row j. */
export function smoothRow(L: Level, j: number, color: number): void {
  const { nx, ny, r, u, f, inv } = L;
  const last = nx - 1;
  const row = j * nx;
  const first = row + (((1 + j) & 1) === color ? 1 : 2);
  const end = row + last;
  if (j > 0 && j < ny - 1) {
    if ((j & 1) === color) u[row] = (f[row] + r * (u[row + 1] + u[row - nx] + u[row + nx])) * inv[row];
    if (L.uniform) {
      const iv = L.invInterior;
      let left = u[first - 1];
      for (let k = first; k < end; k += 2) {
        const right = u[k + 1];
        u[k] = (f[k] + r * (left + right + u[k - nx] + u[k + nx])) * iv;
        left = right;
      }
    } else {
      let left = u[first - 1];
      for (let k = first; k < end; k += 2) {
        const right = u[k + 1];
        u[k] = (f[k] + r * (left + right + u[k - nx] + u[k + nx])) * inv[k];
        left = right;
      }
    }
    if (((last + j) & 1) === color) u[end] = (f[end] + r * (u[end - 1] + u[end - nx] + u[end + nx])) * inv[end];
    return;
  }
  const v = j === 0 ? nx : -nx;
  if ((j & 1) === color) u[row] = (f[row] + r * (u[row + 1] + u[row + v])) * inv[row];
  for (let k = first; k < end; k += 2) u[k] = (f[k] + r * (u[k - 1] + u[k + 1] + u[k + v])) * inv[k];
  if (((last + j) & 1) === color) u[end] = (f[end] + r * (u[end - 1] + u[end + v])) * inv[end];
}

/**
 * The last Gauss–Seidel half-sweep of a step on row j: like smoothRow but projected (u = max(0, update)),
 * adding Σ d·u of the cells it updated to L.acc[0] (float64). Every cell is updated once per colour, so
 * the sums of the red and the black half-sweeps add up to Σ d·u of the final field.
 */
export function smoothRowFinal(L: Level, j: number, color: number): void {
  const { nx, ny, r, u, f, inv, dg } = L;
  const last = nx - 1;
  const row = j * nx;
  const first = row + (((1 + j) & 1) === color ? 1 : 2);
  const end = row + last;
  // `y > 0 ? y : 0` is the projection; it is cheaper than Math.max in V8.
  let s = 0;
  let y = 0;
  if (j > 0 && j < ny - 1) {
    if ((j & 1) === color) {
      y = (f[row] + r * (u[row + 1] + u[row - nx] + u[row + nx])) * inv[row];
      y = y > 0 ? y : 0;
      u[row] = y;
      s += dg[row] * y;
    }
    let left = u[first - 1];
    if (L.uniform) {
      const iv = L.invInterior;
      let t = 0;
      for (let k = first; k < end; k += 2) {
        const right = u[k + 1];
        const x = (f[k] + r * (left + right + u[k - nx] + u[k + nx])) * iv;
        const v = x > 0 ? x : 0;
        u[k] = v;
        t += v;
        left = right;
      }
      s += L.d * t;
    } else {
      for (let k = first; k < end; k += 2) {
        const right = u[k + 1];
        const x = (f[k] + r * (left + right + u[k - nx] + u[k + nx])) * inv[k];
        const v = x > 0 ? x : 0;
        u[k] = v;
        s += dg[k] * v;
        left = right;
      }
    }
    if (((last + j) & 1) === color) {
      y = (f[end] + r * (u[end - 1] + u[end - nx] + u[end + nx])) * inv[end];
      y = y > 0 ? y : 0;
      u[end] = y;
      s += dg[end] * y;
    }
    L.acc[0] += s;
    return;
  }
  const vert = j === 0 ? nx : -nx;
  if ((j & 1) === color) {
    y = (f[row] + r * (u[row + 1] + u[row + vert])) * inv[row];
    y = y > 0 ? y : 0;
    u[row] = y;
    s += dg[row] * y;
  }
  for (let k = first; k < end; k += 2) {
    const x = (f[k] + r * (u[k - 1] + u[k + 1] + u[k + vert])) * inv[k];
    const v = x > 0 ? x : 0;
    u[k] = v;
    s += dg[k] * v;
  }
  if (((last + j) & 1) === color) {
    y = (f[end] + r * (u[end - 1] + u[end + vert])) * inv[end];
    y = y > 0 ? y : 0;
    u[end] = y;
    s += dg[end] * y;
  }
  L.acc[0] += s;
}

/**
 * Float64 copies of the coarsest level's u, f and divisors for its SOR sweeps. They hold float32 values
 * only (every store is rounded with Math.fround), so the sweeps give exactly the float32 arithmetic's
 * results while their loads skip the float32 → float64 conversion.
 */
export interface SorCopies {
  readonly u: Float64Array;
  readonly f: Float64Array;
  readonly inv: Float64Array;
}

/**
 * Over-relaxed (SOR, factor L.omega) update of the cells of one colour in row j of the copies s of level L,
 * the stored value rounded to float32. A missing neighbour contributes 0·u (a signed zero).
 */
export function sorRow(L: Level, s: SorCopies, j: number, color: number): void {
  const { nx, ny, r, omega } = L;
  const { u, f, inv } = s;
  const last = nx - 1;
  const row = j * nx;
  const up = j > 0 ? -nx : 0;
  const down = j < ny - 1 ? nx : 0;
  const hasUp = up !== 0 ? 1 : 0;
  const hasDown = down !== 0 ? 1 : 0;
  const om = 1 - omega;
  for (let i = (j + color) & 1; i <= last; i += 2) {
    const k = row + i;
    let n = hasUp * u[k + up] + hasDown * u[k + down];
    if (i > 0) n += u[k - 1];
    if (i < last) n += u[k + 1];
    u[k] = Math.fround(om * u[k] + omega * (f[k] + r * n) * inv[k]);
  }
}

/**
 * One SOR half-sweep (one colour, rows ascending) over the copies s of level L: the edge rows by sorRow,
 * the interior rows here with the same operations in the same order, neighbour sum (up + down) + left +
 * right (1·u is u).
 */
export function sorSweep(L: Level, s: SorCopies, color: number): void {
  const { nx, ny, r, omega } = L;
  const { u, f, inv } = s;
  const last = nx - 1;
  const om = 1 - omega;
  sorRow(L, s, 0, color);
  for (let j = 1; j < ny - 1; j++) {
    const row = j * nx;
    let k = row + ((j + color) & 1);
    if (k === row) {
      const n = u[k - nx] + u[k + nx] + u[k + 1];
      u[k] = Math.fround(om * u[k] + omega * (f[k] + r * n) * inv[k]);
      k += 2;
    }
    const end = row + last;
    for (; k < end; k += 2) u[k] = Math.fround(om * u[k] + omega * (f[k] + r * (u[k - nx] + u[k + nx] + u[k - 1] + u[k + 1])) * inv[k]);
    if (k === end) {
      const n = u[k - nx] + u[k + nx] + u[k - 1];
      u[k] = Math.fround(om * u[k] + omega * (f[k] + r * n) * inv[k]);
    }
  }
  sorRow(L, s, ny - 1, color);
}

/** Residual f − A·u of row j into out[0..nx) (units of f). */
export function residualRow(L: Level, j: number, out: Float64Array): void {
  const { nx, ny, r, u, f, dg, w } = L;
  const last = nx - 1;
  const row = j * nx;
  const hasUp = j > 0;
  const hasDown = j < ny - 1;
  const cy = !hasUp ? 3 + w.y0 : !hasDown ? 3 + w.y1 : 4;
  if (hasUp && hasDown) {
    if (L.uniform) {
      const dd = L.d + 4 * r;
      let left = u[row];
      let mid = u[row + 1];
      for (let i = 1; i < last; i++) {
        const k = row + i;
        const right = u[k + 1];
        out[i] = f[k] - dd * mid + r * (left + right + u[k - nx] + u[k + nx]);
        left = mid;
        mid = right;
      }
    } else {
      const r4 = 4 * r;
      let left = u[row];
      let mid = u[row + 1];
      for (let i = 1; i < last; i++) {
        const k = row + i;
        const right = u[k + 1];
        out[i] = f[k] - (dg[k] + r4) * mid + r * (left + right + u[k - nx] + u[k + nx]);
        left = mid;
        mid = right;
      }
    }
  } else {
    const vert = hasUp ? -nx : nx;
    const rc = r * cy;
    for (let i = 1; i < last; i++) {
      const k = row + i;
      out[i] = f[k] - (dg[k] + rc) * u[k] + r * (u[k - 1] + u[k + 1] + u[k + vert]);
    }
  }
  const up = hasUp ? u[row - nx] : 0;
  const down = hasDown ? u[row + nx] : 0;
  const upL = hasUp ? u[row - nx + last] : 0;
  const downL = hasDown ? u[row + nx + last] : 0;
  let k = row;
  out[0] = f[k] - (dg[k] + r * (cy - 1 + w.x0)) * u[k] + r * (u[k + 1] + up + down);
  k = row + last;
  out[last] = f[k] - (dg[k] + r * (cy - 1 + w.x1)) * u[k] + r * (u[k - 1] + upL + downL);
}

/** Sets negative values of row j to 0 and adds Σ d·u over the row to L.acc[0] (float64, two partial sums). */
export function clampSumRow(L: Level, j: number): void {
  const { nx, u, dg } = L;
  const row = j * nx;
  const end = row + nx;
  let s0 = 0;
  let s1 = 0;
  let k = row;
  for (; k + 1 < end; k += 2) {
    const a = u[k];
    const b = u[k + 1];
    if (a < 0) u[k] = 0;
    else s0 += dg[k] * a;
    if (b < 0) u[k + 1] = 0;
    else s1 += dg[k + 1] * b;
  }
  if (k < end) {
    const a = u[k];
    if (a < 0) u[k] = 0;
    else s0 += dg[k] * a;
  }
  L.acc[0] += s0 + s1;
}

/** u *= s on level L, stored in float32; sets L.acc[0] to Σ d·u of the stored values (float64, two partial sums). */
export function scaleAndSum(L: Level, s: number): void {
  const { u, dg } = L;
  const n = L.nx * L.ny;
  let s0 = 0;
  let s1 = 0;
  let k = 0;
  if (L.uniform) {
    for (; k + 1 < n; k += 2) {
      const a = Math.fround(s * u[k]);
      const b = Math.fround(s * u[k + 1]);
      u[k] = a;
      u[k + 1] = b;
      s0 += a;
      s1 += b;
    }
    if (k < n) {
      const a = Math.fround(s * u[k]);
      u[k] = a;
      s0 += a;
    }
    L.acc[0] = L.d * (s0 + s1);
    return;
  }
  for (; k + 1 < n; k += 2) {
    const a = Math.fround(s * u[k]);
    const b = Math.fround(s * u[k + 1]);
    u[k] = a;
    u[k + 1] = b;
    s0 += dg[k] * a;
    s1 += dg[k + 1] * b;
  }
  if (k < n) {
    const a = Math.fround(s * u[k]);
    u[k] = a;
    s0 += dg[k] * a;
  }
  L.acc[0] = s0 + s1;
}

/** Adds the residual f − A·u of the single cell (i, j), any position, to L.acc[1] (edges; not for hot loops). */
export function addCellResidual(L: Level, i: number, j: number): void {
  const { nx, ny, r, u, f, dg, w } = L;
  const k = j * nx + i;
  let s = 0;
  let c = 0;
  if (i > 0) {
    s += u[k - 1];
    c += 1;
  } else c += w.x0;
  if (i < nx - 1) {
    s += u[k + 1];
    c += 1;
  } else c += w.x1;
  if (j > 0) {
    s += u[k - nx];
    c += 1;
  } else c += w.y0;
  if (j < ny - 1) {
    s += u[k + nx];
    c += 1;
  } else c += w.y1;
  L.acc[1] += f[k] - (dg[k] + r * c) * u[k] + r * s;
}

/**
 * Coarse row J of C.f = 2×2 average of the fine residual, right after a red-black sweep: the black cells
 * were just solved from their final red neighbours, so their residual is zero and only the two red cells
 * of each 2×2 block, (2I, 2J) and (2I + 1, 2J + 1), are evaluated. Needs fine rows 2J − 1 … 2J + 2 final.
 */
export function restrictRedResidualRow(F: Level, C: Level, J: number): void {
  const { nx, r, u, f, dg } = F;
  const cnx = C.nx;
  const cf = C.f;
  const j0 = 2 * J;
  const crow = J * cnx;
  const acc = F.acc;
  if (J === 0 || J === C.ny - 1) {
    for (let I = 0; I < cnx; I++) {
      acc[1] = 0;
      addCellResidual(F, 2 * I, j0);
      addCellResidual(F, 2 * I + 1, j0 + 1);
      cf[crow + I] = 0.25 * acc[1];
    }
    return;
  }
  acc[1] = 0;
  addCellResidual(F, 0, j0);
  addCellResidual(F, 1, j0 + 1);
  cf[crow] = 0.25 * acc[1];
  acc[1] = 0;
  addCellResidual(F, nx - 2, j0);
  addCellResidual(F, nx - 1, j0 + 1);
  cf[crow + cnx - 1] = 0.25 * acc[1];
  const row0 = j0 * nx;
  const row1 = row0 + nx;
  if (F.uniform) {
    const dd = F.d + 4 * r;
    for (let I = 1; I < cnx - 1; I++) {
      const k0 = row0 + 2 * I;
      const k1 = row1 + 2 * I + 1;
      const below0 = u[k1 - 1];
      const r0 = f[k0] - dd * u[k0] + r * (u[k0 - 1] + u[k0 + 1] + u[k0 - nx] + below0);
      const r1 = f[k1] - dd * u[k1] + r * (below0 + u[k1 + 1] + u[k1 - nx] + u[k1 + nx]);
      cf[crow + I] = 0.25 * (r0 + r1);
    }
  } else {
    const r4 = 4 * r;
    for (let I = 1; I < cnx - 1; I++) {
      const k0 = row0 + 2 * I;
      const k1 = row1 + 2 * I + 1;
      const below0 = u[k1 - 1];
      const r0 = f[k0] - (dg[k0] + r4) * u[k0] + r * (u[k0 - 1] + u[k0 + 1] + u[k0 - nx] + below0);
      const r1 = f[k1] - (dg[k1] + r4) * u[k1] + r * (below0 + u[k1 + 1] + u[k1 - nx] + u[k1 + nx]);
      cf[crow + I] = 0.25 * (r0 + r1);
    }
  }
}

/**
 * Adds the bilinear interpolation of C.u to the black cells ((i + jf) odd) of fine row jf only: the red
 * Gauss–Seidel update that follows overwrites red cells without reading them, so the result equals a full
 * prolongation followed by the sweep.
 */
export function prolongBlackRow(C: Level, F: Level, jf: number): void {
  const cnx = C.nx;
  const cu = C.u;
  const fu = F.u;
  const J = jf >> 1;
  const odd = (jf & 1) === 1;
  const Jn = odd ? (J + 1 < C.ny ? J + 1 : J) : J > 0 ? J - 1 : 0;
  const r0 = J * cnx;
  const r1 = Jn * cnx;
  const fr = jf * F.nx;
  if (odd) {
    // Black cells 2I: 0.75·t[I] + 0.25·t[I − 1] (t[−1] = t[0]).
    let prev = 0.75 * cu[r0] + 0.25 * cu[r1];
    for (let I = 0; I < cnx; I++) {
      const t = 0.75 * cu[r0 + I] + 0.25 * cu[r1 + I];
      fu[fr + 2 * I] += 0.75 * t + 0.25 * prev;
      prev = t;
    }
  } else {
    // Black cells 2I + 1: 0.75·t[I] + 0.25·t[I + 1] (t[cnx] = t[cnx − 1]).
    let t = 0.75 * cu[r0] + 0.25 * cu[r1];
    for (let I = 0; I < cnx - 1; I++) {
      const next = 0.75 * cu[r0 + I + 1] + 0.25 * cu[r1 + I + 1];
      fu[fr + 2 * I + 1] += 0.75 * t + 0.25 * next;
      t = next;
    }
    fu[fr + 2 * cnx - 1] += t;
  }
}

/** Adds the bilinear interpolation of the coarse correction C.u to fine row jf of F (constant beyond the faces). */
export function prolongRow(C: Level, F: Level, jf: number): void {
  const cnx = C.nx;
  const cu = C.u;
  const fu = F.u;
  const t = C.rowA;
  const J = jf >> 1;
  const Jn = (jf & 1) === 0 ? (J > 0 ? J - 1 : 0) : J + 1 < C.ny ? J + 1 : J;
  const r0 = J * cnx;
  const r1 = Jn * cnx;
  for (let I = 0; I < cnx; I++) t[I] = 0.75 * cu[r0 + I] + 0.25 * cu[r1 + I];
  const fr = jf * F.nx;
  fu[fr] += t[0];
  let prev = t[0];
  for (let I = 1; I < cnx; I++) {
    const cur = t[I];
    const k = fr + 2 * I;
    fu[k - 1] += 0.75 * prev + 0.25 * cur;
    fu[k] += 0.75 * cur + 0.25 * prev;
    prev = cur;
  }
  fu[fr + F.nx - 1] += prev;
}

/**
 * One pass over level L in descending row order with a one-row lag per stage: produce(j) (optional), the
 * red then black Gauss–Seidel update (if sweep), then the residual restricted into C.f (if C; after a
 * sweep only the red residuals, see restrictRedResidualRow). With clamp, negatives are set to 0 — by the
 * projected sweep (smoothRowFinal) or, without a sweep, row by row afterwards — and L.acc[0] receives
 * Σ d·u of the final field (float64).
 */
export function pipeline(L: Level, produce: RowProducer | null, sweep: boolean, C: Level | null, clamp: boolean): void {
  const ny = L.ny;
  const a = L.rowA;
  const b = L.rowB;
  if (clamp) L.acc[0] = 0;
  for (let t = ny - 1; t >= -3; t--) {
    if (produce !== null && t >= 0) produce(t);
    if (sweep && !clamp) {
      if (t + 1 < ny && t + 1 >= 0) smoothRow(L, t + 1, 0);
      if (t + 2 < ny && t + 2 >= 0) smoothRow(L, t + 2, 1);
    } else if (sweep) {
      if (t + 1 < ny && t + 1 >= 0) smoothRowFinal(L, t + 1, 0);
      if (t + 2 < ny && t + 2 >= 0) smoothRowFinal(L, t + 2, 1);
    }
    const js = t + 3;
    if (js >= ny || js < 0) continue;
    if (C !== null) {
      if (sweep) {
        if ((js & 1) === 0) restrictRedResidualRow(L, C, js >> 1);
      } else if ((js & 1) === 1) residualRow(L, js, b);
      else {
        residualRow(L, js, a);
        const cnx = C.nx;
        const cf = C.f;
        const row = (js >> 1) * cnx;
        for (let I = 0; I < cnx; I++) {
          const i = 2 * I;
          cf[row + I] = 0.25 * (a[i] + a[i + 1] + b[i] + b[i + 1]);
        }
      }
    }
    if (clamp && !sweep) clampSumRow(L, js);
  }
}

/** Solves the coarsest level by red-black SOR with the sweep count set by setCoupling (on float64 copies, see SorCopies). */
export function solveCoarsest(L: Level): void {
  const c = (L.sor ??= { u: allocF64(L.nx * L.ny), f: allocF64(L.nx * L.ny), inv: allocF64(L.nx * L.ny) });
  const { u, f, inv } = L;
  const n = L.nx * L.ny;
  for (let k = 0; k < n; k++) {
    c.u[k] = u[k];
    c.f[k] = f[k];
    c.inv[k] = inv[k];
  }
  for (let s = 0; s < L.sweeps; s++) {
    sorSweep(L, c, 0);
    sorSweep(L, c, 1);
  }
  for (let k = 0; k < n; k++) u[k] = c.u[k];
}

/**
 * One V-cycle from level l down with `pre` and `post` red-black Gauss–Seidel sweeps per level.
 * produce (optional) finishes each row of level l's initial guess in the first pass; with clamp the last
 * pass also clamps negatives to 0 and leaves Σ d·u of level l in its acc[0].
 */
export function vcycle(levels: Level[], l: number, pre: number, post: number, produce: RowProducer | null, clamp: boolean): void {
  const L = levels[l];
  if (l === levels.length - 1) {
    if (produce !== null) for (let j = L.ny - 1; j >= 0; j--) produce(j);
    solveCoarsest(L);
    if (clamp) pipeline(L, null, false, null, true);
    return;
  }
  const C = levels[l + 1];
  C.u.fill(0);
  if (pre === 0) pipeline(L, produce, false, C, false);
  for (let s = 1; s <= pre; s++) pipeline(L, s === 1 ? produce : null, true, s === pre ? C : null, false);
  vcycle(levels, l + 1, pre, post, null, false);
  if (post === 0) pipeline(L, L.prolong, false, null, clamp);
  for (let s = 1; s <= post; s++) pipeline(L, s === 1 ? L.prolongBlack : null, true, null, clamp && s === post);
}

/** Relative L2 residual ‖f − A·u‖ / ‖f‖ of level L (diagnostics). */
export function relativeResidual(L: Level): number {
  const buf = L.rowA;
  let rr = 0;
  let ff = 0;
  for (let j = 0; j < L.ny; j++) {
    residualRow(L, j, buf);
    const row = j * L.nx;
    for (let i = 0; i < L.nx; i++) {
      rr += buf[i] * buf[i];
      ff += L.f[row + i] * L.f[row + i];
    }
  }
  return ff > 0 ? Math.sqrt(rr / ff) : Math.sqrt(rr);
}
