/**
 * Rules of the skin-wound model: the pathway layer (model.md §5), the state switches it drives, the
 * scaling of the generic phenotype, and the per-voxel exchanges of vessels, injury signals and exosomes.
 * Exosome cargo acts only through the nodes: each channel's effect is e = min(1, potency x C), with
 * C = cargo / (cargo + K) the saturating amount internalised (cargo decays with cargo.half_life).
 *
 * Pathway layer, one rule per node (noisy-OR of activators, times (1 - repressor) factors; every node
 * relaxes to its target with time constant pathway.tau; an inhibitor clamp overrides the node):
 *   hif  = OR( H(O2), hif.cargo_gain·e[vegf_induction] ),           H(O2) = K²/(K² + O2²), K = hif.o2_half
 *   akt  = OR( akt.basal, [endothelial] akt.vegf_gain·V/(V+Kv), akt.cargo_gain·e[akt], akt.cargo_gain·e[antiapoptotic],
 *              akt.pten_gain·e[pten_down] )
 *   erk  = OR( erk.basal, erk.vegf_gain·V/(V+Kv), erk.cargo_gain·e[spred1_down] )          (endothelial)
 *   bcat = OR( bcat.basal, bcat.cargo_gain·e[wnt] )                                         (fibroblast, keratinocyte)
 *   nfkb: the shared immune module (immuneRules.ts)                                        (macrophage)
 * with V = VEGF (as sensed: anti-VEGF lowers it), Kv = endothelial.recruitment.halfSaturation (the same VEGF
 * sensitivity that calls tip cells out of vessels).
 *
 * What the nodes drive:
 *   macrophage, neutrophil: the shared immune module (immuneRules.ts: M1/M2 switching and removal, neutrophil
 *     apoptosis and clearance); M1 secretes pro-inflammatory cytokine and ROS in proportion to nfkb, M2
 *     anti-inflammatory cytokine.
 *   endothelial: speed x (1 + erk_speed·erk); proliferation x (akt + erk)/2 and oxygen; death x (1 -
 *     akt_survival·akt); a tip becomes stalk at anastomosis, where the mean vessel density over a patch
 *     (radius endothelial.footprint.vessel) one patch diameter ahead along its heading reaches mature_at
 *     (ahead, so the trail it lays itself does not stop it); stalk cells become
 *     vessel wall (leave) at stalk_leave; tips lay vessel, stalks half as much, less as density saturates.
 *   fibroblast: proliferation x oxygen x (0.4 + 0.6 TGF) x (1 + bcat_gain·bcat) x (1 + akt_gain·akt); migration x
 *     (1 + bcat_gain·bcat/2) x (1 + akt_gain·akt/2); fibroblast -> myofibroblast at myo_rate·TGF; collagen laid x (0.3 + 0.7 TGF) x oxygen
 *     x (1 - collagen), doubled by myofibroblasts; TGF = A/(A + fibroblast.tgf_half).
 *   keratinocyte: migration x substrate (fibrin + collagen)/(... + K) x (1 + bcat_gain·bcat) x (1 + akt_gain·akt);
 *     proliferation x oxygen x (1 + bcat_gain·bcat) x (1 + akt_gain·akt) x (1 - the lowest cover at front_reach
 *     around it: only near open tissue); apoptosis at ros_apoptosis·R/(R+Kr)·(1 - protection·max(bcat, akt));
 *     cells with full cover twice front_reach around leave (stratify) at differentiation; cover laid x (1 - cover).
 *   hypoxic cells (macrophage, fibroblast, keratinocyte): VEGF secretion x hif.
 * Oxygen factor = O2/(O2 + growth.hypoxia_half). Random decisions use RNG stream STATE (word 0: state
 * switches, word 1: removal or apoptosis).
 *
 * Contraction (option, contraction.rate > 0; off for the splinted wound): tissue moves towards the defect
 * centre with velocity -ε̇·(x - c), ε̇ = contraction.rate x TGF; cells move with it and the epithelial cover
 * is carried inwards (upwind advection as a source of cover).
 *
 * Voxel exchanges: oxygen from vessels k·v·(P_blood - O2); chemoattractant from damage and fibrin; ROS from
 * damage and the host's baseline; VEGF released from exosomes as they are degraded (VEGF content channel);
 * vessels and collagen above dermal density regress and remodel towards it.
 *
 * skinRuleValues and skinStepFactors resolve the run's numbers once; the JS rules below and their WGSL
 * twin (skinRulesGpu.ts, shaders/skin_*_rules.wgsl) both read them.
 */
