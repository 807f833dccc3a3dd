/**
 * The validation's quarter fracture sections (claims 6, 9 and 11: the page's preview cut at the gap's mid-plane
 * and along the bone's axis, domain.mirror on the right edge, half the load): at the start of a run their
 * strains are the uncut section's over the quarter they keep, and without the mirror edge they are not.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prepareArm } from '../../../src/cli/runCommand.ts';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { MechanicsUpdate } from '../../../src/sim/mechanics/updateMechanics.ts';
import { fieldOf } from './mechanicsRun.ts';

/** The strain fields of the untreated arm's initial tissue, with the claim file read after `sets`. */
function initialStrains(claim: string, sets: readonly string[]) {
  const path = `scenarios/experiments/${claim}.json`;
  const parsed = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path, sets);
  const { setup, state } = prepareArm(parsed, 'untreated', path);
  const fields = state.fields.slice();
  MechanicsUpdate.forRun(setup)!.update(fields);
  return { nx: setup.grid.nx, ny: setup.grid.ny, shear: fieldOf(setup, fields, 'strain'), axial: fieldOf(setup, fields, 'axial_strain') };
}

/** Largest difference between the cut section's strains and the uncut one's over the kept quarter (top left). */
function largestDifference(cut: ReturnType<typeof initialStrains>, whole: ReturnType<typeof initialStrains>): number {
  let worst = 0;
  for (const key of ['shear', 'axial'] as const) {
    for (let j = 0; j < cut.ny; j++) {
      for (let i = 0; i < cut.nx; i++) worst = Math.max(worst, Math.abs(cut[key][j * cut.nx + i] - whole[key][j * whole.nx + i]));
    }
  }
  return worst;
}

describe('quarter fracture sections of the validation', () => {
  for (const claim of ['claim-6', 'claim-9']) {
    it(`${claim}: the quarter's initial strains are the whole preview section's`, () => {
      const reduced = (JSON.parse(readFileSync(`scenarios/experiments/${claim}.json`, 'utf8')) as { experiment: { reduced: { set: string[] } } }).experiment.reduced.set;
      const preview = reduced.slice(0, reduced.indexOf('time.dt_min=30') + 1);
      const whole = initialStrains(claim, preview);
      const quarter = initialStrains(claim, reduced);
      expect(quarter.nx * 2).toBe(whole.nx);
      const scale = Math.max(...whole.shear);
      expect(scale).toBeGreaterThan(0.001);
      expect(largestDifference(quarter, whole)).toBeLessThan(1e-3 * scale);
      // The same cut with a free edge on the axis bulges across it: the mirror condition is what makes the quarter exact.
      const free = initialStrains(claim, reduced.filter((l) => !l.startsWith('domain.mirror')));
      expect(largestDifference(free, whole)).toBeGreaterThan(0.02 * scale);
    });
  }
});
