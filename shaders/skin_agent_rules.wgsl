// Agent rules of the skin-wound model: the f32 twin of the JS rules in src/model/models/skinRules.ts
// (biology, equations and citations there), same order of operations, same random words (stream STATE:
// word x for state switches, word y for removal or apoptosis).
// Needs the constants of skinRulesGpu.ts with pathway_math.wgsl and immune_rules.wgsl (neutrophils, the
// macrophage's NF-κB and M1/M2 switching), the bindings agents (read_write), fields,
// tables and step, and rng.wgsl, draw_random.wgsl, locate_cells.wgsl and sense_fields.wgsl.

// Field `field` as agent i senses it at its position.
fn sense(i: u32, field: u32) -> f32 { return sample_field(field, agents[i].x, agents[i].y); }

// A pathway node moved towards its goal (clamped to [0, 1]) by RELAX, or held at an inhibitor's clamp.
fn relaxed(current: f32, goal: f32, clamped: bool, clamp_value: f32) -> f32 {
  if (clamped) { return clamp_value; }
  return current + (clamp(goal, 0.0, 1.0) - current) * RELAX;
}

// Contraction strain rate (1/min) where the reparative signal is `anti`.
fn strain_rate(anti: f32) -> f32 { return P_CONTRACTION * sat(anti, P_TGF_HALF); }

// Oxygen factor of growth: O2/(O2 + growth.hypoxia_half).
fn oxygen_factor(i: u32) -> f32 {
  let o2 = sense(i, FIELD_OXYGEN);
  return o2 / (o2 + P_HYPOXIA_HALF);
}

// True when the cover is complete under the cell and twice front_reach around it (far behind the front).
fn behind_front(i: u32) -> bool {
  let x = agents[i].x;
  let y = agents[i].y;
  let d = 2.0 * P_KER_REACH;
  return sample_field(FIELD_EPITHELIUM, x, y) >= GE_FULL_COVER && sample_field(FIELD_EPITHELIUM, x + d, y) >= GE_FULL_COVER &&
    sample_field(FIELD_EPITHELIUM, x - d, y) >= GE_FULL_COVER && sample_field(FIELD_EPITHELIUM, x, y + d) >= GE_FULL_COVER &&
    sample_field(FIELD_EPITHELIUM, x, y - d) >= GE_FULL_COVER;
}

// 1 - the lowest epithelial cover at front_reach in the four axis directions: near open tissue.
fn frontness(i: u32) -> f32 {
  let x = agents[i].x;
  let y = agents[i].y;
  let d = P_KER_REACH;
  let lowest = min(min(sample_field(FIELD_EPITHELIUM, x + d, y), sample_field(FIELD_EPITHELIUM, x - d, y)),
    min(sample_field(FIELD_EPITHELIUM, x, y + d), sample_field(FIELD_EPITHELIUM, x, y - d)));
  if (lowest < 1.0) { return 1.0 - lowest; }
  return 0.0;
}

