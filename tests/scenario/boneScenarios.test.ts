/**
 * The four bone scenarios and the experiments of claims 6-11: valid files (structurally always; fully
 * once the bone model is registered), experiments that carry their scenario unchanged, and the geometry
 * drawn from the regions alone (no model needed). Each region map is saved as
 * test-output/regions-<id>.png (full configuration) and regions-<id>-reduced.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { findModel } from '../../src/model/models/index.ts';
import { ScenarioError, type ScenarioIssue } from '../../src/scenario/errors.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { maskAreaMm2, rasterizeRegions, type RegionMasks } from '../../src/scenario/regions.ts';
import { scenarioSchema, type Scenario } from '../../src/scenario/schema.ts';
import { applySet } from '../../src/scenario/setPath.ts';
import { makeGrid, type Grid } from '../../src/sim/grid.ts';

const SCENARIOS = ['fracture-gap', 'nonunion', 'calvarial-defect', 'osteochondral-defect'] as const;
const CLAIMS = { 'claim-6': 'nonunion', 'claim-7': 'calvarial-defect', 'claim-8': 'calvarial-defect', 'claim-9': 'fracture-gap', 'claim-10': 'osteochondral-defect', 'claim-11': 'fracture-gap' } as const;

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
const scenarioPath = (id: string) => `scenarios/${id}.json`;
const claimPath = (id: string) => `scenarios/experiments/${id}.json`;

/** The structurally parsed document (after `sets`), or a failed expectation listing the issues. */
function structural(doc: unknown, sets: readonly string[] = []): Scenario {
  const raw = structuredClone(doc);
  for (const s of sets) applySet(raw, s);
  const result = scenarioSchema.safeParse(raw);
  expect(result.error?.issues ?? []).toEqual([]);
  return result.data!;
}

function geometry(s: Scenario): { grid: Grid; masks: RegionMasks } {
  const grid = makeGrid(s.domain.width_um, s.domain.height_um, s.domain.dx_um, s.domain.depth_um);
  return { grid, masks: rasterizeRegions(grid, s.regions) };
}

const mask = (masks: RegionMasks, name: string): Uint8Array => {
  const m = masks.get(name);
  if (!m) throw new Error(`no region ${name}`);
  return m;
};
const area = (g: { grid: Grid; masks: RegionMasks }, name: string) => maskAreaMm2(g.grid, mask(g.masks, name));
/** Rows (j) and columns (i) a mask covers, as [first, last]. */
function extent(grid: Grid, m: Uint8Array): { rows: [number, number]; cols: [number, number] } {
  const rows: [number, number] = [Infinity, -1];
  const cols: [number, number] = [Infinity, -1];
  m.forEach((v, k) => {
    if (!v) return;
    const i = k % grid.nx;
    const j = (k - i) / grid.nx;
    rows[0] = Math.min(rows[0], j);
    rows[1] = Math.max(rows[1], j);
    cols[0] = Math.min(cols[0], i);
    cols[1] = Math.max(cols[1], i);
  });
  return { rows, cols };
}

/** Voxels of a mask in row j. */
const inRow = (grid: Grid, m: Uint8Array, j: number) => m.subarray(j * grid.nx, (j + 1) * grid.nx).reduce((a, b) => a + b, 0);

/** Voxels of a mask in column i. */
function inColumn(grid: Grid, m: Uint8Array, i: number): number {
  let n = 0;
  for (let j = 0; j < grid.ny; j++) n += m[j * grid.nx + i];
  return n;
}

/** Expects the named regions to be disjoint and to cover the domain. */
function expectPartition(g: { grid: Grid; masks: RegionMasks }, names: readonly string[]): void {
  const cover = new Uint8Array(g.grid.cells);
  for (const n of names) mask(g.masks, n).forEach((v, k) => (cover[k] += v));
  expect(cover.every((c) => c === 1), `${names.join(', ')} partition the domain`).toBe(true);
}

/** Region colours (RGB), painted in this order; later regions overwrite earlier ones. */
const PALETTE: readonly [string, [number, number, number]][] = [
  ['muscle', [170, 74, 68]], ['plate', [236, 226, 196]], ['joint_space', [150, 200, 235]], ['cartilage', [110, 190, 200]],
  ['trabecular', [224, 178, 150]], ['subchondral_plate', [236, 226, 196]], ['marrow', [235, 150, 150]], ['cortex', [245, 238, 215]],
  ['periosteum', [255, 150, 20]], ['margin', [255, 150, 20]], ['cauterised', [70, 70, 70]], ['defect', [110, 60, 160]],
  ['cartilage_zone', [160, 110, 210]],
];

