/**
 * How the bone model declares its numbers: chosen here (`assumed`, with the reason), or shared with the skin
 * model where the biology is the same (the immune module, vessels and oxygen, the pathway constants), cited
 * as the skin model's with the skin value's own evidence label and source.
 *
 * The bone plane is a slab about SLAB_DEPTH_UM thick (docs/bone-model.md §1); the skin wound's plane is a
 * SKIN_COLUMN_UM tissue column. Rates per cell (secretion, uptake) carry over unchanged: a voxel holds
 * proportionally fewer cells of a thinner slab, so concentrations do not depend on the depth. Rates per
 * plane area (recruitment per mm² of vessel) and deposits of an area-fraction field scale with the depth.
 */
import { compileModel } from '../compile.ts';
import { param } from '../parameter.ts';
import type { Evidence, ParameterSpec } from '../types.ts';
import { skinModel } from './skin.ts';

/** Slab thickness the bone model's per-area rates assume, µm (docs/bone-model.md §1: about 20-30 µm). */
export const SLAB_DEPTH_UM = 25;
/** Depth of the skin wound's tissue column (scenarios/skin-wound.json), µm. */
export const SKIN_COLUMN_UM = 500;

const SKIN = compileModel(skinModel).parameters;

/** A number chosen here: the source says why (evidence `assumed` unless another label is given). */
export function assumed(value: number, unit: string, range: readonly [number, number], why: string, evidence: Evidence = 'assumed'): ParameterSpec {
  return param(value, unit, range, why, evidence);
}

function skinParameter(name: string): ParameterSpec & { name: string } {
  const p = SKIN.get(name);
  if (!p) throw new Error(`bone model: the skin model has no parameter "${name}" to share`);
  return p;
}

/** The skin model's parameter `name` as it is: value, unit, range and evidence, cited as the skin model's. */
export function fromSkin(name: string): ParameterSpec {
  const { value, unit, min, max, evidence, source } = skinParameter(name);
  return { value, unit, min, max, evidence, source: `as the skin model's ${name} (skin.ts): ${source}` };
}

/**
 * The skin model's parameter `name` times `factor` (e.g. a per-area rate scaled from the skin column to the
 * bone slab): evidence `assumed`, since the product was not itself measured or calibrated for bone.
 */
export function fromSkinScaled(name: string, factor: number, why: string): ParameterSpec {
  const p = skinParameter(name);
  const value = p.value * factor;
  return param(value, p.unit, [Math.min(p.min, value), Math.max(p.max, value)], `the skin model's ${name} (${p.value} ${p.unit}, ${p.evidence}: ${p.source}) x ${factor}: ${why}`, 'assumed');
}

/** Factor from the skin column to the bone slab for rates per plane area. */
export const SLAB_PER_SKIN_COLUMN = SLAB_DEPTH_UM / SKIN_COLUMN_UM;
