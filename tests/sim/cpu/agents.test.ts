/**
 * Behaviour of the generic agent phases on the CPU backend: chemotaxis, random motility, contact
 * inhibition, death rate, mechanics, secretion units and order-independent fixed-point deposits.
 */
import { describe, expect, it } from 'vitest';
import { depositExchange } from '../../../src/sim/cpu/depositExchange.ts';
import { KernelContext } from '../../../src/sim/cpu/kernelContext.ts';
import { exchangeScales } from '../../../src/sim/fixedPoint.ts';
import { buildPhenotypeTables } from '../../../src/sim/phenotypeTables.ts';
import type { SimState } from '../../../src/sim/state.ts';
import { makeRun, type TestRun } from '../helpers.ts';

function scenario(agents: unknown[], extra: Record<string, unknown> = {}, size = [1000, 400]) {
  return {
    id: 'agents-test',
    title: 'agents test',
    model: 'demo',
    seed: 11,
    domain: { width_um: size[0], height_um: size[1], dx_um: 20, depth_um: 100 },
    time: { days: 0.125, dt_min: 5, output_every_h: 1 },
    regions: {
      defect: { shape: 'rect', min_um: [0, 0], max_um: [size[0], size[1]] },
      strip: { shape: 'rect', min_um: [400, 20], max_um: [580, size[1] - 20] },
      right: { shape: 'rect', min_um: [600, 0], max_um: [size[0], size[1]] },
    },
    initial: { agents, fields: [{ field: 'attractant', region: 'right', value: 1 }] },
    parameters: { 'follower.cycle': 0, 'follower.death': 0, 'attractant.decay': 0, 'follower.uptake.attractant': 0, 'follower.settle_threshold': 100, ...extra },
    arms: { a: {} },
  };
}

