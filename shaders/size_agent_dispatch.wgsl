// Writes the indirect dispatch arguments that cover counters[C_COUNT] agents with AGENT_WORKGROUP-thread
// groups, in two dimensions when one is not enough (agent_index() flattens them). One thread.
@group(0) @binding(0) var<storage, read> counters: array<u32>;
@group(0) @binding(1) var<storage, read_write> args: array<u32>;

const MAX_GROUPS_PER_DIMENSION: u32 = 65535u;

@compute @workgroup_size(1)
fn main() {
  let groups = (counters[C_COUNT] + AGENT_WORKGROUP - 1u) / AGENT_WORKGROUP;
  let x = min(groups, MAX_GROUPS_PER_DIMENSION);
  args[0] = x;
  args[1] = select(0u, (groups + x - 1u) / x, x > 0u);
  args[2] = 1u;
}
