// Adds the bilinear interpolation of the coarse correction to a level (multigrid.ts prolongRow /
// prolongBlackRow), one thread per fine cell (i, j): weights 3/4 and 1/4 towards the nearer coarse
// neighbour, first along y, then along x, constant beyond the faces. With `blackOnly` only the black
// cells are touched (the red update that follows overwrites red cells without reading them).
// Needs field_level.wgsl; `level` is the fine level.

// Coarse correction at (ci, cj).
fn coarse(ci: u32, cj: u32) -> f32 {
  return work[level.cuAt + cj * level.cnx + ci];
}

@compute @workgroup_size(64)
fn prolongFieldLevel(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let j = gid.y;
  if (i >= level.nx || j >= level.ny) { return; }
  if (level.blackOnly == 1u && ((i + j) & 1u) == 0u) { return; }
  let ci = i >> 1u;
  let cj = j >> 1u;
  // The other coarse row and column: below/left for an even fine index, above/right for an odd one.
  let cjn = select(max(cj, 1u) - 1u, min(cj + 1u, level.cny - 1u), (j & 1u) == 1u);
  let cin = select(max(ci, 1u) - 1u, min(ci + 1u, level.cnx - 1u), (i & 1u) == 1u);
  let near = 0.75 * coarse(ci, cj) + 0.25 * coarse(ci, cjn);
  let far = 0.75 * coarse(cin, cj) + 0.25 * coarse(cin, cjn);
  work[level.uAt + j * level.nx + i] += 0.75 * near + 0.25 * far;
}
