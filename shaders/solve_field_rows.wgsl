// LOD defect correction, pass 1 (lodCorrection.ts `forward`), one thread per row j of the finest level:
// right-hand side f = e^{−λdt/2}·u + dt·S (face terms: see field_level.wgsl), diagonal d = d0 + dt·U,
// the residual f − A·u of the initial guess u (the field at the start of the step), and the row solve
// Tx·x = residual (Tx = d0 − r·δxx, constant coefficients: forward elimination, then back-substitution),
// x into the column work array z. Also the row's compensated Σ f for the mass balance, a (hi, lo) pair.
// Needs compensated_sum.wgsl and field_level.wgsl; `level` is the finest level. S in field unit/min,
// U in 1/min.

@group(0) @binding(4) var<storage, read> source: array<f32>;
@group(0) @binding(5) var<storage, read> uptake: array<f32>;

@compute @workgroup_size(64)
fn solveFieldRows(@builtin(global_invocation_id) gid: vec3<u32>) {
  let j = gid.x;
  let nx = level.nx;
  if (j >= level.ny) { return; }
  let row = j * nx;
  let inv = solve.lineAt;
  let mul = solve.lineAt + nx;
  var sumF = vec2<f32>(0.0, 0.0);
  var y = 0.0;
  for (var i = 0u; i < nx; i++) {
    let k = row + i;
    let uk = work[level.uAt + k];
    let fk = solve.keep * uk + solve.dt * source[solve.fieldAt + k];
    let dk = solve.d0 + solve.dt * uptake[solve.fieldAt + k];
    work[level.fAt + k] = fk;
    work[level.dAt + k] = dk;
    sumF = pair_add(sumF, vec2<f32>(fk, 0.0));
    y = (residual(i, j) + level.r * y) * work[inv + i];
    work[solve.zAt + k] = y;
  }
  for (var i = nx - 1u; i > 0u; i--) {
    y = work[solve.zAt + row + i - 1u] + work[mul + i - 1u] * y;
    work[solve.zAt + row + i - 1u] = y;
  }
  work[solve.sumAt + 2u * j] = sumF.x;
  work[solve.sumAt + 2u * j + 1u] = sumF.y;
}
