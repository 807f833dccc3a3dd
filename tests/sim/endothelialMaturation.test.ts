/**
 * Endothelial tip → stalk (anastomosis, skinRules.ts): a tip stops when the vessel density over a patch one
 * patch diameter ahead along its heading reaches endothelial.mature_at, and not because of the trail it
 * lays under itself.
 */
import { describe, expect, it } from 'vitest';
import { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { loadScenario, makeRun } from './helpers.ts';

function tipAfterOneUpdate(vesselAt: (x: number, y: number) => number): string {
  const run = makeRun(loadScenario('scenarios/skin-wound.json'), ['domain.width_um=400', 'domain.height_um=400', 'regions.defect.center_um=[200,200]', 'regions.defect.radius_um=100'], 'untreated');
  const { setup } = run;
  const compiled = setup.model.compiled;
  const ctx = KernelContext.forRun(setup, buildPhenotypeTables(compiled, setup.values));
  const { nx, ny, dx, cells } = setup.grid;
  const fields = new Float32Array(compiled.spec.fields.length * cells);
  const vessel = compiled.fieldIndex.vessel;
  for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) fields[vessel * cells + j * nx + i] = vesselAt((i + 0.5) * dx, (j + 0.5) * dx);
  const stride = compiled.layout.stride;
  const f = new Float32Array(stride);
  const u = new Uint32Array(f.buffer);
  const o = compiled.layout.offset;
  const endothelial = compiled.cellTypeIndex.endothelial;
  u[o.cellType] = endothelial;
  u[o.cellState] = compiled.stateIndex.endothelial.tip;
  u[o.id] = 7;
  f[o.x] = 200;
  f[o.y] = 200;
  f[o.dirX] = 1;
  f[o.dirY] = 0;
  ctx.bind(f, u, fields, setup.rngSeed, 0);
  setup.rules.updateAgent!(ctx, 0, endothelial);
  return compiled.spec.cellTypes[endothelial].states![u[o.cellState]];
}

describe('endothelial anastomosis', () => {
  it('a tip on its own dense trail, heading into open tissue, stays a tip', () => {
    expect(tipAfterOneUpdate((x) => (x < 230 ? 0.24 : 0))).toBe('tip');
  });

  it('a tip heading into a vessel at the mature density becomes a stalk', () => {
    expect(tipAfterOneUpdate((x) => (x > 220 ? 0.2 : 0))).toBe('stalk');
  });

  it('a tip heading away from a vessel behind it stays a tip', () => {
    expect(tipAfterOneUpdate((x) => (x < 180 ? 0.2 : 0))).toBe('tip');
  });
});
