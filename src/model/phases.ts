/**
 * The phases of healing per model, as day ranges after injury, for marking the charts. The timing is the
 * one untreated controls must follow (shared/design/model.md:160-163); where that text gives no exact
 * boundary ("within hours", "the first days") the boundary chosen here is labelled `assumed`.
 */

/** One phase of healing: [fromDay, toDay) in days after injury. */
export interface HealingPhase {
  name: string;
  /** Start, in days after injury (the first phase starts at 0). */
  fromDay: number;
  /** End, in days after injury; Infinity for the last phase. */
  toDay: number;
  /** Where the boundaries come from (model.md line, or the reasoning behind an assumption). */
  source: string;
  /** `literature` when the cited text fixes both boundaries, `assumed` when one of them is chosen here. */
  evidence: 'literature' | 'model' | 'assumed';
}

const SKIN: readonly HealingPhase[] = [
  {
    name: 'hemostasis',
    fromDay: 0,
    toDay: 0.25,
    source: 'model.md:160 "hemostasis within hours"; the end at 6 h is assumed',
    evidence: 'assumed',
  },
  {
    name: 'inflammation',
    fromDay: 0.25,
    toDay: 4,
    source: 'model.md:160-161 "neutrophil influx in the first day, macrophages peaking in the first days"; the end at day 4 is assumed',
    evidence: 'assumed',
  },
  {
    name: 'proliferation',
    fromDay: 4,
    toDay: 14,
    source: 'model.md:161-162 "proliferation and angiogenesis in the first two weeks" (end at day 14); the start at day 4 is assumed',
    evidence: 'assumed',
  },
  {
    name: 'remodelling',
    fromDay: 14,
    toDay: Infinity,
    source: 'model.md:162 "remodelling over weeks", after the first two weeks',
    evidence: 'literature',
  },
];

const BONE: readonly HealingPhase[] = [
  {
    name: 'haematoma',
    fromDay: 0,
    toDay: 7,
    source: 'model.md:162 "fracture: haematoma and inflammation in week 1"',
    evidence: 'literature',
  },
  {
    name: 'soft callus',
    fromDay: 7,
    toDay: 14,
    source: 'model.md:162-163 "soft callus in weeks 1-2"',
    evidence: 'literature',
  },
  {
    name: 'hard callus',
    fromDay: 14,
    toDay: 42,
    source: 'model.md:163 "hard callus in weeks 2-6"',
    evidence: 'literature',
  },
  {
    name: 'remodelling',
    fromDay: 42,
    toDay: Infinity,
    source: 'model.md:163 "remodelling after" (week 6)',
    evidence: 'literature',
  },
];

/** Healing phases by model id ("bone" is the fracture model, not yet written). */
export const HEALING_PHASES: Readonly<Record<string, readonly HealingPhase[]>> = {
  skin: SKIN,
  bone: BONE,
};

/** The healing phases of a model, in order; [] for a model without phases (e.g. "demo") or an unknown id. */
export function healingPhases(modelId: string): readonly HealingPhase[] {
  return Object.hasOwn(HEALING_PHASES, modelId) ? HEALING_PHASES[modelId] : [];
}
