// One red-black half-sweep on a level (multigrid.ts smoothRow / smoothRowFinal / sorRow): every cell of
// one colour, one thread each, gets u = (1 − ω)·u + ω·(f + r·Σ u_nb)/(d + r·c) (c = neighbours plus face
// weights), written in the equal correction form u + ω·(f − A·u)/(d + r·c). ω = 1 is Gauss–Seidel; the
// coarsest level uses SOR (ω > 1). Cells of one colour only read the other colour, so the update order
// inside a dispatch does not matter. With `project` the update is clamped at 0 (the step's last sweep).
// Why the correction form: for r ≫ d (oxygen: r ≈ 1250, d ≈ 1) the divisor d + r·c in float32 keeps
// only the first digits of d, and the average form's fixed point then solves the equations with d off by
// up to ε·r·c (≈ 4e-4 relative). In the correction form the divisor's rounding only scales the step, and
// the fixed point is that of the accurately computed residual (field_level.wgsl).
// Needs field_level.wgsl.

@compute @workgroup_size(64)
fn smoothFieldLevel(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.y;
  let i = 2u * gid.x + ((j + level.color) & 1u);
  if (i >= level.nx || j >= level.ny) { return; }
  let k = level.uAt + j * level.nx + i;
  let divisor = work[level.dAt + j * level.nx + i] + level.r * coupling(i, j);
  var v = work[k] + level.omega * residual(i, j) / divisor;
  if (level.project == 1u) { v = max(v, 0.0); }
  work[k] = v;
}
