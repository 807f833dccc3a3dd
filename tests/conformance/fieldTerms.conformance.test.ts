/**
 * Conformance of shaders/build_field_terms.wgsl (with the models' WGSL voxel rules) with
 * FieldExchange.build (diffuseFields.ts): every voxel's source and uptake of every field, from the same
 * fields and fixed-point sums (the CPU's depositExchange of one step after updateAgents, agentPhaseInputs.ts),
 * for the treated skin wound after 48 CPU steps, the skin wound with contraction and a topical carrier dose
 * (cover advection, carrier release), and the engine demo (no voxel rules). A term the CPU does not build
 * (null) must be 0 on the GPU, and the accumulators must be cleared.
 * Tolerance per term: TERM_TOLERANCE relative (f32 products and sums of a few terms on the GPU, float64
 * rounded once per addition on the CPU) plus LARGEST_TOLERANCE of the field's largest term (exchangeComparison.ts).
 */
import { describe, expect, it } from 'vitest';
import { depositExchange } from '../../src/sim/cpu/depositExchange.ts';
import { FieldExchange } from '../../src/sim/cpu/diffuseFields.ts';
import { updateAgents } from '../../src/sim/cpu/updateAgents.ts';
import { FieldTermsPhase } from '../../src/sim/gpu/fieldTermsPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { loadScenario, makeRun, type TestRun } from '../sim/helpers.ts';
import { cpuInputsOfNextStep, uploadInputs } from './agentPhaseInputs.ts';
import { runPhases } from './agentPhaseFixture.ts';
import { compareTerms } from './exchangeComparison.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';


async function compareFieldTerms(device: GPUDevice, run: TestRun, label: string): Promise<void> {
  const inputs = cpuInputsOfNextStep(run);
  const { ctx, count, scales } = inputs;
  updateAgents(ctx, count, inputs.neighbours, new Uint8Array(count));
  const words = run.state.fields.length;
  const secretion = new Int32Array(words);
  const clearance = new Int32Array(words);
  depositExchange(ctx, count, scales, secretion, clearance);
  const gpu = await gpuRunOf(device, run);
  try {
    uploadInputs(gpu, inputs);
    device.queue.writeBuffer(gpu.secretion, 0, secretion);
    device.queue.writeBuffer(gpu.clearance, 0, clearance);
    const phase = await FieldTermsPhase.create(gpu);
    await runPhases(gpu, [phase]);
    const source = new Float32Array(await gpu.read(gpu.source, 0, words * 4));
    const uptake = new Float32Array(await gpu.read(gpu.uptake, 0, words * 4));
    const leftSecretion = new Int32Array(await gpu.read(gpu.secretion, 0, words * 4));
    const leftClearance = new Int32Array(await gpu.read(gpu.clearance, 0, words * 4));

    const exchange = new FieldExchange(run.setup, scales);
    exchange.build(run.state.fields, secretion, clearance);
    const { cells } = run.setup.grid;
    const fields = run.setup.model.compiled.spec.fields;
    const sources = compareTerms((f) => exchange.sourceFor(f), source, fields.length, cells);
    const uptakes = compareTerms((f) => exchange.uptakeFor(f), uptake, fields.length, cells);
    const line = (kind: string, terms: typeof sources) =>
      `${kind} ${terms
        .filter((t) => t.built)
        .map((t) => `${fields[t.field].name} ${t.differing} differ (rel ${t.maxRelative.toExponential(1)}, of largest ${t.maxOfLargest.toExponential(1)})`)
        .join(', ')}`;
    console.info(`field terms ${label}: ${cells} voxels; ${line('sources:', sources)}; ${line('uptakes:', uptakes)}`);
    expect(sources.some((t) => t.built) && uptakes.some((t) => t.built)).toBe(true);
    for (const t of [...sources, ...uptakes]) expect(t.beyond, `${fields[t.field].name}: terms beyond tolerance`).toBe(0);
    expect(leftSecretion.every((q) => q === 0) && leftClearance.every((q) => q === 0), 'accumulators cleared').toBe(true);
  } finally {
    gpu.destroy();
  }
}

describe('build_field_terms.wgsl against FieldExchange.build', () => {
  it('builds the terms of the treated skin wound alike', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    await compareFieldTerms(device, await skinRunAfter(48), 'skin treated');
  }, 60_000);

  it('builds cover advection and carrier release alike (contraction, topical carrier)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const doc = loadScenario('scenarios/skin-wound.json') as { arms: Record<string, Record<string, unknown>> };
    doc.arms.treated.doses = [{ product: 'bmsc-exos', amount: 100, unit: 'ug', route: 'topical', at_day: 0 }];
    const run = makeRun(doc, ['max_agents=200000', 'parameters.contraction.rate=1'], 'treated');
    expect(run.setup.dosing.carrierRelease).toBeGreaterThan(0);
    await run.backend.advance(24);
    await compareFieldTerms(device, run, 'skin contraction + carrier');
  }, 60_000);

  it('builds the terms of the engine demo alike', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = makeRun(loadScenario('scenarios/engine-demo.json'));
    await run.backend.advance(60);
    await compareFieldTerms(device, run, 'demo');
  }, 60_000);
});
