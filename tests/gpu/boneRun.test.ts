/**
 * The bone model end to end on the GPU backend (Dawn): the reduced fracture gap of the page's preview
 * (BONE_REDUCED_GEOMETRY, dx 50 µm), treated, for one simulated day on both backends from the same seed.
 * The backends agree step by step up to f32 rounding (tests/conformance/boneRules.conformance.test.ts), but
 * over a day the agents' paths drift apart (positions differ by ulps, then by which voxel or neighbour a cell
 * sees), so the read-outs are compared within READOUT_TOLERANCE, not bit for bit.
 */
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { BONE_REDUCED_GEOMETRY } from '../../src/app/bundledScenarios.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { CpuBackend } from '../../src/sim/cpu/CpuBackend.ts';
import { GpuBackend } from '../../src/sim/gpu/GpuBackend.ts';
import { createInitialState } from '../../src/sim/initialState.ts';
import { runArm } from '../../src/sim/runArm.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import type { SimBackend } from '../../src/sim/SimBackend.ts';
import { loadScenario } from '../sim/helpers.ts';
import { gpuForTests } from './gpuTestSupport.ts';

/** The reduced fracture gap, one day, outputs every 6 h. */
const SETS = [...BONE_REDUCED_GEOMETRY['fracture-gap'], 'domain.dx_um=50', 'max_agents=60000', 'time.days=1', 'time.output_every_h=6', 'seed=1'];
/** Largest relative difference of a read-out at day 1 (of max(|CPU|, its floor)); measured at most 0.05 here (see the log). */
const READOUT_TOLERANCE = 0.15;
/** Floor of the relative difference: read-outs that are about 0 (a count of a few cells, a fraction near 0). */
const floorOf = (name: string, cpu: number) => (name.endsWith('_count') ? Math.max(Math.abs(cpu), 20) : Math.max(Math.abs(cpu), 1e-3));

async function runOn(kind: 'cpu' | 'gpu', device: GPUDevice | null) {
  const setup = resolveRun(validateScenario(loadScenario('scenarios/fracture-gap.json'), 'fracture-gap', SETS), 'treated');
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const backend: SimBackend = kind === 'cpu' ? new CpuBackend(setup, createInitialState(setup), table.base) : await GpuBackend.create(setup, createInitialState(setup), table.base, device!);
  const t0 = performance.now();
  try {
    const final = await runArm(setup, backend, table);
    return { table, final, seconds: (performance.now() - t0) / 1000 };
  } finally {
    backend.dispose();
  }
}

describe('bone model on the GPU backend', () => {
  it('runs the reduced fracture gap for a day with the CPU backend\'s read-outs', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const gpu = await runOn('gpu', device);
    const cpu = await runOn('cpu', null);
    expect(gpu.final.step).toBe(96);
    expect(gpu.table.days).toEqual(cpu.table.days);
    const rows = cpu.table.all.map(({ name }) => {
      const c = cpu.table.column(name).at(-1)!;
      const g = gpu.table.column(name).at(-1)!;
      // an unreached time to event is NaN on both
      return { name, cpu: c, gpu: g, relative: Number.isNaN(c) && Number.isNaN(g) ? 0 : Math.abs(g - c) / floorOf(name, c) };
    });
    console.info(
      `bone reduced fracture gap, day 1 (CPU ${cpu.seconds.toFixed(1)} s, GPU ${gpu.seconds.toFixed(1)} s):\n` +
        rows.map((r) => `${r.name}: cpu ${r.cpu.toPrecision(5)} gpu ${r.gpu.toPrecision(5)} rel ${r.relative.toExponential(1)}`).join('\n'),
    );
    expect(rows.length).toBeGreaterThan(10);
    expect(cpu.table.column('msc_count').at(-1)).toBeGreaterThan(1000);
    for (const r of rows) expect(r.relative, `${r.name}: CPU ${r.cpu}, GPU ${r.gpu}`).toBeLessThanOrEqual(READOUT_TOLERANCE);
  }, 300_000);
});
