// LOD defect correction, pass 2, one thread per column i of the finest level: the column solve
// Ty·v = x (Ty = 1 − (r/d0)·δyy, constant coefficients; x from solve_field_rows.wgsl in z) by forward
// elimination and back-substitution, and the correction u += v of the initial guess.
// Needs field_level.wgsl; `level` is the finest level.

@compute @workgroup_size(64)
fn solveFieldColumns(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let nx = level.nx;
  let ny = level.ny;
  if (i >= nx) { return; }
  let inv = solve.lineAt + 2u * nx;
  let mul = inv + ny;
  var z = 0.0;
  for (var j = 0u; j < ny; j++) {
    let k = solve.zAt + j * nx + i;
    z = (work[k] + solve.colC * z) * work[inv + j];
    work[k] = z;
  }
  work[level.uAt + (ny - 1u) * nx + i] += z;
  for (var j = ny - 1u; j > 0u; j--) {
    let k = (j - 1u) * nx + i;
    z = work[solve.zAt + k] + work[mul + j - 1u] * z;
    work[level.uAt + k] += z;
  }
}
