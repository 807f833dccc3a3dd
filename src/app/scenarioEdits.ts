/**
 * The settings the page's controls edit on a scenario document (plain JSON, as in a PageRun): the compared
 * arm's treatment, inhibitors and host, the seed and scenario-level parameter overrides. Every edit returns
 * a new document and leaves its input untouched; the result is checked by validateScenario like any file.
 * Also the choices the pickers offer for a model. No DOM here.
 */
import { PRODUCT_CATALOGUE } from '../model/catalogue/products.ts';
import type { NamedParameter } from '../model/compile.ts';
import { findModel, MODELS } from '../model/models/index.ts';
import type { ModelDefinition } from '../model/rules.ts';
import type { Evidence } from '../model/types.ts';
import { doseSchema, type Dose } from '../scenario/schema.ts';

/** The first dose of an arm as the controls show it. Days from the start of the run. */
export interface TreatmentSettings {
  /** Catalogue (or scenario) product id; INLINE_PRODUCT keeps the dose's inline product definition. */
  product: string;
  /** Dose per administration, in `unit`. */
  amount: number;
  unit: Dose['unit'];
  route: Dose['route'];
  /** Day of the first administration. */
  atDay: number;
  /** Interval of repeated administrations, days; null = once. */
  everyDays: number | null;
  /** Last day of repeated administrations; null = to the end of the run (needs everyDays). */
  untilDay: number | null;
  /** Injection points (margin_injection); null = the model's default. */
  points: number | null;
}

/** The product id readTreatment reports for a product defined inline in the dose. */
export const INLINE_PRODUCT = 'inline';

/** Routes a dose can take (the schema's enum), in schema order. */
export const ROUTES: readonly Dose['route'][] = doseSchema.shape.route.options;

/** Words for each route, for the picker. */
export const ROUTE_LABELS: Readonly<Record<Dose['route'], string>> = {
  margin_injection: 'injection around the wound margin',
  topical: 'topical (on the wound bed)',
  carrier: 'carrier (hydrogel, sponge) in the defect',
  local_injection: 'local injection into the defect',
  intra_articular: 'intra-articular injection',
  systemic: 'systemic (intravenous)',
};

/** Words for each dose unit. */
export const UNIT_LABELS: Readonly<Record<Dose['unit'], string>> = { ug: 'µg', particles: 'particles' };

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The document as an object, or an Error saying what it is instead. */
function documentOf(doc: unknown): Json {
  if (!isObject(doc)) throw new Error(`scenario document: expected a JSON object, found ${Array.isArray(doc) ? 'an array' : typeof doc}`);
  return doc;
}

/** The named arm of a document (the object itself: callers clone first when they edit). */
function armOf(doc: Json, arm: string): Json {
  const arms = doc.arms;
  if (!isObject(arms) || !Object.hasOwn(arms, arm) || !isObject(arms[arm])) {
    const names = isObject(arms) ? Object.keys(arms).join(', ') : 'none';
    throw new Error(`scenario document: no arm "${arm}" (arms: ${names})`);
  }
  return arms[arm];
}

/** A deep copy of the document and of the named arm inside it, for editing. */
function editArm(doc: unknown, arm: string): { copy: Json; target: Json } {
  const copy = structuredClone(documentOf(doc));
  return { copy, target: armOf(copy, arm) };
}

/** The arm's first dose as settings, or null when the arm doses nothing. */
export function readTreatment(doc: unknown, arm: string): TreatmentSettings | null {
  const doses = armOf(documentOf(doc), arm).doses;
  if (!Array.isArray(doses) || doses.length === 0 || !isObject(doses[0])) return null;
  const d = doses[0] as Partial<Dose>;
  return {
    product: typeof d.product === 'string' ? d.product : INLINE_PRODUCT,
    amount: d.amount ?? Number.NaN,
    unit: d.unit ?? 'ug',
    route: d.route ?? 'margin_injection',
    atDay: d.at_day ?? 0,
    everyDays: d.every_days ?? null,
    untilDay: d.until_day ?? null,
    points: d.points ?? null,
  };
}

