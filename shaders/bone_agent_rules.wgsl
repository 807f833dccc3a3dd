// Agent rules of the bone model: the f32 twin of the JS rules in src/model/models/boneRules.ts (biology,
// equations and citations there), same order of operations, same random words (stream STATE drawn once per
// agent: word x state or type switches, y removal or death, z the macrophage's osteoclast formation).
// A type change writes cellType, resets cellState and the cycle (becomes); update_agents.wgsl read the old
// type before rule_update, so that type's cycle and death apply for the rest of the step, as on the CPU.
// Decisions on the sensed strain, oxygen and bone (woven + lamellar, one f32 sum) compare the f32 field values with the thresholds of
// boneRulesGpu.ts (*_STRAIN_*, LT_O2_BONE, GE_LAMELLAR_ON; LT_PROLIFERATIVE_WINDOW on the lineage clock;
// GE_OSTEOBLAST_SHARE for a uniform draw), which fall as the CPU's float64 comparisons.
// Needs the constants of boneRulesGpu.ts with pathway_math.wgsl, compensated_sum.wgsl, bone_matrix.wgsl and
// immune_rules.wgsl (neutrophils, the macrophage's NF-κB and M1/M2 switching),
// the bindings agents (read_write), fields, tables and step, and rng.wgsl, draw_random.wgsl,
// locate_cells.wgsl and sense_fields.wgsl.

// Field `field` in voxel v as cells sense it (sample_field of sense_fields.wgsl, with the cell's voxel located
// once per rule call: inlined voxel searches at every read made the kernels slow to compile).
fn sensed(field: u32, v: u32) -> f32 { return fields[field * CELLS + v] * tables[TAB_AVAILABILITY + field]; }

// The voxel under agent i.
fn voxel_under(i: u32) -> u32 { return voxel_of(agents[i].x, agents[i].y); }

// A pathway node moved towards its goal (clamped to [0, 1]) by RELAX, or held at an inhibitor's clamp.
fn relaxed(current: f32, goal: f32, clamped: bool, clamp_value: f32) -> f32 {
  if (clamped) { return clamp_value; }
  return current + (clamp(goal, 0.0, 1.0) - current) * RELAX;
}

// Mean vessel density over the patch of radius msc.vessel_reach around the cell.
fn vessel_near(i: u32) -> f32 { return patch_mean(FIELD_VESSEL, agents[i].x, agents[i].y, P_VESSEL_REACH); }

// Saturating amount of internalised cargo, C = cargo/(cargo + K).
fn cargo_amount(i: u32) -> f32 {
  let cargo = agents[i].cargo;
  return cargo / (cargo + P_CARGO_K);
}

// Free matrix room in voxel v: 1 - (cartilage + woven + lamellar + fibrous), at least 0.
fn free_room(v: u32) -> f32 {
  let sum = matrix_sum(sensed(FIELD_CARTILAGE, v), sensed(FIELD_WOVEN_BONE, v), sensed(FIELD_LAMELLAR_BONE, v), sensed(FIELD_FIBROUS, v));
  if (matrix_below_one(sum)) { return matrix_room(sum); }
  return 0.0;
}

// Oxygen factor of growth and matrix: O2/(O2 + growth.hypoxia_half).
fn oxygen_factor(v: u32) -> f32 {
  let o2 = sensed(FIELD_OXYGEN, v);
  return o2 / (o2 + P_HYPOXIA_HALF);
}

// Disuse factor of the stimulus S = strain / mechano.a: mechano.disuse_factor where S < disuse_below.
fn disuse(strain: f32) -> f32 { return select(1.0, P_DISUSE_FACTOR, strain < LT_STRAIN_DISUSE); }

// Injury activation of progenitors, A = chemoattractant/(chemoattractant + K_act).
fn activation(v: u32) -> f32 { return sat(sensed(FIELD_CHEMOATTRACTANT, v), P_MSC_ACTIVATION_HALF); }

// Pro-inflammatory repression signal I = P/(P + K_I).
fn inflammation(v: u32) -> f32 { return sat(sensed(FIELD_PROINFLAMMATORY, v), P_INFL_HALF); }

