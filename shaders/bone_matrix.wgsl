// The sum of the bone model's four matrix fractions (cartilage, woven, lamellar, fibrous) as the CPU takes
// it (boneRules.ts: in float64, exact for four f32 values of this range): a compensated pair (hi, lo)
// of compensated_sum.wgsl, so that the decisions sum < 1 and sum > 1 fall as on the CPU and the room
// 1 - sum and the loss ln(sum) keep f32 precision near sum = 1, where they cancel. Needs compensated_sum.wgsl.

// (hi, lo) with hi + lo = a + b + c + d to about 2^-48 relative.
fn matrix_sum(a: f32, b: f32, c: f32, d: f32) -> vec2<f32> {
  return pair_add(pair_add(pair_add(vec2<f32>(a, 0.0), vec2<f32>(b, 0.0)), vec2<f32>(c, 0.0)), vec2<f32>(d, 0.0));
}

// sum > 1.
fn matrix_above_one(s: vec2<f32>) -> bool { return s.x > 1.0 || (s.x == 1.0 && s.y > 0.0); }

// sum < 1.
fn matrix_below_one(s: vec2<f32>) -> bool { return s.x < 1.0 || (s.x == 1.0 && s.y < 0.0); }

// 1 - sum (1 - hi is exact for hi in [0.5, 2]).
fn matrix_room(s: vec2<f32>) -> f32 { return (1.0 - s.x) - s.y; }

// ln(sum) for sum > 1: ln(1 + d) = 2 atanh(d/(2 + d)) by its series to z¹⁷ below sum = 2 (z < 1/3:
// truncation below 2e-10 relative; the built-in log is only accurate to 2^-21 absolute there), log beyond.
fn matrix_log(s: vec2<f32>) -> f32 {
  let d = (s.x - 1.0) + s.y;
  if (d >= 1.0) { return log(s.x) + s.y / s.x; }
  let z = d / (2.0 + d);
  let z2 = z * z;
  var t = 1.0 / 17.0;
  for (var n = 15.0; n >= 1.0; n -= 2.0) { t = 1.0 / n + z2 * t; }
  return 2.0 * z * t;
}
