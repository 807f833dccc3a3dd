/**
 * The mechanics phase in the GPU backend (Dawn): the same update steps as the CPU backend, the strains of
 * the GPU's own tissue fields bit for bit, a read-back of only the tissue fields at each update, and the
 * CPU backend's strains after the same steps to 1e-5 of the largest (the tissue fields of the two backends
 * differ by an ulp after decaying in f32 and in float64 rounded to f32).
 */
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../../src/analysis/readoutTable.ts';
import { CpuBackend } from '../../../src/sim/cpu/CpuBackend.ts';
import { GpuBackend } from '../../../src/sim/gpu/GpuBackend.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { MechanicsUpdate } from '../../../src/sim/mechanics/updateMechanics.ts';
import type { RunSetup } from '../../../src/sim/runSetup.ts';
import type { SimState } from '../../../src/sim/state.ts';
import { gpuForTests } from '../../gpu/gpuTestSupport.ts';
import { fieldOf, INTERVAL_STEPS, mechanicsSetup } from './mechanicsRun.ts';

const strains = (setup: RunSetup, s: SimState) => [fieldOf(setup, s.fields, 'shear_strain'), fieldOf(setup, s.fields, 'axial_strain')];

function expectedStrains(setup: RunSetup, state: SimState): Float32Array[] {
  const fields = state.fields.slice();
  MechanicsUpdate.forRun(setup)!.update(fields);
  return strains(setup, { ...state, fields });
}

describe('mechanics phase (GPU backend)', () => {
  it('updates at the same steps as the CPU, from the tissue on the GPU, reading back only the tissue fields', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const setup = mechanicsSetup();
    const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
    const gpu = await GpuBackend.create(setup, createInitialState(setup), table.base, device);
    const cpu = new CpuBackend(setup, createInitialState(setup), table.base);
    try {
      const g0 = await gpu.readState();
      const c0 = await cpu.readState();
      expect(strains(setup, g0)).toEqual(strains(setup, c0));

      // 2.5 intervals in one call: updates at steps 12 and 24 inside it.
      let read = gpu.bytesRead;
      await gpu.advance(2 * INTERVAL_STEPS + 6);
      await cpu.advance(2 * INTERVAL_STEPS + 6);
      const tissueBytes = cpu.mechanics!.tissueFields.length * setup.grid.cells * 4;
      expect(gpu.bytesRead - read).toBe(2 * tissueBytes);

      read = gpu.bytesRead;
      await gpu.advance(INTERVAL_STEPS - 6);
      await cpu.advance(INTERVAL_STEPS - 6);
      expect(gpu.bytesRead - read).toBe(tissueBytes);
      const g36 = await gpu.readState();
      const c36 = await cpu.readState();
      expect(g36.step).toBe(3 * INTERVAL_STEPS);
      expect(strains(setup, g36)).toEqual(expectedStrains(setup, g36));
      expect(strains(setup, g36)[1]).not.toEqual(strains(setup, g0)[1]);
      strains(setup, g36).forEach((g, k) => {
        const c = strains(setup, c36)[k];
        const scale = Math.max(...c.map(Math.abs));
        for (let i = 0; i < c.length; i++) expect(Math.abs(g[i] - c[i])).toBeLessThan(1e-5 * scale);
      });
    } finally {
      gpu.dispose();
      cpu.dispose();
    }
  }, 120_000);
});
