/**
 * The neighbour search of the pair forces (pairSearch.ts) against a brute-force reference over all pairs:
 * bone-model cells of three radii (neutrophils and endothelial cells 6 µm, tissue cells 8 µm, osteoclasts
 * 20 µm), packed so that every kind of pair is in reach, some on the domain's edges. The fixed-point force
 * sums and touching counts must be exactly those of visiting every pair once.
 */
import { describe, expect, it } from 'vitest';
import { KernelContext } from '../../../src/sim/cpu/kernelContext.ts';
import { NeighbourBins } from '../../../src/sim/cpu/neighbourBins.ts';
import { MECHANICS_FIXED_POINT, PairForces } from '../../../src/sim/cpu/pairForces.ts';
import { searchClasses } from '../../../src/sim/cpu/pairSearch.ts';
import { ADHESION_REACH, buildPhenotypeTables } from '../../../src/sim/phenotypeTables.ts';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { resolveRun } from '../../../src/sim/runSetup.ts';
import { loadScenario } from '../helpers.ts';

const parsed = validateScenario(loadScenario('scenarios/fracture-gap.json'), 'test');
const setup = resolveRun(parsed, 'untreated');
const compiled = setup.model.compiled;
const tables = buildPhenotypeTables(compiled, setup.values);
const ctx = KernelContext.forRun(setup, tables);
const o = compiled.layout.offset;
const T = compiled.cellTypeIndex;

/** A state holding `n` agents drawn from `types` (type index, share) in a 300 x 300 µm corner patch and on the domain's edges. */
function packed(n: number, types: [number, number][], seed: number) {
  const state = createInitialState(setup);
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const { width, height } = setup.grid;
  for (let a = 0; a < n; a++) {
    const base = a * state.stride;
    let pick = next();
    let type = types[types.length - 1][0];
    for (const [t, share] of types) {
      if (pick < share) {
        type = t;
        break;
      }
      pick -= share;
    }
    state.u[base + o.id] = a * 7 + 3;
    state.u[base + o.cellType] = type;
    // Most in the corner patch; every tenth on an edge (x = 0 or width, y = 0 or height).
    const edge = a % 10 === 0;
    state.f[base + o.x] = edge && a % 20 === 0 ? (a % 40 === 0 ? 0 : width) : next() * 300;
    state.f[base + o.y] = edge && a % 20 !== 0 ? (a % 30 === 0 ? 0 : height) : next() * 300;
  }
  state.count = n;
  return state;
}

/** fx, fy and touching by visiting every pair of slots once (the formula of pairForces.ts). */
function bruteForce(bins: NeighbourBins, n: number) {
  const types = tables.types;
  const fx = new Float64Array(n);
  const fy = new Float64Array(n);
  const touching = new Uint16Array(n);
  for (let k = 0; k < n; k++) {
    for (let q = k + 1; q < n; q++) {
      const tk = bins.type[k];
      const tq = bins.type[q];
      const pair = tk * types + tq;
      const contact = tables.radius[tk] + tables.radius[tq];
      const reach = contact * ADHESION_REACH;
      const reach2 = tables.sameLayer[pair] ? reach * reach : 0;
      const ddx = bins.x[k] - bins.x[q];
      const ddy = bins.y[k] - bins.y[q];
      const d2 = ddx * ddx + ddy * ddy;
      if (d2 >= reach2 || d2 < 1e-12) continue;
      const d = Math.sqrt(d2);
      let v = 0;
      const s = 1 - d * (1 / contact);
      if (s > 0) {
        v = ctx.repulsionPair[pair] * s * s;
        touching[k]++;
        touching[q]++;
      }
      const a = 1 - d * (1 / reach);
      v -= ctx.adhesionPair[pair] * a * a;
      const scale = (v / d) * MECHANICS_FIXED_POINT;
      fx[k] += Math.floor(ddx * scale + 0.5);
      fy[k] += Math.floor(ddy * scale + 0.5);
      fx[q] += Math.floor(-ddx * scale + 0.5);
      fy[q] += Math.floor(-ddy * scale + 0.5);
    }
  }
  return { fx, fy, touching };
}

function compare(n: number, types: [number, number][], seed: number): number {
  const state = packed(n, types, seed);
  const bins = new NeighbourBins(setup.grid.width, setup.grid.height, tables.interactionRange, state.capacity);
  bins.build(state.f, state.u, n, state.stride, o.x, o.y, o.cellType, o.id);
  ctx.bind(state.f, state.u, state.fields, setup.rngSeed, 0);
  const forces = new PairForces(state.capacity);
  forces.compute(ctx, bins, n);
  const ref = bruteForce(bins, n);
  expect(Array.from(forces.fx.subarray(0, n))).toEqual(Array.from(ref.fx));
  expect(Array.from(forces.fy.subarray(0, n))).toEqual(Array.from(ref.fy));
  expect(Array.from(forces.touching.subarray(0, n))).toEqual(Array.from(ref.touching));
  return ref.touching.reduce((sum, t) => sum + t, 0);
}

describe('pair search', () => {
  it('groups the bone cell types into three size classes with the largest reach between them', () => {
    const types = tables.types;
    const reach2 = new Float64Array(types * types);
    for (let a = 0; a < types; a++) for (let b = 0; b < types; b++) reach2[a * types + b] = ((tables.radius[a] + tables.radius[b]) * ADHESION_REACH) ** 2;
    const c = searchClasses(tables.radius, reach2);
    expect(c.classes).toBe(3);
    expect(c.classOf[T.neutrophil]).toBe(0);
    expect(c.classOf[T.chondrocyte]).toBe(1);
    expect(c.classOf[T.osteoclast]).toBe(2);
    expect(Array.from(c.reach)).toEqual([15, 17.5, 32.5, 17.5, 20, 35, 32.5, 35, 50]);
  });

  it('finds every pair once when tissue cells outnumber the small and the large ones', () => {
    const touching = compare(3000, [[T.chondrocyte, 0.5], [T.osteoblast, 0.3], [T.neutrophil, 0.1], [T.endothelial, 0.05], [T.osteoclast, 0.05]], 17);
    expect(touching).toBeGreaterThan(3000); // packed: the case exercises many contacts
  });

  it('finds every pair once when the large cells outnumber the others', () => {
    compare(1500, [[T.osteoclast, 0.7], [T.macrophage, 0.2], [T.neutrophil, 0.1]], 5);
  });

  it('finds every pair once with a single size class', () => {
    compare(2000, [[T.osteoblast, 1]], 9);
  });
});
