// Phase recruitCells (src/sim/cpu/recruitCells.ts, model.md §2): cells recruited from vessels. One thread per
// (recruiter, voxel), k = r·CELLS + v, which is the CPU's order of recruits (recruiters: types in order, a
// type's routes in declared order; voxels in index order). Entry points, in order:
//   count_recruits   recruits[k] = floor(expected) + (uniform01(w.x) < fractional part), expected =
//                    per_voxel × vessel × s / (s + K), s the sensed signal; w = draw(key_offset +
//                    v·TYPES + type, RNG_STREAM_RECRUITMENT) (the key is the route, voxel and type, not an
//                    agent id);
//   (PrefixScan over recruits: the rank of each voxel's first recruit, the total in meta word 2)
//   place_recruits   recruit of rank q goes to slot count + q with id next_id + q while q < CAPACITY - count;
//                    the rest are refused (the CPU's rule: once full, every further recruit is refused);
//   close_recruitment (1 thread)  counters: count, next id, blocked births.
// Generated before this file: RECRUITERS (array<Recruiter, RECRUITER_COUNT>), RECRUITER_COUNT.
// Needs rng.wgsl, draw_random.wgsl, locate_cells.wgsl.

struct Recruiter {
  cell_type: u32,
  cell_state: u32,
  vessel_field: u32,
  signal_field: u32,
  // rate x voxel area x dt: cells per unit vessel fraction at a saturating signal
  per_voxel: f32,
  half_saturation: f32,
  // sensed fraction of the signal field (1 - neutralised fraction)
  sense: f32,
  // added to the RNG key: route·CELLS·TYPES for a type's route number route
  key_offset: u32,
}

const SLOTS: u32 = RECRUITER_COUNT * CELLS;

@group(0) @binding(0) var<storage, read> fields: array<f32>;
@group(0) @binding(1) var<storage, read_write> state_agents: array<Agent>;
@group(0) @binding(2) var<uniform> step: StepInfo;
@group(0) @binding(3) var<storage, read_write> counters: array<atomic<u32>>;
@group(0) @binding(4) var<storage, read> tables: array<f32>;
// Recruits per (recruiter, voxel), then their exclusive scan.
@group(0) @binding(5) var<storage, read_write> recruits: array<u32>;
// Meta words [n, blocks, total] of the scan (prefixScan.ts).
@group(0) @binding(6) var<storage, read> recruits_meta: array<u32>;

fn recruit_draw(r: Recruiter, v: u32) -> vec4<u32> {
  return draw(r.key_offset + v * TYPES + r.cell_type, RNG_STREAM_RECRUITMENT);
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn count_recruits(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= SLOTS) { return; }
  let r = RECRUITERS[k / CELLS];
  let v = k % CELLS;
  let vessel = fields[r.vessel_field * CELLS + v];
  let s = fields[r.signal_field * CELLS + v] * r.sense;
  let expected = r.per_voxel * vessel * (s / (s + r.half_saturation));
  var n = 0u;
  if (vessel > 0.0 && expected > 0.0) {
    let whole = floor(expected);
    n = u32(whole) + select(0u, 1u, uniform01(recruit_draw(r, v).x) < expected - whole);
  }
  recruits[k] = n;
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn place_recruits(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= SLOTS) { return; }
  let first = recruits[k];
  // this voxel's count: the next rank minus its own (the scan's total after the last)
  let n = select(recruits_meta[2], recruits[k + 1u], k + 1u < SLOTS) - first;
  if (n == 0u) { return; }
  let r = RECRUITERS[k / CELLS];
  let v = k % CELLS;
  let w = recruit_draw(r, v);
  let room = CAPACITY - step.count;
  let column = f32(v % NX);
  let row = f32(v / NX);
  let heading = direction_of(w.w);
  for (var q = 0u; q < n; q++) {
    let rank = first + q;
    if (rank >= room) { return; }
    // extra recruits in one voxel (rare) reuse the words, shifted, for distinct positions
    let wx = select(w.y ^ (q * 0x9e3779b9u), w.y, q == 0u);
    let wy = select(w.z ^ (q * 0x85ebca6bu), w.z, q == 0u);
    var a: Agent;
    a.id = step.next_id + rank;
    a.cellType = r.cell_type;
    a.cellState = r.cell_state;
    a.x = (column + uniform01(wx)) * DX;
    a.y = (row + uniform01(wy)) * DX;
    a.dirX = heading.x;
    a.dirY = heading.y;
    state_agents[step.count + rank] = a;
    atomicAdd(&counters[C_EVENTS + EVENT_RECRUITS * TYPES + r.cell_type], 1u);
  }
}

@compute @workgroup_size(1)
fn close_recruitment() {
  let total = recruits_meta[2];
  let placed = min(total, CAPACITY - step.count);
  atomicAdd(&counters[C_COUNT], placed);
  atomicAdd(&counters[C_NEXT_ID], placed);
  atomicAdd(&counters[C_BLOCKED], total - placed);
}
