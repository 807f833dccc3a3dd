/**
 * CPU solver for one 2D reaction-diffusion field on a cell-centred uniform grid (nx × ny voxels, spacing dx µm,
 * row-major Float32Array, index j·nx + i; the array may be a subarray view of a packed multi-field buffer).
 * Units: µm, minutes; D in µm²/min, decay λ and uptake U in 1/min, source S in field unit per minute.
 *
 * Time step (dt of 1–10 min, far beyond the explicit limit dx²/4D ≈ 1e-3 min for oxygen):
 *   (1 + l2 + dt·U)·u − r·Δ_h u = e^{−λdt/2}·u_old + dt·S (+ face terms),  r = D·dt/dx²,  l2 = e^{λdt/2} − 1,
 * Δ_h the 5-point Laplacian with the boundary condition. Decay is split in two halves: e^{−λdt/2} is applied
 * exactly outside, the other half is folded into the implicit diagonal as 1 + l2 = e^{λdt/2}. Hence
 *  - a uniform field (Δ_h u = 0, no source or uptake) gets u = e^{−λdt/2}/e^{λdt/2}·u_old = e^{−λdt}·u_old: exact decay;
 *  - the steady state solves (e^{λdt/2} − e^{−λdt/2})/dt·u − D·Δ u = S, i.e. decay with the effective rate
 *    λ_eff = 2·sinh(λdt/2)/dt = λ·(1 + (λdt)²/24 + …): relative error O((λdt)²) (0.04 % at λdt = 0.1);
 *  - the scheme is unsplit backward Euler in the diffusion: L-stable, and the matrix is an M-matrix
 *    (positive diagonal, non-positive off-diagonals, diagonally dominant), so f ≥ 0 ⇒ u ≥ 0, and its steady
 *    state does not depend on dt. (Splitting x and y, LOD, would add dt²·AxAy: 8–22 % steady-state error here.)
 * Boundary: no flux, or a fixed value c_b at the face half a voxel beyond the edge cell centres (the edge
 * cell gets 2r·(c_b − u)), per face.
 *
 * Solve: initial guess u_old; one defect correction u += P⁻¹(f − A·u) with the LOD preconditioner
 * P = Tx·Ty, Tx = d0 − r·δxx, Ty = 1 − (r/d0)·δyy (d0 = 1 + l2, so TxTy = A + (r²/d0)·δxxδyy without uptake),
 * each a constant-coefficient tridiagonal solve factored once per (D, dt, λ) (thomas.ts, lodCorrection.ts);
 * then `cycles` multigrid V-cycles (multigrid.ts: red-black Gauss–Seidel, 2×2 averaging, bilinear
 * prolongation, r/4 and averaged diagonal per level, SOR on the coarsest). Passes over the finest grid:
 * (1) right-hand side + residual + row solves + column forward elimination, rows ascending; (2) column
 * back-substitution, pre-smoothing and restriction, rows descending in one pipelined pass; coarse levels;
 * (3) prolongation + post-smoothing (+ projection and mass sum); (4) the mass scaling.
 * Uptake is not in P (only the constant diagonal is); the cycles handle it.
 *
 * Mass: with no-flux faces, summing the equation over the grid gives Σ d·u = Σ f exactly (Σ Δ_h u = 0).
 * The iterative solve is inexact, so afterwards u is scaled by s = Σ f / Σ d·u (sums in float64); this
 * multiplicative correction keeps u ≥ 0 and makes the balance hold up to float32 rounding of the stored
 * values. That rounding is not random when s − 1 is below half an ulp (a nearly converged, smooth field:
 * every value rounds back the same way), so Σ u can drift by about 1e-8 of itself per step (measured: about
 * 1e-6 over 100 steps). Carrying the missed mass into the next step would remove that drift but would be
 * state outside the fields, which snapshots and the GPU backend would then have to carry too; the solver
 * keeps no state between steps instead. With any fixed-value face the correction is skipped (mass crosses
 * the faces by design).
 * Non-negativity: the exact solution is ≥ 0 for S ≥ 0 (sources must be ≥ 0; removal goes through decay
 * and uptake), but the inexact iterate may undershoot near sharp features. The last Gauss–Seidel sweep of
 * the step is therefore projected, u = max(0, update) (a plain clamp pass when there is no post-sweep), and
 * the mass sum is taken over the projected values, so the scaling then removes the mass the projection
 * added. No negative value leaves a step, so a round-off negative is zeroed at once and cannot grow.
 * Quiescent fields: with every face value 0, a field that is 0 everywhere and gets no source this step is
 * left as it is (the linear solve would return exact zeros): an exosome field before any dose costs a scan.
 * Structural fields (D = 0) take the exact local solution u = u·e^{−kdt} + S·(1 − e^{−kdt})/k, k = λ + U.
 * Deterministic (fixed loop order, fixed summation order) and allocation-free per step; storage
 * Float32Array like the GPU (f, d, Gauss–Seidel divisors, column-solve work array, coarse levels), row
 * scratch Float64Array (a few nx-long lines); arithmetic in JS doubles, each stored value rounded to f32.
 */