// RANKL signal over OPG, ρ = R/(R + K_R + w·OPG).
fn rankl_signal(v: u32) -> f32 {
  let rankl = sensed(FIELD_RANKL, v);
  return rankl / (rankl + P_RANKL_HALF + P_OPG_WEIGHT * sensed(FIELD_OPG, v));
}

// The ITGB1/NFATc1 node's goal from ρ and the MALAT1 cargo.
fn itgb1_goal(rho: f32, amount: f32) -> f32 {
  return or2(or2(P_ITGB1_BASAL, P_ITGB1_RANKL * rho), P_ITGB1_MALAT1 * cargo_effect(POT_MALAT1, amount));
}

// VEGF gate on BMP-2's osteogenic drive, V/(V + osteogenesis.vegf_half), V the VEGF as sensed.
fn vegf_gate(v: u32) -> f32 {
  return sat(sensed(FIELD_VEGF, v), P_OSTEOGENESIS_VEGF_HALF);
}

// The agent becomes `cell_type` in place: first state, cell cycle and lineage clock restarted.
fn becomes(i: u32, cell_type: u32) {
  agents[i].cellType = cell_type;
  agents[i].cellState = 0u;
  agents[i].cycle = 0.0;
  agents[i].lineage_age = 0.0;
}

// The fate an msc heads for and the probability of taking it this step, and the probability of its drift to
// the fibroblast fate where strain is not fibrous (high without Smad1/Runx2): docs/bone-model.md §6.
struct MscFate { cell_type: u32, probability: f32, drift: f32 }

fn msc_fate(i: u32, v: u32, smad: f32, sox9: f32) -> MscFate {
  let strain = sensed(FIELD_STRAIN, v);
  let rate = P_DIFFERENTIATION * activation(v);
  if (strain > GT_STRAIN_FIBROUS) { return MscFate(TYPE_FIBROBLAST, chance(rate * P_FIBRO_FACTOR), 0.0); }
  let drift = chance(rate * P_FIBROUS_DRIFT * hill2(smad, P_DRIFT_SMAD_HALF));
  let chondrogenic = strain > GT_STRAIN_CARTILAGE || sensed(FIELD_OXYGEN, v) < LT_O2_BONE || vessel_near(i) < P_VESSEL_BONE;
  if (chondrogenic) {
    let bmp = P_CHONDRO_BMP_FLOOR + (1.0 - P_CHONDRO_BMP_FLOOR) * smad;
    return MscFate(TYPE_CHONDROCYTE, chance(rate * P_CHONDRO_FACTOR * (P_FATE_FLOOR + (1.0 - P_FATE_FLOOR) * sox9) * bmp), drift);
  }
  return MscFate(TYPE_OSTEOBLAST, chance(rate * (P_FATE_FLOOR + (1.0 - P_FATE_FLOOR) * smad * vegf_gate(v)) * disuse(strain)), drift);
}

fn update_macrophage(i: u32, v: u32, state: u32, amount: f32, w: vec4<u32>) -> u32 {
  let goal = nfkb_goal(sensed(FIELD_PROINFLAMMATORY, v), sensed(FIELD_ANTIINFLAMMATORY, v), sensed(FIELD_APOPTOTIC, v), sensed(FIELD_DAMAGE, v), amount);
  let nfkb = relaxed(agents[i].nfkb, goal, CLAMP_NFKB_ON, CLAMP_NFKB);
  agents[i].nfkb = nfkb;
  let rho = rankl_signal(v);
  let itgb1 = relaxed(agents[i].itgb1, itgb1_goal(rho, amount), CLAMP_ITGB1_ON, CLAMP_ITGB1);
  agents[i].itgb1 = itgb1;
  switch_polarisation(i, state, nfkb, w);
  if (uniform01(w.z) < chance(P_OSTEOCLAST_FORMATION * itgb1 * rho)) {
    becomes(i, TYPE_OSTEOCLAST);
    return RULE_FATE_NONE;
  }
  return macrophage_removal(w);
}

