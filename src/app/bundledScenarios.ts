/**
 * The scenarios the page's picker offers (scenarios/*.json, bundled by vite), each with the two arms shown
 * by default and, where it has one, a preview scale: `--set` lines for a smaller but realistic run that a
 * software adapter or the CPU worker can play in the browser. For the skin wounds that is the validation
 * suite's reduced wound (src/scenario/reducedSkinWound.ts) with every dose scaled to the wound's area.
 */
import diabeticWound from '../../scenarios/diabetic-wound.json';
import engineDemo from '../../scenarios/engine-demo.json';
import skinWound from '../../scenarios/skin-wound.json';
import { REDUCED_SKIN_WOUND } from '../scenario/reducedSkinWound.ts';
import type { PageRun } from './pageRun.ts';

/** A preview scale: geometry `--set` lines and the factor applied to every dose amount. */
export interface PreviewScale {
  /** `--set` lines other than dose amounts (domain, regions, capacity). */
  sets: readonly string[];
  /** Dose amounts of the preview = full amounts × doseScale (the ratio of the wound areas). */
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
