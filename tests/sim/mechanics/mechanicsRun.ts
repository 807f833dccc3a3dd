/** A short run of the mechanics test model: the small demo scenario with a decaying inclusion of woven bone. */
import { validateScenario } from '../../../src/scenario/parse.ts';
import { resolveRun, type RunSetup } from '../../../src/sim/runSetup.ts';
import { smallDemo } from '../helpers.ts';
import { testModel } from './mechanicsTestModel.ts';

/** Steps between mechanics updates in these runs (1 h at dt 5 min). */
export const INTERVAL_STEPS = 12;

/**
 * The setup of the small demo run (1 × 1 mm, 100 µm deep, dt 5 min) with the test model: the defect starts
 * as woven bone (1000 MPa, losing 0.2 %/min) in granulation tissue (1 MPa), updates every hour.
 */
export function mechanicsSetup(days = 0.25, parameters: Record<string, number> = {}): RunSetup {
  const parsed = validateScenario(smallDemo(days), 'mechanics-test');
  const scenario = {
    ...parsed.scenario,
    initial: { ...parsed.scenario.initial, fields: [{ field: 'woven', region: 'defect', value: 1 }] },
    parameters: {
      'woven.decay': 2e-3,
      'mechanics.updateInterval': 1,
      'mechanics.load': 0.01,
      'mechanics.gridFactor': 2,
      'mechanics.tolerance': 1e-6,
      ...parameters,
    },
  };
  return resolveRun({ ...parsed, scenario, model: testModel() }, 'baseline');
}

/** One field's voxels of a packed field array. */
export function fieldOf(setup: RunSetup, fields: Float32Array, name: string): Float32Array {
  const f = setup.model.compiled.fieldIndex[name];
  return fields.slice(f * setup.grid.cells, (f + 1) * setup.grid.cells);
}
