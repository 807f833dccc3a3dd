/**
 * The scenarios the page's picker offers (scenarios/*.json, bundled by vite), each with the two arms shown
 * by default and, where it has one, a preview scale: `--set` lines for a smaller but realistic run that a
 * software adapter or the CPU worker can play in the browser. For the skin wounds that is the validation
 * suite's reduced wound (src/scenario/reducedSkinWound.ts) with every dose scaled to the wound's area; for
 * the bone scenarios the reduced geometry of their experiments (scenarios/experiments/claim-6..11.json:
 * shorter fragments, a smaller field around the defect) on a 50 µm grid instead of 20 µm.
 */
import calvarialDefect from '../../scenarios/calvarial-defect.json';
import diabeticWound from '../../scenarios/diabetic-wound.json';
import engineDemo from '../../scenarios/engine-demo.json';
import fractureGap from '../../scenarios/fracture-gap.json';
import nonunion from '../../scenarios/nonunion.json';
import osteochondralDefect from '../../scenarios/osteochondral-defect.json';
import skinWound from '../../scenarios/skin-wound.json';
import { REDUCED_SKIN_WOUND } from '../scenario/reducedSkinWound.ts';
import type { PageRun } from './pageRun.ts';

/** A preview scale: geometry `--set` lines and the factor applied to every dose amount. */
export interface PreviewScale {
  /** `--set` lines other than dose amounts (domain, regions, capacity). */
  sets: readonly string[];
  /** Dose amounts of the preview = full amounts × doseScale (e.g. the ratio of the wound areas). */
  doseScale: number;
  /** One line saying what the preview is. */
  label: string;
}

export interface BundledScenario {
  /** The scenario's id (its `id` key). */
  id: string;
  title: string;
  /** File name, used as the run's source in error messages. */
  source: string;
  /** The scenario document as shipped. */
  document: unknown;
  /** [reference, compared] arms shown by default. */
  arms: [string, string];
  /** The preview scale, or null when the scenario is already small enough. */
  preview: PreviewScale | null;
  /** `--set` lines of the preview for the shipped document (empty without a preview scale). */
  previewSets: readonly string[];
  /** What the preview is, in one line (null without a preview scale). */
  previewLabel: string | null;
}

/** The reduced skin wound without its dose line, and the dose factor that line implies for skin-wound.json. */
function reducedSkinPreview(): PreviewScale {
  const doseLine = /^arms\.treated\.doses\.0\.amount=(.+)$/;
  const reducedDose = REDUCED_SKIN_WOUND.map((s) => doseLine.exec(s)).find((m) => m !== null);
  const fullDose = skinWound.arms.treated.doses[0].amount;
  if (!reducedDose) throw new Error('REDUCED_SKIN_WOUND has no line arms.treated.doses.0.amount=...: cannot derive the preview dose scale');
  return {
    sets: REDUCED_SKIN_WOUND.filter((s) => !s.startsWith('arms.')),
    doseScale: Number(reducedDose[1]) / fullDose,
    label: '2.4 mm square, 0.8 mm-radius wound, dose scaled to area',
  };
}

/**
 * Preview grid of the bone scenarios, µm: every region boundary of the four files falls between voxel
 * centres at 50 µm (at 40 µm some fall on them), and the previews hold 3,600-19,200 voxels, about the
 * skin preview's 14,400.
 */
const BONE_PREVIEW_DX = 50;
/** Agent capacity of every preview (as the reduced skin wound's). */
const PREVIEW_MAX_AGENTS = 60000;

/** A bone preview: the experiments' reduced geometry (`sets`), the preview grid and capacity. */
function bonePreview(sets: readonly string[], doseScale: number, label: string): PreviewScale {
  return { sets: [...sets, `domain.dx_um=${BONE_PREVIEW_DX}`, `max_agents=${PREVIEW_MAX_AGENTS}`], doseScale, label: `${label}, ${BONE_PREVIEW_DX} µm grid` };
}

/**
 * Reduced geometry of the bone scenarios, as in the experiments' `reduced.set` (without dose lines; a test
 * holds the two equal): fragments shortened to 1.5 mm, the calvarial plate to 0.5 mm beyond the margin,
 * the osteochondral section to 3 mm (whose joint-space strip, and so the intra-articular dose, is 3/4 of
 * the full one). The defects themselves are unchanged, so the long-bone and calvarial doses are too.
 */