/** Writes the region map (2 px per voxel), outlining proximal and distal in blue where they exist. */
function savePng(name: string, g: { grid: Grid; masks: RegionMasks }): void {
  const { grid, masks } = g;
  const s = 2;
  const png = new PNG({ width: grid.nx * s, height: grid.ny * s });
  const rgb = new Uint8Array(grid.cells * 3);
  for (const [region, colour] of PALETTE) {
    masks.get(region)?.forEach((v, k) => {
      if (v) rgb.set(colour, 3 * k);
    });
  }
  for (const fragment of ['proximal', 'distal']) {
    const m = masks.get(fragment);
    m?.forEach((v, k) => {
      const i = k % grid.nx;
      const j = (k - i) / grid.nx;
      const edge = i === 0 || j === 0 || i === grid.nx - 1 || j === grid.ny - 1 || !m[k - 1] || !m[k + 1] || !m[k - grid.nx] || !m[k + grid.nx];
      if (v && edge) rgb.set([30, 90, 230], 3 * k);
    });
  }
  for (let y = 0; y < png.height; y++) {
    for (let x = 0; x < png.width; x++) {
      const k = Math.floor(y / s) * grid.nx + Math.floor(x / s);
      png.data.set([rgb[3 * k], rgb[3 * k + 1], rgb[3 * k + 2], 255], 4 * (y * png.width + x));
    }
  }
  mkdirSync('test-output', { recursive: true });
  writeFileSync(`test-output/regions-${name}.png`, PNG.sync.write(png));
}

/**
 * Read-outs the claims name that the bone model does not define yet (docs/bone-model.md §9-10; to be added
 * in src/model/models/boneReadouts.ts): until then only "unknown read-out" issues about them are tolerated.
 */
const PENDING_READOUTS = ['new_bone_area_pct', 'lamellar_share_gap', 'cartilage_fraction_cartilage_zone', 'bone_fraction_bone_zone'];

/** Issues of full validation, leaving out those about PENDING_READOUTS. */
function semanticIssues(doc: unknown, source: string, sets: readonly string[]): string[] {
  try {
    validateScenario(doc, source, sets);
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    const pending = (i: ScenarioIssue) => /read-out/.test(i.expected) && PENDING_READOUTS.some((r) => i.found === JSON.stringify(r));
    return e.issues.filter((i) => !pending(i)).map((i) => `${i.path}: expected ${i.expected}, found ${i.found}`);
  }
}

const reducedSets = (claim: string) => (read(claimPath(claim)).experiment as { reduced: { set: string[] } }).reduced.set;
/** The geometry lines of a claim's reduced configuration (domain and regions). */
const reducedGeometry = (claim: string) => reducedSets(claim).filter((l) => l.startsWith('domain.') || l.startsWith('regions.'));
/** The same before the mirror cut: the page's preview geometry on the preview grid (up to and including time.dt_min). */
const previewGeometry = (claim: string) => {
  const sets = reducedSets(claim);
  return sets.slice(0, sets.indexOf('time.dt_min=30') + 1).filter((l) => l.startsWith('domain.') || l.startsWith('regions.'));
};
/** Expects every named region of `cut` to hold `share` of its area in `whole` (a mirror cut through symmetric geometry). */
function expectShare(cut: { grid: Grid; masks: RegionMasks }, whole: { grid: Grid; masks: RegionMasks }, names: readonly string[], share: number): void {
  for (const n of names) expect(area(cut, n), `${n}: ${share} of the uncut area`).toBeCloseTo(share * area(whole, n), 9);
}