// The direction a tip migrates (move_agents.wgsl): its random heading weighted 1 - b and the VEGF gradient's
// direction weighted b (P_ENDO_VEGF_BIAS), the gradient across the look-ahead span (boneRules.ts tipHeading).
fn tip_heading(i: u32, reach: f32) -> vec2<f32> {
  let x = agents[i].x;
  let y = agents[i].y;
  let d = vec2<f32>(agents[i].dirX, agents[i].dirY);
  let gx = patch_mean(FIELD_VEGF, x + reach, y, P_VESSEL_FOOTPRINT) - patch_mean(FIELD_VEGF, x - reach, y, P_VESSEL_FOOTPRINT);
  let gy = patch_mean(FIELD_VEGF, x, y + reach, P_VESSEL_FOOTPRINT) - patch_mean(FIELD_VEGF, x, y - reach, P_VESSEL_FOOTPRINT);
  let g = sqrt(gx * gx + gy * gy);
  let b = P_ENDO_VEGF_BIAS;
  var h = max(0.0, 1.0 - abs(b)) * d;
  if (g > 1e-12) {
    h += b * vec2<f32>(gx, gy) / g;
  } else {
    h += abs(b) * d;
  }
  let n = sqrt(h.x * h.x + h.y * h.y);
  if (n > 0.0) { return h / n; }
  return d;
}

fn update_endothelial(i: u32, state: u32, vegf_drive: f32, amount: f32, w: vec4<u32>) -> u32 {
  agents[i].erk = relaxed(agents[i].erk, or2(or2(P_ERK_BASAL, P_ERK_VEGF * vegf_drive), P_ERK_CARGO * cargo_effect(POT_SPRED1_DOWN, amount)), CLAMP_ERK_ON, CLAMP_ERK);
  if (state == STATE_ENDOTHELIAL_TIP) {
    // Anastomosis: the vessel density one patch diameter ahead along the way the tip migrates.
    let reach = 2.0 * P_VESSEL_FOOTPRINT;
    let heading = tip_heading(i, reach);
    let ahead = patch_mean(FIELD_VESSEL, agents[i].x + reach * heading.x, agents[i].y + reach * heading.y, P_VESSEL_FOOTPRINT);
    if (ahead >= P_MATURE_AT) { agents[i].cellState = STATE_ENDOTHELIAL_STALK; }
  } else if (uniform01(w.y) < CHANCE_STALK_LEAVE) {
    return RULE_FATE_LEAVE;
  }
  return RULE_FATE_NONE;
}

