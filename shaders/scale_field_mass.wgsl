// Last kernel of a step, one thread per voxel of the finest level: writes the solution back into the
// field, u = max(0, u)·s = v + v·(s − 1), v = max(0, u), with s − 1 from sum_field_mass.wgsl for a
// no-flux field and s = 1 otherwise. The clamp is the projection of the paths without a final sweep;
// after a projected sweep it changes nothing. Needs field_level.wgsl; `level` is the finest level.

@group(0) @binding(3) var<storage, read_write> fields: array<f32>;

@compute @workgroup_size(64)
fn scaleFieldMass(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let j = gid.y;
  if (i >= level.nx || j >= level.ny) { return; }
  let k = j * level.nx + i;
  let v = max(work[level.uAt + k], 0.0);
  let t = select(0.0, work[solve.sumAt + 4u * level.ny], solve.conserving == 1u);
  fields[solve.fieldAt + k] = v + v * t;
}
