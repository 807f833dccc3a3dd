/**
 * The immune module the skin and bone models share (model.md §2; docs/bone-model.md §3): neutrophils
 * (active → apoptotic → cleared), macrophages (the NF-κB node, graded M1/M2 switching, removal) and the
 * parts of their phenotype the node and the states scale. Parameters (skin.ts; the bone model takes them
 * from the skin model): nfkb.*, macrophage.m2_below, m1_above, switch_rate, revert_rate, removal,
 * neutrophil.apoptosis, clearance.
 *
 *   nfkb = OR( nfkb.basal, nfkb.cytokine_gain·P/(P+Kp), nfkb.damage_gain·damage )
 *          × (1 - nfkb.il10_gain·A/(A+Ka)) × (1 - nfkb.efferocytosis_gain·E/(E+Ke))
 *          × (1 - nfkb.cargo_gain·e[nfkb_down]) × (1 - nfkb.mir223_gain·e[mir223])
 * with P, A the pro- and anti-inflammatory cytokines and E the apoptotic-neutrophil signal as sensed.
 *   macrophage: M1 → M2 at switch_rate·(m2_below - nfkb)/m2_below while nfkb < m2_below, M2 → M1 at
 *     revert_rate·(nfkb - m1_above)/(1 - m1_above) while nfkb > m1_above (graded: the further NF-κB is past
 *     its threshold, the faster the switch); removal (emigration) at macrophage.removal: leaves. VEGF
 *     secretion × (0.5·hif + 0.5 for M2).
 *   neutrophil: active → apoptotic at neutrophil.apoptosis; apoptotic ones signal (apoptotic field), stop
 *     moving and are removed at neutrophil.clearance (dies); active ones secrete the rest of their fields.
 * Random words of stream STATE: word 0 the state switches, word 1 removal. The WGSL twin is
 * shaders/immune_rules.wgsl, which the models' WGSL rules include.
 */
import { RuleFate, type AgentView } from '../rules.ts';
import { uniform01 } from '../../sim/rng.ts';
import { chance, or2, sat } from './pathwayMath.ts';

/** State indices of the immune cell types (their `states` order in skin.ts and boneCells.ts). */
export const NEUTROPHIL_ACTIVE = 0;
export const NEUTROPHIL_APOPTOTIC = 1;
export const MACROPHAGE_M1 = 0;
export const MACROPHAGE_M2 = 1;

/** The immune module's parameters by role (rates per day converted to 1/min). */
export function readImmuneParameters(v: (name: string) => number) {
  return {
    nfkbBasal: v('nfkb.basal'),
    nfkbCyt: v('nfkb.cytokine_gain'),
    nfkbCytHalf: v('nfkb.cytokine_half'),
    nfkbDamage: v('nfkb.damage_gain'),
    nfkbIl10: v('nfkb.il10_gain'),
    nfkbIl10Half: v('nfkb.il10_half'),
    nfkbEff: v('nfkb.efferocytosis_gain'),
    nfkbEffHalf: v('nfkb.efferocytosis_half'),
    nfkbCargo: v('nfkb.cargo_gain'),
    nfkbMir223: v('nfkb.mir223_gain'),
    m2Below: v('macrophage.m2_below'),
    m1Above: v('macrophage.m1_above'),
    switchRate: v('macrophage.switch_rate') / 1440,
    revertRate: v('macrophage.revert_rate') / 1440,
    macRemoval: v('macrophage.removal') / 1440,
    neutApoptosis: v('neutrophil.apoptosis') / 1440,
    neutClearance: v('neutrophil.clearance') / 1440,
  };
}

export type ImmuneParameters = ReturnType<typeof readImmuneParameters>;

/**
 * The NF-κB target of a macrophage (the module's equation above) from what it senses (pro- and
 * anti-inflammatory cytokine, apoptotic signal, damage) and its cargo's effects e[nfkb_down] and e[mir223].
 */
