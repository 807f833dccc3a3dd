/**
 * What an arm adds besides parameter values: the exosome product it doses (one per arm: the model has one
 * exosome field, so a mixture could not keep each product's cargo apart), the inhibitors it applies, and
 * from those the ArmContext the rules read: cargo potencies (minus removed cargo items), node clamps and
 * the fraction of each field cells can sense (1 - neutralised fraction).
 */
import { CARGO_CHANNELS, PRODUCT_CATALOGUE } from '../model/catalogue/products.ts';
import type { ArmContext, ModelDefinition } from '../model/rules.ts';
import type { InhibitorSpec } from '../model/types.ts';
import type { Arm, Dose, Inhibitor, Product, Scenario } from '../scenario/schema.ts';
import type { Grid } from './grid.ts';

export interface ArmProduct {
  /** Catalogue or scenario id, or "inline" for a product defined inside a dose. */
  id: string;
  product: Product;
}

/** The product a dose names: an inline definition, a scenario product, or a catalogue product. */
export function doseProduct(dose: Dose, scenario: Scenario): ArmProduct | undefined {
  if (typeof dose.product !== 'string') return { id: 'inline', product: dose.product };
  const own = scenario.products[dose.product];
  if (own) return { id: dose.product, product: own };
  const built = PRODUCT_CATALOGUE[dose.product];
  return built ? { id: dose.product, product: built } : undefined;
}

/** The single product an arm doses, or null when it doses nothing; undefined when its doses disagree. */
export function armProduct(arm: Arm, scenario: Scenario): ArmProduct | null | undefined {
  let found: ArmProduct | null = null;
  for (const dose of arm.doses ?? []) {
    const p = doseProduct(dose, scenario);
    if (!p) return undefined;
    if (found && JSON.stringify(found.product) !== JSON.stringify(p.product)) return undefined;
    found = p;
  }
  return found;
}

/** The inhibitor definition an entry names (a model catalogue id or an inline definition). */
export function resolveInhibitor(entry: Inhibitor, model: ModelDefinition): InhibitorSpec | undefined {
  if (typeof entry !== 'string') return entry;
  return model.compiled.spec.inhibitors?.[entry];
}

/** Centroid of a voxel mask, µm. */
export function maskCentre(grid: Grid, mask: Uint8Array): [number, number] {
  let x = 0;
  let y = 0;
  let n = 0;
  for (let k = 0; k < mask.length; k++) {
    if (!mask[k]) continue;
    x += (k % grid.nx) + 0.5;
    y += Math.floor(k / grid.nx) + 0.5;
    n++;
  }
  return n > 0 ? [(x / n) * grid.dx, (y / n) * grid.dx] : [grid.width / 2, grid.height / 2];
}

/** Builds the arm context; the scenario must already have passed semantic validation. */
export function armContext(model: ModelDefinition, scenario: Scenario, arm: Arm, grid: Grid, defectMask: Uint8Array): ArmContext {
  const compiled = model.compiled;
  const product = armProduct(arm, scenario);
  const removed = new Set<string>();
  const clamps = new Map<string, number>();
  const availability = new Float64Array(compiled.spec.fields.length).fill(1);
  for (const entry of arm.inhibitors ?? []) {
    const inh = resolveInhibitor(entry, model)!;
    if (inh.kind === 'clamp_node') clamps.set(inh.node, inh.value);
    else if (inh.kind === 'neutralise_field') availability[compiled.fieldIndex[inh.field]] *= 1 - inh.fraction;
    else removed.add(inh.cargo);
  }
  const potency: Record<string, number> = {};
  for (const channel of CARGO_CHANNELS) {
    potency[channel] = product && !removed.has(channel) ? (product.product.cargo[channel] ?? 0) : 0;
  }
  return { potency, clamps, availability, defectCentre: maskCentre(grid, defectMask) };
}
