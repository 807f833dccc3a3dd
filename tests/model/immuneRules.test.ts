/**
 * The immune module the skin and bone models share (immuneRules.ts), on its own: the NF-κB target's
 * activators and repressors, graded M1/M2 switching on both sides of its thresholds, removal, the
 * neutrophil's apoptosis and clearance, and the state-dependent speed and secretion factors. Parameters are
 * the skin model's (the bone model reads the same ones). Random words: WORD_NEVER fires nothing, WORD_ALWAYS
 * (uniform01 = 0) fires every positive chance.
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/model/models/index.ts';
import * as immune from '../../src/model/models/immuneRules.ts';
import { RuleFate, type AgentView } from '../../src/model/rules.ts';

const WORD_NEVER = 0xffffffff;
const WORD_ALWAYS = 0;
const DT = 60;

function parametersOf(model: 'skin' | 'bone'): immune.ImmuneParameters {
  const parameters = MODELS[model].compiled.parameters;
  return immune.readImmuneParameters((name) => parameters.get(name)!.value);
}
const p = parametersOf('skin');

/** A view holding one state word (index 0) at time step DT; the immune rules read nothing else of it. */
const viewWith = (state: number) => ({ u: Uint32Array.of(state), dt: DT }) as unknown as AgentView;
const words = (w0: number, w1: number) => Uint32Array.of(w0, w1, WORD_NEVER, WORD_NEVER);
const quiet = { pro: 0, anti: 0, apoptotic: 0, damage: 0, nfkbDown: 0, mir223: 0 };

describe('the shared immune module', () => {
  it('reads the same parameters and state orders in the skin and bone models', () => {
    expect(parametersOf('bone')).toEqual(p);
    for (const model of ['skin', 'bone'] as const) {
      const states = (type: string) => MODELS[model].compiled.spec.cellTypes.find((t) => t.name === type)!.states;
      expect(states('neutrophil').indexOf('active'), model).toBe(immune.NEUTROPHIL_ACTIVE);
      expect(states('neutrophil').indexOf('apoptotic'), model).toBe(immune.NEUTROPHIL_APOPTOTIC);
      expect(states('macrophage').indexOf('M1'), model).toBe(immune.MACROPHAGE_M1);
      expect(states('macrophage').indexOf('M2'), model).toBe(immune.MACROPHAGE_M2);
    }
  });

  it('drives NF-κB by cytokine and damage and represses it by IL-10, efferocytosis and cargo', () => {
    const target = (x: Partial<typeof quiet>) => {
      const { pro, anti, apoptotic, damage, nfkbDown, mir223 } = { ...quiet, ...x };
      return immune.nfkbTarget(p, pro, anti, apoptotic, damage, nfkbDown, mir223);
    };
    expect(target({})).toBeCloseTo(p.nfkbBasal, 12);
    const inflamed = target({ pro: 10, damage: 1 });
    expect(inflamed).toBeGreaterThan(0.9);
    for (const repressor of ['anti', 'apoptotic', 'nfkbDown', 'mir223'] as const) {
      expect(target({ pro: 10, damage: 1, [repressor]: 1 }), repressor).toBeLessThan(inflamed);
    }
  });

  it('switches M1 to M2 only below m2_below and M2 to M1 only above m1_above', () => {
    const switched = (state: number, nfkb: number) => {
      const view = viewWith(state);
      immune.switchPolarisation(view, 0, state, nfkb, p, words(WORD_ALWAYS, WORD_NEVER));
      return view.u[0];
    };
    const { MACROPHAGE_M1: M1, MACROPHAGE_M2: M2 } = immune;
    expect(switched(M1, p.m2Below * 0.5)).toBe(M2);
    expect(switched(M1, p.m2Below)).toBe(M1);
    expect(switched(M2, (1 + p.m1Above) / 2)).toBe(M1);
    expect(switched(M2, p.m1Above)).toBe(M2);
    const view = viewWith(M1);
    immune.switchPolarisation(view, 0, M1, 0, p, words(WORD_NEVER, WORD_NEVER));
    expect(view.u[0], 'no switch without the draw').toBe(M1);
  });

  it('removes macrophages on word 1 and neutrophils by apoptosis then clearance', () => {
    expect(immune.macrophageRemoval(p, words(WORD_NEVER, WORD_ALWAYS), DT)).toBe(RuleFate.LEAVE);
    expect(immune.macrophageRemoval(p, words(WORD_ALWAYS, WORD_NEVER), DT)).toBe(RuleFate.NONE);
    const active = viewWith(immune.NEUTROPHIL_ACTIVE);
    expect(immune.updateNeutrophil(active, 0, p, words(WORD_ALWAYS, WORD_ALWAYS))).toBe(RuleFate.NONE);
    expect(active.u[0]).toBe(immune.NEUTROPHIL_APOPTOTIC);
    expect(immune.updateNeutrophil(active, 0, p, words(WORD_NEVER, WORD_ALWAYS))).toBe(RuleFate.DIE);
    expect(immune.updateNeutrophil(viewWith(immune.NEUTROPHIL_APOPTOTIC), 0, p, words(WORD_ALWAYS, WORD_NEVER))).toBe(RuleFate.NONE);
  });

  it('stops apoptotic neutrophils, lets them signal only, and adds VEGF for M2', () => {
    const { NEUTROPHIL_ACTIVE: ACTIVE, NEUTROPHIL_APOPTOTIC: APOPTOTIC } = immune;
    expect([immune.neutrophilSpeed(ACTIVE), immune.neutrophilSpeed(APOPTOTIC)]).toEqual([1, 0]);
    expect([immune.neutrophilSecretion(ACTIVE, false), immune.neutrophilSecretion(APOPTOTIC, false)]).toEqual([1, 0]);
    expect([immune.neutrophilSecretion(ACTIVE, true), immune.neutrophilSecretion(APOPTOTIC, true)]).toEqual([0, 1]);
    expect([immune.macrophageVegf(0.4, immune.MACROPHAGE_M1), immune.macrophageVegf(0.4, immune.MACROPHAGE_M2)]).toEqual([0.2, 0.7]);
  });
});
