/**
 * The mechanics phase, shared by both backends (model.md §3: fixation stiffness and load give a strain
 * field over the callus, whose stiffness follows its composition). Given the state's fields it computes
 * each element's modulus from the tissue fractions, solves the tissue under a unit plate displacement
 * (compressionSolve.ts), shares the load with the fixator, u = F / (k_fix + R1), and writes into every
 * voxel of each element's block the octahedral shear strain and the axial compressive strain −εyy of that
 * element, scaled by u. It reads only the tissue fields and writes only the two strain fields, and its
 * result depends on nothing else (no warm start), so the CPU and GPU backends, and a run resumed from a
 * snapshot, get the same bits from the same tissue fields.
 *
 * Plane stress, slab thickness = the scenario's domain.depth_um: the plane is a slab whose faces are free,
 * like the tissue column the other fields stand for, so its out-of-plane stress is zero. Plane strain, the
 * alternative, holds the out-of-plane strain at zero instead, which suits a body long out of plane; it
 * would stiffen every tissue by the same factor 1/(1−ν²) in uniaxial load and change little else. The load
 * and the fixator stiffness are those of the slab (both scale with its thickness).
 */
import type { CompiledModel } from '../../model/compile.ts';
import type { ParameterValues } from '../../model/rules.ts';
import type { Grid } from '../grid.ts';
import type { RunSetup } from '../runSetup.ts';
import { UnitCompressionSolver } from './compressionSolve.ts';
import { buildMechanicsMesh, NO_MIRROR, type MechanicsMesh, type MirrorEdges } from './mechanicsMesh.ts';
import { elementStrains, octahedralShearStrain } from './strainRecovery.ts';
import { elementModuli, type TissueStiffness } from './tissueModulus.ts';

/** What one update found (diagnostics, benchmarks). */
export interface MechanicsReport {
  /** False when the load is 0: nothing to solve, every strain is 0. */
  solved: boolean;
  /** Conjugate-gradient iterations and the final relative residual. */
  iterations: number;
  relativeResidual: number;
  /** Tissue stiffness against the plate (R1), N/mm; 0 when not solved. */
  reaction: number;
  /** Plate displacement under the load, mm: F / (k_fix + R1). */
  plateDisplacement: number;
}

/** Resolved values of the mechanics parameters of a run. */
interface MechanicsValues {
  tissue: TissueStiffness;
  nu: number;
  intervalH: number;
  load: number;
  fixator: number;
  factor: number;
  tolerance: number;
}

function mechanicsValues(compiled: CompiledModel, values: ParameterValues): MechanicsValues {
  const spec = compiled.spec.mechanics!;
  const fi = compiled.fieldIndex;
  const value = (name: string): number => {
    const v = values.get(name);
    if (v === undefined) throw new Error(`mechanics: parameter ${name} has no value`);
    return v;
  };
  const factor = value('mechanics.gridFactor');
  if (!Number.isInteger(factor)) throw new Error(`mechanics.gridFactor = ${factor}: must be a whole number of voxels`);
  return {
    tissue: {
      fields: spec.tissues.map((t) => fi[t.field]),
      moduli: spec.tissues.map((t) => value(`mechanics.modulus.${t.field}`)),
      softModulus: value('mechanics.softModulus'),
    },
    nu: value('mechanics.poissonRatio'),
    intervalH: value('mechanics.updateInterval'),
    load: value('mechanics.load'),
    fixator: value('mechanics.fixatorStiffness'),
    factor,
    tolerance: value('mechanics.tolerance'),
  };
}

export class MechanicsUpdate {
  /** Steps between updates (the interval rounded to whole steps, at least 1). */
  readonly intervalSteps: number;
  /** Indices of the fields an update reads (the tissue fractions) and writes (shear, then axial strain). */
  readonly tissueFields: readonly number[];
  readonly strainFields: readonly [number, number];
  readonly mesh: MechanicsMesh;
  /** The last update's report, if any. */
  last: MechanicsReport | null = null;
  private readonly values: MechanicsValues;
  private readonly solver: UnitCompressionSolver;
  private readonly cells: number;
  private readonly thickness: number;
  private readonly moduli: Float64Array;
  private readonly exx: Float64Array;
  private readonly eyy: Float64Array;
  private readonly gxy: Float64Array;
  private readonly octahedral: Float64Array;