fn rule_update(i: u32, cell_type: u32) -> u32 {
  if (P_CONTRACTION > 0.0) {
    // The tissue, and the cell with it, moves towards the defect centre (velocity -ε̇·(x - c)).
    let k = 1.0 - strain_rate(sense(i, FIELD_ANTIINFLAMMATORY)) * DT;
    agents[i].x = CENTRE_X + (agents[i].x - CENTRE_X) * k;
    agents[i].y = CENTRE_Y + (agents[i].y - CENTRE_Y) * k;
  }
  let state = agents[i].cellState;
  let cargo = agents[i].cargo * CARGO_KEEP;
  agents[i].cargo = cargo;
  var amount = 0.0;
  if (ANY_CARGO) { amount = cargo / (cargo + P_CARGO_K); }

  if (cell_type == TYPE_NEUTROPHIL) { return update_neutrophil(i, state, draw(agents[i].id, RNG_STREAM_STATE)); }

  let hypoxia = hill2(sense(i, FIELD_OXYGEN), P_O2_HALF);
  agents[i].hif = relaxed(agents[i].hif, or2(hypoxia, P_HIF_CARGO * cargo_effect(POT_VEGF_INDUCTION, amount)), CLAMP_HIF_ON, CLAMP_HIF);

  var vegf = 0.0;
  if (cell_type == TYPE_ENDOTHELIAL) { vegf = sense(i, FIELD_VEGF); }
  let vegf_drive = sat(vegf, P_VEGF_HALF);
  let akt_target = or2(
    or2(or2(P_AKT_BASAL, P_AKT_VEGF * vegf_drive), or2(P_AKT_CARGO * cargo_effect(POT_AKT, amount), P_AKT_CARGO * cargo_effect(POT_ANTIAPOPTOTIC, amount))),
    P_AKT_PTEN * cargo_effect(POT_PTEN_DOWN, amount),
  );
  let akt = relaxed(agents[i].akt, akt_target, CLAMP_AKT_ON, CLAMP_AKT);
  agents[i].akt = akt;

  if (cell_type == TYPE_MACROPHAGE) {
    let goal = nfkb_goal(sense(i, FIELD_PROINFLAMMATORY), sense(i, FIELD_ANTIINFLAMMATORY), sense(i, FIELD_APOPTOTIC), sense(i, FIELD_DAMAGE), amount);
    let nfkb = relaxed(agents[i].nfkb, goal, CLAMP_NFKB_ON, CLAMP_NFKB);
    agents[i].nfkb = nfkb;
    let w = draw(agents[i].id, RNG_STREAM_STATE);
    switch_polarisation(i, state, nfkb, w);
    return macrophage_removal(w);
  }

  if (cell_type == TYPE_ENDOTHELIAL) {
    agents[i].erk = relaxed(agents[i].erk, or2(or2(P_ERK_BASAL, P_ERK_VEGF * vegf_drive), P_ERK_CARGO * cargo_effect(POT_SPRED1_DOWN, amount)), CLAMP_ERK_ON, CLAMP_ERK);
    if (state == STATE_ENDOTHELIAL_TIP) {
      // Anastomosis: the vessel density one patch diameter ahead along the heading, beyond the tip's own trail.
      let reach = 2.0 * P_VESSEL_FOOTPRINT;
      let ahead = patch_mean(FIELD_VESSEL, agents[i].x + reach * agents[i].dirX, agents[i].y + reach * agents[i].dirY, P_VESSEL_FOOTPRINT);
      if (ahead >= P_MATURE_AT) { agents[i].cellState = STATE_ENDOTHELIAL_STALK; }
    }
    if (state == STATE_ENDOTHELIAL_STALK) {
      let w = draw(agents[i].id, RNG_STREAM_STATE);
      if (uniform01(w.y) < CHANCE_STALK_LEAVE) { return RULE_FATE_LEAVE; }
    }
    return RULE_FATE_NONE;
  }

  // Fibroblasts and keratinocytes: β-catenin.
  let bcat = relaxed(agents[i].bcat, or2(P_BCAT_BASAL, P_BCAT_CARGO * cargo_effect(POT_WNT, amount)), CLAMP_BCAT_ON, CLAMP_BCAT);
  agents[i].bcat = bcat;
  let w = draw(agents[i].id, RNG_STREAM_STATE);
  if (cell_type == TYPE_FIBROBLAST) {
    if (state != STATE_FIBROBLAST_MYOFIBROBLAST) {
      let tgf = sat(sense(i, FIELD_ANTIINFLAMMATORY), P_TGF_HALF);
      if (uniform01(w.x) < chance(P_MYO_RATE * tgf)) { agents[i].cellState = STATE_FIBROBLAST_MYOFIBROBLAST; }
    }
    return RULE_FATE_NONE;
  }
  if (cell_type == TYPE_KERATINOCYTE) {
    let ros = sense(i, FIELD_ROS);
    let hazard = P_KER_ROS * sat(ros, P_KER_ROS_HALF) * (1.0 - P_KER_PROTECT * max(bcat, akt));
    if (uniform01(w.y) < chance(hazard)) { return RULE_FATE_DIE; }
    if (behind_front(i) && uniform01(w.x) < CHANCE_KER_DIFF) { return RULE_FATE_LEAVE; }
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
  if (cell_type == TYPE_FIBROBLAST) { return (1.0 + 0.5 * P_BCAT_GAIN * agents[i].bcat) * (1.0 + 0.5 * P_AKT_GAIN * agents[i].akt); }
  if (cell_type == TYPE_KERATINOCYTE) {
    let matrix = sense(i, FIELD_FIBRIN) + sense(i, FIELD_COLLAGEN);
    return (matrix / (matrix + P_KER_SUBSTRATE)) * (1.0 + P_BCAT_GAIN * agents[i].bcat) * (1.0 + P_AKT_GAIN * agents[i].akt);
  }
  return 1.0;
}

fn rule_growth_scale(i: u32, cell_type: u32) -> f32 {
  if (cell_type == TYPE_FIBROBLAST) {
    let tgf = sat(sense(i, FIELD_ANTIINFLAMMATORY), P_TGF_HALF);
    return oxygen_factor(i) * (0.4 + 0.6 * tgf) * (1.0 + P_BCAT_GAIN * agents[i].bcat) * (1.0 + P_AKT_GAIN * agents[i].akt);
  }
  if (cell_type == TYPE_KERATINOCYTE) {
    return oxygen_factor(i) * (1.0 + P_BCAT_GAIN * agents[i].bcat) * (1.0 + P_AKT_GAIN * agents[i].akt) * frontness(i);
  }
  if (cell_type == TYPE_ENDOTHELIAL) { return oxygen_factor(i) * 0.5 * (agents[i].akt + agents[i].erk); }
  return 1.0;
}

fn rule_death_scale(i: u32, cell_type: u32) -> f32 {
  if (cell_type == TYPE_ENDOTHELIAL) { return 1.0 - P_ENDO_SURVIVAL * agents[i].akt; }
  return 1.0;
}

fn rule_secretion_scale(i: u32, cell_type: u32, field: u32) -> f32 {
  let state = agents[i].cellState;
  if (field == FIELD_VEGF) {
    let hif = agents[i].hif;
    if (cell_type == TYPE_MACROPHAGE) { return macrophage_vegf(hif, state); }
    return hif;
  }
  if (cell_type == TYPE_NEUTROPHIL) { return neutrophil_secretion(state, field); }
  if (cell_type == TYPE_MACROPHAGE) {
    if (field == FIELD_ANTIINFLAMMATORY) { return select(0.0, 1.0, state == STATE_MACROPHAGE_M2); }
    return select(0.0, agents[i].nfkb, state == STATE_MACROPHAGE_M1); // pro-inflammatory cytokine and ROS
  }
  if (cell_type == TYPE_FIBROBLAST && field == FIELD_COLLAGEN) {
    let tgf = sat(sense(i, FIELD_ANTIINFLAMMATORY), P_TGF_HALF);
    let room = max(0.0, 1.0 - sense(i, FIELD_COLLAGEN));
    return (0.3 + 0.7 * tgf) * oxygen_factor(i) * room * select(1.0, P_MYO_COLLAGEN, state == STATE_FIBROBLAST_MYOFIBROBLAST);
  }
  // Epithelial cover and vessels fill up to their caps per voxel (the secretions' footprint and cap in skin.ts).
  if (cell_type == TYPE_ENDOTHELIAL && field == FIELD_VESSEL) { return select(0.5, 1.0, state == STATE_ENDOTHELIAL_TIP); }
  return 1.0;
}
