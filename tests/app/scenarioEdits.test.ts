import { describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS } from '../../src/app/bundledScenarios.ts';
import { parsePageRun } from '../../src/app/pageRun.ts';
import {
  applyHost,
  applyInhibitors,
  applyParameter,
  applyParameters,
  applySeed,
  applyTreatment,
  describeTreatment,
  hostValue,
  INLINE_PRODUCT,
  parameterList,
  parameterProblem,
  readHost,
  readInhibitors,
  readParameters,
  readTreatment,
  ROUTES,
  sameTreatment,
  treatmentOptions,
  type TreatmentSettings,
} from '../../src/app/scenarioEdits.ts';
import { PRODUCT_CATALOGUE } from '../../src/model/catalogue/products.ts';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';

const skin = BUNDLED_SCENARIOS.find((b) => b.id === 'skin-wound')!;
const diabetic = BUNDLED_SCENARIOS.find((b) => b.id === 'diabetic-wound')!;
const demo = BUNDLED_SCENARIOS.find((b) => b.id === 'engine-demo')!;

/** A deep copy taken before an edit, to show the edit left its input alone. */
function frozen(doc: unknown): string {
  return JSON.stringify(doc);
}

function validate(doc: unknown, arms: [string, string] = ['untreated', 'treated']) {
  return parsePageRun({ scenario: doc, source: 'edited.json', sets: [], arms });
}

/** The ScenarioError a run throws (fails the test when it does not throw one). */
function scenarioError(doc: unknown): ScenarioError {
  try {
    validate(doc);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw e;
  }
  throw new Error('expected a ScenarioError, the scenario validated');
}

const repeated: TreatmentSettings = {
  product: 'adsc-exos',
  amount: 2e9,
  unit: 'particles',
  route: 'topical',
  atDay: 1,
  everyDays: 3,
  untilDay: 10,
  points: null,
};

describe('treatment', () => {
  it('reads the first dose of the compared arm, null for an arm without doses', () => {
    expect(readTreatment(skin.document, 'treated')).toEqual({
      product: 'bmsc-exos', amount: 100, unit: 'ug', route: 'margin_injection', atDay: 0, everyDays: null, untilDay: null, points: 8,
    });
    expect(readTreatment(skin.document, 'untreated')).toBeNull();
  });

  it('round-trips settings through a valid scenario that resolves to the new dose', () => {
    const before = frozen(skin.document);
    const doc = applyTreatment(skin.document, 'treated', repeated);
    expect(frozen(skin.document)).toBe(before);
    expect(readTreatment(doc, 'treated')).toEqual(repeated);
    const parsed = validate(doc);
    const dose = parsed.scenario.arms.treated.doses![0];
    expect(dose).toMatchObject({ product: 'adsc-exos', amount: 2e9, unit: 'particles', route: 'topical', at_day: 1, every_days: 3, until_day: 10 });
    expect(dose.points).toBeUndefined();
    // ADSC-exos carry Wnt (1.5); BMSC-exos, the shipped product, carry none.
    expect(resolveRun(parsed, 'treated').armContext.potency.wnt).toBe(PRODUCT_CATALOGUE['adsc-exos'].cargo.wnt);
    expect(resolveRun(validate(skin.document), 'treated').armContext.potency.wnt).toBe(0);
  });

  it('replaces the arm description when the dose changes, and only then', () => {
    const same = applyTreatment(skin.document, 'treated', readTreatment(skin.document, 'treated'));
    expect(same).toEqual(skin.document);
    const doc = applyTreatment(skin.document, 'treated', repeated);
    expect(validate(doc).scenario.arms.treated.description).toBe('2000000000 particles adsc-exos, topical, on day 1, every 3 days until day 10 (edited on the page)');
    expect(describeTreatment(null)).toBe('no dose');
    expect(sameTreatment(repeated, { ...repeated })).toBe(true);
    expect(sameTreatment(repeated, { ...repeated, points: 3 })).toBe(false);
  });

  it('creates a dose in an arm that has none, and removes doses with null', () => {
    const doc = applyTreatment(skin.document, 'untreated', { ...repeated, route: 'margin_injection', points: 4, everyDays: null, untilDay: 10 });
    const dose = validate(doc).scenario.arms.untreated.doses![0];
    expect(dose.points).toBe(4);
    // until_day without every_days would be invalid: a one-off dose drops it.
    expect(dose.until_day).toBeUndefined();
    const none = applyTreatment(doc, 'untreated', null);
    expect(readTreatment(none, 'untreated')).toBeNull();
    validate(none);
  });

  it('keeps the region, release half-life and inline product of the first dose; later doses follow the product', () => {
    const inline = { ...PRODUCT_CATALOGUE['bmsc-exos'], label: 'my exos' };
    const base = structuredClone(skin.document) as { arms: { treated: { doses: object[] } } };
    base.arms.treated.doses = [
      { product: inline, amount: 10, unit: 'ug', route: 'carrier', region: 'defect', release_half_life_h: 24, at_day: 0 },
      { product: inline, amount: 5, unit: 'ug', route: 'carrier', release_half_life_h: 24, at_day: 3 },
    ];
    const settings = readTreatment(base, 'treated')!;
    expect(settings.product).toBe(INLINE_PRODUCT);
    const doc = applyTreatment(base, 'treated', { ...settings, amount: 20 });
    const doses = validate(doc).scenario.arms.treated.doses!;
    expect(doses[0]).toMatchObject({ product: inline, amount: 20, region: 'defect', release_half_life_h: 24 });
    expect(doses[1]).toMatchObject({ amount: 5, at_day: 3 });
    const switched = validate(applyTreatment(doc, 'treated', { ...settings, product: 'epc-exos' })).scenario.arms.treated.doses!;
    expect(switched.map((d) => d.product)).toEqual(['epc-exos', 'epc-exos']);
  });

  it('an unknown product or a bad schedule is reported at its path', () => {
    const unknown = scenarioError(applyTreatment(skin.document, 'treated', { ...repeated, product: 'snake-oil' }));
    expect(unknown.issues.map((i) => i.path)).toEqual(['arms.treated.doses.0.product']);
    const early = scenarioError(applyTreatment(skin.document, 'treated', { ...repeated, atDay: 5, untilDay: 2 }));
    expect(early.issues.map((i) => i.path)).toEqual(['arms.treated.doses.0.until_day']);
    const nan = scenarioError(applyTreatment(skin.document, 'treated', { ...repeated, amount: Number.NaN }));
    expect(nan.issues.map((i) => i.path)).toEqual(['arms.treated.doses.0.amount']);
  });

  it('names the arms when the arm is missing', () => {
    expect(() => applyTreatment(skin.document, 'sham', repeated)).toThrow(/no arm "sham" \(arms: untreated, treated\)/);
    expect(() => readTreatment(42, 'treated')).toThrow(/expected a JSON object, found number/);
  });
});

