/**
 * Bit-exact cell indices on the GPU. The CPU bins and voxels an f32 position x with float64 arithmetic,
 * floor(x / dx) or floor(x · scale); the same expression in f32 on the GPU can land in the neighbouring
 * cell near an edge (WGSL's division is within 2.5 ULP). For each interior edge k the CPU's function is
 * monotone in x, so there is a smallest f32 x with index ≥ k: the threshold. The GPU takes its f32 guess
 * and corrects it by at most one against the thresholds (shaders/locate_cells.wgsl), so both backends put
 * every agent in the same bin and voxel.
 */
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

/** The next f32 above x (x ≥ 0, finite). */
function nextUp(x: number): number {
  float[0] = x;
  if (float[0] === 0) return 1.401298464324817e-45;
  bits[0] += 1;
  return float[0];
}

/** The next f32 below x (x > 0, finite). */
function nextDown(x: number): number {
  float[0] = x;
  bits[0] -= 1;
  return float[0];
}

/**
 * Thresholds t[k], k = 0..n: t[k] is the smallest f32 x ≥ 0 with index(x) ≥ k for k = 1..n-1 (index computed
 * by the CPU, float64 arithmetic on an f32 x; monotone); t[0] = 0 and t[n] = the largest f32 (never reached).
 * `guess` is an f32 close to the edge k.
 */
function thresholds(n: number, index: (x: number) => number, guess: (k: number) => number): Float32Array {
  const t = new Float32Array(n + 1);
  for (let k = 1; k < n; k++) {
    let x = Math.fround(guess(k));
    while (x > 0 && index(nextDown(x)) >= k) x = nextDown(x);
    while (index(x) < k) x = nextUp(x);
    t[k] = x;
  }
  t[n] = 3.4028234663852886e38;
  return t;
}

/** Thresholds of the neighbour bins, index floor(x · scale) (NeighbourBins.binX / binY). */
export function binThresholds(n: number, scale: number): Float32Array {
  return thresholds(n, (x) => Math.floor(x * scale), (k) => k / scale);
}

/** Thresholds of the voxel columns or rows, index floor(x / dx) (grid.ts voxelAt). */
export function voxelThresholds(n: number, dx: number): Float32Array {
  return thresholds(n, (x) => Math.floor(x / dx), (k) => k * dx);
}
