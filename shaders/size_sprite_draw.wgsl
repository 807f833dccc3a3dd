// Indirect draw arguments of the agent sprites (src/render/agentLayer.ts), not a simulation phase: one quad
// (SPRITE_QUAD_INDICES indices) per live agent, so the page draws only the counters[C_COUNT] live slots of
// the sprite buffer, with no read-back (drawIndexedIndirect: index count, instance count, first index,
// base vertex, first instance). Expects SPRITE_QUAD_INDICES (u32) after the run prelude. One thread.
@group(0) @binding(0) var<storage, read> counters: array<u32>;
@group(0) @binding(1) var<storage, read_write> draw_args: array<u32>;

@compute @workgroup_size(1)
fn main() {
  draw_args[0] = SPRITE_QUAD_INDICES;
  draw_args[1] = min(counters[C_COUNT], CAPACITY);
  draw_args[2] = 0u;
  draw_args[3] = 0u;
  draw_args[4] = 0u;
}
