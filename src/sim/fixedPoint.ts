/**
 * Fixed-point scales for scatter-adds into the grid. Many agents add into one voxel; integer sums are
 * exact in any order, so the CPU and the GPU (atomic<i32>, no float atomics in WGSL) get the same total.
 * Each field gets a power-of-two scale such that MAX_AGENTS_PER_VOXEL contributions at the largest
 * allowed rate (the run's largest per-cell rate for that field, times MAX_RULE_SCALE for secretion, which
 * rules may raise) still fit in a signed 32-bit integer; contributions are clamped to that largest rate,
 * so no sum can overflow. Scaling from the run's values (not the parameters' range maxima) keeps every
 * rate resolved to better than 2^-17 of the field's largest one: with range maxima far above the values,
 * small rates were rounded to a few quanta (a collagen deposit of 10 to multiples of 2).
 */
import type { PhenotypeTables } from './phenotypeTables.ts';

/** Upper bound of agents that can share a voxel column (far above any packing of cells). */
export const MAX_AGENTS_PER_VOXEL = 256;
/** Upper bound of a rule's secretion multiplier. */
export const MAX_RULE_SCALE = 16;
const INT_MAX = 2147483647;

export interface ExchangeScales {
  /** Per field: quanta per (amount/min), and the largest allowed per-agent secretion in amount/min. */
  secretionScale: Float64Array;
  secretionMax: Float64Array;
  /** Per field: quanta per (µm³/min) of clearance, and the largest per-agent clearance. */
  clearanceScale: Float64Array;
  clearanceMax: Float64Array;
}

/** Largest power of two s with count · max · s <= INT_MAX (1 when max is 0). */
export function powerOfTwoScale(max: number, count: number): number {
  if (!(max > 0)) return 1;
  return 2 ** Math.floor(Math.log2(INT_MAX / (count * max)));
}

/** Scales from the run's per-cell rates (phenotype tables: parameter values after host and arm overrides). */
export function exchangeScales(tables: PhenotypeTables): ExchangeScales {
  const F = tables.fields;
  const out: ExchangeScales = {
    secretionScale: new Float64Array(F),
    secretionMax: new Float64Array(F),
    clearanceScale: new Float64Array(F),
    clearanceMax: new Float64Array(F),
  };
  for (let t = 0; t < tables.types; t++) {
    for (let k = 0; k < F; k++) {
      out.secretionMax[k] = Math.max(out.secretionMax[k], tables.secretion[t * F + k] * MAX_RULE_SCALE);
      out.clearanceMax[k] = Math.max(out.clearanceMax[k], tables.clearance[t * F + k]);
    }
  }
  for (let k = 0; k < F; k++) {
    out.secretionScale[k] = powerOfTwoScale(out.secretionMax[k], MAX_AGENTS_PER_VOXEL);
    out.clearanceScale[k] = powerOfTwoScale(out.clearanceMax[k], MAX_AGENTS_PER_VOXEL);
  }
  return out;
}
