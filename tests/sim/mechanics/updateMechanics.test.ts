/** The mechanics update from tissue fields to strain fields: load, composition, fixator, the fracture gap. */
import { describe, expect, it } from 'vitest';
import { mechanicsBench, meanWhere } from './mechanicsTestModel.ts';

const NU = 0.3;
/** γ_oct of uniaxial stress with axial strain ε. */
const uniaxialOctahedral = (eps: number) => ((2 * Math.SQRT2) / 3) * (1 + NU) * Math.abs(eps);

describe('mechanics update', () => {
  it('a uniform bar under load F strains by F/(E·A), A = width × slab thickness, in every voxel', () => {
    // 1.2 mm wide, 3 mm long, 0.5 mm thick; soft tissue of 1 MPa; F = 0.06 N: ε = 0.06 / (1 · 1.2 · 0.5) = 0.1.
    const b = mechanicsBench(12, 30, 100, 500, { 'mechanics.load': 0.06 });
    const report = b.update.update(b.fields);
    expect(report.solved).toBe(true);
    expect(report.reaction).toBeCloseTo((1 * 1.2 * 0.5) / 3, 8);
    for (const v of b.field('axial_strain')) expect(v).toBeCloseTo(0.1, 6);
    for (const v of b.field('shear_strain')) expect(v).toBeCloseTo(uniaxialOctahedral(0.1), 6);
  });

  it('mixes the tissue moduli by their fractions, scaling fractions that sum above 1', () => {
    const b = mechanicsBench(6, 12, 100, 1000, { 'mechanics.load': 1 });
    const A = 0.6 * 1;
    b.field('woven').fill(0.5); // E = 0.5·1 + 0.5·1000 = 500.5 MPa
    b.update.update(b.fields);
    expect(b.field('axial_strain')[17]).toBeCloseTo(1 / (500.5 * A), 8);
    b.field('lamellar').fill(1.5); // clamped to 1, then 0.5 + 1 scaled to 1/3 + 2/3: E = 1000/3 + 2·17000/3
    b.update.update(b.fields);
    expect(b.field('axial_strain')[17] * (((1000 + 34000) / 3) * A)).toBeCloseTo(1, 6);
  });

  it('shares the load with the fixator: u = F / (k_fix + R1)', () => {
    const free = mechanicsBench(10, 20, 100, 1000, { 'mechanics.load': 2 });
    const R1 = free.update.update(free.fields).reaction; // 1 MPa · 1 mm · 1 mm / 2 mm = 0.5 N/mm
    expect(R1).toBeCloseTo(0.5, 8);
    const fixed = mechanicsBench(10, 20, 100, 1000, { 'mechanics.load': 2, 'mechanics.fixatorStiffness': 3 * R1 });
    const report = fixed.update.update(fixed.fields);
    expect(report.plateDisplacement).toBeCloseTo(2 / (4 * R1), 10);
    expect(fixed.field('axial_strain')[55]).toBeCloseTo(free.field('axial_strain')[55] / 4, 8);
    expect(fixed.field('axial_strain')[55]).toBeCloseTo(report.plateDisplacement / 2, 8);
  });

  it('between rigid fragments, the mean axial strain over the gap is the plate displacement over the gap length', () => {
    // 3 mm wide, 4 mm long at 50 µm; lamellar fragments above row 30 and below row 50: a 1 mm gap whose
    // left half is granulation tissue and right half 1 % woven bone (11 MPa); a fixator carries load too.
    const b = mechanicsBench(60, 80, 50, 200, { 'mechanics.load': 5, 'mechanics.fixatorStiffness': 20 });
    const lam = b.field('lamellar');
    const wov = b.field('woven');
    const inGap = (_i: number, j: number) => j >= 30 && j < 50;
    for (let k = 0; k < b.grid.cells; k++) {
      const i = k % 60;
      const j = (k - i) / 60;
      if (!inGap(i, j)) lam[k] = 1;
      else if (i >= 30) wov[k] = 0.01;
    }
    const report = b.update.update(b.fields);
    const axial = b.field('axial_strain');
    const gapMean = meanWhere(axial, 60, inGap);
    expect(gapMean / (report.plateDisplacement / 1)).toBeGreaterThan(0.98);
    expect(gapMean / (report.plateDisplacement / 1)).toBeLessThan(1.02);
    // The softer half strains more; the fragments hardly at all.
    expect(meanWhere(axial, 60, (i, j) => inGap(i, j) && i < 30)).toBeGreaterThan(meanWhere(axial, 60, (i, j) => inGap(i, j) && i >= 30));
    expect(meanWhere(axial, 60, (_i, j) => j < 30)).toBeLessThan(1e-3 * gapMean);
  });

  it('writes one value per block of gridFactor² voxels, as a mesh of coarser voxels would', () => {
    const fine = mechanicsBench(20, 30, 50, 300, { 'mechanics.load': 1, 'mechanics.gridFactor': 2 });
    const coarse = mechanicsBench(10, 15, 100, 300, { 'mechanics.load': 1 });
    for (let k = 0; k < fine.grid.cells; k++) {
      const i = k % 20;
      const j = (k - i) / 20;
      const value = (i >> 1) < 4 && (j >> 1) > 6 ? 0.3 : 0;
      fine.field('woven')[k] = value;
      coarse.field('woven')[(j >> 1) * 10 + (i >> 1)] = value;
    }
    fine.update.update(fine.fields);
    coarse.update.update(coarse.fields);
    for (let k = 0; k < fine.grid.cells; k++) {
      const i = k % 20;
      const j = (k - i) / 20;
      const c = (j >> 1) * 10 + (i >> 1);
      expect(fine.field('axial_strain')[k]).toBeCloseTo(coarse.field('axial_strain')[c], 7);
      expect(fine.field('shear_strain')[k]).toBeCloseTo(coarse.field('shear_strain')[c], 7);
    }
  });

  it('writes zero strains without a load, and touches no other field', () => {
    const b = mechanicsBench(8, 8, 100, 100, { 'mechanics.load': 0 });
    b.field('shear_strain').fill(0.5);
    b.field('axial_strain').fill(0.5);
    b.field('trail').fill(0.25);
    const before = b.fields.slice();
    const report = b.update.update(b.fields);
    expect(report.solved).toBe(false);
    expect(b.field('shear_strain').every((v) => v === 0)).toBe(true);
    expect(b.field('axial_strain').every((v) => v === 0)).toBe(true);
    const strainFields = new Set(b.update.strainFields);
    for (let f = 0; f < b.compiled.spec.fields.length; f++) {
      if (strainFields.has(f)) continue;
      const range = [f * b.grid.cells, (f + 1) * b.grid.cells] as const;
      expect(b.fields.subarray(...range)).toEqual(before.subarray(...range));
    }
  });

  it('gives the same bits for the same tissue, whatever came before', () => {
    const b = mechanicsBench(16, 24, 50, 200, { 'mechanics.load': 1, 'mechanics.tolerance': 1e-6 });
    b.field('woven').forEach((_, k, a) => (a[k] = (k * 7919) % 13 === 0 ? 0.8 : 0));
    b.update.update(b.fields);
    const first = b.fields.slice();
    b.field('lamellar').fill(0.2);
    b.update.update(b.fields);
    b.field('lamellar').fill(0);
    b.update.update(b.fields);
    expect(Buffer.from(b.fields.buffer).equals(Buffer.from(first.buffer))).toBe(true);
  });

  it('is due at step 0 and every update interval, rounded to whole steps', () => {
    const b = mechanicsBench(4, 4, 100, 100, { 'mechanics.updateInterval': 1.01 }); // dt 5 min: 12 steps
    expect(b.update.intervalSteps).toBe(12);
    expect([0, 1, 11, 12, 13, 24].map((s) => b.update.due(s))).toEqual([true, false, false, true, false, true]);
    expect([0, 5, 11, 12].map((s) => b.update.stepsToNext(s))).toEqual([12, 7, 1, 12]);
  });

  it('rejects a grid factor that is not a whole number', () => {
    expect(() => mechanicsBench(4, 4, 100, 100, { 'mechanics.gridFactor': 1.5 })).toThrow(/mechanics.gridFactor = 1.5: must be a whole number/);
  });
});
