/**
 * Read-outs of the bone model, over the defect (the gap) unless stated. The names of docs/bone-model.md §9
 * (issue 7) are exact; `bridged` and `t_bridge_days` need the scenario regions `proximal` and `distal`
 * (the two fragments). Read-outs over the osteochondral defect's two zones (`cartilage_zone`, `bone_zone`)
 * are declared but not recorded by default, since only that scenario has those regions.
 */
import type { ReadoutSpec } from '../types.ts';

const r = (name: string, unit: string, definition: string, reduction: ReadoutSpec['reduction']): ReadoutSpec => ({ name, unit, definition, reduction });
const ALL_TYPES = ['neutrophil', 'macrophage', 'msc', 'chondrocyte', 'osteoblast', 'osteoclast', 'fibroblast', 'endothelial'];
const BONE = ['woven_bone', 'lamellar_bone'];
const count = (name: string, type: string, what: string): ReadoutSpec => r(name, 'cells', `${what} inside the defect`, { kind: 'count', agents: { types: [type] } });

export const boneReadouts: ReadoutSpec[] = [
  r('woven_fraction_gap', 'volume fraction', 'mean woven-bone fraction over the defect', { kind: 'fieldMean', field: 'woven_bone' }),
  r('lamellar_fraction_gap', 'volume fraction', 'mean lamellar-bone fraction over the defect', { kind: 'fieldMean', field: 'lamellar_bone' }),
  r('woven_fraction_bone_zone', 'volume fraction', 'mean woven-bone fraction over region bone_zone', { kind: 'fieldMean', field: 'woven_bone', region: { region: 'bone_zone' } }),
  r('lamellar_fraction_bone_zone', 'volume fraction', 'mean lamellar-bone fraction over region bone_zone', { kind: 'fieldMean', field: 'lamellar_bone', region: { region: 'bone_zone' } }),
  r('bone_fraction_gap', 'volume fraction', 'BV/TV: mean bone fraction (woven + lamellar) over the defect', { kind: 'sumOf', of: ['woven_fraction_gap', 'lamellar_fraction_gap'] }),
  r('new_bone_area_pct', '%', 'share of the defect area whose bone fraction (woven + lamellar) is at least 0.5', { kind: 'areaPercent', field: BONE, atLeast: 0.5 }),
  r('lamellar_share_gap', '1', 'lamellar / (woven + lamellar) bone over the defect: how far woven bone has been remodelled; 0 without bone', { kind: 'ratioOf', numerator: 'lamellar_fraction_gap', denominator: 'bone_fraction_gap' }),
  r('cartilage_fraction_gap', 'volume fraction', 'mean cartilage fraction over the defect', { kind: 'fieldMean', field: 'cartilage' }),
  r('fibrous_fraction_gap', 'volume fraction', 'mean fibrous-tissue fraction over the defect', { kind: 'fieldMean', field: 'fibrous' }),
  r('bridged', '0/1', '1 when a 4-connected path of voxels with bone fraction (woven + lamellar) >= 0.5 joins the proximal to the distal fragment through the defect, else 0', {
    kind: 'bridged',
    field: BONE,
    atLeast: 0.5,
    from: { region: 'proximal' },
    to: { region: 'distal' },
  }),
  count('osteoclast_count', 'osteoclast', 'osteoclasts'),
  r('vessel_density_pct', '%', 'perfused vessel area fraction averaged over the defect, x 100', { kind: 'fieldMean', field: 'vessel', scale: 100 }),
  r('smad_runx2_mean', '1', 'mean Smad1/Runx2 activation of MSCs and osteoblasts inside the defect; 0 when there are none', { kind: 'agentMean', variable: 'smad', agents: { types: ['msc', 'osteoblast'] } }),
  r('m1_count', 'cells', 'M1 macrophages inside the defect', { kind: 'count', agents: { types: ['macrophage'], states: ['M1'] } }),
  r('m2_count', 'cells', 'M2 macrophages inside the defect', { kind: 'count', agents: { types: ['macrophage'], states: ['M2'] } }),
  r('m2_fraction', '1', 'M2 / (M1 + M2) inside the defect; 0 when there are no macrophages', { kind: 'fraction', of: { types: ['macrophage'], states: ['M2'] }, among: { types: ['macrophage'] } }),
  r('interfragmentary_strain_pct', '%', 'mean axial compressive strain over the defect x 100 (with rigid fragments: the plate displacement over the gap length)', { kind: 'fieldMean', field: 'axial_strain', scale: 100 }),
  r('t_bridge_days', 'day', 'first time bridged turns 1 (the middle of the output interval in which it does; null if never: censored)', { kind: 'timeTo', of: 'bridged', threshold: 0.5, direction: 'rising' }),
  // Further read-outs: cell counts, fields, exosome bookkeeping.
  count('neutrophil_count', 'neutrophil', 'neutrophils (active and apoptotic)'),
  r('macrophage_count', 'cells', 'macrophages (M1 and M2) inside the defect', { kind: 'count', agents: { types: ['macrophage'] } }),
  count('msc_count', 'msc', 'MSCs/osteoprogenitors'),
  count('chondrocyte_count', 'chondrocyte', 'chondrocytes (proliferative and hypertrophic)'),
  r('hypertrophic_count', 'cells', 'hypertrophic chondrocytes inside the defect', { kind: 'count', agents: { types: ['chondrocyte'], states: ['hypertrophic'] } }),
  count('osteoblast_count', 'osteoblast', 'osteoblasts'),
  count('fibroblast_count', 'fibroblast', 'fibroblasts'),
  count('endothelial_count', 'endothelial', 'endothelial tip and stalk cells'),
  r('strain_mean', '1', 'mean octahedral shear strain over the defect', { kind: 'fieldMean', field: 'strain' }),
  r('oxygen_mean', 'mmHg', 'mean oxygen over the defect', { kind: 'fieldMean', field: 'oxygen' }),
  r('vegf_mean', 'ng/mL', 'mean VEGF over the defect', { kind: 'fieldMean', field: 'vegf' }),
  r('bmp2_mean', 'ng/mL', 'mean BMP-2 over the defect', { kind: 'fieldMean', field: 'bmp2' }),
  r('rankl_mean', 'ng/mL', 'mean RANKL over the defect', { kind: 'fieldMean', field: 'rankl' }),
  r('opg_mean', 'ng/mL', 'mean OPG over the defect', { kind: 'fieldMean', field: 'opg' }),
  r('proinflammatory_mean', 'ng/mL', 'mean pro-inflammatory cytokine over the defect', { kind: 'fieldMean', field: 'proinflammatory' }),
  r('fibrin_mean', '1', 'mean fibrin (haematoma) over the defect', { kind: 'fieldMean', field: 'fibrin' }),
  r('chemoattractant_mean', 'a.u.', 'mean injury chemoattractant over the defect (activates progenitors, recruits leukocytes)', { kind: 'fieldMean', field: 'chemoattractant' }),
  r('sdf1_mean', 'a.u.', 'mean progenitor homing signal SDF-1 over the defect', { kind: 'fieldMean', field: 'sdf1' }),
  r('cartilage_fraction_cartilage_zone', 'volume fraction', 'mean cartilage fraction over the cartilage zone of an osteochondral defect (region cartilage_zone)', { kind: 'fieldMean', field: 'cartilage', region: { region: 'cartilage_zone' } }),
  r('bone_fraction_bone_zone', 'volume fraction', 'mean bone fraction (woven + lamellar) over the bone zone of an osteochondral defect (region bone_zone)', { kind: 'sumOf', of: ['woven_fraction_bone_zone', 'lamellar_fraction_bone_zone'] }),
  r('exosome_free_ug', 'µg', 'free and carrier-held exosomes in the whole domain', { kind: 'fieldSum', field: ['exosomes', 'carrier'], region: 'domain', scale: 1e-12 }),
  r('exosome_cellular_ug', 'µg', 'exosomes inside cells (cargo not yet degraded), whole domain', { kind: 'agentSum', variable: 'cargo', agents: { types: ALL_TYPES }, region: 'domain', scale: 1e-9 }),
  r('exosome_total', 'µg', 'exosomes in the tissue: free, carrier-held and inside cells, whole domain', { kind: 'sumOf', of: ['exosome_free_ug', 'exosome_cellular_ug'] }),
];

/** Recorded when a scenario lists none: the issue-7 read-outs, then cell counts and the dose. */
export const boneDefaultReadouts = [
  'bone_fraction_gap',
  'new_bone_area_pct',
  'lamellar_share_gap',
  'woven_fraction_gap',
  'lamellar_fraction_gap',
  'cartilage_fraction_gap',
  'fibrous_fraction_gap',
  'bridged',
  'osteoclast_count',
  'vessel_density_pct',
  'smad_runx2_mean',
  'm1_count',
  'm2_count',
  'm2_fraction',
  'interfragmentary_strain_pct',
  't_bridge_days',
  'neutrophil_count',
  'macrophage_count',
  'msc_count',
  'chondrocyte_count',
  'osteoblast_count',
  'fibroblast_count',
  'endothelial_count',
  'oxygen_mean',
  'bmp2_mean',
  'exosome_total',
];
