/**
 * f32 thresholds equivalent to float64 ones. The CPU compares f32 values (agent variables, fields, random
 * uniforms on the 2^-24 grid) with float64 thresholds; the GPU has only f32. For any f32 v,
 *   v <  t  ⇔  v <  f32Above(t)  and  v >= t  ⇔  v >= f32Above(t)   (f32Above: smallest f32 ≥ t),
 *   v >  t  ⇔  v >  f32Below(t)  and  v <= t  ⇔  v <= f32Below(t)   (f32Below: largest f32 ≤ t),
 * so a decision on an f32 value is bit-exact on both backends when the threshold is rounded this way
 * (Math.fround rounds to nearest and would flip the decision for a v between the two).
 */
const float = new Float32Array(1);
const bits = new Int32Array(float.buffer);

/** The next f32 above the f32 x (finite). */
function nextUp(x: number): number {
  if (x === 0) return 1.401298464324817e-45;
  float[0] = x;
  bits[0] += x > 0 ? 1 : -1;
  return float[0];
}

/** Smallest f32 ≥ t (t finite). */
export function f32Above(t: number): number {
  const f = Math.fround(t);
  return f >= t ? f : nextUp(f);
}

/** Largest f32 ≤ t (t finite). */
export function f32Below(t: number): number {
  return -f32Above(-t);
}
