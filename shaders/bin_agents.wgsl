// Phase binAgents (neighbourBins.ts, NeighbourBins.build): the agent order sorted by (neighbour bin, id),
// the CPU's order exactly. A counting sort by bin (count, exclusive scan, place), then an insertion sort by
// id inside each bin (bins hold a few agents). Bin indices come from locate_cells.wgsl, bit-exact with the
// CPU's floor(x · scale) (edgeThresholds.ts).
// Entry points, in order: count_bins (agents; bin_starts zeroed before), the exclusive scan of bin_starts
// over BINS + 1 words (prefixScan.ts), place_in_bins (agents), sort_bins (one thread per bin). Afterwards
// sorted slot s holds agent order[s], and bin b the slots bin_starts[b] .. bin_starts[b + 1] - 1.
// Needs locate_cells.wgsl. Bindings: 0 state_agents, 1 tables, 2 step, 3 bin_starts, 4 ranks, 5 order.

@group(0) @binding(0) var<storage, read> state_agents: array<Agent>;
@group(0) @binding(1) var<storage, read> tables: array<f32>;
@group(0) @binding(2) var<uniform> step: StepInfo;
// Agents per bin (count_bins), then the start of each bin's slots (after the scan).
@group(0) @binding(3) var<storage, read_write> bin_starts: array<atomic<u32>>;
// Per agent: its rank among the agents of its bin in arrival order (scheduling-dependent; sort_bins fixes the order).
@group(0) @binding(4) var<storage, read_write> ranks: array<u32>;
// Per sorted slot: the index of the agent in state_agents.
@group(0) @binding(5) var<storage, read_write> order: array<u32>;

fn state_bin(i: u32) -> u32 {
  return bin_of(state_agents[i].x, state_agents[i].y);
}

@compute @workgroup_size(64)
fn count_bins(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  ranks[i] = atomicAdd(&bin_starts[state_bin(i)], 1u);
}

@compute @workgroup_size(64)
fn place_in_bins(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  order[atomicLoad(&bin_starts[state_bin(i)]) + ranks[i]] = i;
}

// One thread per bin (2D dispatch of 64-thread groups covering BINS).
@compute @workgroup_size(64)
fn sort_bins(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let b = (wid.y * nwg.x + wid.x) * 64u + lid.x;
  if (b >= BINS) { return; }
  let s0 = atomicLoad(&bin_starts[b]);
  let s1 = atomicLoad(&bin_starts[b + 1u]);
  for (var s = s0 + 1u; s < s1; s++) {
    let agent = order[s];
    let key = state_agents[agent].id;
    var t = s;
    while (t > s0) {
      let before = order[t - 1u];
      if (state_agents[before].id < key) { break; }
      order[t] = before;
      t--;
    }
    order[t] = agent;
  }
}
