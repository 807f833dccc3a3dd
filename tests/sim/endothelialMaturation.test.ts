/**
 * Endothelial tip → stalk (anastomosis): a tip stops when the vessel density over a patch one patch diameter
 * ahead reaches endothelial.mature_at, and not because of the trail it lays under itself. The skin model
 * (skinRules.ts) looks ahead along the stored heading; the bone model (boneRules.ts) along the way the tip
 * migrates: the heading weighted 1 - b plus the VEGF gradient's direction weighted b.
 */
import { describe, expect, it } from 'vitest';
import { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { loadScenario, makeRun } from './helpers.ts';

type Profile = (x: number, y: number) => number;

const SKIN: [string, string[]] = ['scenarios/skin-wound.json', ['domain.width_um=400', 'domain.height_um=400', 'regions.defect.center_um=[200,200]', 'regions.defect.radius_um=100']];
const BONE: [string, string[]] = ['scenarios/fracture-gap.json', ['domain.width_um=400', 'domain.height_um=400']];

/** The state of a tip at (200, 200) µm with the given random heading (default +x) after one rule update, in the given vessel (and VEGF) fields. */
function tipAfterOneUpdate(vesselAt: Profile, model: [string, string[]] = SKIN, vegfAt: Profile = () => 0, heading: [number, number] = [1, 0]): string {
  const run = makeRun(loadScenario(model[0]), model[1], 'untreated');
  const { setup } = run;
  const compiled = setup.model.compiled;
  const ctx = KernelContext.forRun(setup, buildPhenotypeTables(compiled, setup.values));
  const { nx, ny, dx, cells } = setup.grid;
  const fields = new Float32Array(compiled.spec.fields.length * cells);
  const vessel = compiled.fieldIndex.vessel;
  const vegf = compiled.fieldIndex.vegf;
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      fields[vessel * cells + j * nx + i] = vesselAt((i + 0.5) * dx, (j + 0.5) * dx);
      fields[vegf * cells + j * nx + i] = vegfAt((i + 0.5) * dx, (j + 0.5) * dx);
    }
  }
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
  f[o.dirX] = heading[0];
  f[o.dirY] = heading[1];
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

describe('endothelial anastomosis in the bone model: ahead along the way the tip migrates', () => {
  const trailBehind: Profile = (x) => (x < 190 ? 0.24 : 0);
  it('a tip whose random heading points back at its trail but which migrates up VEGF into open tissue stays a tip', () => {
    expect(tipAfterOneUpdate(trailBehind, BONE, (x) => x / 100, [-1, 0])).toBe('tip');
  });

  it('the same tip without a VEGF gradient looks along its heading and takes its trail for a vessel', () => {
    expect(tipAfterOneUpdate(trailBehind, BONE, () => 1, [-1, 0])).toBe('stalk');
  });

  it('a tip migrating up VEGF into a vessel becomes a stalk whatever its random heading', () => {
    expect(tipAfterOneUpdate((x) => (x > 220 ? 0.2 : 0), BONE, (x) => x / 100, [-1, 0])).toBe('stalk');
  });
});