  /** The mechanics phase of a run, or null when its model declares no mechanics. */
  static forRun(setup: RunSetup): MechanicsUpdate | null {
    const { compiled } = setup.model;
    if (!compiled.spec.mechanics) return null;
    const edges = setup.scenario.domain.mirror ?? [];
    return new MechanicsUpdate(compiled, setup.values, setup.grid, setup.dt, { left: edges.includes('left'), right: edges.includes('right') });
  }

  /** The mechanics of `compiled` with parameter values `values` on `grid`, for a time step of dt minutes, `mirror` its mirror side edges. */
  constructor(compiled: CompiledModel, values: ParameterValues, grid: Grid, dt: number, mirror: MirrorEdges = NO_MIRROR) {
    const spec = compiled.spec.mechanics;
    if (!spec) throw new Error(`model ${compiled.spec.id} declares no mechanics`);
    this.values = mechanicsValues(compiled, values);
    this.intervalSteps = Math.max(1, Math.floor((this.values.intervalH * 60) / dt + 0.5));
    this.tissueFields = this.values.tissue.fields;
    const fi = compiled.fieldIndex;
    this.strainFields = [fi[spec.shearStrainField], fi[spec.axialStrainField]];
    this.mesh = buildMechanicsMesh(grid.nx, grid.ny, grid.dx, this.values.factor, this.values.nu, mirror);
    this.solver = new UnitCompressionSolver(this.mesh);
    this.cells = grid.cells;
    this.thickness = grid.depth / 1000;
    const elements = this.mesh.nex * this.mesh.ney;
    this.moduli = new Float64Array(elements);
    this.exx = new Float64Array(elements);
    this.eyy = new Float64Array(elements);
    this.gxy = new Float64Array(elements);
    this.octahedral = new Float64Array(elements);
  }

  /** Whether the state at `step` (steps completed) gets an update: step 0 and every intervalSteps. */
  due(step: number): boolean {
    return step % this.intervalSteps === 0;
  }

  /** Steps from `step` to the next step that is due (1..intervalSteps). */
  stepsToNext(step: number): number {
    return this.intervalSteps - (step % this.intervalSteps);
  }

  /** Recomputes the strain fields of `fields` (field-major, all fields) from its tissue fields. */
  update(fields: Float32Array): MechanicsReport {
    const v = this.values;
    const m = this.mesh;
    let report: MechanicsReport = { solved: false, iterations: 0, relativeResidual: 0, reaction: 0, plateDisplacement: 0 };
    if (v.load > 0) {
      elementModuli(fields, this.cells, m, v.tissue, this.moduli);
      const unit = this.solver.solve(this.moduli, this.thickness, v.tolerance);
      const u = v.load / (v.fixator + unit.reaction);
      report = { solved: true, iterations: unit.iterations, relativeResidual: unit.relativeResidual, reaction: unit.reaction, plateDisplacement: u };
      elementStrains(m, unit.displacement, u, this.exx, this.eyy, this.gxy);
    } else {
      this.exx.fill(0);
      this.eyy.fill(0);
      this.gxy.fill(0);
    }
    for (let e = 0; e < this.octahedral.length; e++) this.octahedral[e] = octahedralShearStrain(this.exx[e], this.eyy[e], this.gxy[e], v.nu);
    const shear = this.strainFields[0] * this.cells;
    const axial = this.strainFields[1] * this.cells;
    for (let j = 0; j < m.ny; j++) {
      const J = Math.floor(j / m.factor);
      for (let i = 0; i < m.nx; i++) {
        const e = J * m.nex + Math.floor(i / m.factor);
        const k = j * m.nx + i;
        fields[shear + k] = this.octahedral[e];
        fields[axial + k] = -this.eyy[e];
      }
    }
    this.last = report;
    return report;
  }
}
