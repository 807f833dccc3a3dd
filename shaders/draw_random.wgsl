// The run's random draws: pcg4d(SEED, step, key, stream) (rng.wgsl), the step from the `step` uniform
// (StepInfo). Needs rng.wgsl and the `step` binding.
fn draw(key: u32, stream: u32) -> vec4<u32> {
  return pcg4d(vec4<u32>(SEED, step.step, key, stream));
}
