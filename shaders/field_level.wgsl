// Shared part of the field-solve kernels (src/sim/gpu/gpuFieldSolver.ts, the twin of
// src/sim/cpu/fieldSolver.ts): the solver's constants, the pass descriptor (one grid level and the next
// coarser one), the scratch buffer and the 5-point stencil of the implicit operator
//   (A u)_k = d_k·u_k + r·Σ_faces (u_k − u_nb),
// a domain face adding w·r·(u_k − c_b) (w = 0 no flux, w = 2 fixed value c_b at the face, half a voxel
// away). The CPU moves r·w·c_b into the right-hand side f; here f holds no face terms and the residual
// takes r·w·(c_b − u) (the same equations), which keeps r·w·c_b and r·w·u (≈ 2500 for oxygen) from
// cancelling in float32.
// Included by text before each kernel (after compensated_sum.wgsl): declarations and functions only.
// Units: u and f in field units, d and r dimensionless, dt in min.

// Constants of one solver, written once at creation (same order as SOLVE_WORDS in gpuFieldSolver.ts).
struct FieldSolve {
  fieldAt: u32,     // offset of the field in the packed fields/source/uptake buffers (field · cells)
  zAt: u32,         // column-solve work array (cells words) in `work`
  lineAt: u32,      // Thomas factors in `work`: 1/pivot (nx), multiplier (nx) of the rows, then of the columns (ny, ny)
  sumAt: u32,       // in `work`: Σ f per row, Σ d·u per row ((hi, lo) pairs, 2·ny words each), then s − 1
  conserving: u32,  // 1 when every face is no-flux: the mass scaling is on
  keep: f32,        // e^{−λdt/2}, the explicit half of the decay
  dt: f32,          // time step, min
  d0: f32,          // e^{λdt/2}: the diagonal without uptake (float32, as the CPU stores it)
  colC: f32,        // r/d0: off-diagonal of the column lines
  wx0: f32,         // face weights (0 or 2) of the faces x0, x1, y0, y1
  wx1: f32,
  wy0: f32,
  wy1: f32,
  decay: f32,       // λ, 1/min (structural fields)
  keepAll: f32,     // e^{−λdt} (structural fields without uptake)
  gainAll: f32,     // (1 − e^{−λdt})/λ, min (structural fields without uptake)
}

// One pass over a level (same order as PASS_WORDS in gpuFieldSolver.ts); offsets are into `work`.
struct FieldPass {
  nx: u32,
  ny: u32,
  uAt: u32,
  fAt: u32,
  dAt: u32,
  cnx: u32,         // next coarser level (restriction, prolongation)
  cny: u32,
  cuAt: u32,
  cfAt: u32,
  cdAt: u32,
  r: f32,           // D·dt/dx² at this level's spacing
  omega: f32,       // relaxation factor: 1 Gauss–Seidel, > 1 SOR on the coarsest level
  color: u32,       // 0 red ((i + j) even), 1 black
  project: u32,     // 1: u = max(0, update), the last sweep of the step
  redOnly: u32,     // 1: restrict only the red residuals (right after a sweep the black ones are zero)
  blackOnly: u32,   // 1: prolongate into the black cells only (a red update follows and does not read red cells)
  cx0: f32,         // value at the faces x0, x1, y0, y1 (field unit): c_b on the finest level, 0 on coarse
  cx1: f32,         // levels (their unknown is a correction); used only where the face weight is 2
  cy0: f32,
  cy1: f32,
}

@group(0) @binding(0) var<uniform> solve: FieldSolve;
@group(0) @binding(1) var<uniform> level: FieldPass;
@group(0) @binding(2) var<storage, read_write> work: array<f32>;

// Σ of the face weights of the domain faces cell (i, j) touches (0 inside the grid).
fn faceWeight(i: u32, j: u32) -> f32 {
  return select(0.0, solve.wx0, i == 0u) + select(0.0, solve.wx1, i + 1u == level.nx) +
    select(0.0, solve.wy0, j == 0u) + select(0.0, solve.wy1, j + 1u == level.ny);
}

// Σ w·(c_b − u) over the domain faces cell (i, j) with value u touches (the faces' share of the Laplacian).
fn faceDifference(i: u32, j: u32, u: f32) -> f32 {
  return select(0.0, solve.wx0 * (level.cx0 - u), i == 0u) + select(0.0, solve.wx1 * (level.cx1 - u), i + 1u == level.nx) +
    select(0.0, solve.wy0 * (level.cy0 - u), j == 0u) + select(0.0, solve.wy1 * (level.cy1 - u), j + 1u == level.ny);
}

// Existing neighbours plus face weights of cell (i, j) (4 inside the grid): the stencil's r-coefficient.
fn coupling(i: u32, j: u32) -> f32 {
  return f32(u32(i > 0u) + u32(i + 1u < level.nx) + u32(j > 0u) + u32(j + 1u < level.ny)) + faceWeight(i, j);
}

// Σ (u_nb − u) over the existing neighbours of cell (i, j): the discrete Laplacian without the faces.
fn neighbourDifference(i: u32, j: u32) -> f32 {
  let k = level.uAt + j * level.nx + i;
  let u = work[k];
  var s = 0.0;
  if (i > 0u) { s += work[k - 1u] - u; }
  if (i + 1u < level.nx) { s += work[k + 1u] - u; }
  if (j > 0u) { s += work[k - level.nx] - u; }
  if (j + 1u < level.ny) { s += work[k + level.nx] - u; }
  return s;
}

// Residual f − A·u at cell (i, j) (field unit), in difference form: f − d·u + r·(Σ (u_nb − u) + Σ w·(c_b − u)).
// The same number as f − (d + r·c)·u + r·Σ u_nb, without its float32 cancellation: for r ≫ 1 (oxygen,
// r ≈ 1e3) the big terms r·c·u and r·Σ u_nb cancel and would leave a rounding error of about r·ε·u.
fn residual(i: u32, j: u32) -> f32 {
  let k = j * level.nx + i;
  let u = work[level.uAt + k];
  return work[level.fAt + k] - work[level.dAt + k] * u + level.r * (neighbourDifference(i, j) + faceDifference(i, j, u));
}
