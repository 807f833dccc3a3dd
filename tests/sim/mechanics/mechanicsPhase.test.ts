/** The mechanics phase in the CPU backend: when it runs, what it writes, and resumed runs. */
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../../src/analysis/readoutTable.ts';
import { CpuBackend } from '../../../src/sim/cpu/CpuBackend.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { MechanicsUpdate } from '../../../src/sim/mechanics/updateMechanics.ts';
import type { RunSetup } from '../../../src/sim/runSetup.ts';
import { cloneState, type SimState } from '../../../src/sim/state.ts';
import { makeRun, smallDemo, stateBytes } from '../helpers.ts';
import { fieldOf, INTERVAL_STEPS, mechanicsSetup } from './mechanicsRun.ts';

function backendFor(setup: RunSetup, state: SimState): CpuBackend {
  return new CpuBackend(setup, state, new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName).base);
}

/** The strain fields a fresh update computes from the tissue of `state`. */
function expectedStrains(setup: RunSetup, state: SimState): Float32Array[] {
  const fields = state.fields.slice();
  MechanicsUpdate.forRun(setup)!.update(fields);
  return [fieldOf(setup, fields, 'shear_strain'), fieldOf(setup, fields, 'axial_strain')];
}

const strains = (setup: RunSetup, s: SimState) => [fieldOf(setup, s.fields, 'shear_strain'), fieldOf(setup, s.fields, 'axial_strain')];

describe('mechanics phase (CPU backend)', () => {
  it('writes the strains of the tissue at step 0 and at every interval, and leaves them alone in between', async () => {
    const setup = mechanicsSetup();
    const backend = backendFor(setup, createInitialState(setup));
    expect(backend.mechanics?.intervalSteps).toBe(INTERVAL_STEPS);
    const s0 = await backend.readState();
    const at0 = strains(setup, s0);
    expect(at0).toEqual(expectedStrains(setup, s0));
    expect(Math.max(...at0[1])).toBeGreaterThan(0.01);

    await backend.advance(INTERVAL_STEPS - 1);
    const s11 = await backend.readState();
    expect(fieldOf(setup, s11.fields, 'woven')).not.toEqual(fieldOf(setup, s0.fields, 'woven'));
    expect(strains(setup, s11)).toEqual(at0);

    await backend.advance(1);
    const s12 = await backend.readState();
    expect(strains(setup, s12)).toEqual(expectedStrains(setup, s12));
    expect(strains(setup, s12)[1]).not.toEqual(at0[1]);
    backend.dispose();
  });

  it('a run resumed from a copied state, between updates or at one, ends with the same bytes', async () => {
    const setup = mechanicsSetup();
    const straight = backendFor(setup, createInitialState(setup));
    await straight.advance(30);
    const reference = stateBytes(await straight.readState());
    for (const stop of [17, 24]) {
      const first = backendFor(setup, createInitialState(setup));
      await first.advance(stop);
      const resumed = backendFor(setup, cloneState(await first.readState()));
      await resumed.advance(30 - stop);
      expect(stateBytes(await resumed.readState())).toEqual(reference);
    }
  });

  it('models without mechanics have no mechanics phase', () => {
    const { backend } = makeRun(smallDemo());
    expect(backend.mechanics).toBeNull();
    backend.dispose();
  });
});
