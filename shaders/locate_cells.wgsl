// Voxel and bin of a position, bit-exact with the CPU (grid.ts voxelAt, neighbourBins.ts binX/binY):
// the f32 guess is corrected by at most one against the run's edge thresholds (edgeThresholds.ts).
// Needs the `tables` binding (runTables.ts).

// Index in [0, n) of position x against thresholds at tables[edges .. edges + n], given a guess.
fn locate(x: f32, guess: f32, n: u32, edges: u32) -> u32 {
  var k = u32(clamp(guess, 0.0, f32(n - 1u)));
  if (k + 1u < n && x >= tables[edges + k + 1u]) { k = k + 1u; }
  if (k > 0u && x < tables[edges + k]) { k = k - 1u; }
  return k;
}

// Voxel column, row and index of (x, y) µm, clamped to the grid.
fn voxel_col(x: f32) -> u32 { return locate(x, floor(x / DX), NX, TAB_VOXEL_EDGE_X); }
fn voxel_row(y: f32) -> u32 { return locate(y, floor(y / DX), NY, TAB_VOXEL_EDGE_Y); }
fn voxel_of(x: f32, y: f32) -> u32 { return voxel_row(y) * NX + voxel_col(x); }

// Neighbour-bin column, row and index of (x, y) µm, clamped.
fn bin_col(x: f32) -> u32 { return locate(x, floor(x * (f32(NBX) / WIDTH)), NBX, TAB_BIN_EDGE_X); }
fn bin_row(y: f32) -> u32 { return locate(y, floor(y * (f32(NBY) / HEIGHT)), NBY, TAB_BIN_EDGE_Y); }
fn bin_of(x: f32, y: f32) -> u32 { return bin_row(y) * NBX + bin_col(x); }

// Unit vector of the direction a random word picks (unitCircle.ts: its top 12 bits index 4096 angles).
fn direction_of(word: u32) -> vec2<f32> {
  let k = (word >> 20u) * 2u;
  return vec2<f32>(tables[TAB_UNIT_CIRCLE + k], tables[TAB_UNIT_CIRCLE + k + 1u]);
}
