/**
 * Conformance of the bone model's WGSL rules (boneRulesGpu.ts, shaders/bone_agent_rules.wgsl and
 * bone_voxel_rules.wgsl) with boneRules.ts, through the kernels that call them: one updateAgents, one
 * depositExchange and one build of the field terms from the same state on both backends (agentPhaseInputs.ts).
 * States (boneFixture.ts): the reduced fracture gap after 3 days on the CPU, then with raised event rates
 * for the compared step (every type change and state switch occurs), treated (BMSC-exos), and an arm with a product on every cargo channel the rules read plus the PI3K inhibitor (AKT
 * clamped), a Sox9 clamp and the BMP-2 antagonist (BMP-2 sensed at 10%); matrix sums edited near and above 1,
 * and bone under the osteoblasts edited on both sides of the woven/lamellar threshold.
 * Bit-exact: ids, types (type changes in place), states and fates, except agents whose decision compares a
 * float computed in f32 (GPU) and float64 (CPU) with a threshold (MAX_THRESHOLD_AGENTS). Floats: within the
 * tolerances below, measured on SwiftShader (see each run's log line).
 */
import { describe, expect, it } from 'vitest';
import type { AgentLayout } from '../../src/model/agentLayout.ts';
import { depositExchange } from '../../src/sim/cpu/depositExchange.ts';
import { FieldExchange } from '../../src/sim/cpu/diffuseFields.ts';
import { FATE_DIE, FATE_DIVIDE, FATE_LEAVE, updateAgents } from '../../src/sim/cpu/updateAgents.ts';
import { DepositExchangePhase } from '../../src/sim/gpu/depositExchangePhase.ts';
import { FieldTermsPhase } from '../../src/sim/gpu/fieldTermsPhase.ts';
import { UpdateAgentsPhase } from '../../src/sim/gpu/updateAgentsPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import type { TestRun } from '../sim/helpers.ts';
import { agentsBeyond, compareAgents, cpuInputsOfNextStep, describeDiffs, uploadInputs } from './agentPhaseInputs.ts';
import { readAgents, runPhases } from './agentPhaseFixture.ts';
import { boneRunAfter, BONE_SPLITS, editBoneSplits, editMatrixSums, EVERY_BONE_CHANNEL, MATRIX_SUMS, reducedFractureGap } from './boneFixture.ts';
import { compareSums, compareTerms, MAX_EDGE_VOXELS } from './exchangeComparison.ts';
import { gpuRunOf } from './gpuFixture.ts';

/** CPU steps before the compared one: 3 days at dt 15 min (every type and state present). */
const STEPS = 288;
/** Agents allowed to differ in a decision on a float threshold (f32 vs float64), per run. */
const MAX_THRESHOLD_AGENTS = 3;
/** Relative tolerance of f32 agent variables (compareAgents; pathway nodes measured at most 9.2e-7 on SwiftShader). */
const FLOAT_TOLERANCE = 4e-6;
/* Deposits (measured at most 3 quanta) and field terms (measured at most 2.4e-7 relative) use the tolerances of exchangeComparison.ts. */

/** The arm with every cargo channel, the PI3K inhibitor, a Sox9 clamp and the BMP-2 antagonist, after STEPS CPU steps. */
async function clampedRun(): Promise<TestRun> {
  const { doc } = reducedFractureGap();
  const arms = doc.arms as Record<string, { doses: { product: unknown }[]; inhibitors?: unknown[] }>;
  arms.treated.doses[0].product = EVERY_BONE_CHANNEL;
  arms.treated.inhibitors = ['pi3k_inhibitor', 'bmp2_inhibitor', { kind: 'clamp_node', label: 'Sox9 held (test)', node: 'sox9', value: 0.7 }];
  const run = await boneRunAfter(STEPS, [], 'treated', doc);
  expect(Object.values(run.setup.armContext.potency).filter((p) => p > 0).length).toBe(Object.keys(EVERY_BONE_CHANNEL.cargo).length);
  return run;
}

