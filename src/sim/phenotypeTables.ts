/**
 * Per-cell-type phenotype tables resolved from a run's parameter values, in the units the kernels use
 * (µm, minutes). The CPU kernels index them by type; the GPU backend uploads the same arrays.
 */
import type { CompiledModel } from '../model/compile.ts';
import type { ParameterValues } from '../model/rules.ts';

export interface PhenotypeTables {
  types: number;
  fields: number;
  radius: Float64Array;
  speed: Float64Array;
  /** Probability scale of a random turn: 1 / persistence, 1/min. */
  turnRate: Float64Array;
  repulsion: Float64Array;
  adhesion: Float64Array;
  /** Cell-cycle progress per minute (1 / duration), 0 when the type does not divide. */
  cycleRate: Float64Array;
  contactInhibition: Float64Array;
  /** Death hazard, 1/min. */
  deathRate: Float64Array;
  /** type·fields + field: chemotaxis and haptotaxis biases (dimensionless). */
  taxisBias: Float64Array;
  /** type·fields + field: secretion, amount (field unit·µm³) per minute per cell. */
  secretion: Float64Array;
  /** type·fields + field: radius of the secretion patch, µm (0: the voxel under the cell). */
  footprint: Float64Array;
  /** type·fields + field: level at which the secreted field stops filling (0: no cap). */
  cap: Float64Array;
  /** type·fields + field: uptake clearance, µm³/min per cell. */
  clearance: Float64Array;
  /** Largest interaction distance between two cells (adhesion reach), µm: the neighbour-bin size. */
  interactionRange: number;
  /** typeA·types + typeB: 1 when the two types share a layer (and so can touch), else 0. */
  sameLayer: Uint8Array;
}

/** Adhesion reaches this multiple of the contact distance (PhysiCell's default relative adhesion distance). */
export const ADHESION_REACH = 1.25;

/** Builds the tables for one run. */
export function buildPhenotypeTables(compiled: CompiledModel, values: ParameterValues): PhenotypeTables {
  const T = compiled.spec.cellTypes.length;
  const F = compiled.spec.fields.length;
  const t: PhenotypeTables = {
    types: T,
    fields: F,
    radius: new Float64Array(T),
    speed: new Float64Array(T),
    turnRate: new Float64Array(T),
    repulsion: new Float64Array(T),
    adhesion: new Float64Array(T),
    cycleRate: new Float64Array(T),
    contactInhibition: new Float64Array(T),
    deathRate: new Float64Array(T),
    taxisBias: new Float64Array(T * F),
    secretion: new Float64Array(T * F),
    footprint: new Float64Array(T * F),
    cap: new Float64Array(T * F),
    clearance: new Float64Array(T * F),
    interactionRange: 0,
    sameLayer: new Uint8Array(T * T),
  };
  const layers = compiled.spec.cellTypes.map((c) => c.layer ?? 'tissue');
  for (let p = 0; p < T; p++) for (let q = 0; q < T; q++) t.sameLayer[p * T + q] = layers[p] === layers[q] ? 1 : 0;
  const v = (name: string) => values.get(name)!;
  compiled.spec.cellTypes.forEach((cell, k) => {
    const n = cell.name;
    t.radius[k] = v(`${n}.radius`);
    t.speed[k] = v(`${n}.speed`);
    t.turnRate[k] = 1 / v(`${n}.persistence`);
    t.repulsion[k] = v(`${n}.repulsion`);
    t.adhesion[k] = v(`${n}.adhesion`);
    const cycleHours = v(`${n}.cycle`);
    t.cycleRate[k] = cycleHours > 0 ? 1 / (cycleHours * 60) : 0;
    t.contactInhibition[k] = v(`${n}.contactInhibition`);
    t.deathRate[k] = v(`${n}.death`) / 1440;
    for (const e of cell.phenotype.chemotaxis ?? []) t.taxisBias[k * F + compiled.fieldIndex[e.field]] = v(`${n}.chemotaxis.${e.field}`);
    for (const e of cell.phenotype.haptotaxis ?? []) t.taxisBias[k * F + compiled.fieldIndex[e.field]] = v(`${n}.haptotaxis.${e.field}`);
    for (const e of cell.phenotype.secretion ?? []) {
      const at = k * F + compiled.fieldIndex[e.field];
      t.secretion[at] = v(`${n}.secretion.${e.field}`);
      if (e.footprint) t.footprint[at] = v(`${n}.footprint.${e.field}`);
      if (e.cap) t.cap[at] = v(`${n}.cap.${e.field}`);
    }
    for (const e of cell.phenotype.uptake ?? []) t.clearance[k * F + compiled.fieldIndex[e.field]] = v(`${n}.uptake.${e.field}`);
  });
  let maxRadius = 0;
  for (let k = 0; k < T; k++) maxRadius = Math.max(maxRadius, t.radius[k]);
  t.interactionRange = 2 * maxRadius * ADHESION_REACH;
  return t;
}
