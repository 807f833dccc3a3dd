/**
 * The GPU backend end to end on Dawn: repeatable runs, no read-back between output times, and whole-run
 * equivalence with the CPU backend on a reduced skin wound (an ensemble per backend; Welch tests of every
 * main read-out with Holm's correction: a failure means a read-out's mean differs between the backends
 * beyond what seed-to-seed variation explains).
 */
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { holmAdjust, welchTest } from '../../src/analysis/statistics.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { CpuBackend } from '../../src/sim/cpu/CpuBackend.ts';
import { GpuBackend, GpuDeviceLostError } from '../../src/sim/gpu/GpuBackend.ts';
import { findAdapter } from '../../src/sim/gpu/gpuDevice.ts';
import { createInitialState } from '../../src/sim/initialState.ts';
import { runArm } from '../../src/sim/runArm.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';
import type { SimBackend } from '../../src/sim/SimBackend.ts';
import { gpuForTests } from './gpuTestSupport.ts';
import { loadScenario, stateBytes } from '../sim/helpers.ts';

/** The reduced skin wound (REDUCED_SKIN_WOUND), `days` long, outputs every 6 h, at `seed`. */
function reducedSkin(days: number, seed: number): string[] {
  return [...REDUCED_SKIN_WOUND, `time.days=${days}`, 'time.output_every_h=6', `seed=${seed}`];
}

async function runOn(kind: 'cpu' | 'gpu', device: GPUDevice | null, sets: string[], arm = 'treated') {
  const parsed = validateScenario(loadScenario('scenarios/skin-wound.json'), 'skin-wound', sets);
  const setup = resolveRun(parsed, arm);
  const state = createInitialState(setup);
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const backend: SimBackend = kind === 'cpu' ? new CpuBackend(setup, state, table.base) : await GpuBackend.create(setup, state, table.base, device!);
  try {
    const final = await runArm(setup, backend, table);
    return { table, final, backend };
  } finally {
    backend.dispose();
  }
}

describe('GPU backend (Dawn)', () => {
  it('repeats a run exactly: same read-outs and state bytes', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const a = await runOn('gpu', device, reducedSkin(0.25, 1));
    const b = await runOn('gpu', device, reducedSkin(0.25, 1));
    expect(a.final.step).toBe(72);
    expect(a.table.toData()).toEqual(b.table.toData());
    expect(stateBytes(a.final)).toEqual(stateBytes(b.final));
    const c = await runOn('gpu', device, reducedSkin(0.25, 2));
    expect(stateBytes(c.final).agents).not.toEqual(stateBytes(a.final).agents);
  }, 300_000); // three GPU runs: about 50 s here, more than twice that on a loaded machine

  it('reads nothing back between output times, and only the read-outs at them', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const parsed = validateScenario(loadScenario('scenarios/skin-wound.json'), 'skin-wound', reducedSkin(0.25, 1));
    const setup = resolveRun(parsed, 'treated');
    const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
    const backend = await GpuBackend.create(setup, createInitialState(setup), table.base, device);
    try {
      const before = backend.bytesRead;
      await backend.advance(setup.outputEvery);
      expect(backend.bytesRead).toBe(before);
      await backend.advance(3);
      expect(backend.bytesRead).toBe(before);
      const values = await backend.readBase();
      const perOutput = backend.bytesRead - before;
      expect(values.length).toBe(table.base.length);
      // the reductions' partial results only: far less than one field (120² voxels × 4 bytes)
      expect(perOutput).toBeGreaterThan(0);
      expect(perOutput).toBeLessThan(120 * 120 * 4);
    } finally {
      backend.dispose();
    }
  }, 120_000);

  it('reports a lost device at the next call, naming the step, and keeps what it had', async (ctx) => {
    await gpuForTests(ctx);
    const { adapter } = await findAdapter(); // a fresh adapter: each creates one device
    const device = await adapter!.requestDevice();
    const parsed = validateScenario(loadScenario('scenarios/engine-demo.json'), 'engine-demo', ['time.days=0.25']);
    const setup = resolveRun(parsed, 'baseline');
    const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
    const backend = await GpuBackend.create(setup, createInitialState(setup), table.base, device, true);
    await backend.advance(4);
    device.destroy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(backend.advance(1)).rejects.toThrow(GpuDeviceLostError);
    await expect(backend.advance(1)).rejects.toThrow(/device was lost at step 4/);
    expect(backend.step).toBe(4);
    backend.dispose();
  }, 60_000);

  it('is statistically equivalent to the CPU backend over whole runs (8 seeds each, Welch + Holm)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const names = ['agent_count', 'closure_pct', 'neutrophil_count', 'm1_count', 'm2_count', 'keratinocyte_count', 'keratinocyte_apoptosis_count', 'vessel_density_pct', 'proinflammatory_mean', 'antiinflammatory_mean', 'ros_mean', 'exosome_total'];
    // different seeds per backend: independent samples, as Welch's test assumes (same seeds would pair them)
    const seeds = { cpu: [1, 2, 3, 4, 5, 6, 7, 8], gpu: [101, 102, 103, 104, 105, 106, 107, 108] };
    const final = { cpu: new Map<string, number[]>(), gpu: new Map<string, number[]>() };
    for (const kind of ['cpu', 'gpu'] as const) {
      for (const seed of seeds[kind]) {
        const { table } = await runOn(kind, kind === 'gpu' ? device : null, reducedSkin(0.5, seed));
        for (const name of names) {
          const column = table.column(name);
          final[kind].set(name, [...(final[kind].get(name) ?? []), column[column.length - 1]]);
        }
      }
    }
    const p = names.map((n) => welchTest(final.cpu.get(n)!, final.gpu.get(n)!).p);
    const adjusted = holmAdjust(p);
    const report = names.map((n, k) => `${n}: cpu ${mean(final.cpu.get(n)!)} gpu ${mean(final.gpu.get(n)!)} p ${p[k].toPrecision(3)} holm ${adjusted[k].toPrecision(3)}`);
    console.log(report.join('\n'));
    for (let k = 0; k < names.length; k++) expect(adjusted[k], report[k]).toBeGreaterThan(0.05);
    expect(names.length).toBeGreaterThan(10);
    expect(final.cpu.get('agent_count')!.every((v) => v > 1000)).toBe(true);
  }, 900_000);
});

function mean(xs: number[]): string {
  return (xs.reduce((s, x) => s + x, 0) / xs.length).toPrecision(5);
}
