import { describe, expect, it } from 'vitest';
import { BUNDLED_SCENARIOS, bundledRun, bundledScenario, defaultArms, findBundled, isPreviewRun, previewSetsFor, runSets } from '../../src/app/bundledScenarios.ts';
import { parsePageRun } from '../../src/app/pageRun.ts';
import { applyTreatment, readTreatment } from '../../src/app/scenarioEdits.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';

describe('bundled scenarios', () => {
  it('offers skin-wound, diabetic-wound and engine-demo', () => {
    expect(BUNDLED_SCENARIOS.map((b) => b.id)).toEqual(['skin-wound', 'diabetic-wound', 'engine-demo']);
  });

  for (const b of BUNDLED_SCENARIOS) {
    it(`${b.id} validates at full scale and its default arms exist`, () => {
      const parsed = parsePageRun(bundledRun(b, false));
      for (const arm of b.arms) expect(Object.keys(parsed.scenario.arms)).toContain(arm);
      expect(b.arms[0]).not.toBe(b.arms[1]);
    });

    it(`${b.id} validates with its preview sets`, () => {
      const run = bundledRun(b, true);
      expect(run.sets).toEqual(b.previewSets);
      const parsed = parsePageRun(run);
      if (b.preview) {
        expect(parsed.scenario.domain.width_um).toBe(2400);
        expect(parsed.scenario.max_agents).toBe(60000);
      } else expect(run.sets).toEqual([]);
    });
  }

  it('the skin wounds preview with exactly the reduced skin wound of the validation suite', () => {
    for (const id of ['skin-wound', 'diabetic-wound']) {
      const b = BUNDLED_SCENARIOS.find((s) => s.id === id)!;
      expect([...b.previewSets].sort()).toEqual([...REDUCED_SKIN_WOUND].sort());
      expect(b.previewLabel).toMatch(/2\.4 mm/);
    }
    expect(BUNDLED_SCENARIOS.find((s) => s.id === 'engine-demo')!.previewLabel).toBeNull();
  });

  it('scales an edited dose to the preview area instead of resetting it', () => {
    const b = BUNDLED_SCENARIOS[0];
    const doc = applyTreatment(b.document, 'treated', { ...readTreatment(b.document, 'treated')!, amount: 200, everyDays: 2 });
    const sets = previewSetsFor(b.preview!, doc);
    expect(sets).toContain('arms.treated.doses.0.amount=14');
    expect(runSets(doc, true)).toEqual(sets);
    expect(runSets(doc, false)).toEqual([]);
    const parsed = parsePageRun({ scenario: doc, source: b.source, sets, arms: b.arms });
    expect(parsed.scenario.arms.treated.doses![0].amount).toBe(14);
  });

  it('tells preview runs from full runs', () => {
    const b = BUNDLED_SCENARIOS[1];
    expect(isPreviewRun(bundledRun(b, true))).toBe(true);
    expect(isPreviewRun(bundledRun(b, false))).toBe(false);
    expect(isPreviewRun({ ...bundledRun(b, true), sets: [...b.previewSets, 'seed=3'] })).toBe(false);
    expect(findBundled({ id: 'elsewhere' })).toBeUndefined();
    expect(findBundled(b.document)).toBe(b);
    expect(bundledScenario('diabetic-wound')).toBe(b);
  });

  it('bundled runs are copies: editing one leaves the shipped document alone', () => {
    const b = BUNDLED_SCENARIOS[0];
    const run = bundledRun(b, false);
    (run.scenario as { seed: number }).seed = 99;
    expect((b.document as { seed: number }).seed).toBe(1);
  });

  it('picks untreated/treated, else the first two arms, and refuses a single arm', () => {
    expect(defaultArms({ arms: { treated: {}, sham: {}, untreated: {} } }, 'x.json')).toEqual(['untreated', 'treated']);
    expect(defaultArms({ arms: { baseline: {}, sluggish: {}, third: {} } }, 'x.json')).toEqual(['baseline', 'sluggish']);
    expect(() => defaultArms({ arms: { only: {} } }, 'x.json')).toThrow(/x\.json: .*has 1 \(only\)/);
  });
});
