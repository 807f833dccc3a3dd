// Compensated sums for deterministic reductions: a partial sum is vec2(hi, lo), its value hi + lo, carried
// with about twice f32's precision (Dekker's double-length addition built on Knuth's error-free TwoSum:
// T. J. Dekker, "A floating-point technique for extending the available precision", Numerische Mathematik
// 18, 224-242, 1971). Summed in a fixed tree order, so results do not depend on thread scheduling.
// Functions only (no bindings).

// The compensated sum of two partial sums.
fn pair_add(a: vec2<f32>, b: vec2<f32>) -> vec2<f32> {
  let s = a.x + b.x;
  let v = s - a.x;
  let e = (a.x - (s - v)) + (b.x - v);
  let lo = e + a.y + b.y;
  let hi = s + lo;
  return vec2<f32>(hi, lo - (hi - s));
}
