/**
 * A tiny model with a mechanical environment for the mechanics tests: the demo model plus two
 * load-bearing tissue fields (woven and lamellar bone fractions, structural, no cell touches them), the two
 * strain fields, and a MechanicsSpec with the reference moduli of the bone model. A run changes its
 * composition through the woven field's decay (a scenario parameter), the same on both backends.
 */
import { compileModel, type CompiledModel } from '../../../src/model/compile.ts';
import { demoModel } from '../../../src/model/models/demo.ts';
import { bindDemoRules } from '../../../src/model/models/demoRules.ts';
import { demoGpuRules } from '../../../src/model/models/demoRulesGpu.ts';
import { param } from '../../../src/model/parameter.ts';
import type { ModelDefinition } from '../../../src/model/rules.ts';
import type { FieldSpec, MechanicsSpec, ModelSpec } from '../../../src/model/types.ts';
import { makeGrid, type Grid } from '../../../src/sim/grid.ts';
import { MechanicsUpdate } from '../../../src/sim/mechanics/updateMechanics.ts';

const LP = 'Lacroix & Prendergast 2002 J Biomech 35:1163, values as commonly quoted, not retrieved in parameters.md';

function structural(name: string, decay = 0): FieldSpec {
  return {
    name,
    label: name,
    unit: '1',
    decay: param(decay, '1/min', [0, 1], 'test field', 'assumed'),
    boundary: { kind: 'noflux' },
    initial: 0,
    source: 'test',
    typicalMax: 1,
  };
}

export const testMechanics: MechanicsSpec = {
  shearStrainField: 'shear_strain',
  axialStrainField: 'axial_strain',
  tissues: [
    { field: 'woven', modulus: param(1000, 'MPa', [1, 1e5], LP, 'assumed') },
    { field: 'lamellar', modulus: param(17000, 'MPa', [1, 1e5], LP, 'assumed') },
  ],
  softModulus: param(1, 'MPa', [0.01, 100], `${LP} (granulation tissue)`, 'assumed'),
  poissonRatio: param(0.3, '1', [0, 0.49], 'one value for every tissue; assumed', 'assumed'),
  updateInterval: param(24, 'h', [0.01, 240], 'about daily (issue 7); assumed', 'assumed'),
  load: param(10, 'N', [0, 1000], 'test load', 'assumed'),
  fixatorStiffness: param(0, 'N/mm', [0, 1e5], 'test fixator', 'assumed'),
  gridFactor: param(1, 'voxels', [1, 8], 'test', 'assumed'),
  tolerance: param(1e-8, '1', [1e-12, 1e-2], 'test', 'assumed'),
};

export const testModelSpec: ModelSpec = {
  ...demoModel,
  id: 'demo',
  fields: [...demoModel.fields, structural('woven'), structural('lamellar'), structural('shear_strain'), structural('axial_strain')],
  mechanics: testMechanics,
};

/** The test model as a ModelDefinition (the demo's rules; its field indices are unchanged). */
export function testModel(spec: ModelSpec = testModelSpec): ModelDefinition {
  const compiled = compileModel(spec);
  return { compiled, bindRules: (values) => bindDemoRules(compiled, values), gpuRules: demoGpuRules };
}

/** A compiled test model with its default values, optionally overridden. */
export function testValues(compiled: CompiledModel, over: Record<string, number> = {}): Map<string, number> {
  const values = new Map<string, number>();
  for (const [name, p] of compiled.parameters) values.set(name, p.value);
  for (const [name, v] of Object.entries(over)) values.set(name, v);
  return values;
}

/** A mechanics problem on an nx × ny grid of dx µm voxels, depth µm thick, with fields to fill. */
export interface Bench {
  compiled: CompiledModel;
  grid: Grid;
  update: MechanicsUpdate;
  fields: Float32Array;
  /** Views of one field's voxels. */
  field(name: string): Float32Array;
}

export function mechanicsBench(nx: number, ny: number, dx: number, depth: number, over: Record<string, number> = {}, spec: ModelSpec = testModelSpec): Bench {
  const compiled = compileModel(spec);
  const grid = makeGrid(nx * dx, ny * dx, dx, depth);
  const update = new MechanicsUpdate(compiled, testValues(compiled, over), grid, 5);
  const fields = new Float32Array(compiled.spec.fields.length * grid.cells);
  const field = (name: string) => fields.subarray(compiled.fieldIndex[name] * grid.cells, (compiled.fieldIndex[name] + 1) * grid.cells);
  return { compiled, grid, update, fields, field };
}

/** Mean of a field over the voxels (i, j) where `inside` holds. */
export function meanWhere(values: Float32Array, nx: number, inside: (i: number, j: number) => boolean): number {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < values.length; k++) {
    const i = k % nx;
    const j = (k - i) / nx;
    if (inside(i, j)) {
      sum += values[k];
      n++;
    }
  }
  return sum / n;
}
