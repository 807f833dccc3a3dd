/**
 * Rules of the bone model (docs/bone-model.md §3-7): the pathway layer, the fates it drives (an agent changes
 * type in place: the rule writes cellType, resets cellState and the cell cycle), the scaling of the generic
 * phenotype, and the per-voxel exchanges. Exosome cargo acts through the nodes, or (like the skin model's
 * VEGF content) through a voxel source: each channel's effect is e = min(1, potency × C), with
 * C = cargo / (cargo + K) the saturating amount internalised (cargo decays with cargo.half_life).
 *
 * Pathway layer, one rule per node (noisy-OR of activators, times (1 - repressor) factors; every node relaxes
 * to its target with time constant pathway.tau; an inhibitor clamp overrides it). P = pro-inflammatory
 * cytokine, A = anti-inflammatory, B = BMP-2, R = RANKL, O = OPG, V = VEGF (all as sensed), I = P/(P + K_I):
 *   hif   = OR( H(O2), hif.cargo_gain·e[vegf_induction], hif.mimetic_gain·e[pten_down] ),   H = K²/(K² + O2²)
 *   akt   = OR( akt.basal, [endothelial] akt.vegf_gain·V/(V+Kv), akt.cargo_gain·e[akt], akt.cargo_gain·e[antiapoptotic],
 *               akt.pten_gain·e[pten_down] )
 *   erk   = OR( erk.basal, erk.vegf_gain·V/(V+Kv), erk.cargo_gain·e[spred1_down] )                     (endothelial)
 *   nfkb  = the shared immune module (immuneRules.ts: pro-inflammatory cytokine, damage; IL-10, efferocytosis,
 *           e[nfkb_down], e[mir223])
 *   itgb1 = OR( itgb1.basal, itgb1.rankl_gain·ρ, itgb1.malat1_gain·e[malat1] ),  ρ = R/(R + K_R + w·O)  (macrophage)
 *   smad  = OR( smad.basal, smad.bmp_gain·B/(B + K_B) ) × (1 - smad.inflammation_gain·I)          (msc, osteoblast)
 *   sox9  = OR( sox9.basal, sox9.tgf_gain·A/(A + K_A), sox9.cargo_gain·e[chondrogenic] )
 *           × (1 - sox9.inflammation_gain·I)                                                   (msc, chondrocyte)
 * Osteogenic cargo raises BMP-2 expression (MSC and osteoblast BMP-2 secretion × (1 + bmp2.cargo_gain·e)), so
 * it reaches smad only through BMP-2 and a BMP-2 antagonist (neutralising the field) removes it; the OPG
 * channel likewise raises OPG secretion (× (1 + opg.cargo_gain·e)).
 *
 * Fates and behaviour:
 *   activation A = chemoattractant/(chemoattractant + msc.activation_half): the injury's signals set progenitors
 *     going, so msc commitment and msc and fibroblast proliferation are × A (resting marrow, periosteum and
 *     muscle away from the injury stay quiescent); msc, chondrocytes, osteoblasts and fibroblasts divide only
 *     into free room (proliferation × free, as a lattice model's cell divides only into an empty site).
 *   msc: stimulus S = strain / mechano.a; at hazard msc.differentiation × A × factor it becomes
 *     fibroblast where S > fibrous_above (factor fibro_factor); chondrocyte where cartilage_above < S, or where
 *     O2 < msc.o2_bone or the vessel patch mean (radius msc.vessel_reach) < msc.vessel_bone (factor
 *     chondro_factor × (floor + (1 - floor)·sox9) × (g + (1 - g)·smad), g = msc.chondro_bmp_floor); else
 *     osteoblast (factor (floor + (1 - floor)·smad·ν), ν = V/(V + osteogenesis.vegf_half) the VEGF gate, V the VEGF as
 *     sensed; × disuse factor when S < disuse_below). If that draw (w0)
 *     misses and S <= fibrous_above, it drifts to fibroblast (w1) at msc.differentiation × A ×
 *     msc.fibrous_drift × K²/(K² + smad²), K = msc.drift_smad_half. Its BMP-2 secretion is × (1 +
 *     bmp2.injury_gain·A). Proliferation × A × free × oxygen × (1 + msc.akt_growth·akt).
 *   chondrocyte: proliferative ones lay cartilage × free × (0.5 + 0.5·sox9) and hypertrophy at
 *     chondrocyte.hypertrophy × min(1, cartilage/surrounded_at) × (1 - sox9_hold·sox9); hypertrophic ones stop
 *     dividing, secrete VEGF and RANKL, calcify their territory (the calcified field: the share of a voxel's
 *     cartilage that is calcified, cap 1), and die at invasion_death where the vessel patch mean reaches
 *     endochondral.vessel, a share chondrocyte.osteoblast_share of them becoming osteoblasts instead (where
 *     vessels also resorb cartilage, in a joint only its calcified share: the voxel rule).
 *   osteoblast: lays woven bone, or lamellar bone where bone (woven + lamellar) >= lamellar_on and S <= cartilage_above
 *     (a mineralised site is refilled as lamellar bone, so osteoclasts resorbing woven bone speed remodelling), × free ×
 *     (floor + (1 - floor)·smad·ν) × disuse factor (ν the VEGF gate, as the fate's); leaves (becomes an osteocyte)
 *     at embedding × local bone;
 *     divides (× free × oxygen) only while its lineage clock (time since the lineage became osteoblast,
 *     inherited by daughters) is below osteoblast.proliferative_window: a bounded clone per committed cell.
 *   macrophage: NF-κB, M1/M2 switching and removal by the shared immune module (immuneRules.ts); ITGB1; becomes an osteoclast at
 *     osteoclast.formation × itgb1 × ρ (no RANKL, no osteoclast). Recruited by inflammation (as M1) and, as osteoclast
 *     precursors, by RANKL from the callus's vessels (as M2; boneCells.ts), so remodelling goes on after inflammation.
 *   neutrophil: the shared immune module. fibroblast: lays fibrous tissue × free × oxygen.
 *   endothelial: as the skin model, but a tip probes for anastomosis ahead along the way it migrates (its random
 *     heading × (1 - b) plus the VEGF gradient's direction × b, b = endothelial.chemotaxis.vegf, as moveAgents.ts
 *     moves it), not along the random heading alone, which finds the tip's own trail whenever it is redrawn backwards.
 *   MSC, chondrocyte and osteoblast death × (1 - survival.akt_gain·akt). VEGF secretion × hif (hypertrophic: 1).
 * free = 1 - (cartilage + woven + lamellar + fibrous) under the cell; oxygen factor O2/(O2 + growth.hypoxia_half).
 * Random decisions use RNG stream STATE: word 0 state or type switches (and, at vascular invasion, whether a
 * hypertrophic chondrocyte becomes an osteoblast), word 1 removal or death, word 2 the macrophage's
 * osteoclast formation.
 *
 * Voxel exchanges: oxygen from vessels k·v·(P_blood - O2); chemoattractant from damage and fibrin; the
 * progenitor homing signal SDF-1 from damage and exosomes (recruitment channel: it recruits msc, not
 * leukocytes); exosomes bound by cartilage matrix (loss exosomes.cartilage_binding × cartilage: vesicles do
 * not pass intact cartilage); VEGF from exosomes as they are degraded (VEGF content channel); RANKL from
 * stromal cells ∝ pro-inflammatory cytokine; cartilage resorbed where vessels invade, × (1 - R·(1 - min(1,
 * calcified))) with R = cartilage.uncalcified_resistance (0 in a callus, whose cartilage is all transient; 1
 * in a joint, where uncalcified cartilage resists vessels and stays unless its chondrocytes hypertrophy);
 * coupled formation: lamellar bone laid at remodelling.coupled_formation × the osteoclasts' woven resorption
 * rate; vessel maturation: the sprouts' deposits are immature (immature_vessel), mature at vessel.maturation
 * and meanwhile regress without VEGF, their survival signal; and the matrix bookkeeping: the
 * cells' deposits of the four matrix fractions in a voxel are scaled down so that their sum cannot pass 1 (the
 * deposits are the agent sums already in the step's sources: FieldExchange adds them before the voxel rules),
 * and a sum above 1 (an initial condition) is brought back to 1 by a proportional loss.
 *
 * boneRuleValues and boneStepFactors resolve the run's numbers once; the JS rules below and their WGSL
 * twin (boneRulesGpu.ts, shaders/bone_*_rules.wgsl) both read them.
 */