import type { CompiledModel } from '../compile.ts';
import { RuleFate, type AgentView, type ArmContext, type BoundRules, type ParameterValues, type VoxelContext } from '../rules.ts';
import { RngStream, uniform01 } from '../../sim/rng.ts';
import { macrophageNfkbTarget, macrophageRemoval, macrophageVegf, neutrophilSecretion, neutrophilSpeed, readImmuneParameters, switchPolarisation, updateNeutrophil } from './immuneRules.ts';
import { chance, clamp01, effect, hill2, or2, sat } from './pathwayMath.ts';

/** Epithelial cover counted as complete (behind the front). */
export const FULL_COVER = 0.99;

/** The rule parameters of a run by role (rates per day are converted to 1/min). */
function readParameters(v: (name: string) => number) {
  return {
    tau: v('pathway.tau'),
    cargoHalfLife: v('cargo.half_life'),
    cargoK: v('cargo.half_saturation'),
    o2Half: v('hif.o2_half'),
    hifCargo: v('hif.cargo_gain'),
    aktBasal: v('akt.basal'),
    aktVegf: v('akt.vegf_gain'),
    aktCargo: v('akt.cargo_gain'),
    aktPten: v('akt.pten_gain'),
    erkBasal: v('erk.basal'),
    erkVegf: v('erk.vegf_gain'),
    erkCargo: v('erk.cargo_gain'),
    vegfHalf: v('endothelial.recruitment.halfSaturation'),
    bcatBasal: v('bcat.basal'),
    bcatCargo: v('bcat.cargo_gain'),
    ...readImmuneParameters(v),
    myoRate: v('fibroblast.myo_rate') / 1440,
    tgfHalf: v('fibroblast.tgf_half'),
    myoCollagen: v('fibroblast.myo_collagen'),
    bcatGain: v('growth.bcat_gain'),
    aktGain: v('growth.akt_gain'),
    hypoxiaHalf: v('growth.hypoxia_half'),
    kerRos: v('keratinocyte.ros_apoptosis') / 1440,
    kerRosHalf: v('keratinocyte.ros_half'),
    kerProtect: v('keratinocyte.protection'),
    kerSubstrate: v('keratinocyte.substrate_half'),
    kerDiff: v('keratinocyte.differentiation') / 1440,
    kerReach: v('keratinocyte.front_reach'),
    endoSurvival: v('endothelial.akt_survival'),
    endoErkSpeed: v('endothelial.erk_speed'),
    matureAt: v('endothelial.mature_at'),
    vesselFootprint: v('endothelial.footprint.vessel'),
    stalkLeave: v('endothelial.stalk_leave') / 1440,
    vesselDermis: v('vessel.dermis'),
    vesselRegression: v('vessel.regression'),
    collagenRemodelling: v('collagen.remodelling'),
    o2Blood: v('oxygen.blood'),
    o2Exchange: v('oxygen.exchange'),
    chemoDamage: v('chemoattractant.from_damage'),
    chemoFibrin: v('chemoattractant.from_fibrin'),
    rosDamage: v('ros.from_damage'),
    rosHost: v('ros.host_baseline'),
    vegfPerUg: v('vegf.per_exosome_ug'),
    exoDecay: v('exosomes.decay'),
    contraction: v('contraction.rate') / 1440,
  };
}

