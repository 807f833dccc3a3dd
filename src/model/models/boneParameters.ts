/**
 * Rule parameters of the bone model (boneRules.ts reads them by these names). The immune module, vessels,
 * oxygen and the shared pathway constants are the skin model's (fromSkin); the bone-specific ones are
 * chosen here and labelled `assumed` with the reason, or `model` where a published model's value is used.
 * BP2001 = Bailón-Plaza & van der Meulen 2001 (dimensionless, parameters.md §9: used for relative rates
 * only); LP2002 = Lacroix & Prendergast 2002 (docs/bone-model.md §6).
 */
import type { ParameterSpec } from '../types.ts';
import { assumed as a, fromSkin } from './boneProvenance.ts';
import { param } from '../parameter.ts';

/** Parameters the bone rules share with the skin rules, under the same names. */
const SHARED = [
  'pathway.tau',
  'cargo.half_life',
  'cargo.half_saturation',
  'hif.o2_half',
  'hif.cargo_gain',
  'akt.basal',
  'akt.vegf_gain',
  'akt.cargo_gain',
  'akt.pten_gain',
  'erk.basal',
  'erk.vegf_gain',
  'erk.cargo_gain',
  'nfkb.basal',
  'nfkb.cytokine_gain',
  'nfkb.cytokine_half',
  'nfkb.damage_gain',
  'nfkb.il10_gain',
  'nfkb.il10_half',
  'nfkb.efferocytosis_gain',
  'nfkb.efferocytosis_half',
  'nfkb.cargo_gain',
  'nfkb.mir223_gain',
  'macrophage.m2_below',
  'macrophage.m1_above',
  'macrophage.switch_rate',
  'macrophage.revert_rate',
  'macrophage.removal',
  'neutrophil.apoptosis',
  'neutrophil.clearance',
  'growth.hypoxia_half',
  'endothelial.akt_survival',
  'endothelial.erk_speed',
  'endothelial.mature_at',
  'endothelial.stalk_leave',
  'oxygen.blood',
  'oxygen.exchange',
  'chemoattractant.from_damage',
  'chemoattractant.from_fibrin',
  'vegf.per_exosome_ug',
] as const;

const LP2002 = 'Lacroix & Prendergast 2002 as quoted in docs/bone-model.md §6 (not in parameters.md; value not verified in this session)';