fn rule_update(i: u32, cell_type: u32) -> u32 {
  let state = agents[i].cellState;
  let cargo = agents[i].cargo * CARGO_KEEP;
  agents[i].cargo = cargo;
  var amount = 0.0;
  if (ANY_CARGO) { amount = cargo / (cargo + P_CARGO_K); }
  let w = draw(agents[i].id, RNG_STREAM_STATE);
  let v = voxel_under(i);

  if (cell_type == TYPE_NEUTROPHIL) { return update_neutrophil(i, state, w); }

  if (cell_type == TYPE_OSTEOCLAST) {
    agents[i].itgb1 = relaxed(agents[i].itgb1, itgb1_goal(rankl_signal(v), amount), CLAMP_ITGB1_ON, CLAMP_ITGB1);
    return RULE_FATE_NONE;
  }

  let hypoxia = hill2(sensed(FIELD_OXYGEN, v), P_O2_HALF);
  agents[i].hif = relaxed(agents[i].hif, or2(or2(hypoxia, P_HIF_CARGO * cargo_effect(POT_VEGF_INDUCTION, amount)), P_HIF_MIMETIC * cargo_effect(POT_PTEN_DOWN, amount)), CLAMP_HIF_ON, CLAMP_HIF);
  var vegf_drive = 0.0;
  if (cell_type == TYPE_ENDOTHELIAL) { vegf_drive = sat(sensed(FIELD_VEGF, v), P_VEGF_HALF); }
  let akt_goal = or2(
    or2(or2(P_AKT_BASAL, P_AKT_VEGF * vegf_drive), or2(P_AKT_CARGO * cargo_effect(POT_AKT, amount), P_AKT_CARGO * cargo_effect(POT_ANTIAPOPTOTIC, amount))),
    P_AKT_PTEN * cargo_effect(POT_PTEN_DOWN, amount),
  );
  agents[i].akt = relaxed(agents[i].akt, akt_goal, CLAMP_AKT_ON, CLAMP_AKT);

  if (cell_type == TYPE_MACROPHAGE) { return update_macrophage(i, v, state, amount, w); }
  if (cell_type == TYPE_ENDOTHELIAL) { return update_endothelial(i, state, vegf_drive, amount, w); }
  if (cell_type == TYPE_FIBROBLAST) { return RULE_FATE_NONE; }

  let infl = inflammation(v);
  var smad = 0.0;
  var sox9 = 0.0;
  if (cell_type == TYPE_MSC || cell_type == TYPE_OSTEOBLAST) {
    smad = relaxed(agents[i].smad, or2(P_SMAD_BASAL, P_SMAD_BMP * sat(sensed(FIELD_BMP2, v), P_SMAD_BMP_HALF)) * (1.0 - P_SMAD_INFL * infl), CLAMP_SMAD_ON, CLAMP_SMAD);
    agents[i].smad = smad;
  }
  if (cell_type == TYPE_MSC || cell_type == TYPE_CHONDROCYTE) {
    let drive = or2(or2(P_SOX9_BASAL, P_SOX9_TGF * sat(sensed(FIELD_ANTIINFLAMMATORY, v), P_SOX9_TGF_HALF)), P_SOX9_CARGO * cargo_effect(POT_CHONDROGENIC, amount));
    sox9 = relaxed(agents[i].sox9, drive * (1.0 - P_SOX9_INFL * infl), CLAMP_SOX9_ON, CLAMP_SOX9);
    agents[i].sox9 = sox9;
  }

  if (cell_type == TYPE_MSC) {
    let fate = msc_fate(i, v, smad, sox9);
    if (uniform01(w.x) < fate.probability) { becomes(i, fate.cell_type); }
    else if (uniform01(w.y) < fate.drift) { becomes(i, TYPE_FIBROBLAST); }
    return RULE_FATE_NONE;
  }
  if (cell_type == TYPE_CHONDROCYTE) {
    if (state == STATE_CHONDROCYTE_PROLIFERATIVE) {
      let surrounded = min(1.0, sensed(FIELD_CARTILAGE, v) / P_SURROUNDED_AT);
      if (uniform01(w.x) < chance(P_HYPERTROPHY * surrounded * (1.0 - P_SOX9_HOLD * sox9))) { agents[i].cellState = STATE_CHONDROCYTE_HYPERTROPHIC; }
    } else if (vessel_near(i) >= P_INVASION_VESSEL && uniform01(w.y) < CHANCE_INVASION_DEATH) {
      // At vascular invasion a share of hypertrophic chondrocytes becomes osteoblasts, the rest die.
      if (uniform01(w.x) >= GE_OSTEOBLAST_SHARE) { return RULE_FATE_DIE; }
      becomes(i, TYPE_OSTEOBLAST);
    }
    return RULE_FATE_NONE;
  }
  if (cell_type == TYPE_OSTEOBLAST) {
    agents[i].lineage_age = agents[i].lineage_age + DT;
    // Embedding at a rate × local bone (at most 1: then the run's exact probability).
    let bone = sensed(FIELD_WOVEN_BONE, v) + sensed(FIELD_LAMELLAR_BONE, v);
    let p = select(chance(P_EMBEDDING * bone), CHANCE_EMBEDDING, bone >= 1.0);
    if (uniform01(w.y) < p) { return RULE_FATE_LEAVE; }
  }
  return RULE_FATE_NONE;
}

fn rule_speed_scale(i: u32, cell_type: u32) -> f32 {
  let state = agents[i].cellState;
  if (cell_type == TYPE_NEUTROPHIL) { return neutrophil_speed(state); }
  if (cell_type == TYPE_ENDOTHELIAL) {
    if (state == STATE_ENDOTHELIAL_TIP) { return 1.0 + P_ENDO_ERK_SPEED * agents[i].erk; }
    return 0.1;
  }
  return 1.0;
}

fn rule_growth_scale(i: u32, cell_type: u32) -> f32 {
  let v = voxel_under(i);
  if (cell_type == TYPE_MSC) { return activation(v) * free_room(v) * oxygen_factor(v) * (1.0 + P_MSC_AKT_GROWTH * agents[i].akt); }
  if (cell_type == TYPE_CHONDROCYTE) {
    if (agents[i].cellState == STATE_CHONDROCYTE_HYPERTROPHIC) { return 0.0; }
    return free_room(v);
  }
  if (cell_type == TYPE_OSTEOBLAST) {
    // Divides only within its proliferative window after commitment.
    if (agents[i].lineage_age >= LT_PROLIFERATIVE_WINDOW) { return 0.0; }
    return free_room(v) * oxygen_factor(v);
  }
  if (cell_type == TYPE_FIBROBLAST) { return activation(v) * free_room(v) * oxygen_factor(v); }
  if (cell_type == TYPE_ENDOTHELIAL) { return oxygen_factor(v) * 0.5 * (agents[i].akt + agents[i].erk); }
  return 1.0;
}

