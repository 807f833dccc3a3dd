/**
 * Thomas algorithm for constant-coefficient tridiagonal lines, factored once and reused for every line.
 * A line matrix has diagonal b + 2c inside, b + c·(1 + w) at an end (w = 0 no-flux, w = 2 fixed value at
 * the face, half a voxel beyond the end cell) and −c off the diagonal. Rows (x lines) are solved one at a
 * time (or two interleaved, `solveLine2`, to overlap the two recurrences) in Float64Array scratch lines;
 * columns (y lines) are solved for all columns at once, row by row, so every memory access runs along a
 * contiguous row (`forwardColumnRow` here; the back-substitution is fused into lodCorrection.ts).
 * Dimensionless: b and c are the voxel-wise coefficients of the implicit operator.
 */

/** An LU factorisation of one constant-coefficient line matrix (pivots as reciprocals). */
export interface LineFactor {
  readonly n: number;
  /** Off-diagonal magnitude: the matrix has −c next to the diagonal. */
  readonly c: number;
  /** 1 / pivot of each row. */
  readonly inv: Float64Array;
  /** Back-substitution multiplier c / pivot: x_i = y_i + m_i·x_{i+1}. */
  readonly m: Float64Array;
}

/** Factors the n×n line matrix (n ≥ 2) with base diagonal b, coupling c ≥ 0 and end weights w0, w1 (0 or 2). */
export function factorLine(n: number, b: number, c: number, w0: number, w1: number): LineFactor {
  if (n < 2) throw new Error(`factorLine: n must be at least 2, got ${n}`);
  // On their own ArrayBuffers (off the JS heap even when tiny), like every solver array: see allocF32 in multigrid.ts.
  const inv = new Float64Array(new ArrayBuffer(8 * n));
  const m = new Float64Array(new ArrayBuffer(8 * n));
  let prevM = 0;
  for (let i = 0; i < n; i++) {
    const diag = i === 0 ? b + c * (1 + w0) : i === n - 1 ? b + c * (1 + w1) : b + 2 * c;
    const pivot = diag - c * prevM;
    inv[i] = 1 / pivot;
    m[i] = i === n - 1 ? 0 : c / pivot;
    prevM = m[i];
  }
  return { n, c, inv, m };
}

/** Solves one line in place (x is overwritten by the solution; x.length ≥ fac.n, same units as x). */
export function solveLine(fac: LineFactor, x: Float64Array): void {
  const n = fac.n;
  const c = fac.c;
  const inv = fac.inv;
  const m = fac.m;
  let y = x[0] * inv[0];
  x[0] = y;
  for (let i = 1; i < n; i++) {
    y = (x[i] + c * y) * inv[i];
    x[i] = y;
  }
  for (let i = n - 2; i >= 0; i--) {
    y = x[i] + m[i] * y;
    x[i] = y;
  }
}

/**
 * Forward-elimination step of the column solves for row j (all nx columns at once): z_j = (w + c·z_{j−1})·inv_j,
 * w the right-hand side of row j (Float64Array of nx), z the row-major work array (units of w).
 */
export function forwardColumnRow(fac: LineFactor, j: number, w: Float64Array, z: Float32Array, nx: number): void {
  const iv = fac.inv[j];
  const row = j * nx;
  if (j === 0) {
    for (let i = 0; i < nx; i++) z[i] = w[i] * iv;
    return;
  }
  const c = fac.c;
  const prev = row - nx;
  for (let i = 0; i < nx; i++) z[row + i] = (w[i] + c * z[prev + i]) * iv;
}

/** Solves two independent lines a and b in place, interleaved so the two recurrences overlap (same as solveLine twice). */
export function solveLine2(fac: LineFactor, a: Float64Array, b: Float64Array): void {
  const n = fac.n;
  const c = fac.c;
  const inv = fac.inv;
  const m = fac.m;
  let ya = a[0] * inv[0];
  let yb = b[0] * inv[0];
  a[0] = ya;
  b[0] = yb;
  for (let i = 1; i < n; i++) {
    const iv = inv[i];
    ya = (a[i] + c * ya) * iv;
    yb = (b[i] + c * yb) * iv;
    a[i] = ya;
    b[i] = yb;
  }
  for (let i = n - 2; i >= 0; i--) {
    const mi = m[i];
    ya = a[i] + mi * ya;
    yb = b[i] + mi * yb;
    a[i] = ya;
    b[i] = yb;
  }
}
