// A systemic dose (src/sim/dosing.ts applyInjections, kind 'systemic'): the mass reaches each voxel in
// proportion to the perfused-vessel field at the time of the dose. Entry points, in order:
//   sum_vessels (one thread per voxel)   compensated tree sums of the vessel field per block of SUM_BLOCK voxels;
//   close_vessel_sum (one workgroup)     their sum in a fixed order, total; per_vessel = mass_factor / total
//                                        (0 when nothing is perfused: the dose does not reach the tissue);
//   add_systemic (one thread per voxel)  fields[field] += vessel × per_vessel.
// Needs compensated_sum.wgsl.

const SUM_BLOCK: u32 = 256u;
const SUM_BLOCKS: u32 = (CELLS + SUM_BLOCK - 1u) / SUM_BLOCK;

struct SystemicInjection {
  field: u32,
  vessel_field: u32,
  // mass × systemic fraction (µg) × 1e12 µm³/mL / voxel volume (µm³): µg/mL per unit of the vessel sum
  mass_factor: f32,
}

@group(0) @binding(0) var<storage, read_write> fields: array<f32>;
@group(0) @binding(1) var<uniform> injection: SystemicInjection;
@group(0) @binding(2) var<storage, read_write> partials: array<vec2<f32>>;
@group(0) @binding(3) var<storage, read_write> per_vessel: array<f32>;

var<workgroup> tile: array<vec2<f32>, SUM_BLOCK>;

fn voxel_index(wid: vec3<u32>, nwg: vec3<u32>, lid: u32) -> u32 {
  return (wid.y * nwg.x + wid.x) * SUM_BLOCK + lid;
}

// Tree sum of the tile (every thread of the workgroup calls it); the result is in tile[0].
fn sum_tile(lid: u32) {
  for (var width = SUM_BLOCK / 2u; width > 0u; width = width / 2u) {
    workgroupBarrier();
    if (lid < width) { tile[lid] = pair_add(tile[lid], tile[lid + width]); }
  }
  workgroupBarrier();
}

@compute @workgroup_size(SUM_BLOCK)
fn sum_vessels(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k = voxel_index(wid, nwg, lid);
  var vessel = 0.0;
  if (k < CELLS) { vessel = fields[injection.vessel_field * CELLS + k]; }
  tile[lid] = vec2<f32>(vessel, 0.0);
  sum_tile(lid);
  let block = wid.y * nwg.x + wid.x;
  if (lid == 0u && block < SUM_BLOCKS) { partials[block] = tile[0]; }
}

@compute @workgroup_size(SUM_BLOCK)
fn close_vessel_sum(@builtin(local_invocation_index) lid: u32) {
  var acc = vec2<f32>(0.0, 0.0);
  for (var b = lid; b < SUM_BLOCKS; b = b + SUM_BLOCK) { acc = pair_add(acc, partials[b]); }
  tile[lid] = acc;
  sum_tile(lid);
  if (lid == 0u) {
    let total = tile[0].x + tile[0].y;
    per_vessel[0] = select(0.0, injection.mass_factor / total, total > 0.0);
  }
}

@compute @workgroup_size(SUM_BLOCK)
fn add_systemic(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let k = voxel_index(wid, nwg, lid);
  let scale = per_vessel[0];
  if (k >= CELLS || scale == 0.0) { return; }
  let at = injection.field * CELLS + k;
  fields[at] = fields[at] + fields[injection.vessel_field * CELLS + k] * scale;
}
