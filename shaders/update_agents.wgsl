// Phase updateAgents (updateAgents.ts): per agent, in its own slot of the sorted agents: ageing,
// internalisation of taken-up substance (variable += clearance · c · DT, c the voxel's value before this
// step's solve), the model's rule_update (may ask for death or departure), inhibitor clamps, cell-cycle
// progress under contact inhibition (model.md §2: progress += DT / T_cycle · rule_growth_scale, frozen
// while touching ≥ contactInhibition neighbours; division when progress ≥ 1), and the death draw (hazard
// h · rule_death_scale, probability 1 - exp(-h·DT), draw(id, DEATH) word x). Writes fate[i].
// updateAgentsPhase.ts appends internalize(), clamp_nodes() and DEATH_CHANCE (generated per run).
// Needs rng.wgsl, draw_random.wgsl, locate_cells.wgsl, sense_fields.wgsl and the model's rules (GpuRules.agent).
// Bindings: 0 agents, 1 fields, 2 tables, 3 step, 4 mech, 5 fate.

@group(0) @binding(0) var<storage, read_write> agents: array<Agent>;
@group(0) @binding(1) var<storage, read> fields: array<f32>;
@group(0) @binding(2) var<storage, read> tables: array<f32>;
@group(0) @binding(3) var<uniform> step: StepInfo;
@group(0) @binding(4) var<storage, read> mech: array<i32>;
@group(0) @binding(5) var<storage, read_write> fate: array<u32>;

// Fates (updateAgents.ts); death and leaving are the rules' codes RULE_FATE_DIE and RULE_FATE_LEAVE.
const FATE_STAY: u32 = 0u;
const FATE_DIVIDE: u32 = 1u;

@compute @workgroup_size(AGENT_WORKGROUP)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let cell_type = agents[i].cellType;
  agents[i].age += DT;
  internalize(i, cell_type);
  let requested = rule_update(i, cell_type);
  clamp_nodes(i);
  if (requested == RULE_FATE_DIE || requested == RULE_FATE_LEAVE) {
    fate[i] = requested;
    return;
  }

  var outcome = FATE_STAY;
  let cycle_rate = tables[TAB_CYCLE_RATE + cell_type];
  if (cycle_rate > 0.0 && f32(mech[3u * i + 2u]) < tables[TAB_CONTACT_INHIBITION + cell_type]) {
    let progress = agents[i].cycle + DT * cycle_rate * rule_growth_scale(i, cell_type);
    agents[i].cycle = progress;
    if (progress >= 1.0) { outcome = FATE_DIVIDE; } // a division refused for capacity is retried next step
  }

  let rate = tables[TAB_DEATH_RATE + cell_type];
  if (rate > 0.0) {
    let scale = rule_death_scale(i, cell_type);
    let hazard = rate * scale;
    // Unscaled: the run's exact probability (DEATH_CHANCE); scaled: computed in f32.
    var p = DEATH_CHANCE[cell_type];
    if (scale != 1.0) { p = 1.0 - exp(-hazard * DT); }
    if (hazard > 0.0 && uniform01(draw(agents[i].id, RNG_STREAM_DEATH).x) < p) { outcome = RULE_FATE_DIE; }
  }
  fate[i] = outcome;
}