describe('inhibitors, host, seed', () => {
  it('sets catalogue inhibitors and keeps inline ones', () => {
    const inline = { kind: 'neutralise_field', label: 'half the VEGF', field: 'vegf', fraction: 0.5 };
    const base = applyInhibitors(skin.document, 'treated', ['anti_vegf']);
    (base as { arms: { treated: { inhibitors: unknown[] } } }).arms.treated.inhibitors.push(inline);
    const before = frozen(base);
    const doc = applyInhibitors(base, 'treated', ['pi3k_inhibitor', 'wnt_inhibitor', 'pi3k_inhibitor']);
    expect(frozen(base)).toBe(before);
    expect(readInhibitors(doc, 'treated')).toEqual(['pi3k_inhibitor', 'wnt_inhibitor']);
    expect(validate(doc).scenario.arms.treated.inhibitors).toEqual(['pi3k_inhibitor', 'wnt_inhibitor', inline]);
    const cleared = applyInhibitors(skin.document, 'treated', []);
    expect((cleared as { arms: { treated: object } }).arms.treated).not.toHaveProperty('inhibitors');
  });

  it('an inhibitor the model lacks is reported at its path', () => {
    const e = scenarioError(applyInhibitors(skin.document, 'treated', ['pi3k_inhibitor', 'kryptonite']));
    expect(e.issues.map((i) => i.path)).toEqual(['arms.treated.inhibitors.1']);
  });

  it('gives the compared arm its own host; the reference arm keeps the scenario host', () => {
    expect(readHost(diabetic.document, 'treated')).toBe('diabetic');
    const before = frozen(diabetic.document);
    const doc = applyHost(diabetic.document, 'treated', 'normal');
    expect(frozen(diabetic.document)).toBe(before);
    expect(readHost(doc, 'treated')).toBe('normal');
    expect(readHost(doc, 'untreated')).toBe('diabetic');
    const parsed = validate(doc);
    expect(resolveRun(parsed, 'treated').values.get('macrophage.switch_rate')).toBe(hostValue('skin', 'normal', 'macrophage.switch_rate'));
    expect(resolveRun(parsed, 'untreated').values.get('macrophage.switch_rate')).toBe(0.6);
    expect(scenarioError(applyHost(doc, 'treated', 'martian')).issues.map((i) => i.path)).toEqual(['arms.treated.host']);
  });

  it('sets the seed; a seed outside 0..2^32-1 is reported at "seed"', () => {
    const doc = applySeed(skin.document, 12345);
    expect(validate(doc).scenario.seed).toBe(12345);
    expect((skin.document as { seed: number }).seed).toBe(1);
    expect(scenarioError(applySeed(skin.document, -1)).issues.map((i) => i.path)).toEqual(['seed']);
    expect(scenarioError(applySeed(skin.document, 1.5)).issues.map((i) => i.path)).toEqual(['seed']);
  });
});

