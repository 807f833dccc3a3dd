// Voxel exchanges of the bone model: the f32 twin of voxelExchange and fitMatrix in
// src/model/models/boneRules.ts (equations there). Voxel k only: adds into source and uptake
// (field·CELLS + k), reads fields; the matrix fractions' and the vessel's sources already hold the agents' deposits
// (build_field_terms.wgsl writes them first). Needs the constants of boneRulesGpu.ts with
// pathway_math.wgsl, compensated_sum.wgsl and bone_matrix.wgsl, and the bindings fields, source and uptake.

// Keeps cartilage + woven + lamellar + fibrous <= 1: this step's deposits are scaled down to the room left;
// a sum already above 1 loses its excess in proportion (uptake ln(sum)/DT on each fraction), no deposit.
fn fit_matrix(k: u32) {
  let c = FIELD_CARTILAGE * CELLS + k;
  let w = FIELD_WOVEN_BONE * CELLS + k;
  let l = FIELD_LAMELLAR_BONE * CELLS + k;
  let f = FIELD_FIBROUS * CELLS + k;
  let sum = matrix_sum(fields[c], fields[w], fields[l], fields[f]);
  if (matrix_above_one(sum)) {
    let loss = matrix_log(sum) / DT;
    uptake[c] += loss;
    uptake[w] += loss;
    uptake[l] += loss;
    uptake[f] += loss;
    source[c] = 0.0;
    source[w] = 0.0;
    source[l] = 0.0;
    source[f] = 0.0;
    return;
  }
  let deposit = source[c] * DT + source[w] * DT + source[l] * DT + source[f] * DT;
  let room = matrix_room(sum);
  if (deposit > room) {
    let scale = room / deposit;
    source[c] *= scale;
    source[w] *= scale;
    source[l] *= scale;
    source[f] *= scale;
  }
}

// Vessel maturation and regression: this step's sprout deposits (already in the vessel source) are immature;
// the immature share matures at P_VESSEL_MATURATION and regresses at P_VESSEL_REGRESSION × K/(K + V sensed),
// taking its area out of vessel too (an uptake of vessel at that rate × u/vessel).
fn mature_vessels(k: u32) {
  let v = fields[FIELD_VESSEL * CELLS + k];
  let u = min(fields[FIELD_IMMATURE_VESSEL * CELLS + k], v);
  let regression = (P_VESSEL_REGRESSION * P_VEGF_HALF) / (P_VEGF_HALF + fields[FIELD_VEGF * CELLS + k] * VEGF_SENSED);
  source[FIELD_IMMATURE_VESSEL * CELLS + k] += source[FIELD_VESSEL * CELLS + k];
  uptake[FIELD_IMMATURE_VESSEL * CELLS + k] += P_VESSEL_MATURATION + regression;
  if (v > 0.0) { uptake[FIELD_VESSEL * CELLS + k] += (regression * u) / v; }
}

fn rule_voxel_exchange(k: u32) {
  let vv = fields[FIELD_VESSEL * CELLS + k];
  source[FIELD_OXYGEN * CELLS + k] += P_O2_EXCHANGE * vv * P_O2_BLOOD;
  uptake[FIELD_OXYGEN * CELLS + k] += P_O2_EXCHANGE * vv;
  let e = fields[FIELD_EXOSOMES * CELLS + k];
  let d = fields[FIELD_DAMAGE * CELLS + k];
  source[FIELD_CHEMOATTRACTANT * CELLS + k] += P_CHEMO_DAMAGE * d + P_CHEMO_FIBRIN * fields[FIELD_FIBRIN * CELLS + k];
  source[FIELD_SDF1 * CELLS + k] += P_SDF_FROM_DAMAGE * d + SDF_FROM_EXOSOMES * e;
  source[FIELD_RANKL * CELLS + k] += P_RANKL_FROM_INFLAMMATION * fields[FIELD_PROINFLAMMATORY * CELLS + k];
  // vessels (and their chondroclasts) resorb cartilage; uncalcified cartilage resists them by P_UNCALCIFIED_RESISTANCE
  let uncalcified = 1.0 - min(1.0, fields[FIELD_CALCIFIED * CELLS + k]);
  uptake[FIELD_CARTILAGE * CELLS + k] += P_CARTILAGE_RESORPTION * min(1.0, vv / P_INVASION_VESSEL) * (1.0 - P_UNCALCIFIED_RESISTANCE * uncalcified);
  if (VEGF_FROM_EXOSOMES > 0.0) { source[FIELD_VEGF * CELLS + k] += VEGF_FROM_EXOSOMES * e; }
  uptake[FIELD_EXOSOMES * CELLS + k] += P_EXO_CARTILAGE_BINDING * fields[FIELD_CARTILAGE * CELLS + k]; // cartilage binds vesicles
  mature_vessels(k);
  // coupled formation: lamellar bone at coupled_formation × the osteoclasts' woven resorption rate
  let resorption = uptake[FIELD_WOVEN_BONE * CELLS + k];
  if (P_COUPLED_FORMATION > 0.0 && resorption > 0.0) {
    source[FIELD_LAMELLAR_BONE * CELLS + k] += (P_COUPLED_FORMATION * resorption) * fields[FIELD_WOVEN_BONE * CELLS + k];
  }
  fit_matrix(k);
}