export function nfkbTarget(p: ImmuneParameters, pro: number, anti: number, apoptotic: number, damage: number, nfkbDown: number, mir223: number): number {
  const drive = or2(or2(p.nfkbBasal, p.nfkbCyt * sat(pro, p.nfkbCytHalf)), p.nfkbDamage * damage);
  return (
    drive *
    (1 - p.nfkbIl10 * sat(anti, p.nfkbIl10Half)) *
    (1 - p.nfkbEff * sat(apoptotic, p.nfkbEffHalf)) *
    (1 - p.nfkbCargo * nfkbDown) *
    (1 - p.nfkbMir223 * mir223)
  );
}

/** Indices of the fields a macrophage's NF-κB node reads. */
export type ImmuneFields = Readonly<Record<'proinflammatory' | 'antiinflammatory' | 'apoptotic' | 'damage', number>>;

/** nfkbTarget of a macrophage at (x, y) µm, the fields sensed through `view` (no allocation: per agent per step). */
export function macrophageNfkbTarget(view: AgentView, x: number, y: number, F: ImmuneFields, p: ImmuneParameters, nfkbDown: number, mir223: number): number {
  return nfkbTarget(p, view.sample(F.proinflammatory, x, y), view.sample(F.antiinflammatory, x, y), view.sample(F.apoptotic, x, y), view.sample(F.damage, x, y), nfkbDown, mir223);
}

/** Graded M1/M2 switching of a macrophage in `state` with NF-κB `nfkb` (word 0 of `w`); writes the new state at `stateAt`. */
export function switchPolarisation(view: AgentView, stateAt: number, state: number, nfkb: number, p: ImmuneParameters, w: Uint32Array): void {
  const dt = view.dt;
  if (state === MACROPHAGE_M1 && nfkb < p.m2Below && uniform01(w[0]) < chance((p.switchRate * (p.m2Below - nfkb)) / p.m2Below, dt)) {
    view.u[stateAt] = MACROPHAGE_M2;
  } else if (state === MACROPHAGE_M2 && nfkb > p.m1Above && uniform01(w[0]) < chance((p.revertRate * (nfkb - p.m1Above)) / (1 - p.m1Above), dt)) {
    view.u[stateAt] = MACROPHAGE_M1;
  }
}

/** Macrophage removal (emigration) at macrophage.removal (word 1 of `w`): LEAVE or NONE. */
export function macrophageRemoval(p: ImmuneParameters, w: Uint32Array, dt: number): number {
  return uniform01(w[1]) < chance(p.macRemoval, dt) ? RuleFate.LEAVE : RuleFate.NONE;
}

/** A neutrophil's step (its state at `stateAt`): apoptosis of an active one (word 0), clearance of an apoptotic one (word 1: DIE). */
export function updateNeutrophil(view: AgentView, stateAt: number, p: ImmuneParameters, w: Uint32Array): number {
  if (view.u[stateAt] === NEUTROPHIL_ACTIVE) {
    if (uniform01(w[0]) < chance(p.neutApoptosis, view.dt)) view.u[stateAt] = NEUTROPHIL_APOPTOTIC;
  } else if (uniform01(w[1]) < chance(p.neutClearance, view.dt)) return RuleFate.DIE;
  return RuleFate.NONE;
}

/** Speed factor of a neutrophil: apoptotic ones stop. */
export const neutrophilSpeed = (state: number): number => (state === NEUTROPHIL_APOPTOTIC ? 0 : 1);

/** Secretion factor of a neutrophil: the apoptotic signal from apoptotic ones, every other field from active ones. */
export const neutrophilSecretion = (state: number, isApoptoticSignal: boolean): number =>
  isApoptoticSignal ? (state === NEUTROPHIL_APOPTOTIC ? 1 : 0) : state === NEUTROPHIL_ACTIVE ? 1 : 0;

/** VEGF secretion factor of a macrophage: half by HIF-1α, half more for M2. */
export const macrophageVegf = (hif: number, state: number): number => 0.5 * hif + (state === MACROPHAGE_M2 ? 0.5 : 0);
