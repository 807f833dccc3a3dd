// Coarse problem of a level (multigrid.ts restrictRedResidualRow / pipeline without sweep,
// restrictDiagonalRow), one thread per coarse cell (I, J): f_c = 2×2 average of the fine residual — with
// `redOnly`, right after a red-black sweep, only the red cells (2I, 2J) and (2I + 1, 2J + 1) count, the
// black residuals being zero — the 2×2-averaged diagonal d_c, and the coarse correction u_c = 0.
// Needs field_level.wgsl; `level` is the fine level.

@compute @workgroup_size(64)
fn restrictFieldLevel(@builtin(global_invocation_id) gid: vec3<u32>) {
  let ci = gid.x;
  let cj = gid.y;
  if (ci >= level.cnx || cj >= level.cny) { return; }
  let i = 2u * ci;
  let j = 2u * cj;
  var sum: f32;
  if (level.redOnly == 1u) {
    sum = residual(i, j) + residual(i + 1u, j + 1u);
  } else {
    sum = ((residual(i, j) + residual(i + 1u, j)) + residual(i, j + 1u)) + residual(i + 1u, j + 1u);
  }
  let kc = cj * level.cnx + ci;
  let k = level.dAt + j * level.nx + i;
  work[level.cfAt + kc] = 0.25 * sum;
  work[level.cdAt + kc] = 0.25 * ((work[k] + work[k + 1u]) + (work[k + level.nx] + work[k + level.nx + 1u]));
  work[level.cuAt + kc] = 0.0;
}
