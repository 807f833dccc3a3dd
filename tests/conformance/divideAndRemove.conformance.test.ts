/**
 * DivideAndRemovePhase (GPU) against divideAndRemove (CPU) from the same sorted agents and fates: the CPU's
 * binning of the treated skin wound, fates of all four kinds, once with room for every birth and once with a
 * capacity that refuses some. Counts, ids, order, events, blocked births and every agent word but x and y
 * must be bit-exact; x and y within POSITION_ULPS units in the last place (the CPU offsets in float64;
 * measured on Dawn/SwiftShader: 0 word mismatches, positions within 1 ulp, 548 births refused at capacity).
 */
import { describe, expect, it } from 'vitest';
import { divideAndRemove } from '../../src/sim/cpu/divideAndRemove.ts';
import { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { FATE_DIE, FATE_DIVIDE, FATE_LEAVE, FATE_STAY } from '../../src/sim/cpu/updateAgents.ts';
import { DivideAndRemovePhase } from '../../src/sim/gpu/divideAndRemovePhase.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { allocateState, cloneState, type SimState } from '../../src/sim/state.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import type { TestRun } from '../sim/helpers.ts';
import { cpuBinning } from './agentPhaseFixture.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';
import { compareStates } from './stateComparison.ts';

/** Largest difference of a position word, in units in the last place of f32. */
const POSITION_ULPS = 1;

/** A fixed pattern of fates (percentages of agents dividing, dying, leaving), spread over the agents. */
function fatePattern(count: number, divide: number, die: number, leave: number): Uint8Array {
  return Uint8Array.from({ length: count }, (_, i) => {
    const r = (Math.imul(i + 1, 2654435761) >>> 0) % 100;
    if (r < divide) return FATE_DIVIDE;
    if (r < divide + die) return FATE_DIE;
    if (r < divide + die + leave) return FATE_LEAVE;
    return FATE_STAY;
  });
}

/** Both backends' states after compacting the run's CPU-binned agents with `fate`. */
async function compactOnBoth(device: GPUDevice, run: TestRun, fate: Uint8Array): Promise<{ cpu: SimState; gpu: SimState }> {
  const { setup, state } = run;
  const sorted = cpuBinning(run).sorted;
  const cpu = cloneState(state);
  const ctx = KernelContext.forRun(setup, buildPhenotypeTables(setup.model.compiled, setup.values));
  const words = sorted.slice();
  ctx.bind(new Float32Array(words.buffer), words, cpu.fields, setup.rngSeed, cpu.step);
  divideAndRemove(ctx, cpu, new Float32Array(words.buffer), words, state.count, fate);

  const gpu = await gpuRunOf(device, run);
  try {
    const phase = await DivideAndRemovePhase.create(gpu);
    device.queue.writeBuffer(gpu.sorted, 0, sorted as Uint32Array<ArrayBuffer>);
    device.queue.writeBuffer(gpu.fate, 0, Uint32Array.from(fate));
    const encoder = device.createCommandEncoder();
    gpu.refresh(encoder);
    phase.encode(encoder);
    device.queue.submit([encoder.finish()]);
    const compiled = setup.model.compiled;
    const out = allocateState(compiled.layout, state.capacity, compiled.spec.fields.length, setup.grid.cells, compiled.spec.cellTypes.length);
    return { cpu, gpu: await gpu.download(out) };
  } finally {
    gpu.destroy();
  }
}

describe('divideAndRemove (GPU)', () => {
  it('compacts survivors and daughters as the CPU does, with all four fates', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(1);
    const fate = fatePattern(run.state.count, 8, 4, 3);
    const { cpu, gpu } = await compactOnBoth(device, run, fate);
    const before = run.state.events;
    for (const [event, name] of [[0, 'births'], [1, 'deaths'], [2, 'departures']] as const) {
      const T = cpu.events.length / 4;
      let n = 0;
      for (let t = 0; t < T; t++) n += cpu.events[event * T + t] - before[event * T + t];
      expect(n, `${name} this step`).toBeGreaterThan(0);
    }
    expect(cpu.blockedBirths).toBe(run.state.blockedBirths);
    const report = compareStates(run.setup.model.compiled.layout, cpu, gpu);
    console.log(`compaction: ${run.state.count} -> ${cpu.count} agents; ${report.summary}`);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 60_000);

  it('refuses the births beyond the capacity, the last ones in agent order', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const count = (await skinRunAfter(1)).state.count;
    // 10% divide, 4% go: survivors 0.96 count, births 0.1 count; a capacity of 1.03 count refuses about 3%
    const run = await skinRunAfter(1, [`max_agents=${Math.ceil(count * 1.03)}`]);
    expect(run.state.count).toBe(count);
    const { cpu, gpu } = await compactOnBoth(device, run, fatePattern(count, 10, 2, 2));
    expect(cpu.blockedBirths - run.state.blockedBirths).toBeGreaterThan(0);
    expect(cpu.count).toBe(cpu.capacity);
    const report = compareStates(run.setup.model.compiled.layout, cpu, gpu);
    console.log(`compaction at capacity: ${cpu.blockedBirths - run.state.blockedBirths} births refused; ${report.summary}`);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 60_000);
});
