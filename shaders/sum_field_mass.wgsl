// The mass balance of a no-flux field (fieldSolver.ts): Σ d·u must equal Σ f. Deterministic, no atomics,
// about 48-bit sums from float32 (pair_add of compensated_sum.wgsl): `sumFieldRows` sums d·max(0, u)
// along each row of the finest level (one thread per row), then `sumFieldMass` (one thread) adds the row
// sums of f (from solve_field_rows.wgsl) and of d·u in row order and stores t = s − 1 =
// (Σ f − Σ d·u) / Σ d·u (0 when Σ d·u ≤ 0). Keeping s − 1 rather than s (≈ 1) leaves its float32
// rounding far below an ulp of u. The clamp matches the projection of the no-sweep paths; after a
// projected sweep it changes nothing. Needs compensated_sum.wgsl and field_level.wgsl; `level` is the
// finest level.

@compute @workgroup_size(64)
fn sumFieldRows(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  if (j >= level.ny) { return; }
  let row = j * level.nx;
  var acc = vec2<f32>(0.0, 0.0);
  for (var i = 0u; i < level.nx; i++) {
    acc = pair_add(acc, vec2<f32>(work[level.dAt + row + i] * max(work[level.uAt + row + i], 0.0), 0.0));
  }
  let at = solve.sumAt + 2u * (level.ny + j);
  work[at] = acc.x;
  work[at + 1u] = acc.y;
}

@compute @workgroup_size(1)
fn sumFieldMass() {
  var sumF = vec2<f32>(0.0, 0.0);
  var sumDU = vec2<f32>(0.0, 0.0);
  for (var j = 0u; j < level.ny; j++) {
    let f = solve.sumAt + 2u * j;
    let du = solve.sumAt + 2u * (level.ny + j);
    sumF = pair_add(sumF, vec2<f32>(work[f], work[f + 1u]));
    sumDU = pair_add(sumDU, vec2<f32>(work[du], work[du + 1u]));
  }
  // Σ f − Σ d·u: the high parts are close, so their difference is exact (Sterbenz).
  let excess = (sumF.x - sumDU.x) + (sumF.y - sumDU.y);
  work[solve.sumAt + 4u * level.ny] = select(0.0, excess / sumDU.x, sumDU.x > 0.0);
}
