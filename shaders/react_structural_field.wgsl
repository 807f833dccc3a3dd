// A structural field (D = 0) takes the exact local solution of du/dt = S − (λ + U)·u over dt
// (fieldSolver.ts structuralStep), one thread per voxel, in place:
//   u = u·e^{−k·dt} + S·(1 − e^{−k·dt})/k,  k = λ + U  (S field unit/min, λ and U 1/min, dt min).
// Without uptake the two factors are the solver's constants (computed in float64 on the host).
// Needs field_level.wgsl; `level` is the finest level.

@group(0) @binding(3) var<storage, read_write> fields: array<f32>;
@group(0) @binding(4) var<storage, read> source: array<f32>;
@group(0) @binding(5) var<storage, read> uptake: array<f32>;

// e^x − 1 without the cancellation of exp(x) − 1 near 0: Taylor series to x⁹/9! for |x| < 1/2
// (truncation below 1e-9 relative), the plain difference beyond.
fn expm1(x: f32) -> f32 {
  if (abs(x) >= 0.5) { return exp(x) - 1.0; }
  var t = 1.0;
  for (var n = 9.0; n >= 2.0; n -= 1.0) { t = 1.0 + x * t / n; }
  return x * t;
}

@compute @workgroup_size(64)
fn reactStructuralField(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  let j = gid.y;
  if (i >= level.nx || j >= level.ny) { return; }
  let k = solve.fieldAt + j * level.nx + i;
  let up = uptake[k];
  var keep = solve.keepAll;
  var gain = solve.gainAll;
  if (up != 0.0) {
    let rate = solve.decay + up;
    let kd = rate * solve.dt;
    keep = exp(-kd);
    gain = select(solve.dt * (1.0 - 0.5 * kd), -expm1(-kd) / rate, kd > 1e-9);
  }
  fields[k] = fields[k] * keep + source[k] * gain;
}
