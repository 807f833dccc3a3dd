/**
 * Preconditioned conjugate gradients (Hestenes & Stiefel 1952; e.g. Saad, Iterative Methods for Sparse
 * Linear Systems, 2003, alg. 9.1) for a symmetric positive definite operator, in float64 with every sum
 * taken in index order, so a solve gives the same bits every time. Stops when ‖b − A·x‖₂ ≤ tol·‖b‖₂.
 */

/** How a solve ended. */
export interface PcgResult {
  iterations: number;
  /** ‖b − A·x‖₂ / ‖b‖₂ at the end (0 for b = 0). */
  relativeResidual: number;
  converged: boolean;
}

/** Work vectors of a solve of n unknowns (reused across solves). */
export class PcgWorkspace {
  readonly r: Float64Array;
  readonly z: Float64Array;
  readonly p: Float64Array;
  readonly q: Float64Array;
  constructor(readonly n: number) {
    this.r = new Float64Array(n);
    this.z = new Float64Array(n);
    this.p = new Float64Array(n);
    this.q = new Float64Array(n);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/**
 * Solves A·x = b from x = 0 (x is overwritten). `apply(x, y)` computes y ← A·x, `precondition(r, z)`
 * computes z ← M⁻¹·r for a symmetric positive definite M.
 */
export function pcg(
  apply: (x: Float64Array, y: Float64Array) => void,
  precondition: (r: Float64Array, z: Float64Array) => void,
  b: Float64Array,
  x: Float64Array,
  tol: number,
  maxIterations: number,
  work: PcgWorkspace = new PcgWorkspace(b.length),
): PcgResult {
  const { r, z, p, q } = work;
  x.fill(0);
  r.set(b);
  const bNorm = Math.sqrt(dot(b, b));
  if (bNorm === 0) return { iterations: 0, relativeResidual: 0, converged: true };
  precondition(r, z);
  p.set(z);
  let rz = dot(r, z);
  let relative = 1;
  for (let it = 1; it <= maxIterations; it++) {
    apply(p, q);
    const alpha = rz / dot(p, q);
    for (let i = 0; i < x.length; i++) {
      x[i] += alpha * p[i];
      r[i] -= alpha * q[i];
    }
    relative = Math.sqrt(dot(r, r)) / bNorm;
    if (relative <= tol) return { iterations: it, relativeResidual: relative, converged: true };
    precondition(r, z);
    const rzNext = dot(r, z);
    const beta = rzNext / rz;
    rz = rzNext;
    for (let i = 0; i < p.length; i++) p[i] = z[i] + beta * p[i];
  }
  return { iterations: maxIterations, relativeResidual: relative, converged: false };
}
