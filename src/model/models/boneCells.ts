/**
 * Cell types of the bone model (docs/bone-model.md §3): neutrophil (active/apoptotic) and macrophage
 * (M1/M2) of the immune module shared with the skin model; msc (progenitor); chondrocyte
 * (proliferative/hypertrophic); osteoblast (active); osteoclast (active); fibroblast; endothelial (tip/stalk).
 * Agents are the cells of a slab about SLAB_DEPTH_UM thick (boneProvenance.ts).
 *
 * Proliferation follows the Checa-type lattice model's fraction of cells dividing per iteration (Perier-Metz
 * et al. 2020, parameters.md §5: MSC 0.60, fibroblast 0.55, osteoblast 0.30, chondrocyte 0.20 per iteration,
 * an iteration about a day, MEM), read as one division every 1/p days.
 */
import type { CellTypeSpec, UptakeSpec } from '../types.ts';
import { assumed as a, fromSkin, fromSkinScaled, SLAB_DEPTH_UM, SLAB_PER_SKIN_COLUMN } from './boneProvenance.ts';
import { param } from '../parameter.ts';

/** Exosomes taken up go into `cargo`, in fg: µg/mL × µm³ = 1e-12 µg = 1e-3 fg (as the skin model). */
const EXOSOME_CARGO = { variable: 'cargo', scale: 1e-3 } as const;
const SLAB = `for a ${SLAB_DEPTH_UM} µm slab: recruits per plane area scale with the depth (boneProvenance.ts)`;

/** Endocytic exosome uptake of a tissue cell, as the skin model's fibroblast. */
const exosomeUptake = (): UptakeSpec => ({ field: 'exosomes', rate: fromSkin('fibroblast.uptake.exosomes'), internalize: EXOSOME_CARGO });
/** Aerobic oxygen consumption, as the skin model's fibroblast. */
const oxygenUptake = (): UptakeSpec => ({ field: 'oxygen', rate: fromSkin('fibroblast.uptake.oxygen') });
/** Cycle time from a Perier-Metz fraction p dividing per daily iteration: 24/p h. */
const perierMetzCycle = (p: number, cell: string) =>
  param(24 / p, 'h', [0, 1000], `${cell}: ${p} of cells divide per iteration of about a day (Perier-Metz et al. 2020 after Checa et al. 2011, parameters.md §5), read as one division every ${(1 / p).toFixed(2)} days`, 'model');

const neutrophil: CellTypeSpec = {
  name: 'neutrophil',
  label: 'Neutrophil',
  states: ['active', 'apoptotic'],
  variables: ['nfkb', 'cargo'],
  color: '#f4d35e',
  phenotype: {
    radius: fromSkin('neutrophil.radius'),
    speed: fromSkin('neutrophil.speed'),
    persistence: fromSkin('neutrophil.persistence'),
    repulsion: fromSkin('neutrophil.repulsion'),
    adhesion: fromSkin('neutrophil.adhesion'),
    cycle: fromSkin('neutrophil.cycle'),
    contactInhibition: fromSkin('neutrophil.contactInhibition'),
    death: fromSkin('neutrophil.death'),
    chemotaxis: [{ field: 'chemoattractant', bias: fromSkin('neutrophil.chemotaxis.chemoattractant') }],
    secretion: [
      { field: 'proinflammatory', rate: fromSkin('neutrophil.secretion.proinflammatory') },
      { field: 'apoptotic', rate: fromSkin('neutrophil.secretion.apoptotic') },
    ],
    uptake: [
      { field: 'damage', rate: fromSkin('neutrophil.uptake.damage') },
      { field: 'exosomes', rate: fromSkin('neutrophil.uptake.exosomes'), internalize: EXOSOME_CARGO },
    ],
    recruitment: {
      from: 'venules',
      signal: 'chemoattractant',
      rate: fromSkinScaled('neutrophil.recruitment.rate', SLAB_PER_SKIN_COLUMN, SLAB),
      halfSaturation: fromSkin('neutrophil.recruitment.halfSaturation'),
    },
  },
};

