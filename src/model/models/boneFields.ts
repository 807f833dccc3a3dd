/**
 * Fields of the bone model (docs/bone-model.md §4). Diffusing: oxygen, vegf, bmp2, rankl, opg,
 * proinflammatory, antiinflammatory, chemoattractant, sdf1, exosomes. Structural (D = 0): fibrin (haematoma),
 * damage, the matrix fractions cartilage, woven_bone, lamellar_bone and fibrous (their sum stays <= 1,
 * boneRules.ts), vessel, venules, carrier, apoptotic, msc_niche (progenitor sources), and the mechanics
 * outputs strain (octahedral shear strain) and axial_strain.
 */
import type { FieldSpec } from '../types.ts';
import { assumed as a, fromSkin } from './boneProvenance.ts';

const noflux = { kind: 'noflux' } as const;

/** A structural field without loss of its own. */
function kept(name: string, label: string, unit: string, why: string, source: string, typicalMax: number): FieldSpec {
  return { name, label, unit, decay: a(0, '1/min', [0, 1], why), boundary: noflux, initial: 0, source, typicalMax };
}

/** A matrix fraction: volume fraction of the voxel column, 0..1. */
function matrix(name: string, label: string, decayWhy: string, source: string, decay = 0): FieldSpec {
  return { name, label, unit: 'volume fraction', decay: a(decay, '1/min', [0, 1], decayWhy), boundary: noflux, initial: 0, source, typicalMax: 1 };
}

