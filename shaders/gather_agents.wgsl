// End of phase binAgents (neighbourBins.ts, NeighbourBins.gather): copies each agent into its sorted slot,
// agents[s] = state_agents[order[s]], as whole slots of 32-bit words (bit for bit, whatever the values).
// Generated before this file: AGENT_WORDS (words per agent). Bindings: 0 state_agents and 1 agents (both
// viewed as words), 2 step, 3 order (bin_agents.wgsl).

@group(0) @binding(0) var<storage, read> state_agents: array<u32>;
@group(0) @binding(1) var<storage, read_write> agents: array<u32>;
@group(0) @binding(2) var<uniform> step: StepInfo;
@group(0) @binding(3) var<storage, read> order: array<u32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let s = agent_index(wid, nwg, lid.x);
  if (s >= step.count) { return; }
  let read_at = order[s] * AGENT_WORDS;
  let write_at = s * AGENT_WORDS;
  for (var w = 0u; w < AGENT_WORDS; w++) {
    agents[write_at + w] = state_agents[read_at + w];
  }
}