export const boneParameters: Record<string, ParameterSpec> = {
  ...Object.fromEntries(SHARED.map((name) => [name, fromSkin(name)])),
  // Pathway nodes of bone (docs/bone-model.md §5)
  'hif.mimetic_gain': a(0.6, '1', [0, 1], 'weight of hypoxia-mimetic pretreatment cargo (DMOG, deferoxamine; the pten_down channel) on HIF-1α, as hif.cargo_gain'),
  'smad.basal': a(0.1, '1', [0, 1], 'basal Smad1/Runx2 of osteoprogenitors'),
  'smad.bmp_gain': a(0.9, '1', [0, 1], 'BMP-2 drive of Smad1/Runx2 (model.md §5)'),
  'smad.bmp_half': a(0.5, 'ng/mL', [1e-3, 100], 'half-saturation of the BMP-2 drive, of the order of the field\'s typical value (no dose-response retrieved)'),
  'smad.inflammation_gain': a(0.6, '1', [0, 1], 'repression of Smad1/Runx2 by pro-inflammatory cytokine (persistent M1 inhibits osteogenesis, model.md §2)'),
  'inflammation.half': a(0.5, 'ng/mL', [1e-3, 100], 'half-saturation of the pro-inflammatory repression of Smad1/Runx2 and Sox9, as nfkb.cytokine_half'),
  'sox9.basal': a(0.2, '1', [0, 1], 'basal Sox9 of progenitors and chondrocytes'),
  'sox9.tgf_gain': a(0.5, '1', [0, 1], 'TGF-β drive of Sox9 (the anti-inflammatory/reparative field)'),
  'sox9.tgf_half': a(0.5, 'ng/mL', [1e-3, 100], 'half-saturation of the TGF-β drive, as the skin model\'s fibroblast.tgf_half'),
  'sox9.cargo_gain': a(0.9, '1', [0, 1], 'weight of chondrogenic exosome cargo (hESC-MSC-exos, model.md §4)'),
  'sox9.inflammation_gain': a(0.5, '1', [0, 1], 'repression of Sox9 by pro-inflammatory cytokine (TNF-α/IL-1β suppress chondrogenesis)'),
  'itgb1.basal': a(0.05, '1', [0, 1], 'basal ITGB1/NFATc1 of macrophage-lineage precursors'),
  'itgb1.rankl_gain': a(0.9, '1', [0, 1], 'RANKL drive of ITGB1/NFATc1 (model.md §5)'),
  'itgb1.rankl_half': a(0.5, 'ng/mL', [1e-3, 100], 'half-saturation of the RANKL signal R/(R + K + w·OPG)'),
  'itgb1.opg_weight': a(1, '1', [0, 100], 'OPG binds RANKL as a decoy: each ng/mL of OPG counts as this many ng/mL of extra half-saturation'),
  'itgb1.malat1_gain': a(0.8, '1', [0, 1], 'weight of MALAT1 cargo (sponges miR-124, raising ITGB1; EPC-exos, model.md §4)'),
  // Mechanoregulation (docs/bone-model.md §6)
  'mechano.a': param(0.0375, '1', [1e-4, 1], `octahedral shear strain giving stimulus S = 1, S = γ/a (${LP2002}; fluid term dropped as Isaksson et al. 2006 found deviatoric strain sufficient)`, 'model'),
  'mechano.fibrous_above': param(3, '1', [0, 100], `S above which progenitors become fibroblasts (${LP2002})`, 'model'),
  'mechano.cartilage_above': param(1, '1', [0, 100], `S above which (up to mechano.fibrous_above) progenitors become chondrocytes (${LP2002})`, 'model'),
  'mechano.disuse_below': param(0.01, '1', [0, 1], `S below which bone is not maintained (resorption stimulus, ${LP2002})`, 'model'),
  'mechano.disuse_factor': a(0.5, '1', [0, 1], 'bone formation (osteoblast fate and deposition) is multiplied by this under disuse; 1 switches the disuse rule off (e.g. an unloaded calvaria, docs/bone-model.md §1)'),
  // MSC fate (docs/bone-model.md §6)
  'msc.differentiation': a(1.5, '1/day', [0, 100], 'osteoblast fate hazard at full Smad1/Runx2: progenitors arriving in days 2-5 commit within days; calibrated (0.5 before) with msc.fibrous_drift once both fates waited for BMP-2 (stop 17): at 0.5 the default-resolution fracture gap had BV/TV 0.23 at day 42 (S3 needs 0.25), at 1 /day the inhibitor kept 52% of the nonunion gain (preview, seed 1)', 'calibrated'),
  'msc.chondro_factor': param(5, '1', [0, 100], 'chondrocyte fate hazard relative to msc.differentiation: BP2001 Y2/Y1 = 50/10 (parameters.md §9)', 'model'),
  'msc.fibro_factor': a(1, '1', [0, 100], 'fibroblast fate hazard relative to msc.differentiation'),
  'msc.fate_floor': a(0.05, '1', [0, 1], 'share of a fate rate without its transcription factor: osteoblast × (floor + (1 - floor)·smad), chondrocyte × (floor + (1 - floor)·sox9) (docs/bone-model.md §6); calibrated (0.2 before) with msc.chondro_bmp_floor, msc.fibrous_drift and bmp2.injury_gain to claim 6\'s BMP-2 inhibitor check and the untreated fracture-gap sequence S1-S5 (docs/bone-model.md §12, stop 17)', 'calibrated'),
  'msc.chondro_bmp_floor': a(0.05, '1', [0, 1], 'share of the chondrocyte fate rate without BMP-2/Smad1 signalling: chondrocyte × (floor + (1 - floor)·smad) as well as × the Sox9 factor (BMP-2 is needed to start fracture repair, cartilage as well as bone: Tsuji et al. 2006 Nat Genet 38:1424); 1 leaves the chondrocyte fate BMP-independent; calibrated as msc.fate_floor (the same value)', 'calibrated'),
  'msc.fibrous_drift': a(2, '1', [0, 100], 'progenitors in a non-fibrous mechanical environment drift to a fibroblastic fate at msc.differentiation × A × drift × K²/(K² + smad²) (K msc.drift_smad_half), as well as taking their fate: without BMP signalling progenitors make fibrous tissue, as atrophic nonunions do (they express more BMP antagonists: Kwong et al. 2009 Bone; Fajardo et al. 2009 Clin Orthop Relat Res); 0 switches it off; calibrated (0 before) with msc.differentiation to claim 6\'s BMP-2 inhibitor check and S1-S5 (docs/bone-model.md §12, stop 17; preview, seed 1: drift 1 with msc.differentiation 1 kept 52% of the nonunion gain, drift 2 with 1 bridged the fracture gap on day 48, drift 2 with 1.5 kept 22% and bridged on day 35)', 'calibrated'),
  'msc.drift_smad_half': a(0.15, '1', [1e-3, 1], 'Smad1/Runx2 at which the fibrous drift is half its maximum (assumed: below the Smad1/Runx2 of progenitors in an untreated fracture gap, 0.5-0.65 in days 3-14)'),
  'osteogenesis.vegf_half': a(0.5, 'ng/mL', [1e-6, 100], 'VEGF as sensed at which BMP-2/Smad1 drives the osteoblast fate and bone deposition at half their effect: osteoblast fate × (msc.fate_floor + (1 - msc.fate_floor)·smad·V/(V + K)), deposition × (osteoblast.activity_floor + (1 - osteoblast.activity_floor)·smad·V/(V + K)) (docs/bone-model.md §6). VEGF is needed for BMP-induced bone formation (soluble Flt1 reduced BMP-4-induced bone, Peng et al. 2002 J Clin Invest 110:751; the evidence is mixed, docs/bone-model.md §6) and acts on osteoblast differentiation directly (Street et al. 2002 PNAS 99:9656: a VEGF trap cut bone formation and cortical-defect healing); K assumed as endothelial.recruitment.halfSaturation'),
  'msc.o2_bone': a(10, 'mmHg', [0, 100], 'below about 1.3% O2 progenitors take the chondrocyte fate (fracture haematoma is hypoxic; chondrogenesis at 1-5% O2, MEM)'),
  'msc.vessel_bone': a(0.02, 'area fraction', [0, 1], 'the osteoblast fate needs a nearby perfused vessel density of a few percent; calibrated (0.03 before) with chondrocyte.hypertrophy to the same targets (S3, S4)', 'calibrated'),
  'msc.vessel_reach': a(50, 'µm', [1, 1000], 'radius over which a progenitor senses vessels (patch mean)'),
  'msc.activation_half': a(0.3, 'a.u.', [1e-6, 100], 'progenitors commit and proliferate in response to the injury\'s signals (PDGF, SDF-1, TGF-β of the haematoma, here the chemoattractant field): hazards × C/(C + K); half-maximal as the recruitment (msc.recruitment.halfSaturation), so resting marrow and periosteum away from the injury stay quiescent'),
  'msc.akt_growth': a(0.5, '1', [0, 10], 'extra MSC proliferation at full AKT (exosome-driven MSC proliferation, model.md §4)'),
  'survival.akt_gain': a(0.8, '1', [0, 1], 'share of MSC, chondrocyte and osteoblast death prevented at full AKT (anti-apoptotic cargo)'),
  // Endochondral route
  'chondrocyte.hypertrophy': a(0.3, '1/day', [0, 100], 'calibrated (0.15 before) with chondrocyte.surrounded_at and msc.vessel_bone to the untreated fracture-gap sequence of docs/bone-model.md §10 (S2: cartilage peaks in days 7-21 and halves by day 42; S4: bridging in days 21-42): chondrocytes surrounded by their matrix hypertrophy within a few days (soft callus weeks 1-2, hard callus from week 2, model.md §7)', 'calibrated'),
  'chondrocyte.surrounded_at': a(0.25, 'volume fraction', [1e-3, 1], 'cartilage fraction at which a chondrocyte counts as surrounded (hypertrophy at full rate); calibrated (0.5 before) with chondrocyte.hypertrophy to the same targets', 'calibrated'),
  'chondrocyte.sox9_hold': a(0.6, '1', [0, 1], 'share of hypertrophy prevented at full Sox9 (Sox9 maintains the articular phenotype)'),
  'chondrocyte.invasion_death': a(1, '1/day', [0, 100], 'hypertrophic chondrocytes die within about a day of vascular invasion'),
  'chondrocyte.osteoblast_share': a(1, '1', [0, 1], 'share of hypertrophic chondrocytes that become osteoblasts at vascular invasion instead of dying (lineage tracing in fracture callus: Zhou et al. 2014 PLoS Genet, Yang et al. 2014 PNAS, Bahney et al. 2015 Stem Cells: chondrocytes are a major source of callus osteoblasts); calibrated (0.5 before; 0.8 bridged the fracture gap at day 50 with a 14-day osteoblast window) to S3 and S4 once osteoblast clones were bounded (osteoblast.proliferative_window)', 'calibrated'),
  'cartilage.uncalcified_resistance': a(0, '1', [0, 1], 'share of vascular resorption that uncalcified cartilage resists: resorption × (1 - R·(1 - calcified share)). 0 in a fracture callus, whose cartilage is all transient (hypertrophic chondrocytes calcify it before vessels invade); 1 in a joint (scenarios/osteochondral-defect.json), whose cartilage is avascular and resists vessels unless its chondrocytes hypertrophy (cartilage matrix inhibits vessel ingrowth, Moses et al. 1990 Science 248:1408; invasion follows hypertrophy, Gerber et al. 1999 Nat Med 5:623). At 1 in the fracture gap (default resolution) bridging came on days 42.5-49.5 (seeds 1-2; S4 needs 21-42): docs/bone-model.md §12, stop 18'),
  'endochondral.vessel': a(0.05, 'area fraction', [0, 1], 'vessel density (patch mean over msc.vessel_reach) that counts as vascular invasion of cartilage'),
  'cartilage.vascular_resorption': a(1.6e-4, '1/min', [0, 1], 'invaded cartilage is removed with t½ 3 days (at vessel density endochondral.vessel and above; × (1 - R·(1 - calcified share)), R = cartilage.uncalcified_resistance)'),
  // Vessel maturation and regression (docs/bone-model.md §3)
  'vessel.maturation': a(0.1, '1/day', [0, 100], 'new vessels are covered by pericytes and stop depending on VEGF within one to two weeks (the plasticity window of Benjamin et al. 1998 Development 125:1591: retinal vessels regress on VEGF withdrawal until pericytes cover them)'),
  'vessel.immature_regression': a(1, '1/day', [0, 100], 'immature vessels regress within days of VEGF withdrawal (Benjamin et al. 1999 J Clin Invest 103:159: tumour vessels without pericytes; Baffert et al. 2006 Am J Physiol Heart Circ Physiol 290:H547: capillaries regress from the first day of VEGF inhibition): rate × K/(K + V), V the VEGF as sensed (anti-VEGF lowers it), K endothelial.recruitment.halfSaturation'),
  // Bone formation and remodelling
  'osteoblast.activity_floor': a(
    0.2,
    '1',
    [0, 1],
    "share of osteoblast deposition without Smad1/Runx2: × (floor + (1 - floor)·smad); Runx2 drives matrix genes in differentiated osteoblasts (Ducy et al. 1999 Genes Dev 13:1025), its share unknown; calibrated (0.3 before) to claim 6's BMP-2 inhibitor check on seeds 101-108 of its reduced configuration, kept 45.8% of the gain at 0.3 and 40.9% at 0.2 (seeds 1-8, the validation's: 50.3% at 0.3, failed); the untreated fracture gap still meets S1-S5 (docs/bone-model.md §12, stop 23)",
    'calibrated',
  ),
  'osteoblast.lamellar_on': a(0.5, 'volume fraction', [0, 1], 'where bone (woven + lamellar) is at least this and strain is low (S <= 1), osteoblasts lay lamellar instead of woven bone: an established site, or one osteoclasts have resorbed, is refilled as lamellar bone (remodelling)'),
  'osteoblast.proliferative_window': a(21, 'day', [0, 1000], 'committed osteoblasts divide only in the first days after commitment, then mature and lay matrix (the proliferation phase of the rat calvarial osteoblast sequence, about the first 10 days in culture: Owen et al. 1990 J Cell Physiol 143:420); daughters inherit the clock, so a committed cell gives a bounded clone and bone needs a continued supply of progenitors; calibrated (10 from that source) to the bone targets S3, S4 and S6 (docs/bone-model.md §10, §12): with every invaded chondrocyte an osteoblast, 14 days bridged the preview fracture gap at day 41, 17 days the default-resolution gap at day 45, 21 days at day 35 (the nonunion and the calvarial defect stay open)', 'calibrated'),
  'osteoblast.embedding': a(0.1, '1/day', [0, 100], 'osteoblasts become osteocytes (leave) at this rate times the local bone fraction: BP2001 d_b = 0.1 read as per day (parameters.md §6; BP2001 is dimensionless, so the reading is assumed)'),
  'remodelling.coupled_formation': a(0.5, '1', [0, 1], 'assumed: woven bone that osteoclasts resorb is replaced by lamellar bone at this share of the resorption rate, the reversal and formation phase of a remodelling unit that follows the resorbing osteoclasts (Frost\'s BMU; TGF-β1 released from resorbed matrix calls MSCs to the resorption site, Tang et al. 2009 Nat Med 15:757); below 1 because callus remodelling removes excess woven bone (balanced cortical remodelling would be 1)'),
  'osteoclast.formation': a(0.5, '1/day', [0, 100], 'macrophage to osteoclast at full ITGB1/NFATc1 and a saturating RANKL signal (one macrophage stands for the precursors that fuse)'),
  'bmp2.cargo_gain': a(3, '1', [0, 15], 'osteogenic exosome cargo raises BMP-2 expression of MSCs and osteoblasts × (1 + gain·e[osteogenic]) (Zhang et al. 2020: BMP-2/Smad1/Runx2 up, removed by a BMP-2 inhibitor)'),
  'bmp2.injury_gain': a(20, '1', [0, 100], 'progenitors activated by the injury express BMP-2 × (1 + gain·A), A their injury activation (periosteal progenitors raise BMP-2 within a day of fracture, which starts repair: Tsuji et al. 2006 Nat Genet 38:1424); 0 switches it off; calibrated (0 before) as msc.fate_floor: the periosteum\'s progenitors then give the fracture gap the early BMP-2 its BMP-gated fates need (docs/bone-model.md §12, stop 17: at 10 the default-resolution fracture gap bridged on day 45, S4 needs 21-42; at 20 on day 39.5)', 'calibrated'),
  'opg.cargo_gain': a(2, '1', [0, 15], 'exosome OPG channel raises OPG secretion of MSCs and osteoblasts × (1 + gain·e[opg]) (Zhang et al. 2020)'),
  'rankl.from_inflammation': a(0.006, '1/min', [0, 10], 'stromal and osteoblast-lineage RANKL induced by TNF-α/IL-1β: 1 ng/mL of pro-inflammatory cytokine sustains about 1 ng/mL RANKL against its 2 h half-life (docs/bone-model.md §7)'),
  'exosomes.cartilage_binding': a(0.05, '1/min per unit cartilage fraction', [0, 10], 'cartilage matrix binds and excludes vesicles: its mesh of order 10-60 nm and its negative charge keep carriers of 30-150 nm out of intact cartilage beyond its superficial zone (Bajpayee & Grodzinsky 2017 Nat Rev Rheumatol 13:183); with exosomes.diffusion 30 µm²/min this loss (t½ 14 min in full cartilage) lets them into about sqrt(D/k) = 25 µm of it, so intra-articular exosomes reach the defect through its opening, not through the intact cartilage beside it'),
  'sdf1.from_damage': a(0.01, 'a.u./min', [0, 10], 'damaged tissue releases SDF-1 (CXCL12 is induced in the injured periosteum and bone, Kitaori et al. 2009); as the skin model\'s chemoattractant.from_damage'),
  'sdf1.from_exosomes': a(0.001, 'a.u./min per µg/mL', [0, 10], 'exosome recruitment channel: SDF-1 induced in resident cells by MSC-exos (model.md §4), 10 µg/mL matching the fresh-damage source; it recruits progenitors, not leukocytes'),
};