/** The numbers the skin rules of one run use, resolved once for both backends (skinRulesGpu.ts writes them as WGSL constants). */
export interface SkinRuleValues {
  /** Rule parameters by role; rates in 1/min. */
  p: ReturnType<typeof readParameters>;
  /** Potencies of the cargo channels the rules read (0 when the arm's product lacks them). */
  pot: Record<'vegfInduction' | 'akt' | 'antiapoptotic' | 'ptenDown' | 'spred1Down' | 'wnt' | 'nfkbDown' | 'mir223' | 'vegfContent', number>;
  /** Whether any of those potencies is positive. */
  anyCargo: boolean;
  /** Value a node is clamped at by an inhibitor, NaN when it is free. */
  clamps: Record<'akt' | 'erk' | 'hif' | 'bcat' | 'nfkb', number>;
  /** Defect centre (µm), the centre of contraction. */
  centre: readonly [number, number];
  /** VEGF source per exosome amount (VEGF content channel × content × degradation rate), 1/min. */
  vegfFromExosomes: number;
}

/** Resolves the skin rules' parameters, potencies, clamps and defect centre for a run's values and arm. */
export function skinRuleValues(values: ParameterValues, arm: ArmContext): SkinRuleValues {
  const v = (name: string) => {
    const x = values.get(name);
    if (x === undefined) throw new Error(`skin rules: parameter ${name} is not declared`);
    return x;
  };
  const P = arm.potency;
  const pot = {
    vegfInduction: P.vegf_induction ?? 0,
    akt: P.akt ?? 0,
    antiapoptotic: P.antiapoptotic ?? 0,
    ptenDown: P.pten_down ?? 0,
    spred1Down: P.spred1_down ?? 0,
    wnt: P.wnt ?? 0,
    nfkbDown: P.nfkb_down ?? 0,
    mir223: P.mir223 ?? 0,
    vegfContent: P.vegf_content ?? 0,
  };
  const clampOf = (node: string) => (arm.clamps.has(node) ? arm.clamps.get(node)! : Number.NaN);
  const p = readParameters(v);
  return {
    p,
    pot,
    anyCargo: Object.values(pot).some((x) => x > 0),
    clamps: { akt: clampOf('akt'), erk: clampOf('erk'), hif: clampOf('hif'), bcat: clampOf('bcat'), nfkb: clampOf('nfkb') },
    centre: arm.defectCentre,
    vegfFromExosomes: pot.vegfContent * p.vegfPerUg * p.exoDecay,
  };
}

/** Per-step factors for a time step dt (min): the nodes' relaxation 1 - exp(-dt/τ) and the fraction of cargo kept. */
export function skinStepFactors(p: SkinRuleValues['p'], dt: number): { relax: number; cargoKeep: number } {
  return { relax: 1 - Math.exp(-dt / p.tau), cargoKeep: Math.exp((-Math.LN2 * dt) / p.cargoHalfLife) };
}

