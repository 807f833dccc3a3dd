// The end of a step (CpuBackend.stepOnce): the step counter advances and the peak agent count is kept.
// One thread, after recruitment.
@group(0) @binding(0) var<storage, read_write> counters: array<u32>;

@compute @workgroup_size(1)
fn main() {
  counters[C_STEP] = counters[C_STEP] + 1u;
  counters[C_PEAK] = max(counters[C_PEAK], counters[C_COUNT]);
}