import type { BoundarySpec } from '../../model/types.ts';
import { LodCorrection } from './lodCorrection.ts';
import {
  createLevels,
  fillUniformDiagonal,
  markVariable,
  pipeline,
  relativeResidual,
  scaleAndSum,
  restrictDiagonalRow,
  restrictDiagonals,
  setCoupling,
  vcycle,
  type FaceWeights,
  type Level,
} from './multigrid.ts';


/** Boundary condition per domain face: x0 = left (i = 0), x1 = right, y0 = j = 0, y1 = j = ny − 1. */
export interface FaceBoundarySpec {
  x0: BoundarySpec;
  x1: BoundarySpec;
  y0: BoundarySpec;
  y1: BoundarySpec;
}

/** Construction options of a field solver. */
export interface FieldSolverOptions {
  /** Grid size in voxels (each ≥ 2). */
  nx: number;
  ny: number;
  /** Voxel spacing, µm. */
  dx: number;
  /** Diffusion coefficient, µm²/min (0: structural field, local reactions only). */
  D: number;
  /** First-order decay rate, 1/min. */
  decay: number;
  /** One condition for all faces, or one per face. */
  boundary: BoundarySpec | FaceBoundarySpec;
  /** Time step, min. */
  dt: number;
  /** Multigrid V-cycles per step (default 1). */
  cycles?: number;
  /** Red-black Gauss–Seidel sweeps before and after the coarse correction (default 1 and 1). */
  smoothing?: { pre: number; post: number };
}

/** A field solver bound to one grid, D, decay and boundary; steps a field in place. */
export interface FieldSolver {
  readonly nx: number;
  readonly ny: number;
  /** Multigrid levels (1 for a structural field or a grid that cannot coarsen). */
  readonly levels: number;
  /** Advances u (field unit) by dt; source in field unit/min, uptake in 1/min, per voxel, either may be null. */
  step(u: Float32Array, source: Float32Array | null, uptake: Float32Array | null): void;
  /** Changes the time step (min); refactors the line solves and coarse operators. */
  setTimeStep(dt: number): void;
  /** Relative L2 residual ‖f − A·u‖/‖f‖ of the last step's system for u (diagnostics; NaN if structural). */
  residual(u: Float32Array): number;
}

function faceOf(b: BoundarySpec | FaceBoundarySpec): FaceBoundarySpec {
  return 'kind' in b ? { x0: b, x1: b, y0: b, y1: b } : b;
}

const weightOf = (b: BoundarySpec): number => (b.kind === 'fixed' ? 2 : 0);
const valueOf = (b: BoundarySpec): number => (b.kind === 'fixed' ? b.value : 0);

/** Creates a solver for one field (D > 0: implicit diffusion; D = 0: exact local reaction). */
export function createFieldSolver(o: FieldSolverOptions): FieldSolver {
  const { nx, ny, dx, D, decay } = o;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new Error(`createFieldSolver: grid must be at least 2×2 voxels, got ${nx}×${ny}`);
  }
  if (!(dx > 0) || !(D >= 0) || !(decay >= 0) || !(o.dt > 0)) {
    throw new Error('createFieldSolver: need dx > 0, D ≥ 0, decay ≥ 0, dt > 0');
  }
  return D === 0 ? createStructuralSolver(o) : createDiffusionSolver(o);
}

function createStructuralSolver(o: FieldSolverOptions): FieldSolver {
  const { nx, ny, decay } = o;
  const n = nx * ny;
  let dt = o.dt;
  return {
    nx,
    ny,
    levels: 1,
    setTimeStep(newDt: number): void {
      if (!(newDt > 0)) throw new Error('setTimeStep: dt must be > 0');
      dt = newDt;
    },
    residual(): number {
      return Number.NaN;
    },
    step(u, source, uptake): void {
      checkLength(u, n, 'u');
      if (source) checkLength(source, n, 'source');
      if (uptake) checkLength(uptake, n, 'uptake');
      structuralStep(u, source, uptake, decay, dt, n);
    },
  };
}

/** Exact local solution of du/dt = S − (λ + U)·u over dt (min) for n voxels, in place. */
export function structuralStep(
  u: Float32Array,
  source: Float32Array | null,
  uptake: Float32Array | null,
  decay: number,
  dt: number,
  n: number,
): void {
  const kd0 = decay * dt;
  const e0 = Math.exp(-kd0);
  const g0 = kd0 > 1e-9 ? -Math.expm1(-kd0) / decay : dt * (1 - 0.5 * kd0);
  if (!uptake) {
    if (source) for (let k = 0; k < n; k++) u[k] = u[k] * e0 + source[k] * g0;
    else if (e0 !== 1) for (let k = 0; k < n; k++) u[k] *= e0; // e0 = 1 (no decay): u·1 = u, nothing to do
    return;
  }
  // Shortcuts that give the same bits as the general formula: a voxel without uptake has rate = decay (e0,
  // g0); a zero value without source stays zero whatever the rate (0·e + 0·g, e and g finite and >= 0 for
  // uptake >= 0; its sign is the sign of their sum, u + s).
  // Two passes, so that the common loop has no call to Math.exp (about 20 % faster in V8): the shortcuts
  // first, listing the other voxels, then the general formula for those (each voxel on its own: same bits).
  const rest = restScratch(n);
  let count = 0;
  for (let k = 0; k < n; k++) {
    const up = uptake[k];
    const s = source ? source[k] : 0;
    const old = u[k];
    if (up === 0) u[k] = old * e0 + s * g0;
    else if (old === 0 && s === 0 && up >= 0) u[k] = old + s;
    else rest[count++] = k;
  }
  for (let q = 0; q < count; q++) {
    const k = rest[q];
    const s = source ? source[k] : 0;
    const rate = decay + uptake[k];
    const kd = rate * dt;
    const e = Math.exp(-kd);
    const g = kd > 1e-9 ? -Math.expm1(-kd) / rate : dt * (1 - 0.5 * kd);
    u[k] = u[k] * e + s * g;
  }
}