describe('bone scenario files', () => {
  for (const id of SCENARIOS) {
    it(`${id}.json is a valid scenario of model "bone" (fully validated once the bone model is registered)`, () => {
      const doc = read(scenarioPath(id));
      const s = structural(doc);
      expect(s.id).toBe(id);
      expect(s.model).toBe('bone');
      expect(Object.keys(s.arms).slice(0, 2)).toEqual(['untreated', 'treated']);
      if (findModel('bone')) expect(() => validateScenario(doc, `${id}.json`)).not.toThrow();
    });
  }

  for (const [claim, scenario] of Object.entries(CLAIMS)) {
    it(`${claim}.json carries ${scenario}.json unchanged and is valid in its full and reduced configurations`, () => {
      const doc = read(claimPath(claim));
      const base = read(scenarioPath(scenario));
      const strip = ({ id: _i, title: _t, description: _d, $schema: _s, experiment: _e, arms: _a, readouts: _r, ...rest }: Record<string, unknown>) => rest;
      expect(strip(doc)).toEqual(strip(base));
      const arms = doc.arms as Record<string, unknown>;
      for (const [name, arm] of Object.entries(base.arms as Record<string, unknown>)) expect(arms[name], `arm ${name}`).toEqual(arm);
      const full = structural(doc);
      expect(full.id).toBe(claim);
      const experiment = full.experiment!;
      expect(experiment.seeds).toBeGreaterThanOrEqual(8);
      const reduced = structural(doc, experiment.reduced.set);
      for (const check of experiment.checks) {
        for (const arm of [check.reference, check.treated, ...(check.kind === 'inhibitor_removes' ? [check.inhibited] : [])]) expect(Object.keys(full.arms)).toContain(arm);
        if (check.window !== 'final') expect(check.window.to_day).toBeLessThanOrEqual(reduced.time.days);
      }
      if (findModel('bone')) {
        for (const sets of [[], experiment.reduced.set]) expect(semanticIssues(doc, `${claim}.json`, sets)).toEqual([]);
      }
    });
  }
});