function column(s: SimState, run: TestRun, name: string): number[] {
  const off = run.setup.model.compiled.layout.offset[name];
  const out: number[] = [];
  for (let a = 0; a < s.count; a++) out.push(s.f[a * s.stride + off]);
  return out;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function meanDx(extra: Record<string, unknown>): Promise<number> {
  const run = makeRun(scenario([{ type: 'follower', region: 'strip', count: 300 }], extra));
  const x0 = column(run.state, run, 'x');
  await run.backend.advance(24); // 2 h
  const s = await run.backend.readState();
  const x1 = column(s, run, 'x');
  return mean(x1.map((x, i) => x - x0[i]));
}

describe('agent phases', () => {
  it('chemotaxis moves cells up the gradient; without bias they do not drift', async () => {
    const up = await meanDx({});
    const none = await meanDx({ 'follower.chemotaxis.attractant': 0 });
    // 0.5 µm/min for 120 min is 60 µm at most; with bias 0.8 the drift is a large part of it.
    expect(up).toBeGreaterThan(25);
    // Random walk: per-cell s.d. about 20 µm over 2 h, so the mean of 300 has s.d. about 1.2 µm.
    expect(Math.abs(none)).toBeLessThan(6);
  });

  it('a negative bias moves cells down the gradient as strongly as the positive one moves them up', async () => {
    const up = await meanDx({});
    const down = await meanDx({ 'follower.chemotaxis.attractant': -0.8 });
    expect(down).toBeLessThan(-25);
    expect(Math.abs(down + up)).toBeLessThan(6);
  });

  it('contact inhibition stops division in a packed tissue', async () => {
    const births = async (density: number) => {
      const run = makeRun(scenario([{ type: 'follower', region: 'domain', density_per_mm2: density }], { 'follower.cycle': 2, 'follower.contactInhibition': 3, 'follower.chemotaxis.attractant': 0 }));
      const n0 = run.state.count;
      await run.backend.advance(12); // 1 h: half the cells pass the division point when free
      return ((await run.backend.readState()).nextId - n0) / n0;
    };
    const sparse = await births(200);
    const packed = await births(9000);
    expect(sparse).toBeGreaterThan(0.35);
    expect(packed).toBeLessThan(sparse / 3);
  });

  it('the death hazard gives the expected survival', async () => {
    const run = makeRun(scenario([{ type: 'follower', region: 'domain', count: 1000 }], { 'follower.death': 10 }));
    await run.backend.advance(72); // 6 h
    const survival = (await run.backend.readState()).count / 1000;
    const expected = Math.exp(-10 * 0.25);
    // Binomial s.d. sqrt(p(1-p)/n) = 0.0087: allow 4 s.d.
    expect(Math.abs(survival - expected)).toBeLessThan(0.035);
  });

  it('mechanics pushes two overlapping cells apart', async () => {
    const run = makeRun(scenario([{ type: 'follower', region: 'strip', count: 2 }], { 'follower.speed': 0 }));
    const o = run.setup.model.compiled.layout.offset;
    const s = run.state;
    s.f[o.x] = 500;
    s.f[o.y] = 200;
    s.f[s.stride + o.x] = 504;
    s.f[s.stride + o.y] = 200;
    await run.backend.advance(10);
    const after = await run.backend.readState();
    const gap = Math.hypot(after.f[o.x] - after.f[after.stride + o.x], after.f[o.y] - after.f[after.stride + o.y]);
    // Contact distance is 2 x 8 µm; adhesion holds them near it.
    expect(gap).toBeGreaterThan(14);
    expect(gap).toBeLessThan(20);
  });

  it('secretion adds rate x time of substance (amount = concentration x voxel volume)', async () => {
    const run = makeRun(scenario([{ type: 'beacon', region: 'strip', count: 5 }], { 'beacon.speed': 0 }));
    run.state.fields.fill(0);
    const cells = run.setup.grid.cells;
    const f = run.setup.model.compiled.fieldIndex.attractant;
    await run.backend.advance(12);
    const s = await run.backend.readState();
    let total = 0;
    for (let k = 0; k < cells; k++) total += s.fields[f * cells + k];
    const amount = total * run.setup.grid.voxelVolume;
    const expected = 5 * run.setup.values.get('beacon.secretion.attractant')! * 12 * 5;
    expect(Math.abs(amount - expected) / expected).toBeLessThan(1e-4);
  });

  /** One beacon's attractant deposit for one minute with a patch radius and cap set in its tables. */
  function patchDeposit(dx: number, radius: number, cap: number, fill = 0) {
    const run = makeRun(scenario([{ type: 'beacon', region: 'strip', count: 1 }], { 'beacon.speed': 0 }), [`domain.dx_um=${dx}`]);
    const { setup, state } = run;
    const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
    const F = tables.fields;
    const field = setup.model.compiled.fieldIndex.attractant;
    const type = setup.model.compiled.cellTypeIndex.beacon;
    tables.footprint[type * F + field] = radius;
    tables.cap[type * F + field] = cap;
    const scales = exchangeScales(tables);
    const ctx = KernelContext.forRun(setup, tables);
    const cells = setup.grid.cells;
    state.fields.fill(0);
    state.fields.fill(fill, field * cells, (field + 1) * cells);
    const sec = new Int32Array(F * cells);
    ctx.bind(state.f, state.u, state.fields, 1, 0);
    depositExchange(ctx, state.count, scales, sec, new Int32Array(F * cells));
    const mine = sec.subarray(field * cells, (field + 1) * cells);
    const quanta = tables.secretion[type * F + field] * scales.secretionScale[field];
    return { total: mine.reduce((a, b) => a + b, 0), voxels: mine.filter((v) => v > 0).length, quanta, area: mine.filter((v) => v > 0).length * dx * dx };
  }

  it('a secretion footprint shares the amount over a patch of the same physical size at any grid spacing', () => {
    const point = patchDeposit(20, 0, 0);
    expect(point.voxels).toBe(1);
    for (const dx of [20, 10, 5]) {
      const patch = patchDeposit(dx, 30, 0);
      expect(Math.abs(patch.total - patch.quanta) / patch.quanta).toBeLessThan(1e-3); // amount kept
      expect(patch.area / (Math.PI * 30 * 30)).toBeGreaterThan(0.6);
      expect(patch.area / (Math.PI * 30 * 30)).toBeLessThan(1.4);
    }
    const fine = patchDeposit(5, 30, 0).area;
    expect(Math.abs(patchDeposit(10, 30, 0).area - fine) / fine).toBeLessThan(0.15);
  });

  it('a cap scales each voxel share by the room left and stops a full voxel filling', () => {
    const empty = patchDeposit(10, 30, 2);
    const half = patchDeposit(10, 30, 2, 1);
    const full = patchDeposit(10, 30, 2, 2);
    expect(Math.abs(half.total - empty.total / 2) / empty.total).toBeLessThan(1e-3);
    expect(full.total).toBe(0);
  });

  it('fixed-point deposits do not depend on agent order', () => {
    const run = makeRun(scenario([{ type: 'follower', region: 'domain', count: 400 }, { type: 'beacon', region: 'domain', count: 100 }]));
    const { setup, state } = run;
    const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
    const scales = exchangeScales(tables);
    const ctx = KernelContext.forRun(setup, tables);
    const words = setup.model.compiled.spec.fields.length * setup.grid.cells;
    const deposit = (s: SimState) => {
      const sec = new Int32Array(words);
      const clr = new Int32Array(words);
      ctx.bind(s.f, s.u, s.fields, 1, 0);
      depositExchange(ctx, s.count, scales, sec, clr);
      return [sec, clr];
    };
    const forward = deposit(state);
    // Reverse the agent order.
    const reversed = new Uint32Array(state.u.length);
    for (let a = 0; a < state.count; a++) reversed.set(state.u.subarray(a * state.stride, (a + 1) * state.stride), (state.count - 1 - a) * state.stride);
    const backward = deposit({ ...state, u: reversed, f: new Float32Array(reversed.buffer) });
    expect(backward[0]).toEqual(forward[0]);
    expect(backward[1]).toEqual(forward[1]);
    expect(forward[0].some((v) => v > 0)).toBe(true);
  });
});