const macrophage: CellTypeSpec = {
  name: 'macrophage',
  label: 'Macrophage',
  states: ['M1', 'M2'],
  variables: ['nfkb', 'hif', 'akt', 'itgb1', 'cargo'],
  color: '#c0392b',
  phenotype: {
    radius: fromSkin('macrophage.radius'),
    speed: fromSkin('macrophage.speed'),
    persistence: fromSkin('macrophage.persistence'),
    repulsion: fromSkin('macrophage.repulsion'),
    adhesion: fromSkin('macrophage.adhesion'),
    cycle: fromSkin('macrophage.cycle'),
    contactInhibition: fromSkin('macrophage.contactInhibition'),
    death: fromSkin('macrophage.death'),
    chemotaxis: [{ field: 'chemoattractant', bias: fromSkin('macrophage.chemotaxis.chemoattractant') }],
    secretion: [
      { field: 'proinflammatory', rate: fromSkin('macrophage.secretion.proinflammatory') },
      { field: 'antiinflammatory', rate: fromSkin('macrophage.secretion.antiinflammatory') },
      { field: 'vegf', rate: fromSkin('macrophage.secretion.vegf') },
      { field: 'bmp2', rate: a(50, 'ng/mL·µm³/min per cell', [0, 1e6], 'M2 macrophages make some BMP-2 (model.md §2 "supports osteogenesis"); a quarter of the osteoblast rate') },
    ],
    uptake: [
      { field: 'damage', rate: fromSkin('macrophage.uptake.damage') },
      { field: 'fibrin', rate: fromSkin('macrophage.uptake.fibrin') },
      { field: 'apoptotic', rate: fromSkin('macrophage.uptake.apoptotic') },
      { field: 'exosomes', rate: fromSkin('macrophage.uptake.exosomes'), internalize: EXOSOME_CARGO },
    ],
    recruitment: [
      {
        from: 'venules',
        signal: 'proinflammatory',
        rate: fromSkinScaled('macrophage.recruitment.rate', SLAB_PER_SKIN_COLUMN, SLAB),
        halfSaturation: fromSkin('macrophage.recruitment.halfSaturation'),
        state: 'M1',
      },
      {
        // Osteoclast precursors: RANKL is chemotactic for them (Henriksen et al. 2003, J Biol Chem 278:48745), so
        // monocytes keep arriving from the callus's vessels where osteoblasts and hypertrophic chondrocytes make
        // RANKL, after the inflammatory call has ended: the supply of remodelling (docs/bone-model.md §3).
        route: 'rankl',
        from: 'vessel',
        signal: 'rankl',
        rate: a(20, 'cells/mm² vessel/day', [0, 1e6], 'assumed (no density retrieved; not tuned): at the callus vessel density of weeks 4-8 (10-15%) it keeps of the order of ten osteoclasts, renewed over their two-week life, in the 10 mm² preview fracture gap untreated (docs/bone-model.md §12, stop 16)'),
        halfSaturation: a(0.5, 'ng/mL', [1e-6, 100], 'as the RANKL half-saturation of the ITGB1 node (itgb1.rankl_half)'),
        state: 'M2',
      },
    ],
  },
};

const msc: CellTypeSpec = {
  name: 'msc',
  label: 'MSC / osteoprogenitor',
  states: ['progenitor'],
  variables: ['smad', 'sox9', 'hif', 'akt', 'cargo'],
  color: '#9b5de5',
  phenotype: {
    radius: a(8, 'µm', [2, 20], 'spread MSCs are 15-20 µm across; planar mechanical radius'),
    speed: a(1.5, 'µm/min', [0, 10], 'with msc.persistence a random-walk D = v²τ/2 of about 0.19 mm²/day; the continuum value 0.5 mm²/day (Ghiasi et al. 2019, parameters.md §1, a parameter varied in that study) would need about 2.4 µm/min, above MSC crawling speeds (MEM), so a third of it; chemotaxis adds directed motion'),
    persistence: a(120, 'min', [0.1, 1440], 'mesenchymal migration is persistent'),
    repulsion: a(4, 'µm/min', [0, 20], 'soft contact repulsion, as for all cells here'),
    adhesion: a(0.2, 'µm/min', [0, 10], 'weak cell-cell adhesion'),
    cycle: perierMetzCycle(0.6, 'MSC'),
    contactInhibition: a(4, 'neighbours', [0, 20], 'division stops when packed'),
    death: a(0.05, '1/day', [0, 50], 'progenitors are long-lived; AKT lowers it further (boneRules.ts)'),
    chemotaxis: [{ field: 'sdf1', bias: a(0.5, '1', [-1, 1], 'MSCs home along SDF-1/CXCL12 to the injury (model.md §2)') }],
    secretion: [
      { field: 'vegf', rate: fromSkin('fibroblast.secretion.vegf') },
      { field: 'bmp2', rate: a(50, 'ng/mL·µm³/min per cell', [0, 1e6], 'progenitors make little BMP-2; osteogenic exosome cargo raises it (boneRules.ts)') },
      { field: 'opg', rate: a(100, 'ng/mL·µm³/min per cell', [0, 1e6], 'MSCs secrete OPG; a third of the osteoblast rate') },
    ],
    uptake: [oxygenUptake(), exosomeUptake()],
    recruitment: {
      from: 'msc_niche',
      signal: 'sdf1',
      rate: a(300, 'cells/mm² niche/day', [0, 1e6], 'a periosteal cambium a few progenitors thick activated over the first days; of the order of a hundred progenitors per day and mm of periosteum length in the slab'),
      halfSaturation: a(0.3, 'a.u.', [1e-6, 100], 'half-maximal at about a third of the fresh-injury signal'),
    },
  },
};

