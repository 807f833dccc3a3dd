// Phase depositExchange (depositExchange.ts): every agent adds its secretion (amount/min, times the
// rules' rule_secretion_scale, clamped to TAB_SECRETION_MAX) and its uptake clearance (µm³/min) into the
// voxel under it, per field, as fixed-point quanta (fixedPoint.ts; atomic adds are exact in any order),
// each contribution rounded as floor(x + 0.5). A secretion with a footprint radius or a cap is shared
// equally by the cell's patch (patchVoxels.ts: the voxels whose centres lie within the radius, else the
// voxel under it), each share scaled by max(0, 1 - value/cap) at the start of the step when cap > 0.
// depositExchangePhase.ts appends CLEARANCE_QUANTA (per type and field, computed on the CPU).
// Needs rng.wgsl, draw_random.wgsl, locate_cells.wgsl, sense_fields.wgsl and the model's rules (GpuRules.agent).
// Bindings: 0 agents, 1 fields, 2 tables, 3 step, 4 secretion, 5 clearance.

@group(0) @binding(0) var<storage, read_write> agents: array<Agent>;
@group(0) @binding(1) var<storage, read> fields: array<f32>;
@group(0) @binding(2) var<storage, read> tables: array<f32>;
@group(0) @binding(3) var<uniform> step: StepInfo;
@group(0) @binding(4) var<storage, read_write> secretion: array<atomic<i32>>;
@group(0) @binding(5) var<storage, read_write> clearance: array<atomic<i32>>;

// Column and row ranges (x0, x1, y0, y1), clamped to the grid, that can hold voxel centres within radius
// of (x, y) µm (patchVoxels.ts).
fn patch_range(x: f32, y: f32, radius: f32) -> vec4<i32> {
  return vec4<i32>(
    max(0, i32(ceil((x - radius) / DX - 0.5))),
    min(i32(NX) - 1, i32(floor((x + radius) / DX - 0.5))),
    max(0, i32(ceil((y - radius) / DX - 0.5))),
    min(i32(NY) - 1, i32(floor((y + radius) / DX - 0.5))),
  );
}

// Whether the centre of voxel (i, j) lies within radius of (x, y).
fn in_patch(i: i32, j: i32, x: f32, y: f32, r2: f32) -> bool {
  let cx = (f32(i) + 0.5) * DX - x;
  let cy = (f32(j) + 0.5) * DX - y;
  return cx * cx + cy * cy <= r2;
}

// Adds `quanta` (fixed point, per minute) of field `field` over the patch of (x, y), equally shared.
fn deposit_patch(field: u32, x: f32, y: f32, radius: f32, cap: f32, quanta: f32) {
  let r = patch_range(x, y, radius);
  let r2 = radius * radius;
  var n = 0u;
  for (var j = r.z; j <= r.w; j++) {
    for (var i = r.x; i <= r.y; i++) {
      if (in_patch(i, j, x, y, r2)) { n++; }
    }
  }
  let base = field * CELLS;
  if (n == 0u) {
    deposit_share(base + voxel_of(x, y), cap, quanta);
    return;
  }
  let share = quanta / f32(n);
  for (var j = r.z; j <= r.w; j++) {
    for (var i = r.x; i <= r.y; i++) {
      if (in_patch(i, j, x, y, r2)) { deposit_share(base + u32(j) * NX + u32(i), cap, share); }
    }
  }
}

// One voxel's share, scaled by the room left under the cap.
fn deposit_share(w: u32, cap: f32, share: f32) {
  var room = 1.0;
  if (cap > 0.0) { room = 1.0 - fields[w] / cap; }
  if (room > 0.0) { atomicAdd(&secretion[w], i32(floor(share * room + 0.5))); }
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let cell_type = agents[i].cellType;
  let x = agents[i].x;
  let y = agents[i].y;
  let voxel = voxel_of(x, y);
  for (var field = 0u; field < FIELDS; field++) {
    let tf = cell_type * FIELDS + field;
    let s = tables[TAB_SECRETION + tf];
    if (s > 0.0) {
      let rate = min(s * rule_secretion_scale(i, cell_type, field), tables[TAB_SECRETION_MAX + field]);
      let quanta = rate * tables[TAB_SECRETION_SCALE + field];
      let radius = tables[TAB_FOOTPRINT + tf];
      let cap = tables[TAB_CAP + tf];
      if (rate > 0.0 && (radius > 0.0 || cap > 0.0)) {
        deposit_patch(field, x, y, radius, cap, quanta);
      } else if (rate > 0.0) {
        atomicAdd(&secretion[field * CELLS + voxel], i32(floor(quanta + 0.5)));
      }
    }
    let q = CLEARANCE_QUANTA[tf];
    if (q != 0) { atomicAdd(&clearance[field * CELLS + voxel], q); }
  }
}
