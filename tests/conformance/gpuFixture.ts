/**
 * Realistic states for per-kernel conformance tests: a run of the treated skin wound advanced on the CPU
 * (so fields, pathway nodes and cargo are not trivial), and a GpuRun on the test device for the same setup.
 * The skin wound at t = 0 has about 1.8e4 agents (crowded dermis, agents on the domain edges).
 */
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { exchangeScales } from '../../src/sim/fixedPoint.ts';
import { GpuRun } from '../../src/sim/gpu/gpuRun.ts';
import { loadScenario, makeRun, type TestRun } from '../sim/helpers.ts';

/** The treated skin wound (capacity 2e5) after `steps` CPU steps; `sets` are extra --set lines. */
export async function skinRunAfter(steps: number, sets: string[] = []): Promise<TestRun> {
  const run = makeRun(loadScenario('scenarios/skin-wound.json'), ['max_agents=200000', ...sets], 'treated');
  await run.backend.advance(steps);
  return run;
}

/** A GpuRun of `run`'s setup on `device` with its current state uploaded; kernels of the run compiled. */
export async function gpuRunOf(device: GPUDevice, run: TestRun): Promise<GpuRun> {
  const tables = buildPhenotypeTables(run.setup.model.compiled, run.setup.values);
  const gpu = new GpuRun(device, run.setup, tables, exchangeScales(tables));
  await gpu.init();
  gpu.upload(run.state);
  return gpu;
}
