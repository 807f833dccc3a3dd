/**
 * binAgentsPhase.ts against NeighbourBins.build + gather from the same state: the sorted agents must be
 * bit-identical and the bin starts identical, on the skin wound (crowded dermis, agents on the domain
 * edges) and with agents put exactly on bin edges, one f32 step either side of them, and on the domain edges.
 */
import { describe, expect, it } from 'vitest';
import { BinAgentsPhase } from '../../src/sim/gpu/binAgentsPhase.ts';
import type { GpuRun } from '../../src/sim/gpu/gpuRun.ts';
import { binThresholds } from '../../src/sim/gpu/edgeThresholds.ts';
import type { TestRun } from '../sim/helpers.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { cpuBinning, readAgents, runPhases } from './agentPhaseFixture.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';
import { firstBitMismatch } from './harness.ts';

const word = new Uint32Array(1);
const float = new Float32Array(word.buffer);

/** The f32 `steps` units in the last place away from x (x > 0 when steps < 0). */
function ulpStep(x: number, steps: number): number {
  float[0] = x;
  word[0] += steps;
  return float[0];
}

/** Positions on every bin edge of one axis (its threshold and one ulp either side) and on both domain edges, µm. */
function edgePositions(bins: number, scale: number, length: number): number[] {
  const t = binThresholds(bins, scale);
  const out = [0, length, ulpStep(length, -1)];
  for (let k = 1; k < bins; k++) out.push(t[k], ulpStep(t[k], -1), ulpStep(t[k], 1), Math.fround(k / scale));
  return out;
}

/** Bins the run's state on both backends and expects the same order and bin starts. */
async function expectSameBinning(run: TestRun, gpu: GpuRun, phase: BinAgentsPhase): Promise<number> {
  const cpu = cpuBinning(run);
  gpu.upload(run.state);
  await runPhases(gpu, [phase]);
  const ms = await runPhases(gpu, [phase]);
  const count = run.state.count;
  const sorted = await readAgents(gpu, gpu.sorted, count);
  const starts = new Uint32Array(await gpu.read(phase.starts, 0, cpu.starts.length * 4));
  expect(firstBitMismatch(sorted, cpu.sorted), 'first differing word of the sorted agents').toBe(-1);
  expect(firstBitMismatch(starts, new Uint32Array(cpu.starts)), 'first differing bin start').toBe(-1);
  expect(starts[starts.length - 1]).toBe(count);
  return ms;
}

describe('binAgents (GPU)', () => {
  it('sorts the skin wound by (bin, id) bit for bit', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(1);
    const gpu = await gpuRunOf(device, run);
    try {
      const ms = await expectSameBinning(run, gpu, await BinAgentsPhase.create(gpu));
      console.info(`binAgents: ${run.state.count} agents, ${ms.toFixed(1)} ms per phase on this adapter`);
    } finally {
      gpu.destroy();
    }
  }, 60_000);

  it('bins agents on bin edges, one ulp either side and on the domain edges as the CPU does', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    // 7220 µm: 288 bins of 25.07 µm, where floor(x · scale) in f32 lands in the wrong bin at many edges.
    const run = await skinRunAfter(0, ['domain.width_um=7220', 'domain.height_um=7220']);
    const gpu = await gpuRunOf(device, run);
    try {
      const { nbx, nby, scaleX, scaleY } = gpu.bins;
      const xs = edgePositions(nbx, scaleX, run.setup.grid.width);
      const ys = edgePositions(nby, scaleY, run.setup.grid.height);
      const scale32 = Math.fround(nbx / run.setup.grid.width);
      expect(xs.filter((x) => Math.floor(Math.fround(x * scale32)) !== Math.floor(x * scaleX)).length, 'edges an f32 guess misses').toBeGreaterThan(100);
      // Every other agent onto an edge position: x and y cycle through the edge lists at different rates.
      const s = run.state;
      const o = run.setup.model.compiled.layout.offset;
      for (let i = 0, k = 0; i < s.count; i += 2, k++) {
        s.f[i * s.stride + o.x] = xs[k % xs.length];
        s.f[i * s.stride + o.y] = ys[(7 * k) % ys.length];
      }
      await expectSameBinning(run, gpu, await BinAgentsPhase.create(gpu));
    } finally {
      gpu.destroy();
    }
  }, 60_000);
});