import type { CompiledModel } from '../compile.ts';
import { RuleFate, type AgentView, type ArmContext, type BoundRules, type ParameterValues, type VoxelContext } from '../rules.ts';
import { RngStream, uniform01 } from '../../sim/rng.ts';
import { macrophageNfkbTarget, macrophageRemoval, macrophageVegf, neutrophilSecretion, neutrophilSpeed, readImmuneParameters, switchPolarisation, updateNeutrophil } from './immuneRules.ts';
import { boneFields } from './boneFields.ts';
import { chance, clamp01, effect, hill2, or2, sat } from './pathwayMath.ts';

/** The rule parameters of a run by role (rates per day are converted to 1/min). */
function readParameters(v: (name: string) => number) {
  const perMin = (name: string) => v(name) / 1440;
  return {
    tau: v('pathway.tau'),
    cargoHalfLife: v('cargo.half_life'),
    cargoK: v('cargo.half_saturation'),
    o2Half: v('hif.o2_half'),
    hifCargo: v('hif.cargo_gain'),
    hifMimetic: v('hif.mimetic_gain'),
    aktBasal: v('akt.basal'),
    aktVegf: v('akt.vegf_gain'),
    aktCargo: v('akt.cargo_gain'),
    aktPten: v('akt.pten_gain'),
    erkBasal: v('erk.basal'),
    erkVegf: v('erk.vegf_gain'),
    erkCargo: v('erk.cargo_gain'),
    vegfHalf: v('endothelial.recruitment.halfSaturation'),
    ...readImmuneParameters(v),
    smadBasal: v('smad.basal'),
    smadBmp: v('smad.bmp_gain'),
    smadBmpHalf: v('smad.bmp_half'),
    smadInfl: v('smad.inflammation_gain'),
    inflHalf: v('inflammation.half'),
    sox9Basal: v('sox9.basal'),
    sox9Tgf: v('sox9.tgf_gain'),
    sox9TgfHalf: v('sox9.tgf_half'),
    sox9Cargo: v('sox9.cargo_gain'),
    sox9Infl: v('sox9.inflammation_gain'),
    itgb1Basal: v('itgb1.basal'),
    itgb1Rankl: v('itgb1.rankl_gain'),
    ranklHalf: v('itgb1.rankl_half'),
    opgWeight: v('itgb1.opg_weight'),
    itgb1Malat1: v('itgb1.malat1_gain'),
    mechA: v('mechano.a'),
    fibrousAbove: v('mechano.fibrous_above'),
    cartilageAbove: v('mechano.cartilage_above'),
    disuseBelow: v('mechano.disuse_below'),
    disuseFactor: v('mechano.disuse_factor'),
    differentiation: perMin('msc.differentiation'),
    chondroFactor: v('msc.chondro_factor'),
    fibroFactor: v('msc.fibro_factor'),
    fateFloor: v('msc.fate_floor'),
    osteogenesisVegfHalf: v('osteogenesis.vegf_half'),
    chondroBmpFloor: v('msc.chondro_bmp_floor'),
    fibrousDrift: v('msc.fibrous_drift'),
    driftSmadHalf: v('msc.drift_smad_half'),
    o2Bone: v('msc.o2_bone'),
    vesselBone: v('msc.vessel_bone'),
    vesselReach: v('msc.vessel_reach'),
    mscAktGrowth: v('msc.akt_growth'),
    mscActivationHalf: v('msc.activation_half'),
    survival: v('survival.akt_gain'),
    hypertrophy: perMin('chondrocyte.hypertrophy'),
    surroundedAt: v('chondrocyte.surrounded_at'),
    sox9Hold: v('chondrocyte.sox9_hold'),
    invasionDeath: perMin('chondrocyte.invasion_death'),
    osteoblastShare: v('chondrocyte.osteoblast_share'),
    invasionVessel: v('endochondral.vessel'),
    cartilageResorption: v('cartilage.vascular_resorption'),
    uncalcifiedResistance: v('cartilage.uncalcified_resistance'),
    coupledFormation: v('remodelling.coupled_formation'),
    activityFloor: v('osteoblast.activity_floor'),
    lamellarOn: v('osteoblast.lamellar_on'),
    embedding: perMin('osteoblast.embedding'),
    proliferativeWindow: v('osteoblast.proliferative_window') * 1440,
    osteoclastFormation: perMin('osteoclast.formation'),
    bmp2Cargo: v('bmp2.cargo_gain'),
    bmp2Injury: v('bmp2.injury_gain'),
    opgCargo: v('opg.cargo_gain'),
    ranklFromInflammation: v('rankl.from_inflammation'),
    sdfFromDamage: v('sdf1.from_damage'),
    sdfFromExosomes: v('sdf1.from_exosomes'),
    hypoxiaHalf: v('growth.hypoxia_half'),
    endoSurvival: v('endothelial.akt_survival'),
    endoErkSpeed: v('endothelial.erk_speed'),
    matureAt: v('endothelial.mature_at'),
    endoVegfBias: v('endothelial.chemotaxis.vegf'),
    vesselFootprint: v('endothelial.footprint.vessel'),
    stalkLeave: perMin('endothelial.stalk_leave'),
    vesselMaturation: perMin('vessel.maturation'),
    vesselRegression: perMin('vessel.immature_regression'),
    o2Blood: v('oxygen.blood'),
    o2Exchange: v('oxygen.exchange'),
    chemoDamage: v('chemoattractant.from_damage'),
    chemoFibrin: v('chemoattractant.from_fibrin'),
    vegfPerUg: v('vegf.per_exosome_ug'),
    exoDecay: v('exosomes.decay'),
    exoCartilageBinding: v('exosomes.cartilage_binding'),
  };
}

