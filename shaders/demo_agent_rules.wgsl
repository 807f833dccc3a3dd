// Agent rules of the engine demo model: the f32 twin of src/model/models/demoRules.ts. Followers and
// wanderers record the attractant they sense and settle once it exceeds their threshold; settled cells
// are slower. Needs the constants of demoRulesGpu.ts, the bindings agents (read_write), fields and tables,
// and locate_cells.wgsl and sense_fields.wgsl.

// Whether the type has the settling rule (beacons have none).
fn settles(cell_type: u32) -> bool { return cell_type == TYPE_FOLLOWER || cell_type == TYPE_WANDERER; }

fn rule_update(i: u32, cell_type: u32) -> u32 {
  if (!settles(cell_type)) { return RULE_FATE_NONE; }
  let c = sample_field(FIELD_ATTRACTANT, agents[i].x, agents[i].y);
  agents[i].sensed = c;
  let threshold = select(GT_WANDERER_SETTLE, GT_FOLLOWER_SETTLE, cell_type == TYPE_FOLLOWER);
  if (c > threshold) { agents[i].cellState = STATE_FOLLOWER_SETTLED; } // same index in wanderer
  return RULE_FATE_NONE;
}

fn rule_speed_scale(i: u32, cell_type: u32) -> f32 {
  if (settles(cell_type) && agents[i].cellState == STATE_FOLLOWER_SETTLED) { return SETTLED_SPEED; }
  return 1.0;
}

fn rule_growth_scale(i: u32, cell_type: u32) -> f32 { return 1.0; }

fn rule_death_scale(i: u32, cell_type: u32) -> f32 { return 1.0; }

fn rule_secretion_scale(i: u32, cell_type: u32, field: u32) -> f32 { return 1.0; }
