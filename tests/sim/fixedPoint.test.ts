/** Fixed-point deposit scales: every per-cell rate of a run is resolved finely, and sums cannot overflow. */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/scenario/parse.ts';
import { exchangeScales, MAX_AGENTS_PER_VOXEL, MAX_RULE_SCALE } from '../../src/sim/fixedPoint.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import { loadScenario } from './helpers.ts';

const cases = [
  ['scenarios/skin-wound.json', 'untreated'],
  ['scenarios/diabetic-wound.json', 'untreated'],
  ['scenarios/engine-demo.json', 'baseline'],
] as const;

describe('exchangeScales', () => {
  it.each(cases)('%s: every secretion and uptake rate is at least 10^4 quanta, and the largest sums fit in int32', (path, arm) => {
    const setup = resolveRun(validateScenario(loadScenario(path), path), arm);
    const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
    const scales = exchangeScales(tables);
    const F = tables.fields;
    let checked = 0;
    for (let t = 0; t < tables.types; t++) {
      for (let k = 0; k < F; k++) {
        const s = tables.secretion[t * F + k];
        const c = tables.clearance[t * F + k];
        if (s > 0) {
          // a rule may lower a rate 10-fold and it is still resolved to 1e-3 or better
          expect(s * scales.secretionScale[k]).toBeGreaterThanOrEqual(1e4);
          checked++;
        }
        if (c > 0) {
          expect(c * scales.clearanceScale[k]).toBeGreaterThanOrEqual(1e4);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    for (let k = 0; k < F; k++) {
      expect(MAX_AGENTS_PER_VOXEL * scales.secretionMax[k] * scales.secretionScale[k]).toBeLessThanOrEqual(2 ** 31 - 1);
      expect(MAX_AGENTS_PER_VOXEL * scales.clearanceMax[k] * scales.clearanceScale[k]).toBeLessThanOrEqual(2 ** 31 - 1);
      if (scales.secretionMax[k] > 0) expect(scales.secretionMax[k]).toBe(Math.max(...Array.from({ length: tables.types }, (_, t) => tables.secretion[t * F + k])) * MAX_RULE_SCALE);
    }
  });
});