export const BONE_REDUCED_GEOMETRY: Readonly<Record<string, readonly string[]>> = {
  'fracture-gap': ['domain.height_um=5000', 'regions.defect.min_um=[400,1500]', 'regions.defect.max_um=[5600,3500]', 'regions.proximal.max_um=[5000,1500]', 'regions.distal.min_um=[1000,3500]', 'regions.distal.max_um=[5000,5000]'],
  nonunion: [
    'domain.height_um=8000',
    'regions.defect.min_um=[400,1500]',
    'regions.defect.max_um=[5600,6500]',
    'regions.proximal.max_um=[5000,1500]',
    'regions.distal.min_um=[1000,6500]',
    'regions.distal.max_um=[5000,8000]',
    'regions.cauterised.min_um=[400,500]',
    'regions.cauterised.max_um=[5600,7500]',
  ],
  'calvarial-defect': [
    'domain.width_um=6000',
    'domain.height_um=6000',
    'regions.defect.center_um=[3000,3000]',
    'regions.margin.center_um=[3000,3000]',
    'regions.dura.center_um=[3000,3000]',
    'regions.proximal.max_um=[500,6000]',
    'regions.distal.min_um=[5500,0]',
    'regions.distal.max_um=[6000,6000]',
  ],
  'osteochondral-defect': [
    'domain.width_um=3000',
    'domain.height_um=3000',
    'regions.defect.min_um=[760,100]',
    'regions.defect.max_um=[2260,2100]',
    'regions.cartilage_zone.min_um=[760,100]',
    'regions.cartilage_zone.max_um=[2260,500]',
    'regions.bone_zone.min_um=[760,100]',
    'regions.bone_zone.max_um=[2260,2100]',
    'regions.proximal.max_um=[760,700]',
    'regions.distal.min_um=[2260,500]',
    'regions.distal.max_um=[3000,700]',
  ],
};

/** The first two arms, ["untreated", "treated"] when both exist; an Error when there are fewer than two. */
export function defaultArms(doc: unknown, source: string): [string, string] {
  const arms = Object.keys((doc as { arms?: object }).arms ?? {});
  if (arms.includes('untreated') && arms.includes('treated')) return ['untreated', 'treated'];
  if (arms.length < 2) throw new Error(`${source}: the page shows two arms side by side, but the scenario has ${arms.length} (${arms.join(', ')})`);
  return [arms[0], arms[1]];
}

/** The preview's `--set` lines for a (possibly edited) document: the geometry plus every dose scaled. */
export function previewSetsFor(preview: PreviewScale, doc: unknown): string[] {
  const lines = [...preview.sets];
  const arms = (doc as { arms?: Record<string, { doses?: { amount?: unknown }[] }> }).arms ?? {};
  for (const [arm, { doses }] of Object.entries(arms)) {
    (doses ?? []).forEach((dose, i) => {
      // A non-number amount is left to the scenario check to report at its own path.
      if (typeof dose.amount === 'number') lines.push(`arms.${arm}.doses.${i}.amount=${Number((dose.amount * preview.doseScale).toPrecision(6))}`);
    });
  }
  return lines;
}

function bundle(document: { id: string; title: string }, source: string, preview: PreviewScale | null): BundledScenario {
  return {
    id: document.id,
    title: document.title,
    source,
    document,
    arms: defaultArms(document, source),
    preview,
    previewSets: preview ? previewSetsFor(preview, document) : [],
    previewLabel: preview?.label ?? null,
  };
}

/** The picker's scenarios, in the order offered. */
export const BUNDLED_SCENARIOS: readonly BundledScenario[] = [
  bundle(skinWound, 'skin-wound.json', reducedSkinPreview()),
  bundle(diabeticWound, 'diabetic-wound.json', reducedSkinPreview()),
  bundle(fractureGap, 'fracture-gap.json', bonePreview(BONE_REDUCED_GEOMETRY['fracture-gap'], 1, '1.5 mm fragments each side of the 2 mm gap (6 × 5 mm)')),
  bundle(nonunion, 'nonunion.json', bonePreview(BONE_REDUCED_GEOMETRY.nonunion, 1, '1.5 mm fragments each side of the 5 mm gap (6 × 8 mm)')),
  bundle(calvarialDefect, 'calvarial-defect.json', bonePreview(BONE_REDUCED_GEOMETRY['calvarial-defect'], 1, 'the 5 mm defect in a 6 mm square of plate')),
  bundle(osteochondralDefect, 'osteochondral-defect.json', bonePreview(BONE_REDUCED_GEOMETRY['osteochondral-defect'], 0.75, 'a 3 mm square section, dose scaled to its joint-space strip')),
  bundle(engineDemo, 'engine-demo.json', null),
];

/** The bundled scenario with this id, or undefined. */
export function bundledScenario(id: string): BundledScenario | undefined {
  return BUNDLED_SCENARIOS.find((b) => b.id === id);
}

/** The bundled scenario a document belongs to (by its `id`), or undefined. */
export function findBundled(doc: unknown): BundledScenario | undefined {
  const id = (doc as { id?: unknown } | null)?.id;
  return typeof id === 'string' ? bundledScenario(id) : undefined;
}

/** A page run of a bundled scenario as shipped, at full or preview scale. */
export function bundledRun(b: BundledScenario, preview: boolean): PageRun {
  return { scenario: structuredClone(b.document), source: b.source, sets: preview ? [...b.previewSets] : [], arms: [...b.arms] };
}

/** Whether a run is at its bundled scenario's preview scale (its `--set` lines are exactly the preview's). */
export function isPreviewRun(run: PageRun): boolean {
  const preview = findBundled(run.scenario)?.preview;
  if (!preview) return false;
  const expected = previewSetsFor(preview, run.scenario);
  return expected.length === run.sets.length && expected.every((line, i) => line === run.sets[i]);
}

/** A run's sets for the given scale: the preview's lines for its (edited) document, or none. */
export function runSets(doc: unknown, preview: boolean): string[] {
  const scale = findBundled(doc)?.preview;
  return preview && scale ? previewSetsFor(scale, doc) : [];
}
