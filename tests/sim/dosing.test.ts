/** Dosing events: schedules, routes, delivered mass, purity and carrier release. */
import { describe, expect, it } from 'vitest';
import { applyInjections, doseSteps } from '../../src/sim/dosing.ts';
import type { Dose } from '../../src/scenario/schema.ts';
import { makeRun } from './helpers.ts';

function wound(doses: unknown[], extra: Record<string, unknown> = {}) {
  return {
    id: 'dosing',
    title: 'dosing',
    model: 'skin',
    seed: 2,
    domain: { width_um: 2000, height_um: 2000, dx_um: 20, depth_um: 500 },
    time: { days: 1, dt_min: 5, output_every_h: 6 },
    regions: {
      defect: { shape: 'circle', center_um: [1000, 1000], radius_um: 600 },
      skin: { shape: 'domain', minus: ['defect'] },
    },
    initial: { agents: [], fields: [{ field: 'vessel', region: 'skin', value: 0.08 }] },
    arms: { treated: { doses } },
    ...extra,
  };
}

/** Total exosome mass (µg) in a field after the injections of step 0. */
function massAfterFirstStep(doc: unknown, field: 'exosomes' | 'carrier'): number {
  const { setup, state } = makeRun(doc);
  const fields = state.fields.slice();
  applyInjections(setup.dosing, 0, fields, setup.grid);
  const f = setup.model.compiled.fieldIndex[field];
  let sum = 0;
  for (let k = 0; k < setup.grid.cells; k++) sum += fields[f * setup.grid.cells + k];
  return sum * setup.grid.voxelVolume * 1e-12;
}

const base = { product: 'bmsc-exos', unit: 'ug', at_day: 0 };

describe('dosing', () => {
  it('schedules once, or every N days until a day, rounded to steps', () => {
    const d = (x: Partial<Dose>) => ({ ...base, amount: 1, route: 'local_injection', ...x }) as Dose;
    expect(doseSteps(d({ at_day: 0.5 }), 5, 10000)).toEqual([144]);
    expect(doseSteps(d({ at_day: 1, every_days: 2, until_day: 7 }), 5, 10000)).toEqual([288, 864, 1440, 2016]);
    expect(doseSteps(d({ at_day: 1, every_days: 2, until_day: 7 }), 5, 1000)).toEqual([288, 864]);
  });

  it.each(['margin_injection', 'local_injection', 'intra_articular'])('%s delivers the dosed mass into the exosome field', (route) => {
    expect(massAfterFirstStep(wound([{ ...base, amount: 40, route }]), 'exosomes')).toBeCloseTo(40, 4);
  });

  it('topical and carrier doses go into the carrier and are released with their half-life', async () => {
    const doc = wound([{ ...base, amount: 30, route: 'carrier', release_half_life_h: 12 }]);
    expect(massAfterFirstStep(doc, 'carrier')).toBeCloseTo(30, 4);
    const run = makeRun(doc);
    expect(run.setup.dosing.carrierRelease).toBeCloseTo(Math.LN2 / (12 * 60), 12);
    await run.backend.advance(144); // 12 h
    const s = await run.backend.readState();
    const c = run.setup.model.compiled.fieldIndex.carrier;
    let held = 0;
    for (let k = 0; k < run.setup.grid.cells; k++) held += s.fields[c * run.setup.grid.cells + k];
    held *= run.setup.grid.voxelVolume * 1e-12;
    // Backward Euler of the release over 144 steps of 5 min: within 1% of half the dose.
    expect(held / 15).toBeCloseTo(1, 1);
  });

  it('particles convert through particles per µg, and purity and depletion scale the delivered mass', () => {
    expect(massAfterFirstStep(wound([{ ...base, amount: 2e10, unit: 'particles', route: 'local_injection' }]), 'exosomes')).toBeCloseTo(20, 4);
    const impure = { label: 'x', source_cell: 'x', cargo: { akt: 1 }, basis: 'x', evidence: 'assumed', purity: 0.25 };
    expect(massAfterFirstStep(wound([{ ...base, product: impure, amount: 40, route: 'local_injection' }]), 'exosomes')).toBeCloseTo(10, 4);
    const viaMethod = { ...impure, purity: undefined, isolation: 'peg_precipitation' };
    expect(massAfterFirstStep(wound([{ ...base, product: viaMethod, amount: 40, route: 'local_injection' }]), 'exosomes')).toBeCloseTo(20, 4);
    expect(makeRun(wound([{ ...base, product: 'bmsc-exos-depleted', amount: 40, route: 'local_injection' }])).setup.dosing.injections).toEqual([]);
  });

  it('a systemic dose arrives in proportion to perfused vessels', () => {
    const { setup, state } = makeRun(wound([{ ...base, amount: 100, route: 'systemic' }]));
    const fields = state.fields.slice();
    applyInjections(setup.dosing, 0, fields, setup.grid);
    const cells = setup.grid.cells;
    const exo = setup.model.compiled.fieldIndex.exosomes;
    const defect = setup.defectMask;
    let inDefect = 0;
    let total = 0;
    for (let k = 0; k < cells; k++) {
      total += fields[exo * cells + k];
      if (defect[k]) inDefect += fields[exo * cells + k];
    }
    expect(inDefect).toBe(0); // no vessels in the fresh wound
    expect(total * setup.grid.voxelVolume * 1e-12).toBeCloseTo(100 * setup.values.get('dosing.systemicFraction')!, 6);
  });

  it('rejects two products in one arm, unknown products and unknown inhibitors, by path', () => {
    const two = wound([{ ...base, amount: 1, route: 'local_injection' }, { ...base, product: 'adsc-exos', amount: 1, route: 'local_injection' }]);
    expect(() => makeRun(two)).toThrow(/arms\.treated\.doses: expected doses of one product per arm/);
    expect(() => makeRun(wound([{ ...base, product: 'bmsc-exo', amount: 1, route: 'local_injection' }]))).toThrow(/arms\.treated\.doses\.0\.product: expected a product of the catalogue or the scenario: one of bmsc-exos/);
    const inhibitor = { ...wound([]), arms: { treated: { inhibitors: ['pi3k'] } } };
    expect(() => makeRun(inhibitor)).toThrow(/arms\.treated\.inhibitors\.0: expected an inhibitor of model skin: one of pi3k_inhibitor/);
  });
});
