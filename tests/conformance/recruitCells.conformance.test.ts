/**
 * RecruitCellsPhase (GPU: recruitment, then the end of the step) against recruitCells + the end of
 * CpuBackend.stepOnce (CPU) from the same state of the treated skin wound: with the model's rates, with a
 * neutrophil rate raised so that some voxels recruit two cells, and with a capacity that refuses some
 * recruits; and the bone model's two macrophage routes (inflammation from venules as M1, RANKL from the
 * callus's vessels as M2), the RANKL route raised to fill every vessel voxel that has RANKL, so that both
 * routes recruit the same type in the same step and must draw apart; and the bone osteoblast's route from new
 * (immature) vessel, every vessel made new and the rate raised so that over a hundred arrive in one step. Counts, ids, types, states, events, blocked births, step and peak must be bit-exact; x and y
 * within POSITION_ULPS units in the last place ((column + u)·dx in f32 instead of float64). Measured on
 * Dawn/SwiftShader: 0 word mismatches, positions within 1 ulp (35 recruits at the model rates; 62008 at the
 * raised rate, 31004 of them refused at capacity; 158 osteoblasts by the route from new vessel).
 */
import { describe, expect, it } from 'vitest';
import { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { recruitCells } from '../../src/sim/cpu/recruitCells.ts';
import { RecruitCellsPhase } from '../../src/sim/gpu/recruitCellsPhase.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { recruitersOf } from '../../src/sim/recruiters.ts';
import { allocateState, cloneState, CELL_EVENTS, type SimState } from '../../src/sim/state.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import type { TestRun } from '../sim/helpers.ts';
import { boneRunAfter } from './boneFixture.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';
import { compareStates } from './stateComparison.ts';

/** Largest difference of a position word, in units in the last place of f32. */
const POSITION_ULPS = 2;

/** Neutrophil recruitment at 1e7 cells/mm² vessel/day, saturated by any signal: about 1.1 expected per signalling voxel. */
const HIGH_RATE = ['parameters.neutrophil.recruitment.rate=1e7', 'parameters.neutrophil.recruitment.halfSaturation=1e-6'];

/** Both backends' states after recruitment and the end of the step from the run's state. */
async function recruitOnBoth(device: GPUDevice, run: TestRun): Promise<{ cpu: SimState; gpu: SimState }> {
  const { setup, state } = run;
  const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
  const cpu = cloneState(state);
  const ctx = KernelContext.forRun(setup, tables);
  ctx.bind(cpu.f, cpu.u, cpu.fields, setup.rngSeed, cpu.step);
  recruitCells(ctx, cpu, recruitersOf(setup, tables.types));
  cpu.step++;
  cpu.peakCount = Math.max(cpu.peakCount, cpu.count);

  const gpu = await gpuRunOf(device, run);
  try {
    const phase = await RecruitCellsPhase.create(gpu);
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

/** Recruits of this step per type name (CPU). */
function recruitsByType(run: TestRun, after: SimState): Record<string, number> {
  const types = run.setup.model.compiled.spec.cellTypes;
  const k = CELL_EVENTS.indexOf('recruits');
  const out: Record<string, number> = {};
  types.forEach((t, i) => {
    const n = after.events[k * types.length + i] - run.state.events[k * types.length + i];
    if (n > 0) out[t.name] = n;
  });
  return out;
}

describe('recruitCells (GPU)', () => {
  it('recruits as the CPU does at the model rates, then ends the step', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(6);
    const { cpu, gpu } = await recruitOnBoth(device, run);
    const recruits = recruitsByType(run, cpu);
    expect(cpu.count, `recruits ${JSON.stringify(recruits)}`).toBeGreaterThan(run.state.count);
    const report = compareStates(run.setup.model.compiled.layout, cpu, gpu);
    console.log(`recruitment: ${JSON.stringify(recruits)}; ${report.summary}`);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 60_000);

  it('places several recruits of one voxel, and refuses those beyond the capacity', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const roomy = await skinRunAfter(1, HIGH_RATE);
    const open = await recruitOnBoth(device, roomy);
    const recruited = open.cpu.count - roomy.state.count;
    let report = compareStates(roomy.setup.model.compiled.layout, open.cpu, open.gpu);
    console.log(`high rate: ${recruited} recruits; ${report.summary}`);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
    // some voxel recruited more than one cell: two recruits of the same type share a voxel
    const o = roomy.setup.model.compiled.layout.offset;
    const dx = roomy.setup.grid.dx;
    const voxels = new Set<string>();
    let shared = 0;
    for (let a = roomy.state.count; a < open.cpu.count; a++) {
      const b = a * open.cpu.stride;
      const key = `${open.cpu.u[b + o.cellType]} ${Math.floor(open.cpu.f[b + o.x] / dx)} ${Math.floor(open.cpu.f[b + o.y] / dx)}`;
      if (voxels.has(key)) shared++;
      voxels.add(key);
    }
    expect(shared).toBeGreaterThan(0);

    const full = await skinRunAfter(1, [...HIGH_RATE, `max_agents=${roomy.state.count + Math.floor(recruited / 2)}`]);
    expect(full.state.count).toBe(roomy.state.count);
    const capped = await recruitOnBoth(device, full);
    expect(capped.cpu.count).toBe(capped.cpu.capacity);
    expect(capped.cpu.blockedBirths - full.state.blockedBirths).toBe(recruited - Math.floor(recruited / 2));
    report = compareStates(full.setup.model.compiled.layout, capped.cpu, capped.gpu);
    console.log(`at capacity: ${capped.cpu.blockedBirths - full.state.blockedBirths} recruits refused; ${report.summary}`);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 60_000);

  it('recruits one type by two routes (the bone macrophage: M1 by inflammation, M2 by RANKL), each drawing its own numbers', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await boneRunAfter(4, ['parameters.macrophage.recruitment.rankl.rate=2e5', 'parameters.macrophage.recruitment.rankl.halfSaturation=1e-6', 'parameters.macrophage.recruitment.rate=2e5', 'parameters.macrophage.recruitment.halfSaturation=1e-6']);
    const { cpu, gpu } = await recruitOnBoth(device, run);
    const compiled = run.setup.model.compiled;
    const o = compiled.layout.offset;
    const MAC = compiled.cellTypeIndex.macrophage;
    const byState = [0, 0];
    const voxels: Set<string>[] = [new Set(), new Set()];
    const places: Set<string>[] = [new Set(), new Set()];
    for (let a = run.state.count; a < cpu.count; a++) {
      const b = a * cpu.stride;
      if (cpu.u[b + o.cellType] !== MAC) continue;
      const st = cpu.u[b + o.cellState];
      byState[st]++;
      voxels[st].add(`${Math.floor(cpu.f[b + o.x] / run.setup.grid.dx)} ${Math.floor(cpu.f[b + o.y] / run.setup.grid.dx)}`);
      places[st].add(`${cpu.f[b + o.x]} ${cpu.f[b + o.y]}`);
    }
    const report = compareStates(compiled.layout, cpu, gpu);
    console.log(`two routes: ${byState[0]} M1 and ${byState[1]} M2 recruits; ${report.summary}`);
    expect(byState[0]).toBeGreaterThan(100);
    expect(byState[1]).toBeGreaterThan(100);
    // Both routes recruit in some voxels, and there their recruits sit at different places: each route draws its own numbers.
    expect([...voxels[1]].filter((k) => voxels[0].has(k)).length).toBeGreaterThan(10);
    expect([...places[1]].filter((k) => places[0].has(k))).toEqual([]);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 120_000);

  it('recruits osteoblasts from new vessel (the bone model\'s perivascular osteoprogenitors, called by VEGF)', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await boneRunAfter(4, ['parameters.osteoblast.recruitment.rate=1e4', 'parameters.osteoblast.recruitment.halfSaturation=1e-6']);
    // every vessel counts as new (day 4 holds little new vessel yet)
    const { cells } = run.setup.grid;
    const F = run.setup.model.compiled.fieldIndex;
    run.state.fields.copyWithin(F.immature_vessel * cells, F.vessel * cells, (F.vessel + 1) * cells);
    const { cpu, gpu } = await recruitOnBoth(device, run);
    const recruits = recruitsByType(run, cpu);
    const report = compareStates(run.setup.model.compiled.layout, cpu, gpu);
    console.log(`perivascular route: ${JSON.stringify(recruits)}; ${report.summary}`);
    expect(recruits.osteoblast ?? 0).toBeGreaterThan(50);
    expect(report.wordMismatches).toBe(0);
    expect(report.worstPositionUlps).toBeLessThanOrEqual(POSITION_ULPS);
  }, 120_000);
});
