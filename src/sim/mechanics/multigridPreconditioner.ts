/**
 * The preconditioner of the elastic solve: one symmetric geometric-multigrid V-cycle (e.g. Trottenberg,
 * Oosterlee & Schüller, Multigrid, 2001) on the hierarchy of Q4 meshes: Galerkin coarse operators
 * (galerkinCoarsening.ts), damped node-block Jacobi smoothing (nodeBlockJacobi.ts), the same number of
 * sweeps before and after the coarse correction (so the cycle is a symmetric operator, as conjugate
 * gradients need), and an exact band-Cholesky solve on the coarsest mesh. The meshes are built once;
 * refresh() recomputes their matrices, smoothers and factor in place after the fine moduli change.
 */
import { BandCholesky } from './bandCholesky.ts';
import { applyOperator } from './elementOperator.ts';
import { dofCount, type ElasticLevel } from './elasticLevel.ts';
import { GalerkinCoarsening } from './galerkinCoarsening.ts';
import { jacobiCorrect, nodeBlockInverses } from './nodeBlockJacobi.ts';

/** Coarsening stops once a level has at most this many dofs (its band Cholesky factor is then cheap). */
export const COARSEST_DOFS = 400;
/** Jacobi sweeps before and after each coarse correction (1 costs least per digit gained on the bone test cases). */
export const SMOOTHING_SWEEPS = 1;

interface Stage {
  level: ElasticLevel;
  /** Node-block Jacobi inverses, and scratch to build them. */
  inv: Float64Array;
  blocks: Float64Array;
  /** Right-hand side, solution and residual of this level within a cycle. */
  b: Float64Array;
  x: Float64Array;
  r: Float64Array;
  /** The next coarser level and the transfers to it (absent on the coarsest). */
  coarsening?: GalerkinCoarsening;
}

export class MultigridPreconditioner {
  private readonly stages: Stage[] = [];
  private readonly coarsest: BandCholesky;

  /** Builds the meshes below `fine` (the finest level, with its constraints); call refresh() before use. */
  constructor(fine: ElasticLevel) {
    let level = fine;
    for (;;) {
      const n = dofCount(level);
      const stage: Stage = { level, inv: new Float64Array(1.5 * n), blocks: new Float64Array(1.5 * n), b: new Float64Array(n), x: new Float64Array(n), r: new Float64Array(n) };
      this.stages.push(stage);
      if (n <= COARSEST_DOFS || (level.nex === 1 && level.ney === 1)) break;
      stage.coarsening = new GalerkinCoarsening(level);
      level = stage.coarsening.coarse;
    }
    this.coarsest = new BandCholesky(level);
  }

  /** Recomputes every level from the finest level's element scales as they stand. */
  refresh(): void {
    for (const stage of this.stages) {
      nodeBlockInverses(stage.level, stage.inv, stage.blocks);
      stage.coarsening?.project();
    }
    this.coarsest.factor();
  }

  /** Levels in the hierarchy, finest first (diagnostics). */
  get levels(): number {
    return this.stages.length;
  }

  /** z ← M⁻¹·r: one V-cycle from zero; r must be zero at the constrained dofs, and z is too. */
  apply(r: Float64Array, z: Float64Array): void {
    const top = this.stages[0];
    top.b.set(r);
    this.cycle(0);
    z.set(top.x);
  }

  private cycle(k: number): void {
    const s = this.stages[k];
    if (k === this.stages.length - 1) {
      this.coarsest.solve(s.b, s.x);
      return;
    }
    s.x.fill(0);
    jacobiCorrect(s.inv, s.b, s.x);
    for (let sweep = 1; sweep < SMOOTHING_SWEEPS; sweep++) this.smooth(s);
    residual(s);
    const c = this.stages[k + 1];
    s.coarsening!.restrict(s.r, c.b);
    this.cycle(k + 1);
    s.coarsening!.prolongAdd(c.x, s.x);
    for (let sweep = 0; sweep < SMOOTHING_SWEEPS; sweep++) this.smooth(s);
  }

  private smooth(s: Stage): void {
    residual(s);
    jacobiCorrect(s.inv, s.r, s.x);
  }
}

/** r ← b − A·x on a stage. */
function residual(s: Stage): void {
  applyOperator(s.level, s.x, s.r);
  const { b, r } = s;
  for (let d = 0; d < r.length; d++) r[d] = b[d] - r[d];
}