/** Whether two settings describe the same dose (null = no dose). */
export function sameTreatment(a: TreatmentSettings | null, b: TreatmentSettings | null): boolean {
  if (a === null || b === null) return a === b;
  return (Object.keys(a) as (keyof TreatmentSettings)[]).every((k) => Object.is(a[k], b[k]));
}

/** The settings in words, e.g. "50 µg adsc-exos, topical, on day 0, every 2 days until day 8". */
export function describeTreatment(t: TreatmentSettings | null): string {
  if (t === null) return 'no dose';
  const points = t.route === 'margin_injection' && t.points !== null ? ` at ${t.points} points` : '';
  const repeat = t.everyDays === null ? '' : `, every ${t.everyDays} days${t.untilDay === null ? '' : ` until day ${t.untilDay}`}`;
  return `${t.amount} ${UNIT_LABELS[t.unit]} ${t.product}, ${t.route.replace(/_/g, ' ')}${points}, on day ${t.atDay}${repeat}`;
}

/**
 * Sets the arm's first dose (creating it when missing; its region and release half-life are kept); null
 * removes all the arm's doses. The other doses take the same product, since an arm doses one product.
 * When the dose changes, an arm description (which described the old one) is replaced by the new dose in words.
 */
export function applyTreatment(doc: unknown, arm: string, settings: TreatmentSettings | null): unknown {
  const { copy, target } = editArm(doc, arm);
  const before = readTreatment(copy, arm);
  if (typeof target.description === 'string' && !sameTreatment(before, settings)) {
    target.description = `${describeTreatment(settings)} (edited on the page)`;
  }
  if (settings === null) {
    delete target.doses;
    return copy;
  }
  const doses: Json[] = Array.isArray(target.doses) ? target.doses.filter(isObject) : [];
  const first = doses[0] ?? {};
  const product = settings.product === INLINE_PRODUCT && isObject(first.product) ? first.product : settings.product;
  const dose: Json = { product, amount: settings.amount, unit: settings.unit, route: settings.route };
  if (first.region !== undefined) dose.region = first.region;
  if (settings.points !== null) dose.points = settings.points;
  if (first.release_half_life_h !== undefined) dose.release_half_life_h = first.release_half_life_h;
  dose.at_day = settings.atDay;
  if (settings.everyDays !== null) {
    dose.every_days = settings.everyDays;
    if (settings.untilDay !== null) dose.until_day = settings.untilDay;
  }
  target.doses = [dose, ...doses.slice(1).map((d) => ({ ...d, product }))];
  return copy;
}

/** Catalogue ids of the arm's inhibitors (inline definitions are not listed). */
export function readInhibitors(doc: unknown, arm: string): string[] {
  const list = armOf(documentOf(doc), arm).inhibitors;
  return Array.isArray(list) ? list.filter((e): e is string => typeof e === 'string') : [];
}

/** Replaces the arm's inhibitor ids with `ids`; inline inhibitor definitions stay (after the ids). */
export function applyInhibitors(doc: unknown, arm: string, ids: readonly string[]): unknown {
  const { copy, target } = editArm(doc, arm);
  const inline = Array.isArray(target.inhibitors) ? target.inhibitors.filter((e) => typeof e !== 'string') : [];
  const list = [...new Set(ids), ...inline];
  if (list.length > 0) target.inhibitors = list;
  else delete target.inhibitors;
  return copy;
}

/** The arm's host: its own, else the scenario's, else "normal" (the schema default). */
export function readHost(doc: unknown, arm: string): string {
  const d = documentOf(doc);
  const own = armOf(d, arm).host;
  if (typeof own === 'string') return own;
  return typeof d.host === 'string' ? d.host : 'normal';
}

/** Gives the arm its own host (the other arms keep theirs). */
export function applyHost(doc: unknown, arm: string, host: string): unknown {
  const { copy, target } = editArm(doc, arm);
  target.host = host;
  return copy;
}

