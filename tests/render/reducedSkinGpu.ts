/**
 * A small realistic GPU run for the rendering tests: the reduced skin wound (REDUCED_SKIN_WOUND, treated
 * arm) on the test device, advanced a few steps so agents have moved, divided and changed state.
 */
import { validateScenario } from '../../src/scenario/parse.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';
import { GpuBackend } from '../../src/sim/gpu/GpuBackend.ts';
import { createInitialState } from '../../src/sim/initialState.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import { loadScenario } from '../sim/helpers.ts';

/** A GPU backend of the reduced treated skin wound after `steps` steps (no read-outs); dispose it after use. */
export async function reducedSkinBackend(device: GPUDevice, steps: number): Promise<GpuBackend> {
  const setup = resolveRun(validateScenario(loadScenario('scenarios/skin-wound.json'), 'skin-wound.json', [...REDUCED_SKIN_WOUND]), 'treated');
  const backend = await GpuBackend.create(setup, createInitialState(setup), [], device);
  await backend.advance(steps);
  return backend;
}
