// Voxel exchanges of the skin-wound model: the f32 twin of voxelExchange and contractCover in
// src/model/models/skinRules.ts (equations there). Voxel k only: adds into source and uptake
// (field·CELLS + k), reads fields. Needs the constants of skinRulesGpu.ts and the bindings fields, source
// and uptake.

// Contraction carries the epithelial cover inwards: ∂c/∂t = -u·∇c with u = -ε̇·(x - c0), by donor-cell
// upwinding (each axis takes the neighbour further from the centre), added as a source of cover.
fn contract_cover(k: u32) {
  let anti = fields[FIELD_ANTIINFLAMMATORY * CELLS + k];
  let rate = P_CONTRACTION * (anti / (anti + P_TGF_HALF));
  if (!(rate > 0.0)) { return; }
  let i = k % NX;
  let j = k / NX;
  let rx = (f32(i) + 0.5) * DX - CENTRE_X;
  let ry = (f32(j) + 0.5) * DX - CENTRE_Y;
  let iu = select(select(i - 1u, 0u, i == 0u), min(i + 1u, NX - 1u), rx > 0.0);
  let ju = select(select(j - 1u, 0u, j == 0u), min(j + 1u, NY - 1u), ry > 0.0);
  let cover = FIELD_EPITHELIUM * CELLS;
  let c = fields[cover + k];
  let gx = max(0.0, fields[cover + j * NX + iu] - c);
  let gy = max(0.0, fields[cover + ju * NX + i] - c);
  source[cover + k] += (rate * (abs(rx) * gx + abs(ry) * gy)) / DX;
}

fn rule_voxel_exchange(k: u32) {
  if (P_CONTRACTION > 0.0) { contract_cover(k); }
  let vv = fields[FIELD_VESSEL * CELLS + k];
  source[FIELD_OXYGEN * CELLS + k] += P_O2_EXCHANGE * vv * P_O2_BLOOD;
  uptake[FIELD_OXYGEN * CELLS + k] += P_O2_EXCHANGE * vv;
  let d = fields[FIELD_DAMAGE * CELLS + k];
  source[FIELD_CHEMOATTRACTANT * CELLS + k] += P_CHEMO_DAMAGE * d + P_CHEMO_FIBRIN * fields[FIELD_FIBRIN * CELLS + k];
  source[FIELD_ROS * CELLS + k] += P_ROS_DAMAGE * d + P_ROS_HOST;
  if (vv > GT_VESSEL_DERMIS) { uptake[FIELD_VESSEL * CELLS + k] += P_VESSEL_REGRESSION * (1.0 - P_VESSEL_DERMIS / vv); }
  let c = fields[FIELD_COLLAGEN * CELLS + k];
  if (c > 1.0) { uptake[FIELD_COLLAGEN * CELLS + k] += P_COLLAGEN_REMODELLING * (1.0 - 1.0 / c); }
  if (VEGF_FROM_EXOSOMES > 0.0) { source[FIELD_VEGF * CELLS + k] += VEGF_FROM_EXOSOMES * fields[FIELD_EXOSOMES * CELLS + k]; }
}
