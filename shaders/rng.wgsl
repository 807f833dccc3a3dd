// Counter-based random numbers for the GPU backend: every draw is a pure hash of
// (seed, step, agent id, stream). The hash is PCG4D from M. Jarzynski and M. Olano,
// "Hash Functions for GPU Rendering", Journal of Computer Graphics Techniques 9(3), 21-38, 2020
// (https://jcgt.org/published/0009/03/02/).
//
// This file MUST stay bit-identical to src/sim/rng.ts (pcg4d words and uniform01 f32 values);
// tests/conformance/rng.conformance.test.ts checks it on the device. Functions and constants only
// (no bindings, no entry points), so kernels can include it by text concatenation.

// Named streams (fourth hash word). Part of the reproducibility contract: same numbers as
// RngStream in src/sim/rng.ts; never renumber or reuse, only add.
const RNG_STREAM_MOTILITY: u32 = 1u;
const RNG_STREAM_DIVISION: u32 = 2u;
const RNG_STREAM_DEATH: u32 = 3u;
const RNG_STREAM_PLACEMENT: u32 = 4u;
const RNG_STREAM_STATE: u32 = 5u;
const RNG_STREAM_PATHWAY: u32 = 6u;
const RNG_STREAM_DOSING: u32 = 7u;
const RNG_STREAM_RECRUITMENT: u32 = 8u;

// PCG4D hash of vec4(seed, step, agent id, stream) into four u32 words.
fn pcg4d(v_in: vec4<u32>) -> vec4<u32> {
  var v = v_in * 1664525u + 1013904223u;
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  v ^= v >> vec4<u32>(16u);
  v.x += v.y * v.w;
  v.y += v.z * v.x;
  v.z += v.x * v.y;
  v.w += v.y * v.z;
  return v;
}

// Maps a u32 to a uniform in [0, 1) on the grid k * 2^-24 (dimensionless); exact in f32.
fn uniform01(u: u32) -> f32 {
  return f32(u >> 8u) * (1.0 / 16777216.0);
}

// Standard normal by Box-Muller from two uniform01 values: sqrt(-2 ln(1 - u1)) * cos(2 pi (u2 - 1/2)).
// Built-in log/cos: agrees with the CPU only within float tolerance, so never branch on it.
fn standardNormal(u1: f32, u2: f32) -> f32 {
  let radius = sqrt(-2.0 * log(1.0 - u1));
  return radius * cos(6.283185307179586 * (u2 - 0.5));
}
