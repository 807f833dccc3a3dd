/**
 * The bone model on the CPU backend: a tiny fracture gap (tests/fixtures/bone-small-gap.json, 1.5 days at
 * 40 µm) runs, stays finite and in bounds, shows the inflammatory sequence and MSC arrival, and a zero dose
 * equals no treatment exactly. Also: the engine takes a type change made by the update rule (an msc that
 * becomes a chondrocyte deposits as a chondrocyte in the same step); osteoblasts arrive with new vessels.
 */
import { describe, expect, it } from 'vitest';
import { CELL_EVENTS, type SimState } from '../../src/sim/state.ts';
import { runArm } from '../../src/sim/runArm.ts';
import { loadScenario, makeRun, stateBytes } from '../sim/helpers.ts';

const FIXTURE = 'tests/fixtures/bone-small-gap.json';

async function finish(arm: string, doc: unknown = loadScenario(FIXTURE)) {
  const run = makeRun(doc, [], arm);
  const final = await runArm(run.setup, run.backend, run.table);
  return { run, final };
}

/** Index of the (first) largest value. */
const argmax = (xs: readonly number[]) => xs.reduce((best, x, k) => (x > xs[best] ? k : best), 0);

function typeCounts(s: SimState, names: readonly string[], stride: number, typeOffset: number): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  for (let a = 0; a < s.count; a++) out[names[s.u[a * stride + typeOffset]]]++;
  return out;
}

