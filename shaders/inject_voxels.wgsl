// Dosing injections into fixed voxels (src/sim/dosing.ts applyInjections, kind 'voxels': margin, local,
// intra-articular injections, topical and carrier doses): fields[field·CELLS + voxel] += increment, one thread
// per voxel of the injection (its voxels are distinct, so the adds are those of the CPU, bit for bit).

// An injection: the field, how many voxels, then (voxel, bits of the f32 increment) pairs (µg/mL).
struct VoxelInjection {
  field: u32,
  voxels: u32,
  entries: array<vec2<u32>>,
}

@group(0) @binding(0) var<storage, read_write> fields: array<f32>;
@group(0) @binding(1) var<storage, read> injection: VoxelInjection;

@compute @workgroup_size(AGENT_WORKGROUP)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= injection.voxels) { return; }
  let e = injection.entries[k];
  let at = injection.field * CELLS + e.x;
  fields[at] = fields[at] + bitcast<f32>(e.y);
}
