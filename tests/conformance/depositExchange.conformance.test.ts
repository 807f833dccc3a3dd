/**
 * Conformance of shaders/deposit_exchange.wgsl with depositExchange.ts: the fixed-point secretion and
 * clearance sums of one step from the same updated agents (agentPhaseInputs.ts, then the CPU's
 * updateAgents), for the treated skin wound after 48 CPU steps (about 2e4 agents; footprints with caps:
 * epithelium and vessels; rule-scaled secretions) and the engine demo.
 * Clearance quanta are computed in float64 per type (bit-exact). Secretion rates are f32 on the GPU:
 * each contribution floor(rate · scale + 0.5) may differ by a quantum, and a patch voxel whose centre
 * sits on the footprint's edge may be in one backend's patch only; per voxel the sums must agree within
 * QUANTA_TOLERANCE quanta or SUM_TOLERANCE of the CPU's sum, except at most MAX_EDGE_VOXELS voxels
 * (exchangeComparison.ts).
 */
import { describe, expect, it } from 'vitest';
import { depositExchange } from '../../src/sim/cpu/depositExchange.ts';
import { updateAgents } from '../../src/sim/cpu/updateAgents.ts';
import { DepositExchangePhase } from '../../src/sim/gpu/depositExchangePhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { loadScenario, makeRun, type TestRun } from '../sim/helpers.ts';
import { cpuInputsOfNextStep, uploadInputs } from './agentPhaseInputs.ts';
import { runPhases } from './agentPhaseFixture.ts';
import { compareSums, MAX_EDGE_VOXELS } from './exchangeComparison.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';


async function compareDeposit(device: GPUDevice, run: TestRun, label: string): Promise<void> {
  const inputs = cpuInputsOfNextStep(run);
  const { ctx, count, scales } = inputs;
  updateAgents(ctx, count, inputs.neighbours, new Uint8Array(count));
  const gpu = await gpuRunOf(device, run);
  try {
    uploadInputs(gpu, inputs);
    const phase = await DepositExchangePhase.create(gpu);
    await runPhases(gpu, [phase]);
    const words = run.state.fields.length;
    const gpuSecretion = new Int32Array(await gpu.read(gpu.secretion, 0, words * 4));
    const gpuClearance = new Int32Array(await gpu.read(gpu.clearance, 0, words * 4));

    const secretion = new Int32Array(words);
    const clearance = new Int32Array(words);
    depositExchange(ctx, count, scales, secretion, clearance);

    const s = compareSums(secretion, gpuSecretion);
    const voxelsWithSecretion = secretion.reduce((n, q) => n + (q !== 0 ? 1 : 0), 0);
    const at = s.beyond.slice(0, 5).map((w) => `field ${Math.floor(w / run.setup.grid.cells)} voxel ${w % run.setup.grid.cells}: CPU ${secretion[w]}, GPU ${gpuSecretion[w]}`);
    console.info(
      `depositExchange ${label}: ${count} agents; secretion: ${voxelsWithSecretion} voxel-fields with deposits, ${s.differing} differ, ` +
        `max ${s.maxQuanta} quanta, ${s.beyond.length} beyond tolerance (${at.join('; ')}); clearance: ${compareSums(clearance, gpuClearance).differing} differ`,
    );
    expect(voxelsWithSecretion).toBeGreaterThan(0);
    expect(s.beyond.length, at.join('; ')).toBeLessThanOrEqual(MAX_EDGE_VOXELS);
    expect(compareSums(clearance, gpuClearance).differing, 'clearance voxels').toBe(0);
  } finally {
    gpu.destroy();
  }
}

describe('deposit_exchange.wgsl against depositExchange.ts', () => {
  it('deposits the treated skin wound alike', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    await compareDeposit(device, await skinRunAfter(48), 'skin treated');
  }, 60_000);

  it('deposits the engine demo alike', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = makeRun(loadScenario('scenarios/engine-demo.json'));
    await run.backend.advance(60);
    await compareDeposit(device, run, 'demo');
  }, 60_000);
});
