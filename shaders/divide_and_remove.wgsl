// Phase divideAndRemove (src/sim/cpu/divideAndRemove.ts): compacts the sorted agents into the state,
// dropping the dead and departed and placing each daughter right after her mother, in agent order.
// Entry points, in order:
//   mark_fates (agents)   survivor and division flags into `kept` and `born`; deaths and departures counted;
//   (PrefixScan over `kept`, then over `born`: exclusive ranks, totals in their meta words 2)
//   size_compaction (1)   allowed births = min(births, CAPACITY - survivors), the first in agent order;
//                         counters: count, next id, blocked births (stepInfo keeps the old ones until refresh);
//   place_agents (agents) agent i goes to slot kept[i] + min(born[i], allowed); a granted daughter follows
//                         with id next_id + born[i], both half a radius either side of the mother's position
//                         along a random axis (model.md §2; draw(mother id, RNG_STREAM_DIVISION)).
// Generated before this file: FATE_STAY, FATE_DIVIDE, FATE_DIE, FATE_LEAVE (updateAgents.ts).
// Needs rng.wgsl, draw_random.wgsl, locate_cells.wgsl.

@group(0) @binding(0) var<storage, read> agents: array<Agent>;
@group(0) @binding(1) var<storage, read_write> state_agents: array<Agent>;
@group(0) @binding(2) var<storage, read> fate: array<u32>;
@group(0) @binding(3) var<uniform> step: StepInfo;
@group(0) @binding(4) var<storage, read_write> counters: array<atomic<u32>>;
@group(0) @binding(5) var<storage, read> tables: array<f32>;
// Survivor flags, then their exclusive scan: the survivors before agent i.
@group(0) @binding(6) var<storage, read_write> kept: array<u32>;
// Division flags, then their exclusive scan: the rank of agent i's birth among this step's births.
@group(0) @binding(7) var<storage, read_write> born: array<u32>;
// [allowed births]
@group(0) @binding(8) var<storage, read_write> allowance: array<u32>;
// Meta words [n, blocks, total] of the two scans (prefixScan.ts).
@group(0) @binding(9) var<storage, read> kept_meta: array<u32>;
@group(0) @binding(10) var<storage, read> born_meta: array<u32>;

fn count_event(event: u32, cell_type: u32) {
  atomicAdd(&counters[C_EVENTS + event * TYPES + cell_type], 1u);
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn mark_fates(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let f = fate[i];
  let gone = f == FATE_DIE || f == FATE_LEAVE;
  kept[i] = select(1u, 0u, gone);
  born[i] = select(0u, 1u, f == FATE_DIVIDE);
  if (f == FATE_DIE) { count_event(EVENT_DEATHS, agents[i].cellType); }
  if (f == FATE_LEAVE) { count_event(EVENT_DEPARTURES, agents[i].cellType); }
}

@compute @workgroup_size(1)
fn size_compaction() {
  let survivors = kept_meta[2];
  let births = born_meta[2];
  let allowed = min(births, CAPACITY - survivors);
  allowance[0] = allowed;
  atomicStore(&counters[C_COUNT], survivors + allowed);
  atomicAdd(&counters[C_NEXT_ID], allowed);
  atomicAdd(&counters[C_BLOCKED], births - allowed);
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn place_agents(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let f = fate[i];
  if (f == FATE_DIE || f == FATE_LEAVE) { return; }
  let allowed = allowance[0];
  let rank = born[i];
  let slot = kept[i] + min(rank, allowed);
  var mother = agents[i];
  if (f != FATE_DIVIDE || rank >= allowed) {
    state_agents[slot] = mother;
    return;
  }
  let w = draw(mother.id, RNG_STREAM_DIVISION);
  let offset = 0.5 * tables[TAB_RADIUS + mother.cellType] * direction_of(w.x);
  let x = mother.x;
  let y = mother.y;
  var daughter = mother;
  mother.x = clamp(x - offset.x, 0.0, WIDTH);
  mother.y = clamp(y - offset.y, 0.0, HEIGHT);
  mother.cycle = 0.0;
  daughter.x = clamp(x + offset.x, 0.0, WIDTH);
  daughter.y = clamp(y + offset.y, 0.0, HEIGHT);
  daughter.cycle = 0.0;
  daughter.age = 0.0;
  let heading = direction_of(w.y);
  daughter.dirX = heading.x;
  daughter.dirY = heading.y;
  daughter.id = step.next_id + rank;
  state_agents[slot] = mother;
  state_agents[slot + 1u] = daughter;
  count_event(EVENT_BIRTHS, mother.cellType);
}