export const boneFields: FieldSpec[] = [
  {
    name: 'oxygen',
    label: 'Oxygen',
    unit: 'mmHg',
    diffusion: fromSkin('oxygen.diffusion'),
    decay: fromSkin('oxygen.decay'),
    boundary: noflux,
    initial: 40,
    source: 'perfused vessels (exchange with blood, boneRules.ts); consumed by tissue and cells',
    typicalMax: 60,
  },
  {
    name: 'vegf',
    label: 'VEGF',
    unit: 'ng/mL',
    diffusion: fromSkin('vegf.diffusion'),
    decay: fromSkin('vegf.decay'),
    boundary: noflux,
    initial: 0,
    source: 'hypoxic cells through HIF-1α, hypertrophic chondrocytes, M2 macrophages, VEGF carried by exosomes; taken up by endothelial cells',
    typicalMax: 2,
  },
  {
    name: 'bmp2',
    label: 'BMP-2',
    unit: 'ng/mL',
    diffusion: a(500, 'µm²/min', [1, 1e5], 'no tissue value found (parameters.md §1); BMP-2 binds matrix and heparan sulphate strongly, so a tenth of a free 25 kDa protein (about 6e3 µm²/min, MEM)'),
    decay: a(0.0058, '1/min', [0, 10], 't½ 2 h: local retention of soluble BMP-2 of hours (Hettiaratchi et al. retention studies, parameters.md §1, value not retrieved)'),
    boundary: noflux,
    initial: 0,
    source: 'osteoblasts, MSCs (more with osteogenic exosome cargo), M2 macrophages',
    typicalMax: 2,
  },
  {
    name: 'rankl',
    label: 'RANKL',
    unit: 'ng/mL',
    diffusion: a(1e3, 'µm²/min', [1, 1e5], 'soluble RANKL; much of it is membrane-bound, so slower than a free cytokine'),
    decay: a(0.0058, '1/min', [0, 10], 't½ 2 h, as BMP-2 (no value retrieved)'),
    boundary: noflux,
    initial: 0,
    source: 'osteoblasts, hypertrophic chondrocytes, and stromal cells in proportion to the pro-inflammatory cytokine (boneRules.ts)',
    typicalMax: 2,
  },
  {
    name: 'opg',
    label: 'OPG (osteoprotegerin)',
    unit: 'ng/mL',
    diffusion: a(3e3, 'µm²/min', [1, 1e5], 'soluble decoy receptor, diffuses like a free cytokine (parameters.md §1 range)'),
    decay: a(0.0058, '1/min', [0, 10], 't½ 2 h, as BMP-2 (no value retrieved)'),
    boundary: noflux,
    initial: 0,
    source: 'osteoblasts and MSCs (more with the exosome OPG channel)',
    typicalMax: 2,
  },
  {
    name: 'proinflammatory',
    label: 'Pro-inflammatory cytokine (TNF-α/IL-1β)',
    unit: 'ng/mL',
    diffusion: fromSkin('proinflammatory.diffusion'),
    decay: fromSkin('proinflammatory.decay'),
    boundary: noflux,
    initial: 0,
    source: 'neutrophils and M1 macrophages',
    typicalMax: 2,
  },
  {
    name: 'antiinflammatory',
    label: 'Anti-inflammatory / reparative cytokine (IL-10/TGF-β)',
    unit: 'ng/mL',
    diffusion: fromSkin('antiinflammatory.diffusion'),
    decay: fromSkin('antiinflammatory.decay'),
    boundary: noflux,
    initial: 0,
    source: 'M2 macrophages, fibroblasts',
    typicalMax: 2,
  },
  {
    name: 'chemoattractant',
    label: 'Haematoma/damage chemoattractant (SDF-1/PDGF/DAMP-like)',
    unit: 'a.u.',
    diffusion: fromSkin('chemoattractant.diffusion'),
    decay: fromSkin('chemoattractant.decay'),
    boundary: noflux,
    initial: 0,
    source: 'damaged tissue and the fibrin clot (boneRules.ts)',
    typicalMax: 1,
  },
  {
    name: 'sdf1',
    label: 'Progenitor homing signal (SDF-1/CXCL12)',
    unit: 'a.u.',
    diffusion: fromSkin('chemoattractant.diffusion'),
    decay: fromSkin('chemoattractant.decay'),
    boundary: noflux,
    initial: 0,
    source: 'damaged tissue, and resident cells induced by exosomes with the recruitment channel (boneRules.ts); MSCs are recruited and steered by it, leukocytes are not',
    typicalMax: 1,
  },
  {
    name: 'exosomes',
    label: 'Exosomes',
    unit: 'µg/mL',
    diffusion: fromSkin('exosomes.diffusion'),
    decay: fromSkin('exosomes.decay'),
    boundary: noflux,
    initial: 0,
    source: 'doses (dosing.ts) and release from a carrier; taken up by cells into their cargo',
    typicalMax: 200,
  },
  {
    name: 'fibrin',
    label: 'Fibrin (haematoma)',
    unit: '1',
    decay: fromSkin('fibrin.decay'),
    boundary: noflux,
    initial: 0,
    source: 'the haematoma at t = 0; removed by macrophages and fibroblasts',
    typicalMax: 1,
  },
  {
    name: 'damage',
    label: 'Damage/debris',
    unit: '1',
    decay: fromSkin('damage.decay'),
    boundary: noflux,
    initial: 0,
    source: 'the injury at t = 0; cleared by neutrophils and macrophages',
    typicalMax: 1,
  },
  matrix('cartilage', 'Cartilage', 'lost only to vascular invasion and osteoclasts (boneRules.ts)', 'laid by proliferative chondrocytes'),
  matrix('woven_bone', 'Woven bone', 'lost only to osteoclasts', 'laid by osteoblasts on free space'),
  matrix('lamellar_bone', 'Lamellar bone', 'lost only to osteoclasts', 'cortex and subchondral plate at t = 0; laid by osteoblasts where bone already stands and strain is low'),
  matrix('fibrous', 'Fibrous tissue', 'turnover t½ 2 weeks, as the skin model\'s collagen.remodelling; fibroblasts keep it where they stay', 'laid by fibroblasts', 3.3e-5),
  kept('vessel', 'Perfused vessels', 'area fraction', 'vessels persist (no regression modelled)', 'marrow, periosteum and muscle at t = 0; left behind by endothelial sprouts', 0.25),
  kept('venules', 'Post-capillary venules', 'area fraction', 'the intact tissue\'s venules persist', 'set by the scenario in intact marrow, periosteum and muscle: where leukocytes leave the blood', 0.2),
  kept('carrier', 'Exosome carrier (collagen sponge, hydrogel)', 'µg/mL', 'release into the exosome field is set by the dose (dosing.ts)', 'carrier doses', 200),
  {
    name: 'apoptotic',
    label: 'Apoptotic-neutrophil signal',
    unit: 'a.u.',
    decay: fromSkin('apoptotic.decay'),
    boundary: noflux,
    initial: 0,
    source: 'apoptotic neutrophils; taken up by macrophages (efferocytosis)',
    typicalMax: 1,
  },
  kept('msc_niche', 'MSC source (periosteal cambium, endosteum, marrow stroma)', '1 (periosteum = 1)', 'a tissue property, set by the scenario', 'set by the scenario: 1 in the periosteum, lower in marrow; MSCs are recruited from it by the homing signal sdf1', 1),
  kept('strain', 'Octahedral shear strain', '1', 'written by the mechanics update (src/sim/mechanics)', 'the mechanics solve, about daily; 0 where there is none', 0.15),
  kept('axial_strain', 'Axial strain (along the bone axis, y)', '1', 'written by the mechanics update (src/sim/mechanics)', 'the mechanics solve, about daily; 0 where there is none', 0.2),
];
