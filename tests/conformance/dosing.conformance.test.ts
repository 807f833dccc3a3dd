/**
 * DosingPhase (GPU) against applyInjections (CPU) on the same fields: the treated skin wound's margin
 * injection at day 0 (step 0) plus a systemic and a carrier dose added by --set, and a repeated dose.
 * 'voxels' injections must be bit-exact; the systemic dose (f32 vessel sum and scale vs float64) within
 * REL_TOL of the CPU's increment (measured: 1.2e-7 on Dawn/SwiftShader).
 */
import { describe, expect, it } from 'vitest';
import { applyInjections } from '../../src/sim/dosing.ts';
import { DosingPhase } from '../../src/sim/gpu/dosingPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';

/** Relative tolerance of a systemic dose's increment per voxel, beyond one unit in the last place of the sum. */
const REL_TOL = 1e-6;

/** The spacing of f32 values at x. */
const ulp = (x: number) => Math.fround(Math.abs(x)) * 2 ** -23;

const dose = (k: number, route: string, amount: number, extra: string[] = []) => [
  `arms.treated.doses.${k}.product=bmsc-exos`,
  `arms.treated.doses.${k}.amount=${amount}`,
  `arms.treated.doses.${k}.unit=ug`,
  `arms.treated.doses.${k}.route=${route}`,
  `arms.treated.doses.${k}.at_day=0`,
  ...extra.map((e) => `arms.treated.doses.${k}.${e}`),
];

describe('dosing (GPU)', () => {
  it('applies margin, carrier and systemic injections as the CPU does, at their steps only', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(0, [...dose(1, 'systemic', 40), ...dose(2, 'carrier', 30, ['every_days=0.5'])]);
    const { setup, state } = run;
    const plan = setup.dosing;
    expect(new Set(plan.injections.map((i) => `${i.kind} ${i.field}`)).size, 'margin, carrier and systemic injections').toBe(3);
    const gpu = await gpuRunOf(device, run);
    try {
      const phase = await DosingPhase.create(gpu);
      const cells = setup.grid.cells;
      const exo = setup.model.compiled.fieldIndex.exosomes;
      // an uneven vessel field, so the systemic sum and shares are not those of a constant
      const vessel = setup.model.compiled.fieldIndex.vessel * cells;
      for (let k = 0; k < cells; k++) state.fields[vessel + k] *= 1 + 0.5 * Math.sin(k * 0.37);
      // the first dose (all routes), a repeat of the carrier dose alone, and a step without injections
      const repeats = plan.injections.filter((i) => i.step > 0);
      expect(repeats.length).toBeGreaterThan(1);
      const steps = [0, repeats[0].step, 1];
      for (const step of steps) {
        gpu.upload(state);
        const encoder = device.createCommandEncoder();
        phase.encode(encoder, step);
        device.queue.submit([encoder.finish()]);
        const got = new Float32Array(await gpu.read(gpu.fields, 0, state.fields.byteLength));
        const want = state.fields.slice();
        applyInjections(plan, step, want, setup.grid);
        const systemic = plan.injections.some((i) => i.step === step && i.kind === 'systemic');
        let mismatches = 0;
        let worst = 0;
        for (let k = 0; k < want.length; k++) {
          if (got[k] === want[k]) continue;
          const inExosomes = k >= exo * cells && k < (exo + 1) * cells;
          // the increment's error, beyond the rounding of the sum to f32
          const rel = Math.max(0, Math.abs(got[k] - want[k]) - ulp(want[k])) / Math.abs(want[k] - state.fields[k]);
          if (systemic && inExosomes && rel <= REL_TOL) worst = Math.max(worst, Math.abs(got[k] - want[k]) / Math.abs(want[k] - state.fields[k]));
          else mismatches++;
        }
        console.log(`dosing at step ${step}: ${mismatches} mismatches, largest relative difference of a systemic increment ${worst.toExponential(2)}`);
        expect(mismatches, `voxels differing at step ${step}`).toBe(0);
        if (step === 1) expect(want).toEqual(state.fields);
      }
    } finally {
      gpu.destroy();
    }
  }, 60_000);
});
