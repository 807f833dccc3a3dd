/**
 * KernelContext.sample keeps the voxel of the last position it located: samples at a run of positions
 * (repeated, sharing x or y, on the domain's edges and beyond) and over rebound fields must equal the
 * field at the voxel under each position times the field's availability.
 */
import { describe, expect, it } from 'vitest';
import { KernelContext } from '../../../src/sim/cpu/kernelContext.ts';
import { voxelAt } from '../../../src/sim/grid.ts';
import { buildPhenotypeTables } from '../../../src/sim/phenotypeTables.ts';
import { makeRun, smallDemo } from '../helpers.ts';

describe('KernelContext.sample', () => {
  it('reads the voxel under each position, whatever position and fields came before', () => {
    const run = makeRun(smallDemo(), [], 'baseline');
    const { setup } = run;
    const ctx = KernelContext.forRun(setup, buildPhenotypeTables(setup.model.compiled, setup.values));
    const { cells, width, height } = setup.grid;
    const F = setup.model.compiled.spec.fields.length;
    const fieldsA = Float32Array.from({ length: F * cells }, (_, k) => k + 0.5);
    const fieldsB = Float32Array.from({ length: F * cells }, (_, k) => 3 * k + 1);
    const positions = [
      [10, 10],
      [10, 10],
      [10, 35],
      [35, 35],
      [35, 35],
      [0, 0],
      [width, height],
      [-5, height + 40],
      [499.99, 500.01],
      [500, 500],
    ];
    let checked = 0;
    for (const fields of [fieldsA, fieldsB, fieldsA]) {
      ctx.bind(ctx.f, ctx.u, fields, setup.rngSeed, 0);
      for (const [x, y] of positions) {
        for (let field = 0; field < F; field++) {
          const expected = fields[field * cells + voxelAt(setup.grid, x, y)] * ctx.availability[field];
          expect(ctx.sample(field, x, y)).toBe(expected);
          checked++;
        }
      }
    }
    expect(checked).toBe(3 * positions.length * F);
  });
});
