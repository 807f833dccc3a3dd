/**
 * The bridged read-out on the GPU (bridgePhase.ts, find_bridges.wgsl) against the CPU's flood fill
 * (bridging.ts), exactly, on drawn and random fields of the demo model: random voxels near the threshold
 * (with sums that only f32 rounding lifts to it), long serpentines one voxel wide (every voxel of the grid's
 * gap on the path, both orientations, whole and cut), diagonal staircases, and bone outside the gap.
 * Two bridged read-outs sit among other read-outs in one ReadoutPhase, so the order and the read-back are
 * checked too. Grid: the proximal fragment is the top 3 rows, the distal one the bottom 3, the gap (defect)
 * the rows between minus 2 columns on each side.
 */
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import type { ReadoutSpec } from '../../src/model/types.ts';
import { ReadoutReducer } from '../../src/sim/cpu/reduceReadouts.ts';
import { f32Above } from '../../src/sim/gpu/f32Bounds.ts';
import { ReadoutPhase } from '../../src/sim/gpu/readoutPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { makeRun, type TestRun } from '../sim/helpers.ts';
import { gpuRunOf } from './gpuFixture.ts';

const DX = 10;
const FRAGMENT_ROWS = 3;
const SIDE_COLUMNS = 2;

const READOUTS: ReadoutSpec[] = [
  { name: 'attractant_mean', unit: 'a.u.', definition: 'test', reduction: { kind: 'fieldMean', field: 'attractant' } },
  {
    name: 'bridged_gap',
    unit: '1',
    definition: 'attractant + trail >= 0.5 joining the fragments through the gap',
    reduction: { kind: 'bridged', field: ['attractant', 'trail'], atLeast: 0.5, from: { region: 'proximal' }, to: { region: 'distal' } },
  },
  { name: 'trail_sum', unit: 'a.u. µm³', definition: 'test', reduction: { kind: 'fieldSum', field: 'trail', region: 'domain' } },
  {
    name: 'bridged_anywhere',
    unit: '1',
    definition: 'attractant >= 0.7 joining the fragments anywhere in the domain',
    reduction: { kind: 'bridged', field: 'attractant', atLeast: 0.7, from: { region: 'proximal' }, to: { region: 'distal' }, region: 'domain' },
  },
];
const GAP = 1;
const ANYWHERE = 3;

/** A demo run without agents on an nx × ny grid with the fragments and the gap as regions. */
function bridgeRun(nx: number, ny: number): TestRun {
  const w = nx * DX;
  const h = ny * DX;
  const rows = FRAGMENT_ROWS * DX;
  const doc = {
    id: 'bridge-grid',
    title: 'fragments and a gap',
    model: 'demo',
    seed: 1,
    domain: { width_um: w, height_um: h, dx_um: DX, depth_um: DX },
    time: { days: 1, dt_min: 5, output_every_h: 6 },
    regions: {
      proximal: { shape: 'rect', min_um: [0, 0], max_um: [w, rows] },
      distal: { shape: 'rect', min_um: [0, h - rows], max_um: [w, h] },
      defect: { shape: 'rect', min_um: [SIDE_COLUMNS * DX, rows], max_um: [w - SIDE_COLUMNS * DX, h - rows] },
    },
    defect_region: 'defect',
    host: 'normal',
    initial: { agents: [] },
    arms: { only: {} },
    max_agents: 64,
  };
  return makeRun(doc);
}

/**
 * Values of (attractant, trail): OPEN for both read-outs (attractant + trail >= 0.5 in f32, attractant >=
 * 0.7), GAP_ONLY open for bridged_gap only, CLOSED for neither. Some are decided by f32 rounding: 0.5 − 2⁻²⁵
 * + 2⁻²⁶ rounds to 0.5 (with 2⁻²⁷ it does not), 0.7 stored in f32 lies below 0.7, the next f32 above it not.
 */
const OPEN: [number, number][] = [
  [1, 0],
  [f32Above(0.7), 0],
  [0.8, 0.1],
];
const GAP_ONLY: [number, number][] = [
  [0.25, 0.25],
  [0.3, 0.3],
  [0.5 - 2 ** -25, 2 ** -26],
  [0.7, 0],
];
const CLOSED: [number, number][] = [
  [0, 0],
  [0.2, 0.2],
  [2 ** -27, 0.5 - 2 ** -25],
  [0.2499, 0.25],
];

