/**
 * Touched-voxel conversion (touchedVoxels.ts, FieldExchange.build with `touched`): the terms built from the
 * listed voxels are the same bits as from whole ranges, and the accumulators end up zero either way.
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { FieldExchange } from '../../../src/sim/cpu/diffuseFields.ts';
import { TouchedVoxels } from '../../../src/sim/cpu/touchedVoxels.ts';
import { exchangeScales } from '../../../src/sim/fixedPoint.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { buildPhenotypeTables } from '../../../src/sim/phenotypeTables.ts';
import { resolveRun } from '../../../src/sim/runSetup.ts';
import { loadScenario } from '../helpers.ts';

describe('TouchedVoxels', () => {
  it('lists the marked voxels in ascending order and clears the marks', () => {
    const t = new TouchedVoxels(10);
    for (const v of [7, 2, 9, 2]) t.marks[v] = 1;
    expect(t.collect()).toBe(3);
    expect(Array.from(t.list.subarray(0, t.count))).toEqual([2, 7, 9]);
    expect(t.marks.every((m) => m === 0)).toBe(true);
    expect(t.collect()).toBe(0);
  });

  it('gives the terms of a whole-range conversion from the touched voxels alone', () => {
    const parsed = validateScenario(loadScenario('scenarios/skin-wound.json'), 'test', ['time.days=0.0625']);
    const setup = resolveRun(parsed, 'treated');
    const scales = exchangeScales(buildPhenotypeTables(setup.model.compiled, setup.values));
    const fields = createInitialState(setup).fields;
    const cells = setup.grid.cells;
    const whole = new FieldExchange(setup, scales);
    const listed = new FieldExchange(setup, scales);
    expect(whole.agentJobs.length).toBeGreaterThan(1);
    const touched = new TouchedVoxels(cells);
    let seed = 99;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16; // 0..65535, deterministic
    for (let step = 0; step < 3; step++) {
      // Deposits as agents make them: only into the ranges of fields with jobs, each voxel marked.
      const secretion = new Int32Array(fields.length);
      const clearance = new Int32Array(fields.length);
      for (let n = 0; n < 500; n++) {
        const job = whole.agentJobs[next() % whole.agentJobs.length];
        const v = (next() * 7919 + next()) % cells;
        (job.kind === 'source' ? secretion : clearance)[job.field * cells + v] += 1 + (next() % 4096);
        touched.marks[v] = 1;
      }
      whole.build(fields, secretion.slice(), clearance.slice(), true);
      touched.collect();
      listed.build(fields, secretion, clearance, true, touched);
      for (let f = 0; f < whole.fieldCount; f++) {
        for (const [a, b] of [
          [whole.sourceFor(f), listed.sourceFor(f)],
          [whole.uptakeFor(f), listed.uptakeFor(f)],
        ]) {
          expect(b === null).toBe(a === null);
          if (a && b) expect(Buffer.from(b.buffer, b.byteOffset, b.byteLength).equals(Buffer.from(a.buffer, a.byteOffset, a.byteLength))).toBe(true);
        }
      }
      expect(secretion.every((q) => q === 0) && clearance.every((q) => q === 0)).toBe(true);
    }
  });
});