let restIndices = new Int32Array(0);

/** A scratch list of at least n voxel indices for structuralStep (grown when needed, one per thread). */
function restScratch(n: number): Int32Array {
  if (restIndices.length < n) restIndices = new Int32Array(n);
  return restIndices;
}

/** True when every value is 0 (stops at the first that is not). */
function allZero(a: Float32Array): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== 0) return false;
  return true;
}

function checkLength(a: Float32Array, n: number, name: string): void {
  if (a.length !== n) throw new Error(`field solver: ${name} has ${a.length} values, expected ${n}`);
}

function createDiffusionSolver(o: FieldSolverOptions): FieldSolver {
  const { nx, ny, dx, D, decay } = o;
  const n = nx * ny;
  const cycles = o.cycles ?? 1;
  const pre = o.smoothing?.pre ?? 1;
  const post = o.smoothing?.post ?? 1;
  for (const [name, v] of [['cycles', cycles], ['smoothing.pre', pre], ['smoothing.post', post]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`createFieldSolver: ${name} must be a non-negative integer`);
  }
  const faces = faceOf(o.boundary);
  const w: FaceWeights = { x0: weightOf(faces.x0), x1: weightOf(faces.x1), y0: weightOf(faces.y0), y1: weightOf(faces.y1) };
  const conserving = w.x0 === 0 && w.x1 === 0 && w.y0 === 0 && w.y1 === 0;
  // Every face value 0: a field that is 0 everywhere with no source stays exactly 0 (the system is linear).
  const zeroFaces = [faces.x0, faces.x1, faces.y0, faces.y1].every((b) => valueOf(b) === 0);
  const levels = createLevels(nx, ny, w);
  const L0 = levels[0];
  const L1: Level | null = levels.length > 1 ? levels[1] : null;
  const lod = new LodCorrection(L0);
  const restrictPair = L1 ? (J: number): void => restrictDiagonalRow(L0, L1, J) : null;

  let dt = 0;
  let d0 = 1;
  let uniformValid = false;

  function setTimeStep(newDt: number): void {
    if (!(newDt > 0)) throw new Error('setTimeStep: dt must be > 0');
    dt = newDt;
    const r = (D * dt) / (dx * dx);
    const half = 0.5 * decay * dt;
    d0 = 1 + Math.expm1(half);
    lod.setCoefficients({
      keep: Math.exp(-half),
      dt,
      d0,
      r,
      gx0: r * w.x0 * valueOf(faces.x0),
      gx1: r * w.x1 * valueOf(faces.x1),
      gy0: r * w.y0 * valueOf(faces.y0),
      gy1: r * w.y1 * valueOf(faces.y1),
    });
    setCoupling(levels, r, d0, dt);
    uniformValid = false;
  }
  setTimeStep(o.dt);

  return {
    nx,
    ny,
    levels: levels.length,
    setTimeStep,
    residual(u: Float32Array): number {
      checkLength(u, n, 'u');
      const keepU = L0.u;
      L0.u = u;
      const rr = relativeResidual(L0);
      L0.u = keepU;
      return rr;
    },
    step(u, source, uptake): void {
      checkLength(u, n, 'u');
      if (source) checkLength(source, n, 'source');
      if (uptake) checkLength(uptake, n, 'uptake');
      if (zeroFaces && allZero(u) && (!source || allZero(source))) return;
      L0.u = u;
      if (uptake) {
        markVariable(levels, 0);
        uniformValid = false;
      } else if (!uniformValid) {
        fillUniformDiagonal(levels);
        uniformValid = true;
      }
      lod.forward(u, source, uptake, restrictPair);
      if (uptake && L1) restrictDiagonals(levels, 1);
      if (cycles === 0) pipeline(L0, lod.back, false, null, true);
      for (let c = 0; c < cycles; c++) vcycle(levels, 0, pre, post, c === 0 ? lod.back : null, c === cycles - 1);
      const sumDU = L0.acc[0];
      if (!conserving || !(sumDU > 0)) return;
      scaleAndSum(L0, lod.sumF[0] / sumDU);
    },
  };
}
