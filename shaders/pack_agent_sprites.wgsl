// Agent sprites for drawing (src/render/agentLayer.ts), not a simulation phase: one instance per slot of
// the state's agents (GpuRun.agents), written into a vertex buffer the renderer owns, so the page draws
// the agents with no read-back. Slots at or past the live count get radius 0 (nothing is drawn there).
// Expects, prepended by the caller after the run prelude: SPRITE_COLOURS (array<vec4<f32>, TYPES>,
// straight RGBA) and SPRITE_RADII (array<f32, TYPES>, µm).
struct Sprite { place: vec4<f32>, colour: vec4<f32> }

@group(0) @binding(0) var<storage, read> state_agents: array<Agent>;
@group(0) @binding(1) var<storage, read> counters: array<u32>;
@group(0) @binding(2) var<storage, read_write> sprites: array<Sprite>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= CAPACITY) {
    return;
  }
  if (i >= counters[C_COUNT]) {
    sprites[i] = Sprite(vec4<f32>(0.0), vec4<f32>(0.0));
    return;
  }
  let a = state_agents[i];
  let t = min(a.cellType, TYPES - 1u);
  var colour = SPRITE_COLOURS[t];
  // Cells past their first state are drawn darker (as in the CPU tissue image).
  if (a.cellState != 0u) {
    colour = vec4<f32>(colour.rgb * 0.6, colour.a);
  }
  sprites[i] = Sprite(vec4<f32>(a.x, a.y, SPRITE_RADII[t], f32(a.cellState)), colour);
}
