/**
 * Conformance of shaders/update_agents.wgsl (with the models' WGSL rules) with updateAgents.ts: one
 * updateAgents from the same sorted, moved agents on both backends (agentPhaseInputs.ts), for the treated
 * skin wound (about 1.9e4 agents after 48 CPU steps), the skin wound with inhibitor clamps, anti-VEGF and
 * contraction, and the engine demo. Death rates are raised and some cycles set near 1 so that every fate
 * (divide, die, leave) occurs.
 * Bit-exact: ids, types and every fate and state except those of agents whose decision compares a float
 * computed in f32 (GPU) and float64 (CPU) with a threshold (MAX_THRESHOLD_AGENTS). Floats: within
 * relative tolerances measured on SwiftShader (see each run's log line).
 */
import { describe, expect, it } from 'vitest';
import { FATE_DIE, FATE_DIVIDE, FATE_LEAVE, updateAgents } from '../../src/sim/cpu/updateAgents.ts';
import { UpdateAgentsPhase } from '../../src/sim/gpu/updateAgentsPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { loadScenario, makeRun, type TestRun } from '../sim/helpers.ts';
import { agentsBeyond, compareAgents, cpuInputsOfNextStep, describeDiffs, uploadInputs } from './agentPhaseInputs.ts';
import { readAgents, runPhases } from './agentPhaseFixture.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';

/** Agents allowed to differ in a decision on a float threshold (f32 vs float64), per run. */
const MAX_THRESHOLD_AGENTS = 3;
/** Relative tolerance of f32 variables (compareAgents; measured at most 6e-7 on SwiftShader). */
const FLOAT_TOLERANCE = 4e-6;

/**
 * Skin settings that make every fate frequent: deaths by the generic draw (unscaled: fibroblast; scaled by
 * AKT: endothelial) and departures of keratinocytes behind a front of 2 × 50 µm (the epidermal edge is 200 µm wide).
 */
const MORE_EVENTS = ['parameters.fibroblast.death=2', 'parameters.endothelial.death=2', 'parameters.keratinocyte.front_reach=50'];

/** Runs updateAgents on both backends from `run`'s next step; every `forced`-th agent starts with cycle 0.9995. */
async function compareUpdate(device: GPUDevice, run: TestRun, label: string, forced = 40) {
  const inputs = cpuInputsOfNextStep(run);
  const { count, f, u, neighbours } = inputs;
  const layout = run.setup.model.compiled.layout;
  for (let i = 0; i < count; i += forced) f[i * layout.stride + layout.offset.cycle] = 0.9995;
  const gpu = await gpuRunOf(device, run);
  try {
    uploadInputs(gpu, inputs);
    const phase = await UpdateAgentsPhase.create(gpu);
    await runPhases(gpu, [phase]);
    const gpuAgents = await readAgents(gpu, gpu.sorted, count);
    const gpuFate = new Uint32Array(await gpu.read(gpu.fate, 0, count * 4));

    const cpuFate = new Uint8Array(count);
    updateAgents(inputs.ctx, count, neighbours, cpuFate);

    const fateCounts = [0, 0, 0, 0];
    const floor = (name: string) => (name === 'x' || name === 'y' ? run.setup.grid.width : name === 'cargo' ? 1e-3 : 1e-6);
    const outliers = agentsBeyond(layout, u, gpuAgents, count, floor, FLOAT_TOLERANCE);
    for (let i = 0; i < count; i++) {
      fateCounts[cpuFate[i]]++;
      if (gpuFate[i] !== cpuFate[i]) outliers.add(i);
      for (const name of ['id', 'cellType', 'cellState']) {
        const w = i * layout.stride + layout.offset[name];
        if (gpuAgents[w] !== u[w]) outliers.add(i);
      }
    }
    const diffs = compareAgents(layout, u, gpuAgents, count, floor, outliers);
    const described = [...outliers].slice(0, 5).map((i) => {
      const w = i * layout.stride;
      const vars = layout.variables.filter((_, k) => gpuAgents[w + k] !== u[w + k]).map((v) => v.name);
      return `#${i} type ${u[w + layout.offset.cellType]} fate ${cpuFate[i]}/${gpuFate[i]} [${vars.join(' ')}]`;
    });
    console.info(
      `updateAgents ${label}: ${count} agents, CPU fates stay/divide/die/leave ${fateCounts.join('/')}; ` +
        `${outliers.size} agents on a threshold (${described.join(', ')}); the others: ${describeDiffs(diffs)}`,
    );
    expect(fateCounts[FATE_DIVIDE], 'divisions').toBeGreaterThan(0);
    expect(fateCounts[FATE_DIE], 'deaths').toBeGreaterThan(0);
    expect(outliers.size, `agents with another fate or state, or floats beyond ${FLOAT_TOLERANCE}: ${described.join(', ')}`).toBeLessThanOrEqual(MAX_THRESHOLD_AGENTS);
    for (const d of diffs) if (d.kind !== 'f32') expect(d.differing, d.name).toBe(0);
    return fateCounts;
  } finally {
    gpu.destroy();
  }
}

describe('update_agents.wgsl against updateAgents.ts', () => {
  it('updates the treated skin wound alike (every fate occurs)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const fates = await compareUpdate(device, await skinRunAfter(48, MORE_EVENTS), 'skin treated');
    expect(fates[FATE_LEAVE], 'departures').toBeGreaterThan(0);
  }, 60_000);

  it('clamps nodes and contracts the tissue alike (inhibitors, anti-VEGF, contraction)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const doc = loadScenario('scenarios/skin-wound.json') as { arms: Record<string, Record<string, unknown>> };
    doc.arms.treated.inhibitors = ['pi3k_inhibitor', 'nfkb_inhibitor', 'anti_vegf'];
    const run = makeRun(doc, ['max_agents=200000', 'parameters.contraction.rate=1', ...MORE_EVENTS], 'treated');
    await run.backend.advance(24);
    const fates = await compareUpdate(device, run, 'skin clamped + contraction');
    expect(fates[FATE_LEAVE], 'departures').toBeGreaterThan(0);
  }, 60_000);

  it('updates the engine demo alike', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = makeRun(loadScenario('scenarios/engine-demo.json'), ['parameters.follower.death=2', 'parameters.wanderer.death=2']);
    await run.backend.advance(60);
    await compareUpdate(device, run, 'demo', 10);
  }, 60_000);
});