describe('parameters', () => {
  it('sets and removes scenario-level overrides', () => {
    const before = frozen(skin.document);
    const doc = applyParameter(skin.document, 'keratinocyte.speed', 0.2);
    expect(frozen(skin.document)).toBe(before);
    expect(readParameters(doc)).toEqual({ 'keratinocyte.speed': 0.2 });
    const parsed = validate(doc);
    expect(resolveRun(parsed, 'untreated').values.get('keratinocyte.speed')).toBe(0.2);
    expect(readParameters(applyParameter(doc, 'keratinocyte.speed', null))).toEqual({});
    expect(applyParameters(skin.document, { 'keratinocyte.speed': null })).not.toHaveProperty('parameters');
    const both = applyParameters(doc, { 'fibroblast.cycle': 30, 'keratinocyte.speed': null });
    expect(readParameters(both)).toEqual({ 'fibroblast.cycle': 30 });
  });

  it('a value outside the spec range gives a ScenarioError naming parameters.<name>', () => {
    const p = parameterList('skin').find((q) => q.name === 'keratinocyte.speed')!;
    const e = scenarioError(applyParameter(skin.document, p.name, p.max * 2));
    expect(e.issues.map((i) => i.path)).toEqual(['parameters.keratinocyte.speed']);
    expect(e.message).toContain(`[${p.min}, ${p.max}]`);
    expect(parameterProblem(p, p.max * 2)).toMatch(/keratinocyte\.speed: expected a value in \[/);
    expect(parameterProblem(p, Number.NaN)).toMatch(/expected a number/);
    expect(parameterProblem(p, p.min)).toBeNull();
    expect(parameterProblem(p, p.max)).toBeNull();
  });

  it('every parameter at its min and max validates', () => {
    for (const b of [skin, demo]) {
      const model = (b.document as { model: string }).model;
      const list = parameterList(model);
      expect(list.length).toBeGreaterThan(10);
      for (const end of ['min', 'max'] as const) {
        const doc = applyParameters(b.document, Object.fromEntries(list.map((p) => [p.name, p[end]])));
        parsePageRun({ scenario: doc, source: b.source, sets: [], arms: b.arms });
      }
    }
  });
});

describe('picker options', () => {
  it('offers every catalogue product with provenance, the schema routes, and the skin inhibitors and hosts', () => {
    const o = treatmentOptions('skin');
    expect(o.doses).toBe(true);
    expect(o.products.map((p) => p.id)).toEqual(Object.keys(PRODUCT_CATALOGUE));
    for (const p of o.products) {
      expect(p.label.length).toBeGreaterThan(0);
      expect(p.basis.length).toBeGreaterThan(0);
      expect(['literature', 'model', 'assumed', 'calibrated']).toContain(p.evidence);
    }
    expect(o.routes).toEqual(ROUTES);
    expect(ROUTES).toContain('margin_injection');
    expect(o.inhibitors.map((i) => i.id)).toContain('pi3k_inhibitor');
    expect(o.hosts).toEqual([{ id: 'normal', label: 'Normal' }, { id: 'diabetic', label: 'Diabetic / chronic' }]);
  });

  it('every option yields a valid scenario', () => {
    const o = treatmentOptions('skin');
    const base = readTreatment(skin.document, 'treated')!;
    for (const p of o.products) validate(applyTreatment(skin.document, 'treated', { ...base, product: p.id }));
    for (const route of o.routes) validate(applyTreatment(skin.document, 'treated', { ...base, route }));
    validate(applyInhibitors(skin.document, 'treated', o.inhibitors.map((i) => i.id)));
    for (const h of o.hosts) validate(applyHost(skin.document, 'treated', h.id));
  });

  it('offers no products for a model without doses, and names the models for an unknown one', () => {
    const o = treatmentOptions('demo');
    expect(o.doses).toBe(false);
    expect(o.products).toEqual([]);
    expect(o.inhibitors).toEqual([]);
    expect(o.hosts.map((h) => h.id)).toEqual(['normal', 'sluggish']);
    validate(applyHost(demo.document, 'sluggish', 'normal'), demo.arms);
    expect(() => treatmentOptions('cartilage')).toThrow(/no model "cartilage" \(models: /);
  });
});