const chondrocyte: CellTypeSpec = {
  name: 'chondrocyte',
  label: 'Chondrocyte',
  states: ['proliferative', 'hypertrophic'],
  variables: ['sox9', 'hif', 'akt', 'cargo'],
  color: '#7bdff2',
  phenotype: {
    radius: a(8, 'µm', [2, 20], 'planar mechanical radius'),
    speed: a(0.05, 'µm/min', [0, 5], 'chondrocytes sit in their matrix'),
    persistence: a(60, 'min', [0.1, 1440], 'unused at this speed'),
    repulsion: a(4, 'µm/min', [0, 20], 'soft contact repulsion'),
    adhesion: a(0.5, 'µm/min', [0, 10], 'cells held together by matrix'),
    cycle: perierMetzCycle(0.2, 'chondrocyte'),
    contactInhibition: a(4, 'neighbours', [0, 20], 'division stops when packed'),
    death: a(0.02, '1/day', [0, 50], 'background apoptosis; hypertrophic cells die when vessels invade (boneRules.ts)'),
    secretion: [
      { field: 'cartilage', rate: a(2, '1·µm³/min per cell', [0, 1e4], 'a chondrocyte surrounds itself with about ten times its volume of matrix (about 4e4 µm³) in about two weeks (soft callus in weeks 1-2, model.md §7)') },
      { field: 'vegf', rate: fromSkin('fibroblast.secretion.vegf') },
      { field: 'rankl', rate: a(100, 'ng/mL·µm³/min per cell', [0, 1e6], 'hypertrophic chondrocytes express RANKL, as osteoblasts') },
      {
        field: 'calcified',
        rate: a(14, '1·µm³/min per cell', [0, 1e4], 'a hypertrophic chondrocyte mineralises its territory (about 4e4 µm³, its share of the matrix: chondrocyte.secretion.cartilage) in about two days (the hypertrophic zone of a growth plate calcifies within days)'),
        footprint: a(23, 'µm', [0, 500], 'radius of a chondrocyte territory of 4e4 µm³ in a 25 µm slab (about 1,600 µm²)'),
        cap: a(1, '1', [0.01, 1], 'the whole of a voxel\'s cartilage can be calcified'),
      },
    ],
    uptake: [
      { field: 'oxygen', rate: a(1e3, 'µm³/min per cell', [0, 1e7], 'chondrocytes are largely glycolytic: a third of the fibroblast consumption') },
      exosomeUptake(),
    ],
  },
};