const CHANNELS = {
  vegfInduction: 'vegf_induction',
  akt: 'akt',
  antiapoptotic: 'antiapoptotic',
  ptenDown: 'pten_down',
  spred1Down: 'spred1_down',
  nfkbDown: 'nfkb_down',
  mir223: 'mir223',
  vegfContent: 'vegf_content',
  osteogenic: 'osteogenic',
  opg: 'opg',
  recruitment: 'recruitment',
  malat1: 'malat1',
  chondrogenic: 'chondrogenic',
} as const;
const NODES = ['akt', 'erk', 'hif', 'nfkb', 'itgb1', 'smad', 'sox9'] as const;

/** The numbers the bone rules of one run use, resolved once for both backends (boneRulesGpu.ts writes them as WGSL constants). */
export interface BoneRuleValues {
  /** Rule parameters by role; rates in 1/min. */
  p: ReturnType<typeof readParameters>;
  /** Potencies of the cargo channels the rules read (0 when the arm's product lacks them). */
  pot: Record<keyof typeof CHANNELS, number>;
  /** Whether any of those potencies is positive. */
  anyCargo: boolean;
  /** Value a node is clamped at by an inhibitor, NaN when it is free. */
  clamps: Record<(typeof NODES)[number], number>;
  /** VEGF source per exosome amount (VEGF content channel × content × degradation rate), 1/min. */
  vegfFromExosomes: number;
  /** SDF-1 source per exosome amount (recruitment channel), a.u./min per µg/mL. */
  sdfFromExosomes: number;
  /** Share of VEGF that cells sense (1 - the neutralised fraction): the vessels' VEGF survival signal. */
  vegfSensed: number;
}