describe('bone model: smoke run of a small fracture gap (CPU)', () => {
  it('stays finite, keeps the matrix fractions within 1, and shows neutrophils, then macrophages, and MSCs arriving', async () => {
    const { run, final } = await finish('untreated');
    const compiled = run.setup.model.compiled;
    expect(final.fields.every(Number.isFinite)).toBe(true);
    for (let a = 0; a < final.count; a++) {
      for (const v of compiled.layout.variables) if (v.kind === 'f32') expect(Number.isFinite(final.f[a * final.stride + compiled.layout.offset[v.name]]), v.name).toBe(true);
    }
    const cells = run.setup.grid.cells;
    const F = compiled.fieldIndex;
    let fullest = 0;
    for (let k = 0; k < cells; k++) {
      const sum = final.fields[F.cartilage * cells + k] + final.fields[F.woven_bone * cells + k] + final.fields[F.lamellar_bone * cells + k] + final.fields[F.fibrous * cells + k];
      fullest = Math.max(fullest, sum);
    }
    expect(fullest).toBeGreaterThan(0.99); // the cortex
    expect(fullest).toBeLessThanOrEqual(1 + 1e-6);

    const col = (name: string) => run.table.column(name);
    const neutrophils = col('neutrophil_count');
    const macrophages = col('macrophage_count');
    expect(Math.max(...neutrophils)).toBeGreaterThan(10);
    expect(Math.max(...macrophages)).toBeGreaterThan(10);
    expect(argmax(neutrophils)).toBeLessThan(argmax(macrophages));
    expect(macrophages[0]).toBe(0);
    const T = compiled.cellTypeIndex;
    const types = compiled.spec.cellTypes.length;
    expect(final.events[CELL_EVENTS.indexOf('recruits') * types + T.msc]).toBeGreaterThan(0);
    expect(col('msc_count')[0]).toBe(0);
    expect(col('msc_count').at(-1)).toBeGreaterThan(5);
    // progenitors in the avascular gap take the chondrocyte fate and start a soft callus
    expect(col('chondrocyte_count').at(-1)).toBeGreaterThan(0); // a few: commitment waits for BMP-2 (Smad1/Runx2)
    expect(col('cartilage_fraction_gap').at(-1)).toBeGreaterThan(0);
  });

  it('a zero dose equals no treatment exactly; a dose changes the run', async () => {
    const untreated = await finish('untreated');
    const sham = await finish('sham');
    expect(sham.run.table.toData()).toEqual(untreated.run.table.toData());
    expect(stateBytes(sham.final)).toEqual(stateBytes(untreated.final));
    const treated = await finish('treated');
    expect(stateBytes(treated.final).agents).not.toEqual(stateBytes(untreated.final).agents);
    expect(Math.max(...treated.run.table.column('bmp2_mean'))).toBeGreaterThan(Math.max(...untreated.run.table.column('bmp2_mean')));
  });

  it('the engine takes a type change made by the update rule: an msc that becomes a chondrocyte lays cartilage in the same step', async () => {
    const doc = loadScenario(FIXTURE) as { regions: Record<string, unknown>; initial: { agents: unknown[]; fields: unknown[] }; parameters?: Record<string, number> };
    doc.regions.centre = { shape: 'rect', min_um: [500, 700], max_um: [700, 900] };
    doc.initial.agents = [{ type: 'msc', region: 'centre', count: 20 }];
    doc.regions.around = { shape: 'rect', min_um: [400, 600], max_um: [800, 1000] };
    doc.initial.fields.push({ field: 'chemoattractant', region: 'around', value: 1 });
    // Unloaded (strain 0), the avascular, hypoxic gap gives the chondrocyte fate, made certain within one step
    // (the injury signal activates the progenitors fully; the fate does not wait for Smad1/Runx2 and no
    // progenitor drifts to the fibroblast fate).
    doc.parameters = { 'mechanics.load': 0, 'msc.differentiation': 100, 'msc.chondro_factor': 100, 'msc.recruitment.rate': 0, 'msc.activation_half': 1e-6, 'msc.chondro_bmp_floor': 1, 'msc.fibrous_drift': 0 };
    const run = makeRun(doc, [], 'untreated');
    const compiled = run.setup.model.compiled;
    const o = compiled.layout.offset;
    const names = compiled.spec.cellTypes.map((c) => c.name);
    const before = typeCounts(await run.backend.readState(), names, compiled.layout.stride, o.cellType);
    expect([before.msc, before.chondrocyte]).toEqual([20, 0]);
    await run.backend.advance(1);
    const s = await run.backend.readState();
    const after = typeCounts(s, names, compiled.layout.stride, o.cellType);
    expect([after.msc, after.chondrocyte]).toEqual([0, 20]);
    // Each new chondrocyte has laid cartilage under it in this first step (depositExchange reads the new type).
    const { cartilage } = compiled.fieldIndex;
    const { grid } = run.setup;
    for (let a = 0; a < s.count; a++) {
      const b = a * s.stride;
      if (s.u[b + o.cellType] !== compiled.cellTypeIndex.chondrocyte) continue;
      expect(s.u[b + o.cellState]).toBe(compiled.stateIndex.chondrocyte.proliferative);
      const voxel = Math.floor(s.f[b + o.y] / grid.dx) * grid.nx + Math.floor(s.f[b + o.x] / grid.dx);
      expect(s.fields[cartilage * grid.cells + voxel]).toBeGreaterThan(0);
    }
    const T = compiled.cellTypeIndex;
    const types = names.length;
    expect(s.events[CELL_EVENTS.indexOf('deaths') * types + T.msc] + s.events[CELL_EVENTS.indexOf('departures') * types + T.msc]).toBe(0);
  });

  it('osteoprogenitors arrive with new vessels: osteoblasts are recruited where vessel is immature, called by VEGF (anti-VEGF lowers the call)', async () => {
    const doc = loadScenario(FIXTURE) as { regions: Record<string, unknown>; initial: { fields: unknown[] }; arms: Record<string, unknown> };
    doc.regions.sprouts = { shape: 'rect', min_um: [300, 700], max_um: [900, 900] };
    doc.initial.fields.push({ field: 'vessel', region: 'sprouts', value: 0.1 }, { field: 'immature_vessel', region: 'sprouts', value: 0.1 }, { field: 'vegf', region: 'defect', value: 2 });
    doc.arms.anti_vegf = { description: 'anti-VEGF only', inhibitors: ['anti_vegf'] };
    const recruited = async (arm: string, rate = 2000) => {
      // a rate 20 times the model's, so that a 0.012 mm² patch of new vessel recruits about twenty in 1.5 days (18; 5 under anti-VEGF)
      const { run, final } = await finish(arm, { ...doc, parameters: { 'osteoblast.recruitment.rate': rate } });
      const compiled = run.setup.model.compiled;
      return final.events[CELL_EVENTS.indexOf('recruits') * compiled.spec.cellTypes.length + compiled.cellTypeIndex.osteoblast];
    };
    const untreated = await recruited('untreated');
    expect(untreated).toBeGreaterThan(10);
    expect(await recruited('untreated', 0)).toBe(0);
    expect(await recruited('anti_vegf')).toBeLessThan(untreated * 0.8);
  });
});