interface Pattern {
  name: string;
  /** Open voxel? (fragments are open unless the pattern says otherwise) */
  open(i: number, j: number): boolean;
  /** Expected [bridged_gap, bridged_anywhere], when known by construction. */
  expected?: [number, number];
  /** A quarter of the open voxels take GAP_ONLY values (bridged_anywhere sees them closed). */
  mixed?: boolean;
}

/** Writes a pattern into the run's fields; the choice among the open or closed values is random. */
function paint(run: TestRun, p: Pattern, rng: () => number): void {
  const { nx, ny, cells } = run.setup.grid;
  const fi = run.setup.model.compiled.fieldIndex;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const choices = !p.open(i, j) ? CLOSED : p.mixed && rng() < 0.25 ? GAP_ONLY : OPEN;
      const [a, t] = choices[Math.floor(rng() * choices.length)];
      run.state.fields[fi.attractant * cells + j * nx + i] = a;
      run.state.fields[fi.trail * cells + j * nx + i] = t;
    }
  }
}

const inFragment = (ny: number, j: number) => j < FRAGMENT_ROWS || j >= ny - FRAGMENT_ROWS;

/**
 * A serpentine one voxel wide through the gap: runs along rows (or columns, `vertical`) two apart, joined at
 * alternate ends, entered from the proximal fragment at its start and left to the distal one at its end, so
 * a bridge runs along all of it. `cut`: voxels (i, j) of the path closed.
 */
function serpentine(nx: number, ny: number, vertical: boolean, cut: [number, number][] = []): Pattern {
  // the runs fill [x0, x1] × [y0, y1]; the gap's first row (entry) and last row (exit) stay closed but for one voxel each
  const x0 = SIDE_COLUMNS;
  const x1 = nx - SIDE_COLUMNS - 1;
  const y0 = FRAGMENT_ROWS + 1;
  const y1 = ny - FRAGMENT_ROWS - 2;
  // in the serpentine's own frame: u along the runs on [u0, u1], v across them from v0 to the last run
  const [u0, u1, v0, v1] = vertical ? [y0, y1, x0, x1] : [x0, x1, y0, y1];
  const last = v1 - ((v1 - v0) % 2);
  const onPath = (u: number, v: number) => {
    if (v < v0 || v > last || u < u0 || u > u1) return false;
    if ((v - v0) % 2 === 0) return true;
    // the connector after run r sits at the end of run r: u1 after even runs, u0 after odd ones
    return u === (((v - v0 - 1) / 2) % 2 === 0 ? u1 : u0);
  };
  const end = ((last - v0) / 2) % 2 === 0 ? u1 : u0;
  // entry: the voxel above the start of the first run; exit: from the end of the last run down to the gap's last row
  const entry = (i: number, j: number) => i === x0 && j === y0 - 1;
  const exit = (i: number, j: number) => (vertical ? i === last && j === y1 + 1 : i === end && j > last && j <= y1 + 1);
  const open = (i: number, j: number) => {
    if (cut.some(([ci, cj]) => ci === i && cj === j)) return false;
    if (inFragment(ny, j) || entry(i, j) || exit(i, j)) return true;
    return vertical ? onPath(j, i) : onPath(i, j);
  };
  return { name: `${vertical ? 'vertical' : 'horizontal'} serpentine${cut.length ? ' cut' : ''}`, open };
}

/** Random voxels of the gap open with probability p; fragments open; outside columns closed. */
function random(ny: number, p: number, seed: number): Pattern {
  const rng = seedrandom(`bridge ${seed}`);
  const cache = new Map<string, boolean>();
  return {
    name: `random p=${p} seed ${seed}`,
    mixed: true,
    open: (i, j) => {
      const key = `${i} ${j}`;
      if (!cache.has(key)) cache.set(key, inFragment(ny, j) || rng() < p);
      return cache.get(key)!;
    },
  };
}