/** Index of the VEGF field in the bone model (the arm's availability is indexed by field). */
const VEGF_FIELD = boneFields.findIndex((f) => f.name === 'vegf');

/** Resolves the bone rules' parameters, potencies and clamps for a run's values and arm. */
export function boneRuleValues(values: ParameterValues, arm: ArmContext): BoneRuleValues {
  const v = (name: string) => {
    const x = values.get(name);
    if (x === undefined) throw new Error(`bone rules: parameter ${name} is not declared`);
    return x;
  };
  const pot = Object.fromEntries(Object.entries(CHANNELS).map(([role, channel]) => [role, arm.potency[channel] ?? 0])) as BoneRuleValues['pot'];
  const clamps = Object.fromEntries(NODES.map((node) => [node, arm.clamps.has(node) ? arm.clamps.get(node)! : Number.NaN])) as BoneRuleValues['clamps'];
  const p = readParameters(v);
  return {
    p,
    pot,
    anyCargo: Object.values(pot).some((x) => x > 0),
    clamps,
    vegfFromExosomes: pot.vegfContent * p.vegfPerUg * p.exoDecay,
    sdfFromExosomes: pot.recruitment * p.sdfFromExosomes,
    vegfSensed: arm.availability[VEGF_FIELD],
  };
}

/** Per-step factors for a time step dt (min): the nodes' relaxation 1 - exp(-dt/τ) and the fraction of cargo kept. */
export function boneStepFactors(p: BoneRuleValues['p'], dt: number): { relax: number; cargoKeep: number } {
  return { relax: 1 - Math.exp(-dt / p.tau), cargoKeep: Math.exp((-Math.LN2 * dt) / p.cargoHalfLife) };
}

/**
 * The indices of the fields the rules read or write, as an object literal: the compiled name index has
 * more keys than V8 keeps in fast mode, so reading it in the per-agent closures cost a dictionary lookup
 * each time (tens of ns per agent and rule).
 */
function boneFieldIndices(index: Readonly<Record<string, number>>) {
  return {
    oxygen: index.oxygen,
    vegf: index.vegf,
    bmp2: index.bmp2,
    rankl: index.rankl,
    opg: index.opg,
    proinflammatory: index.proinflammatory,
    antiinflammatory: index.antiinflammatory,
    chemoattractant: index.chemoattractant,
    sdf1: index.sdf1,
    exosomes: index.exosomes,
    fibrin: index.fibrin,
    damage: index.damage,
    cartilage: index.cartilage,
    calcified: index.calcified,
    woven_bone: index.woven_bone,
    lamellar_bone: index.lamellar_bone,
    fibrous: index.fibrous,
    vessel: index.vessel,
    immature_vessel: index.immature_vessel,
    apoptotic: index.apoptotic,
    strain: index.strain,
  };
}