/** Sets the run's seed (both arms share it). */
export function applySeed(doc: unknown, seed: number): unknown {
  const copy = structuredClone(documentOf(doc));
  copy.seed = seed;
  return copy;
}

/** The scenario-level parameter overrides, by flattened name. */
export function readParameters(doc: unknown): Record<string, number> {
  const p = documentOf(doc).parameters;
  return isObject(p) ? ({ ...p } as Record<string, number>) : {};
}

/** Sets scenario-level parameter overrides (they apply to every arm); a null value removes the override. */
export function applyParameters(doc: unknown, values: Readonly<Record<string, number | null>>): unknown {
  const copy = structuredClone(documentOf(doc));
  const parameters = readParameters(copy);
  for (const [name, value] of Object.entries(values)) {
    if (value === null) delete parameters[name];
    else parameters[name] = value;
  }
  // No empty `parameters` object is added to a document that had none.
  if (Object.keys(parameters).length > 0 || Object.hasOwn(copy, 'parameters')) copy.parameters = parameters;
  return copy;
}

/** Sets one scenario-level parameter override; null removes it. */
export function applyParameter(doc: unknown, name: string, value: number | null): unknown {
  return applyParameters(doc, { [name]: value });
}

/** A product the picker offers, with its provenance. */
export interface ProductOption {
  id: string;
  label: string;
  evidence: Evidence;
  /** Citation or reasoning behind the product's potencies. */
  basis: string;
}

/** An id with words for a picker. */
export interface Choice {
  id: string;
  label: string;
}

/** What the treatment, inhibitor and host pickers offer for a model. */
export interface TreatmentOptions {
  /** The model takes exosome doses (otherwise products is empty and a dose is invalid). */
  doses: boolean;
  products: ProductOption[];
  routes: readonly Dose['route'][];
  inhibitors: Choice[];
  hosts: Choice[];
}

/** The model with this id, or an Error naming the known ones. */
export function modelOf(modelId: string): ModelDefinition {
  const model = findModel(modelId);
  if (!model) throw new Error(`no model "${modelId}" (models: ${Object.keys(MODELS).join(', ')})`);
  return model;
}

/** The picker choices for a model: catalogue products (when it takes doses), routes, inhibitors, hosts. */
export function treatmentOptions(modelId: string): TreatmentOptions {
  const spec = modelOf(modelId).compiled.spec;
  const doses = spec.dosing !== undefined;
  return {
    doses,
    products: doses ? Object.entries(PRODUCT_CATALOGUE).map(([id, p]) => ({ id, label: p.label, evidence: p.evidence, basis: p.basis })) : [],
    routes: ROUTES,
    inhibitors: Object.entries(spec.inhibitors ?? {}).map(([id, inh]) => ({ id, label: inh.label })),
    hosts: Object.entries(spec.hosts).map(([id, h]) => ({ id, label: h.label })),
  };
}

/** The model's parameters with unit, range, source and evidence, in declaration order. */
export function parameterList(modelId: string): NamedParameter[] {
  return [...modelOf(modelId).compiled.parameters.values()];
}

/** What an arm with this host gets for a parameter before scenario and arm overrides. */
export function hostValue(modelId: string, host: string, name: string): number | undefined {
  const model = modelOf(modelId);
  const override = model.compiled.spec.hosts[host]?.overrides[name];
  return override ?? model.compiled.parameters.get(name)?.value;
}

/** Why a value cannot override a parameter (not finite, outside min..max), or null when it can. */
export function parameterProblem(p: NamedParameter, value: number): string | null {
  if (!Number.isFinite(value)) return `${p.name}: expected a number in [${p.min}, ${p.max}] ${p.unit}`;
  if (!(p.min <= value && value <= p.max)) return `${p.name}: expected a value in [${p.min}, ${p.max}] ${p.unit}, found ${value}`;
  return null;
}