/** Compares the GPU's and the CPU's read-outs on each pattern; returns the bridged values seen. */
async function compare(ctx: Parameters<typeof gpuForTests>[0], run: TestRun, patterns: Pattern[]): Promise<{ values: number[][]; gpuMs: number; cpuMs: number }> {
  const { device } = await gpuForTests(ctx);
  const cpu = new ReadoutReducer(run.setup.model.compiled, run.setup.grid, run.setup.regions, run.setup.defectMask, READOUTS);
  const gpu = await gpuRunOf(device, run);
  const values: number[][] = [];
  let gpuMs = 0;
  let cpuMs = 0;
  try {
    const phase = await ReadoutPhase.create(gpu, READOUTS);
    for (const [n, p] of patterns.entries()) {
      paint(run, p, seedrandom(`values ${n}`));
      gpu.upload(run.state);
      const before = gpu.bytesRead;
      let t = performance.now();
      const got = await phase.evaluate();
      gpuMs += performance.now() - t;
      expect(gpu.bytesRead - before, 'bytes read back').toBeLessThan(1024);
      t = performance.now();
      const want = cpu.evaluate(run.state);
      cpuMs += performance.now() - t;
      expect(got[GAP], `${p.name}: bridged_gap`).toBe(want[GAP]);
      expect(got[ANYWHERE], `${p.name}: bridged_anywhere`).toBe(want[ANYWHERE]);
      // the read-outs around them keep their places
      expect(got[0], `${p.name}: attractant_mean`).toBeCloseTo(want[0], 5);
      expect(got[2] / want[2], `${p.name}: trail_sum`).toBeCloseTo(1, 5);
      if (p.expected) expect([want[GAP], want[ANYWHERE]], `${p.name}: expected`).toEqual(p.expected);
      values.push([want[GAP], want[ANYWHERE]]);
    }
  } finally {
    gpu.destroy();
  }
  return { values, gpuMs, cpuMs };
}

/** The designed patterns on an nx × ny grid, with their known answers. */
function designed(nx: number, ny: number): Pattern[] {
  const mid = Math.floor(ny / 2);
  const h = serpentine(nx, ny, false);
  const v = serpentine(nx, ny, true);
  return [
    { ...h, expected: [1, 1] },
    { ...serpentine(nx, ny, false, [[Math.floor(nx / 2), mid % 2 === (FRAGMENT_ROWS + 1) % 2 ? mid : mid + 1]]), expected: [0, 0] },
    { ...serpentine(nx, ny, false, [[SIDE_COLUMNS, FRAGMENT_ROWS]]), expected: [0, 0] },
    { ...v, expected: [1, 1] },
    { ...serpentine(nx, ny, true, [[SIDE_COLUMNS, Math.floor(ny / 2)]]), expected: [0, 0] },
    {
      name: 'diagonal staircase',
      open: (i, j) => inFragment(ny, j) || i === SIDE_COLUMNS + ((j - FRAGMENT_ROWS) % (nx - 2 * SIDE_COLUMNS)),
      expected: [0, 0],
    },
    {
      name: 'staircase with its corners',
      open: (i, j) => inFragment(ny, j) || [0, 1].some((d) => i === SIDE_COLUMNS + ((j - FRAGMENT_ROWS + d) % (nx - 2 * SIDE_COLUMNS))),
    },
    { name: 'bone beside the gap only', open: (i, j) => inFragment(ny, j) || i === 0, expected: [0, 1] },
    { name: 'closed fragments', open: (i, j) => !inFragment(ny, j), expected: [0, 0] },
  ];
}

describe('bridged read-out (GPU)', () => {
  it('answers as the CPU on drawn and random grids of odd size', async (ctx) => {
    const nx = 37;
    const ny = 29;
    const run = bridgeRun(nx, ny);
    const patterns = [...designed(nx, ny)];
    for (let seed = 0; seed < 30; seed++) patterns.push(random(ny, [0.55, 0.65, 0.75, 0.85, 0.95][seed % 5], seed));
    const { values } = await compare(ctx, run, patterns);
    // the random grids give both answers (the comparison is not of constants)
    for (const k of [0, 1]) {
      const answers = values.slice(-30).map((v) => v[k]);
      expect(answers, `read-out ${k} on the random grids`).toContain(0);
      expect(answers, `read-out ${k} on the random grids`).toContain(1);
    }
  }, 120_000);

  it('follows a serpentine through every voxel of a skin-size gap (360 × 360)', async (ctx) => {
    const run = bridgeRun(360, 360);
    const [horizontal, horizontalCut, , vertical] = designed(360, 360);
    const patterns = [horizontal, horizontalCut, vertical, random(360, 0.6, 1)];
    const { gpuMs, cpuMs } = await compare(ctx, run, patterns);
    const path = (360 - 2 * SIDE_COLUMNS) * Math.floor((360 - 2 * FRAGMENT_ROWS - 2) / 2 + 1);
    console.log(`bridged on 360 × 360 (path of about ${path} voxels): GPU ${(gpuMs / patterns.length).toFixed(1)} ms, CPU ${(cpuMs / patterns.length).toFixed(1)} ms per evaluation (all read-outs)`);
  }, 300_000);
});