describe('bone scenario geometry (regions only)', () => {
  const load = (id: string, sets: readonly string[] = []) => geometry(structural(read(scenarioPath(id)), sets));

  it('fracture-gap: two 0.7 mm cortical walls, a 2 mm gap across the bone and callus zone, periosteum on the fragments', () => {
    const g = load('fracture-gap');
    savePng('fracture-gap', g);
    const { grid, masks } = g;
    expect(grid.dx).toBe(20);
    const gap = extent(grid, mask(masks, 'defect'));
    expect((gap.rows[1] - gap.rows[0] + 1) * grid.dx).toBe(2000); // gap length along the bone axis
    expect((gap.cols[1] - gap.cols[0] + 1) * grid.dx).toBe(5200); // 4 mm bone + 0.6 mm callus zone each side
    expect(area(g, 'cortex')).toBeCloseTo(2 * 0.7 * 6, 9); // two walls x 6 mm of fragments
    expect(inRow(grid, mask(masks, 'cortex'), 10) * grid.dx).toBe(1400);
    expect(area(g, 'marrow')).toBeCloseTo(2.6 * 6, 9);
    expect(area(g, 'periosteum')).toBeCloseTo(2 * 0.08 * 6, 9);
    expect(inRow(grid, mask(masks, 'periosteum'), gap.rows[0])).toBe(0); // torn across the gap
    expectPartition(g, ['muscle', 'periosteum', 'cortex', 'marrow', 'defect']);
    // The fragments end where the gap begins, on both sides.
    expect(extent(grid, mask(masks, 'proximal')).rows[1]).toBe(gap.rows[0] - 1);
    expect(extent(grid, mask(masks, 'distal')).rows[0]).toBe(gap.rows[1] + 1);
    expect(area(g, 'proximal')).toBeCloseTo(area(g, 'distal'), 9);

    // The page's preview (1.5 mm fragments, 50 µm grid), then the validation's quarter: cut at the gap's mid-plane and the bone's axis.
    expect(reducedGeometry('claim-11')).toEqual(reducedGeometry('claim-9'));
    const p = load('fracture-gap', previewGeometry('claim-9'));
    expect(area(p, 'defect')).toBeCloseTo(area(g, 'defect'), 9);
    expect(area(p, 'cortex')).toBeCloseTo(2 * 0.7 * 3, 9); // fragments 1.5 mm each
    const r = load('fracture-gap', reducedGeometry('claim-9'));
    savePng('fracture-gap-reduced', r);
    expectShare(r, p, ['defect', 'cortex', 'marrow', 'periosteum', 'muscle'], 0.25);
    expect(area(r, 'proximal')).toBeCloseTo(area(p, 'proximal') / 2, 9);
    const gapR = extent(r.grid, mask(r.masks, 'defect'));
    expect(gapR.rows[1]).toBe(r.grid.ny - 1); // the gap's mid-plane is the bottom edge
    expect(extent(r.grid, mask(r.masks, 'marrow')).cols[1]).toBe(r.grid.nx - 1); // the bone's axis is the right edge
    expect(extent(r.grid, mask(r.masks, 'distal')).rows).toEqual([r.grid.ny - 1, r.grid.ny - 1]); // the mid-plane row
    expect(extent(r.grid, mask(r.masks, 'proximal')).rows[1]).toBe(gapR.rows[0] - 1);
    expectPartition(r, ['muscle', 'periosteum', 'cortex', 'marrow', 'defect']);
  });

  it('nonunion: a 5 mm gap without periosteum, cauterised soft tissue along the fragment ends', () => {
    const g = load('nonunion');
    savePng('nonunion', g);
    const { grid, masks } = g;
    expect(masks.has('periosteum')).toBe(false);
    const gap = extent(grid, mask(masks, 'defect'));
    expect((gap.rows[1] - gap.rows[0] + 1) * grid.dx).toBe(5000);
    expect(area(g, 'cortex')).toBeCloseTo(2 * 0.7 * 6, 9);
    expectPartition(g, ['muscle', 'cortex', 'marrow', 'defect']);
    // 1 mm bands beside the fragments, in the callus zone's width outside the bone: 2 x 1 mm x 1.2 mm.
    expect(area(g, 'cauterised')).toBeCloseTo(2 * 1 * 1.2, 9);
    const cauterised = mask(masks, 'cauterised');
    expect(cauterised.every((v, k) => !v || mask(masks, 'muscle')[k])).toBe(true);
    expect(extent(grid, cauterised).rows).toEqual([gap.rows[0] - 50, gap.rows[1] + 50]);

    const p = load('nonunion', previewGeometry('claim-6'));
    expect(area(p, 'defect')).toBeCloseTo(area(g, 'defect'), 9);
    expect(area(p, 'cauterised')).toBeCloseTo(area(g, 'cauterised'), 9);
    expect(area(p, 'cortex')).toBeCloseTo(2 * 0.7 * 3, 9);
    const r = load('nonunion', reducedGeometry('claim-6'));
    savePng('nonunion-reduced', r);
    expectShare(r, p, ['defect', 'cauterised', 'cortex', 'marrow', 'muscle'], 0.25);
    expect(extent(r.grid, mask(r.masks, 'defect')).rows[1]).toBe(r.grid.ny - 1);
    expect(extent(r.grid, mask(r.masks, 'marrow')).cols[1]).toBe(r.grid.nx - 1);
    expect(extent(r.grid, mask(r.masks, 'distal')).rows).toEqual([r.grid.ny - 1, r.grid.ny - 1]);
    expectPartition(r, ['muscle', 'cortex', 'marrow', 'defect']);
  });

  it('calvarial-defect: a 5 mm circle in the plate, the dura under it, a 0.3 mm margin', () => {
    const g = load('calvarial-defect');
    savePng('calvarial-defect', g);
    const { grid, masks } = g;
    const defect = mask(masks, 'defect');
    expect(area(g, 'defect')).toBeCloseTo(Math.PI * 2.5 ** 2, 1);
    const centreRow = Math.floor(4000 / grid.dx);
    expect(inRow(grid, defect, centreRow) * grid.dx).toBe(5000); // diameter across
    expect(inColumn(grid, defect, centreRow) * grid.dx).toBe(5000); // and down
    expect(mask(masks, 'dura')).toEqual(defect);
    expectPartition(g, ['plate', 'defect']);
    expect(area(g, 'margin')).toBeCloseTo(Math.PI * (2.8 ** 2 - 2.5 ** 2), 1);
    expect(inRow(grid, mask(masks, 'margin'), centreRow) * grid.dx).toBe(2 * 300);

    // The page's preview (a 6 mm square, 50 µm grid), then the validation's quadrant: the centre sits on a voxel corner in both, so
    // the quadrant holds exactly a quarter of every region.
    expect(reducedGeometry('claim-8')).toEqual(reducedGeometry('claim-7'));
    const p = load('calvarial-defect', previewGeometry('claim-7'));
    expect(area(p, 'defect')).toBeCloseTo(Math.PI * 2.5 ** 2, 1);
    expect(area(p, 'margin')).toBeCloseTo(area(g, 'margin'), 1);
    const r = load('calvarial-defect', reducedGeometry('claim-7'));
    savePng('calvarial-defect-reduced', r);
    expectShare(r, p, ['defect', 'dura', 'margin', 'plate'], 0.25);
    expect(r.masks.get('dura')).toEqual(r.masks.get('defect'));
    expect(mask(r.masks, 'defect')[0]).toBe(1); // the centre at the corner
    expect(extent(r.grid, mask(r.masks, 'distal')).cols).toEqual([0, 0]); // a column on a mirror plane
    expectPartition(r, ['plate', 'defect']);
  });

  it('osteochondral-defect: 0.4 mm cartilage over bone, a 1.5 mm wide, 2 mm deep defect split into cartilage and bone zones', () => {
    const g = load('osteochondral-defect');
    savePng('osteochondral-defect', g);
    const { grid, masks } = g;
    expect(inColumn(grid, mask(masks, 'cartilage'), 10) * grid.dx).toBe(400);
    expect(inColumn(grid, mask(masks, 'joint_space'), 10) * grid.dx).toBe(100);
    expect(inColumn(grid, mask(masks, 'subchondral_plate'), 10) * grid.dx).toBe(200);
    const d = extent(grid, mask(masks, 'defect'));
    expect((d.cols[1] - d.cols[0] + 1) * grid.dx).toBe(1500);
    expect((d.rows[1] - d.rows[0] + 1) * grid.dx).toBe(2000);
    expect(d.rows[0]).toBe(extent(grid, mask(masks, 'cartilage')).rows[0]); // opens at the cartilage surface
    expect(extent(grid, mask(masks, 'cartilage_zone')).rows).toEqual([d.rows[0], d.rows[0] + 19]); // the cartilage layer's 0.4 mm
    expect(area(g, 'cartilage_zone') + area(g, 'bone_zone')).toBeCloseTo(area(g, 'defect'), 9);
    expectPartition(g, ['joint_space', 'cartilage', 'subchondral_plate', 'trabecular', 'cartilage_zone', 'bone_zone']);

    const r = load('osteochondral-defect', reducedGeometry('claim-10'));
    savePng('osteochondral-defect-reduced', r);
    expect(area(r, 'cartilage_zone')).toBeCloseTo(area(g, 'cartilage_zone'), 9);
    expect(area(r, 'bone_zone')).toBeCloseTo(area(g, 'bone_zone'), 9);
    expectPartition(r, ['joint_space', 'cartilage', 'subchondral_plate', 'trabecular', 'cartilage_zone', 'bone_zone']);
  });
});