const osteoblast: CellTypeSpec = {
  name: 'osteoblast',
  label: 'Osteoblast',
  states: ['active'],
  variables: ['smad', 'hif', 'akt', 'cargo', 'lineage_age'],
  color: '#f15bb5',
  phenotype: {
    radius: a(8, 'µm', [2, 20], 'planar mechanical radius'),
    speed: a(0.1, 'µm/min', [0, 5], 'osteoblasts line the matrix they lay'),
    persistence: a(60, 'min', [0.1, 1440], 'unused at this speed'),
    repulsion: a(4, 'µm/min', [0, 20], 'soft contact repulsion'),
    adhesion: a(0.5, 'µm/min', [0, 10], 'osteoblasts form a coherent layer'),
    cycle: perierMetzCycle(0.3, 'osteoblast'),
    contactInhibition: a(4, 'neighbours', [0, 20], 'division stops when packed'),
    death: a(0.02, '1/day', [0, 50], 'background apoptosis; most osteoblasts leave by embedding (osteoblast.embedding)'),
    secretion: [
      { field: 'woven_bone', rate: a(1, '1·µm³/min per cell', [0, 1e4], 'mineral apposition 1-3 µm/day in rats (parameters.md §9, MEM) over an osteoblast footprint of about 20 × 20 µm: about 1,200 µm³/day at 3 µm/day') },
      { field: 'lamellar_bone', rate: a(0.3, '1·µm³/min per cell', [0, 1e4], 'lamellar apposition about 1 µm/day (parameters.md §9, MEM) over the same footprint') },
      { field: 'bmp2', rate: a(200, 'ng/mL·µm³/min per cell', [0, 1e6], 'a third of a cell per voxel column (1e4 µm³) sustains about 1 ng/mL against the 2 h half-life') },
      { field: 'opg', rate: a(300, 'ng/mL·µm³/min per cell', [0, 1e6], 'bone-forming osteoblasts make more OPG than RANKL, so formation outweighs resorption (model.md §2)') },
      { field: 'rankl', rate: a(100, 'ng/mL·µm³/min per cell', [0, 1e6], 'a third of the OPG rate') },
      { field: 'vegf', rate: fromSkin('fibroblast.secretion.vegf') },
    ],
    uptake: [oxygenUptake(), exosomeUptake()],
    // Perivascular osteoprogenitors: Osterix+ osteoblast precursors move into the callus with the invading vessels
    // (Maes et al. 2010 Dev Cell 19:329; bone's type H capillaries carry them, Kusumbe et al. 2014 Nature 507:323),
    // and VEGF calls them (VEGF-A drives MSC migration through PDGF receptors: Ball et al. 2007 J Cell Biol 177:489).
    // They arrive where vessel is new (immature_vessel), as committed osteoblasts (lineage clock 0).
    recruitment: {
      from: 'immature_vessel',
      signal: 'vegf',
      rate: a(100, 'cells/mm² new vessel/day', [0, 1e6], 'of the order of one osteoprogenitor per few endothelial cells of a new capillary (about 1,000 endothelial cells per mm² of vessel area) as new vessel is laid (a third of the immature vessel a day: vessel.maturation plus regression); calibrated: tried 100, 300 and 1,000 on the treated nonunion (preview, seed 1): 100 gives the most bone by day 56 (BV/TV 0.396, 0.351, 0.305; bridged days 46.5, 46.5, 56), docs/bone-model.md §12 stop 21', 'calibrated'),
      halfSaturation: fromSkin('endothelial.recruitment.halfSaturation'),
    },
  },
};

const osteoclast: CellTypeSpec = {
  name: 'osteoclast',
  label: 'Osteoclast',
  states: ['active'],
  variables: ['itgb1', 'cargo'],
  color: '#ff7f11',
  phenotype: {
    radius: a(20, 'µm', [5, 60], 'multinucleated osteoclasts are 40-100 µm across'),
    speed: a(0.2, 'µm/min', [0, 5], 'osteoclasts crawl slowly over the surface they resorb'),
    persistence: a(120, 'min', [0.1, 1440], 'resorption trails are persistent'),
    repulsion: a(2, 'µm/min', [0, 20], 'soft contact repulsion'),
    adhesion: a(0, 'µm/min', [0, 10], 'no homotypic adhesion'),
    cycle: a(0, 'h', [0, 1000], 'osteoclasts do not divide: they form from macrophages (boneRules.ts)'),
    contactInhibition: a(6, 'neighbours', [0, 20], 'unused (no division)'),
    death: a(0.07, '1/day', [0, 50], 'lifespan about 2 weeks (docs/bone-model.md §3)'),
    haptotaxis: [{ field: 'woven_bone', bias: a(0.3, '1', [-1, 1], 'osteoclasts seek mineralised surfaces') }],
    uptake: [
      { field: 'woven_bone', rate: a(20, 'µm³/min per cell', [0, 1e5], 'a cutting cone advancing 20-40 µm/day (parameters.md §9, MEM) over about 100 µm radius, shared by about ten osteoclasts, is of order 1e5 µm³/day each; a third of it for rat callus') },
      { field: 'cartilage', rate: a(20, 'µm³/min per cell', [0, 1e5], 'calcified cartilage is resorbed like woven bone (chondroclasts)') },
      { field: 'lamellar_bone', rate: a(10, 'µm³/min per cell', [0, 1e5], 'dense lamellar bone is resorbed at half the woven rate') },
      exosomeUptake(),
    ],
  },
};