/** Binds the skin rules to a run's parameters and arm. */
export function bindSkinRules(compiled: CompiledModel, values: ParameterValues, arm: ArmContext): BoundRules {
  const T = compiled.cellTypeIndex;
  const NEUT = T.neutrophil;
  const MAC = T.macrophage;
  const FIB = T.fibroblast;
  const KER = T.keratinocyte;
  const ENDO = T.endothelial;
  const F = compiled.fieldIndex;
  const o = compiled.layout.offset;
  const [M1, M2] = [0, 1];
  const [TIP, STALK] = [0, 1];
  const MYO = 1;

  const { p, pot, anyCargo, clamps, centre, vegfFromExosomes } = skinRuleValues(values, arm);
  const [cx, cy] = centre;
  let dtCached = -1;
  let relax = 0;
  let cargoKeep = 1;
  const prepare = (dt: number) => {
    if (dt === dtCached) return;
    dtCached = dt;
    ({ relax, cargoKeep } = skinStepFactors(p, dt));
  };

  /** Moves node `offset` towards `target` (or holds it at the clamp); returns the new value. */
  const step = (view: AgentView, base: number, offset: number, target: number, clamp: number): number => {
    const next = Number.isNaN(clamp) ? view.f[base + offset] + (clamp01(target) - view.f[base + offset]) * relax : clamp;
    view.f[base + offset] = next;
    return next;
  };

  const sense = (view: AgentView, base: number, field: number) => view.sample(field, view.f[base + o.x], view.f[base + o.y]);

  /** Contraction strain rate (1/min) where the cell or voxel senses the reparative signal `anti`. */
  const strainRate = (anti: number) => p.contraction * sat(anti, p.tgfHalf);

  function updateAgent(view: AgentView, base: number, type: number): number {
    prepare(view.dt);
    const f = view.f;
    if (p.contraction > 0) {
      // Contraction: the tissue, and the cell with it, moves towards the defect centre (velocity -ε̇·(x - c)).
      const k = 1 - strainRate(sense(view, base, F.antiinflammatory)) * view.dt;
      f[base + o.x] = cx + (f[base + o.x] - cx) * k;
      f[base + o.y] = cy + (f[base + o.y] - cy) * k;
    }
    const state = view.u[base + o.cellState];
    let C = 0;
    if (anyCargo) {
      const cargo = f[base + o.cargo] * cargoKeep;
      f[base + o.cargo] = cargo;
      C = cargo / (cargo + p.cargoK);
    } else f[base + o.cargo] *= cargoKeep;
    const dt = view.dt;

    if (type === NEUT) return updateNeutrophil(view, base + o.cellState, p, view.random(view.u[base + o.id], RngStream.STATE));

    const o2 = sense(view, base, F.oxygen);
    const hypoxia = hill2(o2, p.o2Half);
    step(view, base, o.hif, or2(hypoxia, p.hifCargo * effect(pot.vegfInduction, C)), clamps.hif);

    const vegf = type === ENDO ? sense(view, base, F.vegf) : 0;
    const vegfDrive = sat(vegf, p.vegfHalf);
    const aktTarget = or2(
      or2(or2(p.aktBasal, p.aktVegf * vegfDrive), or2(p.aktCargo * effect(pot.akt, C), p.aktCargo * effect(pot.antiapoptotic, C))),
      p.aktPten * effect(pot.ptenDown, C),
    );
    const akt = step(view, base, o.akt, aktTarget, clamps.akt);

    if (type === MAC) {
      const target = macrophageNfkbTarget(view, view.f[base + o.x], view.f[base + o.y], F, p, effect(pot.nfkbDown, C), effect(pot.mir223, C));
      const nfkb = step(view, base, o.nfkb, target, clamps.nfkb);
      const w = view.random(view.u[base + o.id], RngStream.STATE);
      switchPolarisation(view, base + o.cellState, state, nfkb, p, w);
      return macrophageRemoval(p, w, dt);
    }

    if (type === ENDO) {
      step(view, base, o.erk, or2(or2(p.erkBasal, p.erkVegf * vegfDrive), p.erkCargo * effect(pot.spred1Down, C)), clamps.erk);
      if (state === TIP) {
        // anastomosis: the tip probes the vessel density one patch diameter ahead along its heading,
        // beyond the trail it lays itself (its own deposit must not stop it)
        const reach = 2 * p.vesselFootprint;
        const ahead = view.patchMean(F.vessel, f[base + o.x] + reach * f[base + o.dirX], f[base + o.y] + reach * f[base + o.dirY], p.vesselFootprint);
        if (ahead >= p.matureAt) view.u[base + o.cellState] = STALK;
      }
      if (state === STALK) {
        const w = view.random(view.u[base + o.id], RngStream.STATE);
        if (uniform01(w[1]) < chance(p.stalkLeave, dt)) return RuleFate.LEAVE;
      }
      void akt;
      return RuleFate.NONE;
    }

    // Fibroblasts and keratinocytes: β-catenin.
    const bcat = step(view, base, o.bcat, or2(p.bcatBasal, p.bcatCargo * effect(pot.wnt, C)), clamps.bcat);
    const w = view.random(view.u[base + o.id], RngStream.STATE);
    if (type === FIB) {
      if (state !== MYO) {
        const tgf = sat(sense(view, base, F.antiinflammatory), p.tgfHalf);
        if (uniform01(w[0]) < chance(p.myoRate * tgf, dt)) view.u[base + o.cellState] = MYO;
      }
      return RuleFate.NONE;
    }
    if (type === KER) {
      const ros = sense(view, base, F.ros);
      const hazard = p.kerRos * sat(ros, p.kerRosHalf) * (1 - p.kerProtect * Math.max(bcat, akt));
      if (uniform01(w[1]) < chance(hazard, dt)) return RuleFate.DIE;
      if (behindFront(view, base) && uniform01(w[0]) < chance(p.kerDiff, dt)) return RuleFate.LEAVE;
    }
    return RuleFate.NONE;
  }

  /** True when the cover is complete under the cell and twice front_reach around it (far behind the front). */
  function behindFront(view: AgentView, base: number): boolean {
    const x = view.f[base + o.x];
    const y = view.f[base + o.y];
    const c = F.epithelium;
    const d = 2 * p.kerReach;
    return view.sample(c, x, y) >= FULL_COVER && view.sample(c, x + d, y) >= FULL_COVER && view.sample(c, x - d, y) >= FULL_COVER && view.sample(c, x, y + d) >= FULL_COVER && view.sample(c, x, y - d) >= FULL_COVER;
  }

  /** 1 - the lowest epithelial cover at keratinocyte.front_reach in the four axis directions: near open tissue. */
  function frontness(view: AgentView, base: number): number {
    const x = view.f[base + o.x];
    const y = view.f[base + o.y];
    const c = F.epithelium;
    const d = p.kerReach;
    const lowest = Math.min(view.sample(c, x + d, y), view.sample(c, x - d, y), view.sample(c, x, y + d), view.sample(c, x, y - d));
    return lowest < 1 ? 1 - lowest : 0;
  }

  const oxygenFactor = (view: AgentView, base: number) => {
    const o2 = sense(view, base, F.oxygen);
    return o2 / (o2 + p.hypoxiaHalf);
  };

  function speedScale(view: AgentView, base: number, type: number): number {
    const state = view.u[base + o.cellState];
    if (type === NEUT) return neutrophilSpeed(state);
    if (type === ENDO) return state === TIP ? 1 + p.endoErkSpeed * view.f[base + o.erk] : 0.1;
    if (type === FIB) return (1 + 0.5 * p.bcatGain * view.f[base + o.bcat]) * (1 + 0.5 * p.aktGain * view.f[base + o.akt]);
    if (type === KER) {
      const matrix = sense(view, base, F.fibrin) + sense(view, base, F.collagen);
      return (matrix / (matrix + p.kerSubstrate)) * (1 + p.bcatGain * view.f[base + o.bcat]) * (1 + p.aktGain * view.f[base + o.akt]);
    }
    return 1;
  }

  function growthScale(view: AgentView, base: number, type: number): number {
    if (type === FIB) {
      const tgf = sat(sense(view, base, F.antiinflammatory), p.tgfHalf);
      return oxygenFactor(view, base) * (0.4 + 0.6 * tgf) * (1 + p.bcatGain * view.f[base + o.bcat]) * (1 + p.aktGain * view.f[base + o.akt]);
    }
    if (type === KER) return oxygenFactor(view, base) * (1 + p.bcatGain * view.f[base + o.bcat]) * (1 + p.aktGain * view.f[base + o.akt]) * frontness(view, base);
    if (type === ENDO) return oxygenFactor(view, base) * 0.5 * (view.f[base + o.akt] + view.f[base + o.erk]);
    return 1;
  }

  function deathScale(view: AgentView, base: number, type: number): number {
    return type === ENDO ? 1 - p.endoSurvival * view.f[base + o.akt] : 1;
  }

  function secretionScale(view: AgentView, base: number, type: number, field: number): number {
    const state = view.u[base + o.cellState];
    if (field === F.vegf) {
      const hif = view.f[base + o.hif];
      return type === MAC ? macrophageVegf(hif, state) : hif;
    }
    if (type === NEUT) return neutrophilSecretion(state, field === F.apoptotic);
    if (type === MAC) {
      if (field === F.antiinflammatory) return state === M2 ? 1 : 0;
      return state === M1 ? view.f[base + o.nfkb] : 0; // pro-inflammatory cytokine and ROS
    }
    if (type === FIB && field === F.collagen) {
      const tgf = sat(sense(view, base, F.antiinflammatory), p.tgfHalf);
      const room = Math.max(0, 1 - sense(view, base, F.collagen));
      return (0.3 + 0.7 * tgf) * oxygenFactor(view, base) * room * (state === MYO ? p.myoCollagen : 1);
    }
    // epithelial cover and vessels fill up to their caps per voxel (the secretions' footprint and cap in skin.ts)
    if (type === ENDO && field === F.vessel) return state === TIP ? 1 : 0.5;
    return 1;
  }

  function voxelExchange(vx: VoxelContext): void {
    const n = vx.cells;
    const fields = vx.fields;
    const at = (field: number) => field * n;
    const vessel = at(F.vessel);
    const damage = at(F.damage);
    const fibrin = at(F.fibrin);
    const collagen = at(F.collagen);
    const exo = at(F.exosomes);
    const o2Source = vx.source(F.oxygen);
    const o2Uptake = vx.uptake(F.oxygen);
    const chemo = vx.source(F.chemoattractant);
    const ros = vx.source(F.ros);
    const vesselUptake = vx.uptake(F.vessel);
    const collagenUptake = vx.uptake(F.collagen);
    const vegf = vegfFromExosomes > 0 ? vx.source(F.vegf) : null;
    if (p.contraction > 0) contractCover(vx);
    for (let k = 0; k < n; k++) {
      const vv = fields[vessel + k];
      o2Source[k] += p.o2Exchange * vv * p.o2Blood;
      o2Uptake[k] += p.o2Exchange * vv;
      const d = fields[damage + k];
      chemo[k] += p.chemoDamage * d + p.chemoFibrin * fields[fibrin + k];
      ros[k] += p.rosDamage * d + p.rosHost;
      if (vv > p.vesselDermis) vesselUptake[k] += p.vesselRegression * (1 - p.vesselDermis / vv);
      const c = fields[collagen + k];
      if (c > 1) collagenUptake[k] += p.collagenRemodelling * (1 - 1 / c);
      if (vegf) vegf[k] += vegfFromExosomes * fields[exo + k];
    }
  }

  /**
   * Contraction carries the epithelial cover inwards: ∂c/∂t = -u·∇c with u = -ε̇·(x - c0), by donor-cell
   * upwinding (each axis takes the neighbour further from the centre), added as a source of cover.
   */
  function contractCover(vx: VoxelContext): void {
    const { nx, dx, cells, fields } = vx;
    const cover = F.epithelium * cells;
    const anti = F.antiinflammatory * cells;
    const source = vx.source(F.epithelium);
    const ny = cells / nx;
    for (let k = 0; k < cells; k++) {
      const i = k % nx;
      const j = (k - i) / nx;
      const rate = strainRate(fields[anti + k]);
      if (!(rate > 0)) continue;
      const rx = (i + 0.5) * dx - cx;
      const ry = (j + 0.5) * dx - cy;
      const iu = rx > 0 ? Math.min(i + 1, nx - 1) : Math.max(i - 1, 0);
      const ju = ry > 0 ? Math.min(j + 1, ny - 1) : Math.max(j - 1, 0);
      const c = fields[cover + k];
      const gx = Math.max(0, fields[cover + j * nx + iu] - c);
      const gy = Math.max(0, fields[cover + ju * nx + i] - c);
      source[k] += (rate * (Math.abs(rx) * gx + Math.abs(ry) * gy)) / dx;
    }
  }

  return { updateAgent, speedScale, growthScale, deathScale, secretionScale, voxelExchange };
}
