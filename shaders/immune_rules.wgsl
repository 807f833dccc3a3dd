// The immune module the skin and bone models share: the f32 twin of src/model/models/immuneRules.ts
// (equations and citations there), same order of operations, same random words (stream STATE: word x the
// state switches, y removal or clearance). Needs the model's constants P_NFKB_*, P_M2_BELOW, P_M1_ABOVE,
// P_SWITCH_RATE, P_REVERT_RATE, POT_NFKB_DOWN, POT_MIR223, CHANCE_NEUT_APOPTOSIS, CHANCE_NEUT_CLEARANCE and
// CHANCE_MAC_REMOVAL, the model names FIELD_APOPTOTIC, STATE_NEUTROPHIL_*, STATE_MACROPHAGE_* and RULE_FATE_*,
// pathway_math.wgsl, rng.wgsl and the agents binding.

// A neutrophil's step: an active one turns apoptotic (word x), an apoptotic one is cleared (word y: dies).
fn update_neutrophil(i: u32, state: u32, w: vec4<u32>) -> u32 {
  if (state == STATE_NEUTROPHIL_ACTIVE) {
    if (uniform01(w.x) < CHANCE_NEUT_APOPTOSIS) { agents[i].cellState = STATE_NEUTROPHIL_APOPTOTIC; }
  } else if (uniform01(w.y) < CHANCE_NEUT_CLEARANCE) {
    return RULE_FATE_DIE;
  }
  return RULE_FATE_NONE;
}

// The NF-κB goal of a macrophage from the sensed pro- and anti-inflammatory cytokines, apoptotic signal and
// damage, and its internalised cargo amount.
fn nfkb_goal(pro: f32, anti: f32, apoptotic: f32, damage: f32, amount: f32) -> f32 {
  let drive = or2(or2(P_NFKB_BASAL, P_NFKB_CYT * sat(pro, P_NFKB_CYT_HALF)), P_NFKB_DAMAGE * damage);
  return drive * (1.0 - P_NFKB_IL10 * sat(anti, P_NFKB_IL10_HALF)) * (1.0 - P_NFKB_EFF * sat(apoptotic, P_NFKB_EFF_HALF)) *
    (1.0 - P_NFKB_CARGO * cargo_effect(POT_NFKB_DOWN, amount)) * (1.0 - P_NFKB_MIR223 * cargo_effect(POT_MIR223, amount));
}

// Graded M1/M2 switching of macrophage i (word x): the further NF-κB is past its threshold, the faster.
fn switch_polarisation(i: u32, state: u32, nfkb: f32, w: vec4<u32>) {
  if (state == STATE_MACROPHAGE_M1 && nfkb < P_M2_BELOW && uniform01(w.x) < chance(P_SWITCH_RATE * (P_M2_BELOW - nfkb) / P_M2_BELOW)) {
    agents[i].cellState = STATE_MACROPHAGE_M2;
  } else if (state == STATE_MACROPHAGE_M2 && nfkb > P_M1_ABOVE && uniform01(w.x) < chance(P_REVERT_RATE * (nfkb - P_M1_ABOVE) / (1.0 - P_M1_ABOVE))) {
    agents[i].cellState = STATE_MACROPHAGE_M1;
  }
}

// Macrophage removal (emigration, word y): RULE_FATE_LEAVE or RULE_FATE_NONE.
fn macrophage_removal(w: vec4<u32>) -> u32 {
  if (uniform01(w.y) < CHANCE_MAC_REMOVAL) { return RULE_FATE_LEAVE; }
  return RULE_FATE_NONE;
}

// Speed factor of a neutrophil: apoptotic ones stop.
fn neutrophil_speed(state: u32) -> f32 { return select(1.0, 0.0, state == STATE_NEUTROPHIL_APOPTOTIC); }

// Secretion factor of a neutrophil: the apoptotic signal from apoptotic ones, every other field from active ones.
fn neutrophil_secretion(state: u32, field: u32) -> f32 {
  if (field == FIELD_APOPTOTIC) { return select(0.0, 1.0, state == STATE_NEUTROPHIL_APOPTOTIC); }
  return select(0.0, 1.0, state == STATE_NEUTROPHIL_ACTIVE);
}

// VEGF secretion factor of a macrophage: half by HIF-1α, half more for M2.
fn macrophage_vegf(hif: f32, state: u32) -> f32 { return 0.5 * hif + select(0.0, 0.5, state == STATE_MACROPHAGE_M2); }