const fibroblast: CellTypeSpec = {
  name: 'fibroblast',
  label: 'Fibroblast',
  states: ['fibroblast'],
  variables: ['hif', 'akt', 'cargo'],
  color: '#4d908e',
  phenotype: {
    radius: a(8, 'µm', [2, 30], 'planar mechanical radius, as the other mesenchymal cells here'),
    speed: fromSkin('fibroblast.speed'),
    persistence: fromSkin('fibroblast.persistence'),
    repulsion: fromSkin('fibroblast.repulsion'),
    adhesion: fromSkin('fibroblast.adhesion'),
    cycle: perierMetzCycle(0.55, 'fibroblast'),
    contactInhibition: fromSkin('fibroblast.contactInhibition'),
    death: fromSkin('fibroblast.death'),
    chemotaxis: [{ field: 'chemoattractant', bias: fromSkin('fibroblast.chemotaxis.chemoattractant') }],
    secretion: [
      { field: 'fibrous', rate: a(1, '1·µm³/min per cell', [0, 1e4], 'one fibroblast fills its voxel column (1e4 µm³) with collagenous tissue in about a week') },
      { field: 'vegf', rate: fromSkin('fibroblast.secretion.vegf') },
      { field: 'antiinflammatory', rate: fromSkin('fibroblast.secretion.antiinflammatory') },
    ],
    uptake: [{ field: 'fibrin', rate: fromSkin('fibroblast.uptake.fibrin') }, oxygenUptake(), exosomeUptake()],
  },
};

const endothelial: CellTypeSpec = {
  name: 'endothelial',
  label: 'Endothelial cell',
  states: ['tip', 'stalk'],
  variables: ['akt', 'erk', 'hif', 'cargo'],
  color: '#3a86ff',
  phenotype: {
    radius: fromSkin('endothelial.radius'),
    speed: fromSkin('endothelial.speed'),
    persistence: fromSkin('endothelial.persistence'),
    repulsion: fromSkin('endothelial.repulsion'),
    adhesion: fromSkin('endothelial.adhesion'),
    cycle: fromSkin('endothelial.cycle'),
    contactInhibition: fromSkin('endothelial.contactInhibition'),
    death: fromSkin('endothelial.death'),
    chemotaxis: [{ field: 'vegf', bias: fromSkin('endothelial.chemotaxis.vegf') }],
    secretion: [
      {
        field: 'vessel',
        rate: a(40, '1·µm³/min per cell', [0, 1e5], 'a sprout of about 8 µm lumen plus wall lays about 40 µm³ of vessel per minute at the tip speed; crossing its patch (radius endothelial.footprint.vessel) in about 80 min it leaves about 0.1 area fraction in a 25 µm slab'),
        footprint: fromSkin('endothelial.footprint.vessel'),
        cap: fromSkin('endothelial.cap.vessel'),
      },
    ],
    uptake: [{ field: 'vegf', rate: fromSkin('endothelial.uptake.vegf') }, { field: 'oxygen', rate: fromSkin('endothelial.uptake.oxygen') }, { field: 'exosomes', rate: fromSkin('endothelial.uptake.exosomes'), internalize: EXOSOME_CARGO }],
    recruitment: {
      from: 'vessel',
      signal: 'vegf',
      rate: fromSkinScaled('endothelial.recruitment.rate', SLAB_PER_SKIN_COLUMN, SLAB),
      halfSaturation: fromSkin('endothelial.recruitment.halfSaturation'),
      state: 'tip',
    },
  },
};

export const boneCellTypes: CellTypeSpec[] = [neutrophil, macrophage, msc, chondrocyte, osteoblast, osteoclast, fibroblast, endothelial];
