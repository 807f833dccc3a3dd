import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BONE_REDUCED_GEOMETRY, BUNDLED_SCENARIOS, bundledRun, bundledScenario, defaultArms, findBundled, isPreviewRun, previewSetsFor, runSets } from '../../src/app/bundledScenarios.ts';
import { parsePageRun } from '../../src/app/pageRun.ts';
import { applyTreatment, readTreatment } from '../../src/app/scenarioEdits.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';
import { maskAreaMm2, rasterizeRegions } from '../../src/scenario/regions.ts';
import { makeGrid } from '../../src/sim/grid.ts';

describe('bundled scenarios', () => {
  it('offers the skin wounds, the four bone scenarios and engine-demo', () => {
    expect(BUNDLED_SCENARIOS.map((b) => b.id)).toEqual(['skin-wound', 'diabetic-wound', 'fracture-gap', 'nonunion', 'calvarial-defect', 'osteochondral-defect', 'engine-demo']);
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
        if (parsed.model.compiled.spec.id === 'skin') expect(parsed.scenario.domain.width_um).toBe(2400);
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

  it('previews each bone scenario with its experiments\' reduced geometry before mirroring, on a 50 µm grid, the defect unchanged', () => {
    const claims: Record<string, string[]> = { 'fracture-gap': ['claim-9', 'claim-11'], nonunion: ['claim-6'], 'calvarial-defect': ['claim-7', 'claim-8'], 'osteochondral-defect': ['claim-10'] };
    for (const [id, files] of Object.entries(claims)) {
      const b = bundledScenario(id)!;
      for (const claim of files) {
        const reduced = (JSON.parse(readFileSync(`scenarios/experiments/${claim}.json`, 'utf8')) as { experiment: { reduced: { set: string[] } } }).experiment.reduced.set;
        // The validation's reduced configuration is the page's preview geometry on the preview grid, then (claims 6-9, 11) a mirror cut.
        const geometry = reduced.filter((l) => !l.startsWith('arms.'));
        const n = BONE_REDUCED_GEOMETRY[id].length;
        expect(geometry.slice(0, n), `${claim} against the ${id} preview`).toEqual(BONE_REDUCED_GEOMETRY[id]);
        expect(geometry.slice(n, n + 2), `${claim}: the preview grid`).toEqual(['domain.dx_um=50', 'time.dt_min=30']);
      }
      expect(b.preview!.sets).toEqual([...BONE_REDUCED_GEOMETRY[id], 'domain.dx_um=50', 'max_agents=60000']);
      const full = parsePageRun(bundledRun(b, false)).scenario;
      const preview = parsePageRun(bundledRun(b, true)).scenario;
      expect(preview.domain.dx_um).toBe(50);
      const defectArea = (sc: typeof full) => {
        const grid = makeGrid(sc.domain.width_um, sc.domain.height_um, sc.domain.dx_um, sc.domain.depth_um);
        return maskAreaMm2(grid, rasterizeRegions(grid, sc.regions).get('defect')!);
      };
      expect(Math.abs(defectArea(preview) / defectArea(full) - 1), `${id}: defect area at preview scale`).toBeLessThan(0.005);
      expect(b.previewLabel).toMatch(/50 µm grid/);
    }
    // The osteochondral preview's joint-space strip is 3 of 4 mm: its intra-articular dose is 3/4 of the full one, as in claim 10.
    expect(bundledScenario('osteochondral-defect')!.previewSets).toContain('arms.treated.doses.0.amount=0.0075');
    expect(bundledScenario('nonunion')!.previewSets).toContain('arms.bmp2_inhibitor.doses.0.amount=0.61');
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
