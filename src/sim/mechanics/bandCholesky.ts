/**
 * The coarsest level of the multigrid preconditioner, solved exactly: its few hundred dofs assembled into a
 * symmetric matrix and factored by Cholesky (A = L·Lᵀ) at every refresh. In node order a dof couples only
 * with dofs at most `band` = 2·(nex + 2) + 1 away, and L keeps that band, so the loops stay inside it.
 * Constrained dofs get a unit diagonal and no coupling, so they solve to zero.
 */
import { dofCount, elementDofs, type ElasticLevel } from './elasticLevel.ts';

export class BandCholesky {
  private readonly n: number;
  private readonly band: number;
  /** Lower triangle of L, row-major n×n. */
  private readonly L: Float64Array;

  constructor(private readonly level: ElasticLevel) {
    this.n = dofCount(level);
    this.band = 2 * (level.nex + 2) + 1;
    this.L = new Float64Array(this.n * this.n);
  }

  /** Assembles and factors the level's matrix as it stands. */
  factor(): void {
    const { n, band, level } = this;
    const A = this.L;
    A.fill(0);
    const dofs = new Int32Array(8);
    const c = level.constrained;
    for (let J = 0; J < level.ney; J++) {
      for (let I = 0; I < level.nex; I++) {
        const e = J * level.nex + I;
        elementDofs(level.nex, I, J, dofs);
        for (let m = 0; m < 8; m++) {
          for (let k = 0; k < 8; k++) A[dofs[m] * n + dofs[k]] += level.scale[e] * level.pool[level.offset[e] + 8 * m + k];
        }
      }
    }
    for (let d = 0; d < n; d++) {
      if (!c[d]) continue;
      for (let k = 0; k < n; k++) A[d * n + k] = A[k * n + d] = 0;
      A[d * n + d] = 1;
    }
    for (let j = 0; j < n; j++) {
      const k0 = Math.max(0, j - band);
      let diag = A[j * n + j];
      for (let k = k0; k < j; k++) diag -= A[j * n + k] * A[j * n + k];
      if (!(diag > 0)) throw new Error(`mechanics: the coarsest stiffness matrix is not positive definite (pivot ${diag} at dof ${j})`);
      const ljj = Math.sqrt(diag);
      A[j * n + j] = ljj;
      for (let i = j + 1; i < Math.min(n, j + band + 1); i++) {
        let sum = A[i * n + j];
        for (let k = Math.max(k0, i - band); k < j; k++) sum -= A[i * n + k] * A[j * n + k];
        A[i * n + j] = sum / ljj;
      }
    }
  }

  /** x ← A⁻¹·b. */
  solve(b: Float64Array, x: Float64Array): void {
    const { n, L, band } = this;
    for (let i = 0; i < n; i++) {
      let sum = b[i];
      for (let k = Math.max(0, i - band); k < i; k++) sum -= L[i * n + k] * x[k];
      x[i] = sum / L[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let sum = x[i];
      for (let k = i + 1; k < Math.min(n, i + band + 1); k++) sum -= L[k * n + i] * x[k];
      x[i] = sum / L[i * n + i];
    }
  }
}