fn rule_death_scale(i: u32, cell_type: u32) -> f32 {
  if (cell_type == TYPE_ENDOTHELIAL) { return 1.0 - P_ENDO_SURVIVAL * agents[i].akt; }
  if (cell_type == TYPE_MSC || cell_type == TYPE_CHONDROCYTE || cell_type == TYPE_OSTEOBLAST) { return 1.0 - P_SURVIVAL * agents[i].akt; }
  return 1.0;
}

// Osteoblast deposition of `field`: woven bone on a new site, lamellar bone where bone (woven + lamellar) >=
// lamellar_on; × free room, smad gated by VEGF, and disuse.
fn bone_deposit(i: u32, v: u32, field: u32) -> f32 {
  let strain = sensed(FIELD_STRAIN, v);
  let bone = sensed(FIELD_WOVEN_BONE, v) + sensed(FIELD_LAMELLAR_BONE, v); // one f32 sum, as boneRules.ts rounds it
  let lamellar = bone >= GE_LAMELLAR_ON && strain <= GT_STRAIN_CARTILAGE;
  if ((field == FIELD_LAMELLAR_BONE) != lamellar) { return 0.0; }
  return free_room(v) * (P_ACTIVITY_FLOOR + (1.0 - P_ACTIVITY_FLOOR) * agents[i].smad * vegf_gate(v)) * disuse(strain);
}

fn rule_secretion_scale(i: u32, cell_type: u32, field: u32) -> f32 {
  let state = agents[i].cellState;
  if (field == FIELD_VEGF) {
    let hif = agents[i].hif;
    if (cell_type == TYPE_MACROPHAGE) { return macrophage_vegf(hif, state); }
    return select(hif, 1.0, cell_type == TYPE_CHONDROCYTE && state == STATE_CHONDROCYTE_HYPERTROPHIC);
  }
  if (cell_type == TYPE_NEUTROPHIL) { return neutrophil_secretion(state, field); }
  if (cell_type == TYPE_MACROPHAGE) {
    if (field == FIELD_ANTIINFLAMMATORY || field == FIELD_BMP2) { return select(0.0, 1.0, state == STATE_MACROPHAGE_M2); }
    return select(0.0, agents[i].nfkb, state == STATE_MACROPHAGE_M1); // pro-inflammatory cytokine
  }
  if (field == FIELD_BMP2) {
    let cargo = 1.0 + P_BMP2_CARGO * cargo_effect(POT_OSTEOGENIC, cargo_amount(i));
    return select(cargo, cargo * (1.0 + P_BMP2_INJURY * activation(voxel_under(i))), cell_type == TYPE_MSC);
  }
  if (field == FIELD_OPG) { return 1.0 + P_OPG_CARGO * cargo_effect(POT_OPG, cargo_amount(i)); }
  let v = voxel_under(i);
  if (cell_type == TYPE_OSTEOBLAST && (field == FIELD_WOVEN_BONE || field == FIELD_LAMELLAR_BONE)) { return bone_deposit(i, v, field); }
  if (cell_type == TYPE_CHONDROCYTE) {
    if (field == FIELD_CARTILAGE) { return select(0.0, free_room(v) * (0.5 + 0.5 * agents[i].sox9), state == STATE_CHONDROCYTE_PROLIFERATIVE); }
    if (field == FIELD_RANKL || field == FIELD_CALCIFIED) { return select(0.0, 1.0, state == STATE_CHONDROCYTE_HYPERTROPHIC); }
  }
  if (cell_type == TYPE_FIBROBLAST && field == FIELD_FIBROUS) { return free_room(v) * oxygen_factor(v); }
  if (cell_type == TYPE_ENDOTHELIAL && field == FIELD_VESSEL) { return select(0.5, 1.0, state == STATE_ENDOTHELIAL_TIP); }
  return 1.0;
}