/** Binds the bone rules to a run's parameters and arm. */
export function bindBoneRules(compiled: CompiledModel, values: ParameterValues, arm: ArmContext): BoundRules {
  const T = compiled.cellTypeIndex;
  const [NEUT, MAC, MSC, CHONDRO, OB, OC, FIB, ENDO] = ['neutrophil', 'macrophage', 'msc', 'chondrocyte', 'osteoblast', 'osteoclast', 'fibroblast', 'endothelial'].map((t) => T[t]);
  const F = boneFieldIndices(compiled.fieldIndex);
  const o = compiled.layout.offset;
  const [M1, M2] = [0, 1];
  const [TIP, STALK] = [0, 1];
  const [PROLIFERATIVE, HYPERTROPHIC] = [0, 1];
  const MATRIX = [F.cartilage, F.woven_bone, F.lamellar_bone, F.fibrous];

  const { p, pot, anyCargo, clamps, vegfFromExosomes, sdfFromExosomes, vegfSensed } = boneRuleValues(values, arm);
  if (compiled.fieldIndex.vegf !== VEGF_FIELD) throw new Error('bone rules: the compiled model\'s vegf field is not boneFields\' (field order changed)');
  let dtCached = -1;
  let relax = 0;
  let cargoKeep = 1;
  const prepare = (dt: number) => {
    if (dt === dtCached) return;
    dtCached = dt;
    ({ relax, cargoKeep } = boneStepFactors(p, dt));
  };

  /** Moves node `offset` towards `target` (or holds it at the clamp); returns the new value. */
  const step = (view: AgentView, base: number, offset: number, target: number, clamp: number): number => {
    const next = Number.isNaN(clamp) ? view.f[base + offset] + (clamp01(target) - view.f[base + offset]) * relax : clamp;
    view.f[base + offset] = next;
    return next;
  };
  const sense = (view: AgentView, base: number, field: number) => view.sample(field, view.f[base + o.x], view.f[base + o.y]);
  const vesselNear = (view: AgentView, base: number) => view.patchMean(F.vessel, view.f[base + o.x], view.f[base + o.y], p.vesselReach);
  /** Saturating amount of internalised cargo, C = cargo/(cargo + K). */
  const cargoAmount = (view: AgentView, base: number) => {
    const cargo = view.f[base + o.cargo];
    return cargo / (cargo + p.cargoK);
  };
  /** Free matrix room under the cell: 1 - (cartilage + woven + lamellar + fibrous), at least 0. */
  const free = (view: AgentView, base: number) => {
    let sum = 0;
    for (const m of MATRIX) sum += sense(view, base, m);
    return sum < 1 ? 1 - sum : 0;
  };
  const oxygenFactor = (view: AgentView, base: number) => {
    const o2 = sense(view, base, F.oxygen);
    return o2 / (o2 + p.hypoxiaHalf);
  };
  /** VEGF gate on BMP-2's osteogenic drive, ν = V/(V + osteogenesis.vegf_half), V the VEGF as sensed. */
  const vegfGate = (view: AgentView, base: number) => sat(sense(view, base, F.vegf), p.osteogenesisVegfHalf);
  /** Injury activation of progenitors, A = chemoattractant/(chemoattractant + K_act): their commitment and proliferation need it. */
  const activation = (view: AgentView, base: number) => sat(sense(view, base, F.chemoattractant), p.mscActivationHalf);
  /** Mechanoregulatory stimulus S = octahedral shear strain / a. */
  const stimulus = (view: AgentView, base: number) => sense(view, base, F.strain) / p.mechA;
  const disuse = (s: number) => (s < p.disuseBelow ? p.disuseFactor : 1);
  /** Pro-inflammatory repression signal I = P/(P + K_I). */
  const inflammation = (view: AgentView, base: number) => sat(sense(view, base, F.proinflammatory), p.inflHalf);
  /** RANKL signal over OPG, ρ = R/(R + K_R + w·OPG). */
  const ranklSignal = (view: AgentView, base: number) => {
    const rankl = sense(view, base, F.rankl);
    return rankl / (rankl + p.ranklHalf + p.opgWeight * sense(view, base, F.opg));
  };
  /** The agent becomes `type` in place: first state, cell cycle and lineage clock restarted. */
  const becomes = (view: AgentView, base: number, type: number) => {
    view.u[base + o.cellType] = type;
    view.u[base + o.cellState] = 0;
    view.f[base + o.cycle] = 0;
    view.f[base + o.lineage_age] = 0;
  };

  function updateAgent(view: AgentView, base: number, type: number): number {
    prepare(view.dt);
    const f = view.f;
    const dt = view.dt;
    const state = view.u[base + o.cellState];
    const cargo = f[base + o.cargo] * cargoKeep;
    f[base + o.cargo] = cargo;
    const C = anyCargo ? cargo / (cargo + p.cargoK) : 0;
    const w = view.random(view.u[base + o.id], RngStream.STATE);

    if (type === NEUT) return updateNeutrophil(view, base + o.cellState, p, w);

    if (type === OC) {
      step(view, base, o.itgb1, or2(or2(p.itgb1Basal, p.itgb1Rankl * ranklSignal(view, base)), p.itgb1Malat1 * effect(pot.malat1, C)), clamps.itgb1);
      return RuleFate.NONE;
    }

    const hypoxia = hill2(sense(view, base, F.oxygen), p.o2Half);
    step(view, base, o.hif, or2(or2(hypoxia, p.hifCargo * effect(pot.vegfInduction, C)), p.hifMimetic * effect(pot.ptenDown, C)), clamps.hif);
    const vegfDrive = type === ENDO ? sat(sense(view, base, F.vegf), p.vegfHalf) : 0;
    const aktTarget = or2(
      or2(or2(p.aktBasal, p.aktVegf * vegfDrive), or2(p.aktCargo * effect(pot.akt, C), p.aktCargo * effect(pot.antiapoptotic, C))),
      p.aktPten * effect(pot.ptenDown, C),
    );
    step(view, base, o.akt, aktTarget, clamps.akt);

    if (type === MAC) return updateMacrophage(view, base, state, C, w);
    if (type === ENDO) return updateEndothelial(view, base, state, vegfDrive, C, w);
    if (type === FIB) return RuleFate.NONE;

    const infl = inflammation(view, base);
    let smad = 0;
    let sox9 = 0;
    if (type === MSC || type === OB) {
      smad = step(view, base, o.smad, or2(p.smadBasal, p.smadBmp * sat(sense(view, base, F.bmp2), p.smadBmpHalf)) * (1 - p.smadInfl * infl), clamps.smad);
    }
    if (type === MSC || type === CHONDRO) {
      const drive = or2(or2(p.sox9Basal, p.sox9Tgf * sat(sense(view, base, F.antiinflammatory), p.sox9TgfHalf)), p.sox9Cargo * effect(pot.chondrogenic, C));
      sox9 = step(view, base, o.sox9, drive * (1 - p.sox9Infl * infl), clamps.sox9);
    }

    if (type === MSC) {
      const target = mscFate(view, base, smad, sox9);
      if (target.type >= 0 && uniform01(w[0]) < chance(target.rate, dt)) becomes(view, base, target.type);
      else if (uniform01(w[1]) < chance(target.drift, dt)) becomes(view, base, FIB);
      return RuleFate.NONE;
    }
    if (type === CHONDRO) {
      if (state === PROLIFERATIVE) {
        const surrounded = Math.min(1, sense(view, base, F.cartilage) / p.surroundedAt);
        if (uniform01(w[0]) < chance(p.hypertrophy * surrounded * (1 - p.sox9Hold * sox9), dt)) view.u[base + o.cellState] = HYPERTROPHIC;
      } else if (vesselNear(view, base) >= p.invasionVessel && uniform01(w[1]) < chance(p.invasionDeath, dt)) {
        // at vascular invasion a share of hypertrophic chondrocytes becomes osteoblasts, the rest die
        if (uniform01(w[0]) >= p.osteoblastShare) return RuleFate.DIE;
        becomes(view, base, OB);
      }
      return RuleFate.NONE;
    }
    if (type === OB) {
      f[base + o.lineage_age] += Math.fround(dt); // as the WGSL's f32 sum
      const bone = sense(view, base, F.woven_bone) + sense(view, base, F.lamellar_bone);
      if (uniform01(w[1]) < chance(p.embedding * Math.min(1, bone), dt)) return RuleFate.LEAVE;
    }
    return RuleFate.NONE;
  }

  /**
   * The fate an msc heads for (type index, -1 for none) and its hazard (1/min), and the hazard of its drift to
   * the fibroblast fate where strain is not fibrous (high without Smad1/Runx2): docs/bone-model.md §6.
   */
  function mscFate(view: AgentView, base: number, smad: number, sox9: number): { type: number; rate: number; drift: number } {
    const s = stimulus(view, base);
    const rate = p.differentiation * activation(view, base);
    if (s > p.fibrousAbove) return { type: FIB, rate: rate * p.fibroFactor, drift: 0 };
    const drift = rate * p.fibrousDrift * hill2(smad, p.driftSmadHalf);
    const chondrogenic =
      s > p.cartilageAbove || sense(view, base, F.oxygen) < p.o2Bone || vesselNear(view, base) < p.vesselBone;
    if (chondrogenic) return { type: CHONDRO, rate: rate * p.chondroFactor * (p.fateFloor + (1 - p.fateFloor) * sox9) * (p.chondroBmpFloor + (1 - p.chondroBmpFloor) * smad), drift };
    return { type: OB, rate: rate * (p.fateFloor + (1 - p.fateFloor) * smad * vegfGate(view, base)) * disuse(s), drift };
  }

  function updateMacrophage(view: AgentView, base: number, state: number, C: number, w: Uint32Array): number {
    const target = macrophageNfkbTarget(view, view.f[base + o.x], view.f[base + o.y], F, p, effect(pot.nfkbDown, C), effect(pot.mir223, C));
    const nfkb = step(view, base, o.nfkb, target, clamps.nfkb);
    const rho = ranklSignal(view, base);
    const itgb1 = step(view, base, o.itgb1, or2(or2(p.itgb1Basal, p.itgb1Rankl * rho), p.itgb1Malat1 * effect(pot.malat1, C)), clamps.itgb1);
    switchPolarisation(view, base + o.cellState, state, nfkb, p, w);
    if (uniform01(w[2]) < chance(p.osteoclastFormation * itgb1 * rho, view.dt)) {
      becomes(view, base, OC);
      return RuleFate.NONE;
    }
    return macrophageRemoval(p, w, view.dt);
  }

  function updateEndothelial(view: AgentView, base: number, state: number, vegfDrive: number, C: number, w: Uint32Array): number {
    const f = view.f;
    step(view, base, o.erk, or2(or2(p.erkBasal, p.erkVegf * vegfDrive), p.erkCargo * effect(pot.spred1Down, C)), clamps.erk);
    if (state === TIP) {
      // anastomosis: the vessel density one patch diameter ahead along the way the tip migrates
      const reach = 2 * p.vesselFootprint;
      const [hx, hy] = tipHeading(view, base, reach);
      const ahead = view.patchMean(F.vessel, f[base + o.x] + reach * hx, f[base + o.y] + reach * hy, p.vesselFootprint);
      if (ahead >= p.matureAt) view.u[base + o.cellState] = STALK;
    } else if (uniform01(w[1]) < chance(p.stalkLeave, view.dt)) {
      return RuleFate.LEAVE;
    }
    return RuleFate.NONE;
  }

  /**
   * The direction a tip migrates (moveAgents.ts): its persistent random heading weighted 1 - b and the VEGF
   * gradient's direction weighted b (b = endothelial.chemotaxis.vegf), the gradient taken across the look-ahead
   * span (patch means at ± reach µm). The stored heading alone is the random part, which points anywhere
   * relative to the way a VEGF-led tip goes, so looking ahead along it finds the tip's own trail.
   * This re-derives the mover's weighting with its own gradient estimate (the mover takes a central difference
   * over the agent's voxel, unsensed): close, not identical. An engine-level migration direction that moveAgents
   * and the rules share would be the right depth, and would fix the skin model's probe too (docs/ODD.md A.3).
   */
  function tipHeading(view: AgentView, base: number, reach: number): [number, number] {
    const f = view.f;
    const x = f[base + o.x];
    const y = f[base + o.y];
    const gx = view.patchMean(F.vegf, x + reach, y, p.vesselFootprint) - view.patchMean(F.vegf, x - reach, y, p.vesselFootprint);
    const gy = view.patchMean(F.vegf, x, y + reach, p.vesselFootprint) - view.patchMean(F.vegf, x, y - reach, p.vesselFootprint);
    const g = Math.sqrt(gx * gx + gy * gy);
    const b = p.endoVegfBias;
    const rw = Math.max(0, 1 - Math.abs(b));
    let hx = rw * f[base + o.dirX];
    let hy = rw * f[base + o.dirY];
    if (g > 1e-12) {
      hx += (b * gx) / g;
      hy += (b * gy) / g;
    } else {
      hx += Math.abs(b) * f[base + o.dirX];
      hy += Math.abs(b) * f[base + o.dirY];
    }
    const h = Math.sqrt(hx * hx + hy * hy);
    return h > 0 ? [hx / h, hy / h] : [f[base + o.dirX], f[base + o.dirY]];
  }

  function speedScale(view: AgentView, base: number, type: number): number {
    const state = view.u[base + o.cellState];
    if (type === NEUT) return neutrophilSpeed(state);
    if (type === ENDO) return state === TIP ? 1 + p.endoErkSpeed * view.f[base + o.erk] : 0.1;
    return 1;
  }

  function growthScale(view: AgentView, base: number, type: number): number {
    if (type === MSC) return activation(view, base) * free(view, base) * oxygenFactor(view, base) * (1 + p.mscAktGrowth * view.f[base + o.akt]);
    if (type === CHONDRO) return view.u[base + o.cellState] === HYPERTROPHIC ? 0 : free(view, base);
    if (type === OB) return view.f[base + o.lineage_age] < p.proliferativeWindow ? free(view, base) * oxygenFactor(view, base) : 0; // within the proliferative window
    if (type === FIB) return activation(view, base) * free(view, base) * oxygenFactor(view, base);
    if (type === ENDO) return oxygenFactor(view, base) * 0.5 * (view.f[base + o.akt] + view.f[base + o.erk]);
    return 1;
  }

  function deathScale(view: AgentView, base: number, type: number): number {
    if (type === ENDO) return 1 - p.endoSurvival * view.f[base + o.akt];
    if (type === MSC || type === CHONDRO || type === OB) return 1 - p.survival * view.f[base + o.akt];
    return 1;
  }

  /** Osteoblast deposition of `field`: woven bone on a new site, lamellar bone on an established one; × free room, smad gated by VEGF, and disuse. */
  function boneDeposit(view: AgentView, base: number, field: number): number {
    const s = stimulus(view, base);
    // the bone sum rounded to f32, as the WGSL twin adds it (exact: float64 holds the sum of two f32 exactly or
    // rounds it innocuously, 53 >= 2·24 + 2 bits)
    const bone = Math.fround(sense(view, base, F.woven_bone) + sense(view, base, F.lamellar_bone));
    const lamellar = bone >= p.lamellarOn && s <= p.cartilageAbove;
    if ((field === F.lamellar_bone) !== lamellar) return 0;
    return free(view, base) * (p.activityFloor + (1 - p.activityFloor) * view.f[base + o.smad] * vegfGate(view, base)) * disuse(s);
  }

  function secretionScale(view: AgentView, base: number, type: number, field: number): number {
    const state = view.u[base + o.cellState];
    if (field === F.vegf) {
      const hif = view.f[base + o.hif];
      if (type === MAC) return macrophageVegf(hif, state);
      return type === CHONDRO && state === HYPERTROPHIC ? 1 : hif;
    }
    if (type === NEUT) return neutrophilSecretion(state, field === F.apoptotic);
    if (type === MAC) {
      if (field === F.antiinflammatory || field === F.bmp2) return state === M2 ? 1 : 0;
      return state === M1 ? view.f[base + o.nfkb] : 0; // pro-inflammatory cytokine
    }
    if (field === F.bmp2) {
      const cargo = 1 + p.bmp2Cargo * effect(pot.osteogenic, cargoAmount(view, base));
      return type === MSC ? cargo * (1 + p.bmp2Injury * activation(view, base)) : cargo;
    }
    if (field === F.opg) return 1 + p.opgCargo * effect(pot.opg, cargoAmount(view, base));
    if (type === OB && (field === F.woven_bone || field === F.lamellar_bone)) return boneDeposit(view, base, field);
    if (type === CHONDRO) {
      if (field === F.cartilage) return state === PROLIFERATIVE ? free(view, base) * (0.5 + 0.5 * view.f[base + o.sox9]) : 0;
      if (field === F.rankl || field === F.calcified) return state === HYPERTROPHIC ? 1 : 0;
    }
    if (type === FIB && field === F.fibrous) return free(view, base) * oxygenFactor(view, base);
    if (type === ENDO && field === F.vessel) return state === TIP ? 1 : 0.5;
    return 1;
  }

  function voxelExchange(vx: VoxelContext): void {
    const n = vx.cells;
    const fields = vx.fields;
    const at = (field: number) => field * n;
    const [vessel, immature, vegfAt, damage, fibrin, exo, pro, cartilage, calcified] = [F.vessel, F.immature_vessel, F.vegf, F.damage, F.fibrin, F.exosomes, F.proinflammatory, F.cartilage, F.calcified].map(at);
    const o2Source = vx.source(F.oxygen);
    const o2Uptake = vx.uptake(F.oxygen);
    const chemo = vx.source(F.chemoattractant);
    const sdf = vx.source(F.sdf1);
    const rankl = vx.source(F.rankl);
    const cartilageUptake = vx.uptake(F.cartilage);
    const exoUptake = vx.uptake(F.exosomes);
    const vegf = vegfFromExosomes > 0 ? vx.source(F.vegf) : null;
    const vesselSource = vx.source(F.vessel);
    const vesselLoss = vx.uptake(F.vessel);
    const immatureSource = vx.source(F.immature_vessel);
    const immatureLoss = vx.uptake(F.immature_vessel);
    for (let k = 0; k < n; k++) {
      const vv = fields[vessel + k];
      o2Source[k] += p.o2Exchange * vv * p.o2Blood;
      o2Uptake[k] += p.o2Exchange * vv;
      const e = fields[exo + k];
      chemo[k] += p.chemoDamage * fields[damage + k] + p.chemoFibrin * fields[fibrin + k];
      sdf[k] += p.sdfFromDamage * fields[damage + k] + sdfFromExosomes * e;
      rankl[k] += p.ranklFromInflammation * fields[pro + k];
      cartilageUptake[k] += p.cartilageResorption * Math.min(1, vv / p.invasionVessel) * (1 - p.uncalcifiedResistance * (1 - Math.min(1, fields[calcified + k])));
      if (vegf) vegf[k] += vegfFromExosomes * e;
      exoUptake[k] += p.exoCartilageBinding * fields[cartilage + k];
      // Vessel maturation: this step's sprout deposits (the endothelial sum already in the vessel source) are
      // immature; the immature share u = min(immature_vessel, vessel) matures at vessel.maturation and regresses
      // at vessel.immature_regression × K/(K + V), V the VEGF as sensed, K endothelial.recruitment.halfSaturation,
      // taking its area out of vessel too (an uptake of vessel at that rate × u/vessel: sources stay >= 0).
      // Vessels standing at t = 0 are mature.
      const regression = (p.vesselRegression * p.vegfHalf) / (p.vegfHalf + fields[vegfAt + k] * vegfSensed);
      immatureSource[k] += vesselSource[k];
      immatureLoss[k] += p.vesselMaturation + regression;
      if (vv > 0) vesselLoss[k] += (regression * Math.min(fields[immature + k], vv)) / vv;
    }
    if (p.coupledFormation > 0) coupleFormation(vx);
    fitMatrix(vx);
  }

  /**
   * Coupled formation (remodelling units): lamellar bone laid at coupled_formation × the rate osteoclasts
   * resorb woven bone in the voxel (their uptake, already in the woven uptake, times the woven fraction).
   */
  function coupleFormation(vx: VoxelContext): void {
    const n = vx.cells;
    const fields = vx.fields;
    const woven = F.woven_bone * n;
    const resorption = vx.uptake(F.woven_bone);
    const lamellar = vx.source(F.lamellar_bone);
    const share = Math.fround(p.coupledFormation);
    for (let k = 0; k < n; k++) {
      const u = resorption[k];
      if (u > 0) lamellar[k] += Math.fround(Math.fround(share * u) * fields[woven + k]); // as the WGSL's f32 products
    }
  }

  /**
   * Keeps cartilage + woven + lamellar + fibrous <= 1 in every voxel: this step's deposits (the agent sums in
   * the sources) are scaled down to the room left; a sum already above 1 loses its excess in proportion
   * (uptake ln(sum)/dt on each fraction) and takes no deposit. Losses within the step only lower the sum.
   */
  function fitMatrix(vx: VoxelContext): void {
    const n = vx.cells;
    const fields = vx.fields;
    const dt = vx.dt;
    // The four fractions one by one (in MATRIX order, as the sums are taken), not through arrays of arrays.
    const [s0, s1, s2, s3] = MATRIX.map((m) => vx.source(m));
    const [o0, o1, o2, o3] = MATRIX.map((m) => m * n);
    let uptakes: Float32Array[] | null = null;
    for (let k = 0; k < n; k++) {
      let sum = 0;
      sum += fields[o0 + k];
      sum += fields[o1 + k];
      sum += fields[o2 + k];
      sum += fields[o3 + k];
      let deposit = 0;
      deposit += s0[k] * dt;
      deposit += s1[k] * dt;
      deposit += s2[k] * dt;
      deposit += s3[k] * dt;
      if (sum > 1) {
        uptakes ??= MATRIX.map((m) => vx.uptake(m));
        const loss = Math.log(sum) / dt;
        for (let q = 0; q < MATRIX.length; q++) uptakes[q][k] += loss;
        s0[k] = 0;
        s1[k] = 0;
        s2[k] = 0;
        s3[k] = 0;
      } else if (deposit > 1 - sum) {
        const scale = (1 - sum) / deposit;
        s0[k] *= scale;
        s1[k] *= scale;
        s2[k] *= scale;
        s3[k] *= scale;
      }
    }
  }

  return { updateAgent, speedScale, growthScale, deathScale, secretionScale, voxelExchange };
}
