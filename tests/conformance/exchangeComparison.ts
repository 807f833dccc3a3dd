/**
 * Comparisons of the exchange phases shared by their conformance tests: the fixed-point deposit sums of
 * depositExchange and the per-voxel field terms of FieldExchange.build, with their tolerances.
 * Deposits: secretion rates are f32 on the GPU, so each contribution floor(rate · scale + 0.5) may differ by
 * a quantum, and a patch voxel whose centre sits on the footprint's edge may be in one backend's patch only;
 * per voxel the sums must agree within QUANTA_TOLERANCE quanta or SUM_TOLERANCE of the CPU's sum, except
 * at most MAX_EDGE_VOXELS voxels. Field terms: TERM_TOLERANCE relative plus LARGEST_TOLERANCE of the field's
 * largest term.
 */

/** Per voxel: allowed difference in quanta (a few contributions off by one)... */
export const QUANTA_TOLERANCE = 4;
/** ...or relative to the CPU's sum (f32 rates: 2^-24 each, a few ULP through the rules). */
export const SUM_TOLERANCE = 2e-6;
/** Voxels allowed beyond both (a patch edge through a voxel centre, f32 vs float64). */
export const MAX_EDGE_VOXELS = 2;

/** Relative tolerance of a term (measured at most 3.2e-7 on SwiftShader where nothing cancels)... */
export const TERM_TOLERANCE = 2e-6;
/**
 * ...plus an absolute one, in units of the field's largest term: cancellations (vessel regression
 * 1 - dermis/v near v = dermis) lose precision to the ULP of the terms they start from, and devices may
 * flush subnormal terms to 0 (WGSL allows it; SwiftShader does). Measured at most 1.7e-7 (vessel uptake,
 * whose relative difference reaches 1.9e-6).
 */
export const LARGEST_TOLERANCE = 2 ** -20;

/** Voxels of `gpu` differing from `cpu`, the largest difference in quanta and those beyond the tolerances. */
export function compareSums(cpu: Int32Array, gpu: Int32Array) {
  let differing = 0;
  let maxQuanta = 0;
  const beyond: number[] = [];
  for (let w = 0; w < cpu.length; w++) {
    const diff = Math.abs(gpu[w] - cpu[w]);
    if (diff === 0) continue;
    differing++;
    maxQuanta = Math.max(maxQuanta, diff);
    if (diff > QUANTA_TOLERANCE && diff > SUM_TOLERANCE * Math.abs(cpu[w])) beyond.push(w);
  }
  return { differing, maxQuanta, beyond };
}

/** Per field: terms that differ, the largest relative difference (terms above LARGEST_TOLERANCE of the largest) and the largest difference over the largest term. */
export function compareTerms(cpu: (f: number) => Float32Array | null, gpu: Float32Array, fields: number, cells: number) {
  return Array.from({ length: fields }, (_, f) => {
    const terms = cpu(f);
    let largest = 0;
    for (let k = 0; terms && k < cells; k++) largest = Math.max(largest, Math.abs(terms[k]));
    let differing = 0;
    let maxRelative = 0;
    let maxOfLargest = 0;
    let beyond = 0;
    for (let k = 0; k < cells; k++) {
      const want = terms ? terms[k] : 0;
      const got = gpu[f * cells + k];
      if (got === want) continue;
      differing++;
      const diff = Math.abs(got - want);
      if (Math.abs(want) > LARGEST_TOLERANCE * largest) maxRelative = Math.max(maxRelative, diff / Math.abs(want));
      maxOfLargest = Math.max(maxOfLargest, diff / largest);
      if (!(diff <= TERM_TOLERANCE * Math.abs(want) + LARGEST_TOLERANCE * largest)) beyond++;
    }
    return { field: f, built: terms !== null, differing, maxRelative, maxOfLargest, beyond };
  });
}
