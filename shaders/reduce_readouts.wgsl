// Phase reduceReadouts (src/sim/cpu/reduceReadouts.ts): the sums behind the base read-outs, deterministic
// (fixed tree order, compensated sums: compensated_sum.wgsl; counts are exact integers). A query gives a
// count and a sum:
//   agent query q: the agents whose voxel is in the query's region mask and whose (type, state) passes its
//     selector; the sum is of the query's variable (query_variable), as f32 words like the CPU's;
//   voxel query q: the voxels of the mask; the sum is of one field, the count of values v < below and
//     v >= at_least (each bound only where the read-out has it; rounded on the host by f32Above, so the
//     decisions are the CPU's float64 ones: f32Bounds.ts).
// Entry points, in order: reduce_agents (agents) and reduce_voxels (voxels): one partial per workgroup and
// query; finish_readouts (one workgroup per query, agent queries first): the partials' total into results[q].
// Generated before this file: AGENT_QUERIES, VOXEL_QUERIES, VOXEL_QUERY_WORDS, fn query_variable(q: u32, a: Agent) -> f32.
// Needs locate_cells.wgsl, compensated_sum.wgsl.

struct Partial {
  count: u32,
  // the sum, hi + lo
  hi: f32,
  lo: f32,
}

const FINISH_BLOCK: u32 = 256u;
const AGENT_GROUPS: u32 = (CAPACITY + AGENT_WORKGROUP - 1u) / AGENT_WORKGROUP;
const VOXEL_GROUPS: u32 = (CELLS + AGENT_WORKGROUP - 1u) / AGENT_WORKGROUP;
const MASK_WORDS: u32 = (CELLS + 31u) / 32u;
// queries: agent query q at q·AGENT_QUERY_WORDS: [mask, state bits accepted per type (TYPES words)];
// voxel query q at VOXEL_QUERY_BASE + VOXEL_QUERY_WORDS·q: [mask, number of fields n, bounds present (1 below,
// 2 at_least), bits of below, bits of at_least, field 0, ..., field n-1]; the value is the fields' f32 sum in
// that order (the CPU adds them the same way).
const AGENT_QUERY_WORDS: u32 = 1u + TYPES;
const VOXEL_QUERY_BASE: u32 = AGENT_QUERIES * AGENT_QUERY_WORDS;

@group(0) @binding(0) var<storage, read> state_agents: array<Agent>;
@group(0) @binding(1) var<storage, read> fields: array<f32>;
@group(0) @binding(2) var<storage, read> tables: array<f32>;
@group(0) @binding(3) var<uniform> step: StepInfo;
@group(0) @binding(4) var<storage, read> queries: array<u32>;
// Region masks, one bit per voxel, MASK_WORDS words each.
@group(0) @binding(5) var<storage, read> masks: array<u32>;
// Agent partials (AGENT_GROUPS per query), then voxel partials (VOXEL_GROUPS per query).
@group(0) @binding(6) var<storage, read_write> partials: array<Partial>;
@group(0) @binding(7) var<storage, read_write> results: array<Partial>;

var<workgroup> hits: array<u32, AGENT_WORKGROUP>;
var<workgroup> sums: array<vec2<f32>, AGENT_WORKGROUP>;
var<workgroup> final_hits: array<u32, FINISH_BLOCK>;
var<workgroup> final_sums: array<vec2<f32>, FINISH_BLOCK>;

fn in_mask(mask: u32, voxel: u32) -> bool {
  return ((masks[mask * MASK_WORDS + (voxel >> 5u)] >> (voxel & 31u)) & 1u) == 1u;
}

// Tree sums over the workgroup (every thread calls it); the totals are in hits[0] and sums[0].
fn reduce_group(lid: u32, hit: u32, value: f32) {
  hits[lid] = hit;
  sums[lid] = vec2<f32>(value, 0.0);
  for (var width = AGENT_WORKGROUP / 2u; width > 0u; width = width / 2u) {
    workgroupBarrier();
    if (lid < width) {
      hits[lid] = hits[lid] + hits[lid + width];
      sums[lid] = pair_add(sums[lid], sums[lid + width]);
    }
  }
  workgroupBarrier();
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn reduce_agents(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  let group = wid.y * nwg.x + wid.x;
  let live = i < step.count;
  var a: Agent;
  var voxel = 0u;
  if (live) {
    a = state_agents[i];
    voxel = voxel_of(a.x, a.y);
  }
  for (var q = 0u; q < AGENT_QUERIES; q++) {
    let at = q * AGENT_QUERY_WORDS;
    let selected = live && in_mask(queries[at], voxel) && ((queries[at + 1u + a.cellType] >> a.cellState) & 1u) == 1u;
    var value = 0.0;
    if (selected) { value = query_variable(q, a); }
    reduce_group(lid.x, select(0u, 1u, selected), value);
    if (lid.x == 0u && group * AGENT_WORKGROUP < step.count) {
      partials[q * AGENT_GROUPS + group] = Partial(hits[0], sums[0].x, sums[0].y);
    }
  }
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn reduce_voxels(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  let group = wid.y * nwg.x + wid.x;
  for (var q = 0u; q < VOXEL_QUERIES; q++) {
    let at = VOXEL_QUERY_BASE + VOXEL_QUERY_WORDS * q;
    var hit = 0u;
    var value = 0.0;
    if (k < CELLS && in_mask(queries[at], k)) {
      value = fields[queries[at + 5u] * CELLS + k];
      for (var i = 1u; i < queries[at + 1u]; i++) {
        value = value + fields[queries[at + 5u + i] * CELLS + k];
      }
      let bounds = queries[at + 2u];
      let under = (bounds & 1u) == 0u || value < bitcast<f32>(queries[at + 3u]);
      let over = (bounds & 2u) == 0u || value >= bitcast<f32>(queries[at + 4u]);
      hit = select(0u, 1u, under && over);
    }
    reduce_group(lid.x, hit, value);
    if (lid.x == 0u && group < VOXEL_GROUPS) {
      partials[AGENT_QUERIES * AGENT_GROUPS + q * VOXEL_GROUPS + group] = Partial(hits[0], sums[0].x, sums[0].y);
    }
  }
}

@compute @workgroup_size(FINISH_BLOCK)
fn finish_readouts(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let q = wid.x;
  var first: u32;
  var n: u32;
  if (q < AGENT_QUERIES) {
    first = q * AGENT_GROUPS;
    n = (step.count + AGENT_WORKGROUP - 1u) / AGENT_WORKGROUP;
  } else {
    first = AGENT_QUERIES * AGENT_GROUPS + (q - AGENT_QUERIES) * VOXEL_GROUPS;
    n = VOXEL_GROUPS;
  }
  var hit = 0u;
  var sum = vec2<f32>(0.0, 0.0);
  for (var g = lid; g < n; g = g + FINISH_BLOCK) {
    let p = partials[first + g];
    hit = hit + p.count;
    sum = pair_add(sum, vec2<f32>(p.hi, p.lo));
  }
  final_hits[lid] = hit;
  final_sums[lid] = sum;
  for (var width = FINISH_BLOCK / 2u; width > 0u; width = width / 2u) {
    workgroupBarrier();
    if (lid < width) {
      final_hits[lid] = final_hits[lid] + final_hits[lid + width];
      final_sums[lid] = pair_add(final_sums[lid], final_sums[lid + width]);
    }
  }
  if (lid == 0u) { results[q] = Partial(final_hits[0], final_sums[0].x, final_sums[0].y); }
}