describe('bone reduced configurations: what a mirror cut rescales', () => {
  /** The `--set` lines of a claim's reduced configuration as path → value. */
  const setValues = (claim: string) => new Map(reducedSets(claim).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));

  it('halves the load of a quarter fracture section (half the width over half the length) and keeps the fixator', () => {
    const bone = findModel('bone')!;
    const load = bone.compiled.parameters.get('mechanics.load')!.value;
    for (const claim of ['claim-6', 'claim-9', 'claim-11']) {
      const sets = setValues(claim);
      expect(Number(sets.get('parameters.mechanics.load')), claim).toBeCloseTo(load / 2, 12);
      expect(sets.has('parameters.mechanics.fixatorStiffness'), claim).toBe(false);
      expect(sets.get('domain.mirror'), `${claim}: the axis is a mirror edge of the mechanics`).toBe('["right"]');
    }
    for (const claim of ['claim-7', 'claim-8']) expect((read(claimPath(claim)).parameters as Record<string, number>)['mechanics.load'], `${claim}: unloaded, so no mechanics mirror is needed`).toBe(0);
  });

  it("scales each dose with its target region's area, keeping the concentration", () => {
    for (const claim of Object.keys(CLAIMS)) {
      const doc = read(claimPath(claim));
      const full = geometry(structural(doc));
      const cut = geometry(structural(doc, reducedGeometry(claim)));
      const sets = setValues(claim);
      for (const [arm, spec] of Object.entries(doc.arms as Record<string, { doses?: { amount: number; route: string; region?: string }[] }>)) {
        (spec.doses ?? []).forEach((dose, k) => {
          const region = dose.region ?? 'defect';
          const amount = Number(sets.get(`arms.${arm}.doses.${k}.amount`) ?? dose.amount);
          expect(amount / dose.amount, `${claim} ${arm} dose ${k} over ${region}`).toBeCloseTo(area(cut, region) / area(full, region), 2);
        });
      }
    }
  });
});
