/**
 * States of the bone model for the conformance tests of its WGSL rules: the reduced fracture gap of the
 * page's preview (BONE_REDUCED_GEOMETRY, dx 50 µm: 120 × 100 voxels) advanced on the CPU, then the event
 * rates raised (BONE_MORE_EVENTS) so that every type, state and type change occurs within the compared step;
 * and field edits that put the matrix fractions' sums near and above 1 (both branches of fitMatrix) and
 * bone under osteoblasts on both sides of osteoblast.lamellar_on (woven or lamellar deposition).
 */
import { BONE_REDUCED_GEOMETRY } from '../../src/app/bundledScenarios.ts';
import { voxelAt } from '../../src/sim/grid.ts';
import { loadScenario, makeRun, type TestRun } from '../sim/helpers.ts';

/**
 * Settings of the compared step only, so that one step of about 5,000 agents holds every fate: rates per day
 * raised for MSC commitment, M1/M2 switching, osteoclast formation, hypertrophy, invasion (death or osteoblast)
 * and embedding (rule decisions on probabilities of order 1/2), half of the invaded chondrocytes becoming
 * osteoblasts, an osteoblast proliferative window of 1 day (the osteoblasts of the 3 days before lie on both
 * sides of it), and deaths by the generic draw, unscaled (fibroblast) and scaled by AKT (msc); the stimulus thresholds lowered into the range of S the stable fixation gives
 * (S up to about 0.7 at day 2), so that some progenitors take the fibrous and the strain-driven cartilage
 * route; vascular invasion at a lower vessel density.
 */
export const BONE_MORE_EVENTS = [
  'parameters.msc.differentiation=100',
  'parameters.osteoclast.formation=100',
  'parameters.macrophage.switch_rate=100',
  'parameters.macrophage.revert_rate=100',
  'parameters.chondrocyte.hypertrophy=100',
  'parameters.chondrocyte.invasion_death=100',
  'parameters.osteoblast.embedding=50',
  'parameters.fibroblast.death=20',
  'parameters.msc.death=20',
  'parameters.mechano.cartilage_above=0.45',
  'parameters.mechano.fibrous_above=0.6',
  'parameters.endochondral.vessel=0.01',
  'parameters.chondrocyte.osteoblast_share=0.5',
  'parameters.osteoblast.proliferative_window=1',
];

/** Every cargo channel the bone rules read, at potencies that leave the effects below 1. */
export const EVERY_BONE_CHANNEL = {
  label: 'every channel of the bone rules (test product)',
  source_cell: 'none',
  cargo: { vegf_induction: 1, akt: 0.5, antiapoptotic: 1, pten_down: 1, spred1_down: 2, nfkb_down: 1, mir223: 1, vegf_content: 0.5, osteogenic: 1, opg: 1, recruitment: 1, malat1: 2, chondrogenic: 1 },
  basis: 'conformance test: every potency positive',
  evidence: 'assumed',
};

/** The reduced fracture gap's scenario document and the --set lines of its geometry and grid. */
export function reducedFractureGap(): { doc: Record<string, unknown>; sets: string[] } {
  return { doc: loadScenario('scenarios/fracture-gap.json'), sets: [...BONE_REDUCED_GEOMETRY['fracture-gap'], 'domain.dx_um=50', 'max_agents=60000'] };
}

/**
 * An arm of the reduced fracture gap (default: treated, BMSC-exos) after `steps` CPU steps with `sets`: its
 * state, under the setup of the same run with BONE_MORE_EVENTS (for the compared step; the backend is the
 * one that advanced the state).
 */
export async function boneRunAfter(steps: number, sets: string[] = [], arm = 'treated', doc = reducedFractureGap().doc): Promise<TestRun> {
  const lines = [...reducedFractureGap().sets, ...sets];
  const run = makeRun(doc, lines, arm);
  await run.backend.advance(steps);
  const { setup, table } = makeRun(doc, [...lines, ...BONE_MORE_EVENTS], arm);
  return { setup, table, state: run.state, backend: run.backend };
}

/** Matrix sums the edited voxels get, in turn: at 1 (1 ± a few ulp once rounded), just above, above, far above (ln by log), just below. */
export const MATRIX_SUMS = [1, 1 + 2 ** -22, 1.25, 2.5, 1 - 1e-4];

/**
 * Sets the matrix fractions of every third voxel that holds matrix (cartilage, woven, lamellar, fibrous) to
 * sums MATRIX_SUMS in turn, keeping their proportions; returns the voxels edited with each sum.
 */
export function editMatrixSums(run: TestRun): number[][] {
  const { cells } = run.setup.grid;
  const F = run.setup.model.compiled.fieldIndex;
  const matrix = [F.cartilage, F.woven_bone, F.lamellar_bone, F.fibrous].map((f) => f * cells);
  const fields = run.state.fields;
  const edited: number[][] = MATRIX_SUMS.map(() => []);
  let n = 0;
  for (let k = 0; k < cells; k++) {
    const sum = matrix.reduce((s, m) => s + fields[m + k], 0);
    if (sum === 0 || k % 3 !== 0) continue;
    const which = n++ % MATRIX_SUMS.length;
    for (const m of matrix) fields[m + k] *= MATRIX_SUMS[which] / sum;
    edited[which].push(k);
  }
  return edited;
}

/**
 * Woven and lamellar fractions editBoneSplits gives the osteoblasts' voxels, in turn, against
 * osteoblast.lamellar_on = 0.5: mixed sites above and below it, woven alone above it, and a sum below 0.5 in
 * float64 that is 0.5 once rounded to f32 (the tie 0.5 - 2^-26, rounded to even).
 */
export const BONE_SPLITS: readonly (readonly [number, number])[] = [
  [0.3, 0.2],
  [0.45, 0.1],
  [0.2, 0.1],
  [0.25, 0.25 - 2 ** -26],
  [0.6, 0],
];

/** Sets the voxel under every osteoblast to woven and lamellar bone BONE_SPLITS in turn (no cartilage or fibrous tissue); returns the voxels edited. */
export function editBoneSplits(run: TestRun): number[] {
  const { grid, model } = run.setup;
  const { layout, fieldIndex: F, cellTypeIndex } = model.compiled;
  const { f, u, count, stride } = run.state;
  const fields = run.state.fields;
  const edited: number[] = [];
  for (let i = 0, base = 0; i < count; i++, base += stride) {
    if (u[base + layout.offset.cellType] !== cellTypeIndex.osteoblast) continue;
    const k = voxelAt(grid, f[base + layout.offset.x], f[base + layout.offset.y]);
    if (edited.includes(k)) continue;
    const [woven, lamellar] = BONE_SPLITS[edited.length % BONE_SPLITS.length];
    fields[F.cartilage * grid.cells + k] = 0;
    fields[F.fibrous * grid.cells + k] = 0;
    fields[F.woven_bone * grid.cells + k] = woven;
    fields[F.lamellar_bone * grid.cells + k] = lamellar;
    edited.push(k);
  }
  return edited;
}