/** "from → to" counts of the types and states that changed between two agent buffers of the same order. */
function changes(run: TestRun, before: Uint32Array, after: Uint32Array, count: number): Map<string, number> {
  const { layout, spec } = run.setup.model.compiled;
  const { cellType, cellState } = layout.offset;
  const name = (u: Uint32Array, base: number) => `${spec.cellTypes[u[base + cellType]].name}/${spec.cellTypes[u[base + cellType]].states[u[base + cellState]]}`;
  const out = new Map<string, number>();
  for (let i = 0, base = 0; i < count; i++, base += layout.stride) {
    if (before[base + cellType] === after[base + cellType] && before[base + cellState] === after[base + cellState]) continue;
    const key = `${name(before, base)} → ${name(after, base)}`;
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}

/** Agents (indices) whose fate, id, type or state differ, or with a float beyond FLOAT_TOLERANCE. */
function outliersOf(layout: AgentLayout, cpu: Uint32Array, gpu: Uint32Array, cpuFate: Uint8Array, gpuFate: Uint32Array, count: number, floor: (name: string) => number): Set<number> {
  const out = agentsBeyond(layout, cpu, gpu, count, floor, FLOAT_TOLERANCE);
  for (let i = 0; i < count; i++) {
    if (gpuFate[i] !== cpuFate[i]) out.add(i);
    for (const name of ['id', 'cellType', 'cellState']) {
      const w = i * layout.stride + layout.offset[name];
      if (gpu[w] !== cpu[w]) out.add(i);
    }
  }
  return out;
}

/** Runs updateAgents on both backends from `run`'s next step (every 40th agent's cycle at 0.9995); returns the CPU's fate counts and changes. */
async function compareUpdate(device: GPUDevice, run: TestRun, label: string) {
  const inputs = cpuInputsOfNextStep(run);
  const { count, f, u, neighbours } = inputs;
  const layout = run.setup.model.compiled.layout;
  for (let i = 0; i < count; i += 40) f[i * layout.stride + layout.offset.cycle] = 0.9995;
  const before = u.slice();
  const gpu = await gpuRunOf(device, run);
  try {
    uploadInputs(gpu, inputs);
    await runPhases(gpu, [await UpdateAgentsPhase.create(gpu)]);
    const gpuAgents = await readAgents(gpu, gpu.sorted, count);
    const gpuFate = new Uint32Array(await gpu.read(gpu.fate, 0, count * 4));

    const cpuFate = new Uint8Array(count);
    updateAgents(inputs.ctx, count, neighbours, cpuFate);

    const fates = [0, 0, 0, 0];
    for (const x of cpuFate) fates[x]++;
    const floor = (name: string) => (name === 'x' || name === 'y' ? run.setup.grid.width : name === 'cargo' ? 1e-3 : 1e-6);
    const outliers = outliersOf(layout, u, gpuAgents, cpuFate, gpuFate, count, floor);
    const diffs = compareAgents(layout, u, gpuAgents, count, floor, outliers);
    const changed = changes(run, before, u, count);
    const described = [...outliers].slice(0, 5).map((i) => {
      const w = i * layout.stride;
      const vars = layout.variables.filter((_, k) => gpuAgents[w + k] !== u[w + k]).map((v) => v.name);
      return `#${i} type ${before[w + layout.offset.cellType]} fate ${cpuFate[i]}/${gpuFate[i]} [${vars.join(' ')}]`;
    });
    console.info(
      `updateAgents bone ${label}: ${count} agents, CPU fates stay/divide/die/leave ${fates.join('/')}; changes ${[...changed].map(([k, n]) => `${k} ${n}`).join(', ')}; ` +
        `${outliers.size} agents on a threshold (${described.join(', ')}); the others: ${describeDiffs(diffs)}`,
    );
    expect(fates[FATE_DIVIDE], 'divisions').toBeGreaterThan(0);
    expect(fates[FATE_DIE], 'deaths').toBeGreaterThan(0);
    expect(fates[FATE_LEAVE], 'departures').toBeGreaterThan(0);
    expect(outliers.size, `agents with another fate, type or state, or floats beyond ${FLOAT_TOLERANCE}: ${described.join(', ')}`).toBeLessThanOrEqual(MAX_THRESHOLD_AGENTS);
    for (const d of diffs) if (d.kind !== 'f32') expect(d.differing, d.name).toBe(0);
    return changed;
  } finally {
    gpu.destroy();
  }
}

/** `run`'s next step on the CPU through updateAgents (the inputs of depositExchange, as agentPhaseInputs.ts leaves them). */
function updatedInputs(run: TestRun) {
  const inputs = cpuInputsOfNextStep(run);
  updateAgents(inputs.ctx, inputs.count, inputs.neighbours, new Uint8Array(inputs.count));
  return inputs;
}

/** The CPU's depositExchange of the updated inputs: the fixed-point secretion and clearance sums. */
function cpuSums(run: TestRun, inputs: ReturnType<typeof updatedInputs>) {
  const words = run.state.fields.length;
  const secretion = new Int32Array(words);
  const clearance = new Int32Array(words);
  depositExchange(inputs.ctx, inputs.count, inputs.scales, secretion, clearance);
  return { secretion, clearance };
}

describe('bone rules in WGSL against boneRules.ts', () => {
  it('updates the treated fracture gap alike: every type, state and type change', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const changed = await compareUpdate(device, await boneRunAfter(STEPS), 'treated');
    for (const change of [
      'msc/progenitor → chondrocyte/proliferative',
      'msc/progenitor → osteoblast/active',
      'msc/progenitor → fibroblast/fibroblast',
      'chondrocyte/proliferative → chondrocyte/hypertrophic',
      'chondrocyte/hypertrophic → osteoblast/active',
      'neutrophil/active → neutrophil/apoptotic',
      'endothelial/tip → endothelial/stalk',
    ]) {
      expect(changed.get(change) ?? 0, change).toBeGreaterThan(0);
    }
    expect([...changed.keys()].some((k) => k.startsWith('macrophage/') && k.endsWith('→ osteoclast/active')), 'osteoclast formation').toBe(true);
    expect([...changed.keys()].some((k) => k.startsWith('macrophage/M1 → macrophage/M2') || k.startsWith('macrophage/M2 → macrophage/M1')), 'M1/M2 switching').toBe(true);
  }, 120_000);

  it('updates alike with every cargo channel, clamped AKT and Sox9 and neutralised BMP-2', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await clampedRun();
    const changed = await compareUpdate(device, run, 'every channel + clamps');
    expect(changed.size).toBeGreaterThan(3);
  }, 120_000);

  it('deposits alike (matrix by free room, woven or lamellar bone by the bone present, BMP-2 and OPG by cargo)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await boneRunAfter(STEPS);
    editMatrixSums(run);
    const splits = editBoneSplits(run);
    const inputs = updatedInputs(run);
    const gpu = await gpuRunOf(device, run);
    try {
      uploadInputs(gpu, inputs);
      await runPhases(gpu, [await DepositExchangePhase.create(gpu)]);
      const words = run.state.fields.length;
      const gpuSecretion = new Int32Array(await gpu.read(gpu.secretion, 0, words * 4));
      const gpuClearance = new Int32Array(await gpu.read(gpu.clearance, 0, words * 4));
      const cpu = cpuSums(run, inputs);
      const s = compareSums(cpu.secretion, gpuSecretion);
      const { cells } = run.setup.grid;
      const fields = run.setup.model.compiled.spec.fields;
      const withDeposits = new Map(fields.map((field, f) => [field.name, cpu.secretion.subarray(f * cells, (f + 1) * cells).filter((q) => q !== 0).length]));
      const at = s.beyond.slice(0, 5).map((w) => `${fields[Math.floor(w / cells)].name} voxel ${w % cells}: CPU ${cpu.secretion[w]}, GPU ${gpuSecretion[w]}`);
      console.info(
        `depositExchange bone: ${inputs.count} agents; voxels with deposits: ${[...withDeposits].filter(([, n]) => n > 0).map(([name, n]) => `${name} ${n}`).join(', ')}; ` +
          `${s.differing} differ, max ${s.maxQuanta} quanta, ${s.beyond.length} beyond tolerance (${at.join('; ')})`,
      );
      for (const name of ['cartilage', 'calcified', 'woven_bone', 'lamellar_bone', 'fibrous', 'bmp2', 'opg', 'rankl', 'vegf']) expect(withDeposits.get(name), name).toBeGreaterThan(0);
      expect(splits.length, 'osteoblast voxels with woven and lamellar bone set').toBeGreaterThan(2 * BONE_SPLITS.length);
      expect(s.beyond.length, at.join('; ')).toBeLessThanOrEqual(MAX_EDGE_VOXELS);
      expect(compareSums(cpu.clearance, gpuClearance).differing, 'clearance voxels').toBe(0);
    } finally {
      gpu.destroy();
    }
  }, 120_000);

  it('builds the field terms alike: both branches of the matrix bookkeeping, coupled formation where woven bone is resorbed, and immature vessels regressing', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    // half the joint's resistance of uncalcified cartilage to vessels, so that the calcified share counts
    const run = await boneRunAfter(STEPS, ['parameters.cartilage.uncalcified_resistance=0.5']);
    const edited = editMatrixSums(run);
    const { cells, voxelVolume } = run.setup.grid;
    const F = run.setup.model.compiled.fieldIndex;
    const matrix = [F.cartilage, F.woven_bone, F.lamellar_bone, F.fibrous];
    // Woven bone 0.05-0.45 in every third voxel without matrix, resorbed below (coupled lamellar formation).
    const resorbed: number[] = [];
    for (let k = 1; k < cells; k += 3) {
      if (matrix.some((m) => run.state.fields[m * cells + k] !== 0)) continue;
      run.state.fields[F.woven_bone * cells + k] = 0.05 + 0.1 * (resorbed.length % 5);
      resorbed.push(k);
    }
    // Calcified shares 0, 0.1, ..., 1.1 (above the cap of 1 too) and vessels at and below the invasion density
    // wherever cartilage stands: vascular resorption × (1 - R·(1 - min(1, share))), R = 0.5 here.
    const calcifiedResorbed: number[] = [];
    for (let k = 0; k < cells; k++) {
      if (run.state.fields[F.cartilage * cells + k] === 0) continue;
      const q = calcifiedResorbed.length;
      run.state.fields[F.calcified * cells + k] = 0.1 * (q % 12);
      run.state.fields[F.vessel * cells + k] = 0.005 * (1 + (q % 3));
      // immature shares 0, 0.5, 1 and 1.5 × vessel (above it counts as all of it): regression takes vessel
      run.state.fields[F.immature_vessel * cells + k] = run.state.fields[F.vessel * cells + k] * 0.5 * (q % 4);
      calcifiedResorbed.push(k);
    }
    const inputs = updatedInputs(run);
    const { secretion, clearance } = cpuSums(run, inputs);
    const quantaPerSource = inputs.scales.secretionScale[F.woven_bone] * voxelVolume;
    // Woven bone deposits of twice the room (1e-4) in the voxels edited just below 1: fitMatrix scales them down.
    const below = edited[MATRIX_SUMS.length - 1];
    for (const k of below) secretion[F.woven_bone * cells + k] += Math.round((2e-4 / run.setup.dt) * quantaPerSource);
    // Osteoclast-like resorption there: woven uptake 1e-4 to 1e-3 /min.
    resorbed.forEach((k, q) => (clearance[F.woven_bone * cells + k] += Math.round(1e-4 * (1 + (q % 10)) * voxelVolume * inputs.scales.clearanceScale[F.woven_bone])));
    const gpu = await gpuRunOf(device, run);
    try {
      uploadInputs(gpu, inputs);
      device.queue.writeBuffer(gpu.secretion, 0, secretion);
      device.queue.writeBuffer(gpu.clearance, 0, clearance);
      await runPhases(gpu, [await FieldTermsPhase.create(gpu)]);
      const words = run.state.fields.length;
      const source = new Float32Array(await gpu.read(gpu.source, 0, words * 4));
      const uptake = new Float32Array(await gpu.read(gpu.uptake, 0, words * 4));

      const exchange = new FieldExchange(run.setup, inputs.scales);
      exchange.build(run.state.fields, secretion, clearance);
      const fields = run.setup.model.compiled.spec.fields;
      const sources = compareTerms((f) => exchange.sourceFor(f), source, fields.length, cells);
      const uptakes = compareTerms((f) => exchange.uptakeFor(f), uptake, fields.length, cells);
      // The CPU's branches of fitMatrix in the edited voxels: the float64 sum above 1 (loss), or deposits scaled to the room.
      const sum64 = (k: number) => matrix.reduce((s, m) => s + run.state.fields[m * cells + k], 0);
      const above = edited.map((voxels) => voxels.filter((k) => sum64(k) > 1).length);
      const woven = exchange.sourceFor(F.woven_bone)!;
      const scaled = below.filter((k) => woven[k] < (secretion[F.woven_bone * cells + k] / quantaPerSource) * (1 - 1e-6)).length;
      const coupled = resorbed.filter((k) => exchange.sourceFor(F.lamellar_bone)![k] > 0).length;
      const cartilageLoss = exchange.uptakeFor(F.cartilage)!;
      const partlyCalcified = calcifiedResorbed.filter((k) => run.state.fields[F.calcified * cells + k] > 0).length;
      const resorbedCartilage = calcifiedResorbed.filter((k) => cartilageLoss[k] > 0).length;
      const regressing = calcifiedResorbed.filter((k) => exchange.uptakeFor(F.vessel)![k] > 0).length;
      const line = (kind: string, terms: typeof sources) => `${kind} ${terms.filter((t) => t.differing > 0).map((t) => `${fields[t.field].name} ${t.differing} (rel ${t.maxRelative.toExponential(1)})`).join(', ')}`;
      console.info(
        `field terms bone: ${cells} voxels; edited to sum ${MATRIX_SUMS.map((s, q) => `${s}: ${edited[q].length} (${above[q]} above 1)`).join(', ')}; ` +
          `${scaled} of ${below.length} deposits scaled; coupled formation in ${coupled} of ${resorbed.length} resorbed voxels; ` +
          `cartilage resorbed in ${resorbedCartilage} of ${calcifiedResorbed.length} voxels with cartilage (${partlyCalcified} calcified), immature vessels regressing in ${regressing}; ${line('sources differ:', sources)}; ${line('uptakes differ:', uptakes)}`,
      );
      expect(above[0], 'sums at 1 once rounded: some above').toBeGreaterThan(0);
      expect(above[0], 'sums at 1 once rounded: some not above').toBeLessThan(edited[0].length);
      expect(above.slice(1, 4), 'sums above 1').toEqual(edited.slice(1, 4).map((v) => v.length));
      expect(below.length).toBeGreaterThan(0);
      expect(scaled, 'deposits scaled to the room').toBe(below.length);
      expect(resorbed.length).toBeGreaterThan(100);
      expect(coupled, 'lamellar bone laid where woven bone is resorbed').toBe(resorbed.length);
      expect(calcifiedResorbed.length - partlyCalcified, 'uncalcified cartilage voxels').toBeGreaterThan(10);
      expect(resorbedCartilage, 'calcified cartilage resorbed by vessels').toBeGreaterThan(100);
      expect(regressing, 'immature vessels regressing').toBeGreaterThan(100);
      for (const t of [...sources, ...uptakes]) expect(t.beyond, `${fields[t.field].name}: terms beyond tolerance`).toBe(0);
    } finally {
      gpu.destroy();
    }
  }, 120_000);
});
