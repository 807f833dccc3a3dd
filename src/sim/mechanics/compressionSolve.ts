/**
 * The elastic solve of one mechanics update: the tissue under a unit plate displacement (1 mm, axial
 * compression) with the loading of mechanicsMesh.ts, by multigrid-preconditioned conjugate gradients on the
 * free dofs. Because the problem is linear, this one solve serves any load and fixator: the plate's
 * displacement under a load F with a fixator of stiffness k in parallel is F / (k + R1), R1 being the
 * tissue's reaction to the unit displacement, and every displacement and strain scales by it.
 * Each update starts from zero displacement: the result depends only on the moduli, so a run resumed from
 * a snapshot repeats it bit for bit.
 */
import { applyOperator, applyStiffness } from './elementOperator.ts';
import { dofCount, type ElasticLevel } from './elasticLevel.ts';
import type { MechanicsMesh } from './mechanicsMesh.ts';
import { MultigridPreconditioner } from './multigridPreconditioner.ts';
import { pcg, PcgWorkspace } from './pcg.ts';

/** The tissue's response to a unit plate displacement. */
export interface UnitCompression {
  /** Displacement of every dof (mm per mm of plate displacement), prescribed dofs included. */
  readonly displacement: Float64Array;
  /** Axial force the tissue opposes to the unit displacement, N/mm (R1). */
  readonly reaction: number;
  readonly iterations: number;
  readonly relativeResidual: number;
  /** Multigrid levels used. */
  readonly levels: number;
}

export class UnitCompressionSolver {
  private readonly prescribed: Float64Array;
  private readonly b: Float64Array;
  private readonly x: Float64Array;
  private readonly force: Float64Array;
  private readonly work: PcgWorkspace;
  /** The finest level; its element scales (modulus × thickness) are rewritten by every solve. */
  private readonly level: ElasticLevel;
  private readonly multigrid: MultigridPreconditioner;

  constructor(readonly mesh: MechanicsMesh) {
    const n = dofCount(mesh);
    this.prescribed = new Float64Array(n);
    for (const d of mesh.plateDofs) this.prescribed[d] = 1;
    this.b = new Float64Array(n);
    this.x = new Float64Array(n);
    this.force = new Float64Array(n);
    this.work = new PcgWorkspace(n);
    const scale = new Float64Array(mesh.nex * mesh.ney);
    this.level = { nex: mesh.nex, ney: mesh.ney, xs: mesh.xs, ys: mesh.ys, pool: mesh.pool, offset: mesh.offset, scale, constrained: mesh.constrained };
    this.multigrid = new MultigridPreconditioner(this.level);
  }

  /**
   * Solves for element moduli `moduli` (MPa, element order) and slab thickness `thickness` (mm) to a
   * relative residual `tol`; throws when `maxIterations` do not reach it.
   */
  solve(moduli: Float64Array, thickness: number, tol: number, maxIterations = 500): UnitCompression {
    const m = this.mesh;
    const { level, multigrid: mg } = this;
    for (let e = 0; e < level.scale.length; e++) level.scale[e] = moduli[e] * thickness;
    mg.refresh();
    // Right-hand side: minus the forces the prescribed displacement causes at the free dofs.
    applyStiffness(level, this.prescribed, this.force);
    for (let d = 0; d < this.b.length; d++) this.b[d] = m.constrained[d] ? 0 : -this.force[d];
    const result = pcg(
      (x, y) => applyOperator(level, x, y),
      (r, z) => mg.apply(r, z),
      this.b,
      this.x,
      tol,
      maxIterations,
      this.work,
    );
    if (!result.converged) {
      throw new Error(`mechanics: the elastic solve did not reach a relative residual of ${tol} in ${maxIterations} iterations (${result.relativeResidual.toExponential(2)})`);
    }
    const displacement = new Float64Array(this.x.length);
    for (let d = 0; d < displacement.length; d++) displacement[d] = this.x[d] + this.prescribed[d];
    applyStiffness(level, displacement, this.force);
    let reaction = 0;
    for (const d of m.plateDofs) reaction += this.force[d];
    return { displacement, reaction, iterations: result.iterations, relativeResidual: result.relativeResidual, levels: mg.levels };
  }
}
