// The source and uptake terms of this step's field solve, per voxel k (FieldExchange.build in
// diffuseFields.ts), in the same order: the agents' fixed-point sums divided by the voxel volume
// (source field unit/min = secretion quanta · SOURCE_PER_QUANTUM, uptake 1/min = clearance quanta ·
// UPTAKE_PER_QUANTUM; 0 where the CPU has no term), the model's rule_voxel_exchange(k), then carrier
// release (dosing.ts: the carrier field loses CARRIER_RELEASE · carrier, the exosome field gains it).
// The accumulators are cleared for the next step's deposits (the CPU clears them after the solve).
// fieldTermsPhase.ts appends the per-field constants. Needs the model's rules (GpuRules.voxel).
// Bindings: 0 fields, 1 secretion, 2 clearance, 3 source, 4 uptake.

@group(0) @binding(0) var<storage, read> fields: array<f32>;
@group(0) @binding(1) var<storage, read_write> secretion: array<i32>;
@group(0) @binding(2) var<storage, read_write> clearance: array<i32>;
@group(0) @binding(3) var<storage, read_write> source: array<f32>;
@group(0) @binding(4) var<storage, read_write> uptake: array<f32>;

@compute @workgroup_size(AGENT_WORKGROUP)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= CELLS) { return; }
  for (var field = 0u; field < FIELDS; field++) {
    let w = field * CELLS + k;
    source[w] = f32(secretion[w]) * SOURCE_PER_QUANTUM[field];
    uptake[w] = f32(clearance[w]) * UPTAKE_PER_QUANTUM[field];
    secretion[w] = 0;
    clearance[w] = 0;
  }
  rule_voxel_exchange(k);
  if (CARRIER_RELEASE > 0.0) {
    source[EXOSOME_FIELD * CELLS + k] += CARRIER_RELEASE * fields[CARRIER_FIELD * CELLS + k];
    uptake[CARRIER_FIELD * CELLS + k] += CARRIER_RELEASE;
  }
}
