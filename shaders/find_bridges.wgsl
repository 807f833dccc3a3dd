// The bridged read-out (src/sim/gpu/bridgePhase.ts; CPU twin src/sim/cpu/bridging.ts): 1 when a 4-connected
// path of open voxels joins a voxel of mask FROM to a voxel of mask TO. A voxel is open when it is in mask
// ALLOWED and open_value(k) (the f32 sum of the read-out's fields, in the CPU's order) >= AT_LEAST.
//
// Concurrent union-find over the open voxels (after Jayanti & Tarjan 2016): parent[k] is k for a root, a
// smaller voxel of the same tree otherwise, CLOSED for a closed voxel. Every change of parent[] is a
// compare-exchange that either hangs a root under a smaller root (linking; the edge being joined puts both
// trees in one component) or moves a voxel from its parent v to v's parent (path splitting, done only while
// parent[u] is still v). So pointers only decrease (no cycle), a tree never splits and never leaves its
// component, and a unite(a, b) returns only once a and b share a root. After join_voxels every open edge
// lies inside one tree, hence the trees are exactly the connected components of the open voxels, whatever
// order the threads ran in: the answer (does a `to` voxel's root carry a `from` mark?) is deterministic.
// A failed exchange means another thread changed that pointer (or a spurious weak failure): the loop
// re-reads, so no thread waits on another (lock-free; no barriers).
//
// Entry points, each one dispatch over the voxels, in order: open_voxels (parent[], clears the marks and the
// answer), join_voxels (unites each open voxel with its open right and lower neighbours), mark_sources (marks
// the roots of the open FROM voxels), test_targets (answer = 1 if an open TO voxel's root is marked).
// Generated before this file: AT_LEAST (f32), fn open_value(k: u32) -> f32.

const CLOSED: u32 = 0xffffffffu;
const MASK_WORDS: u32 = (CELLS + 31u) / 32u;
// masks: three bit masks of MASK_WORDS words, in this order
const ALLOWED: u32 = 0u;
const FROM: u32 = 1u;
const TO: u32 = 2u;

@group(0) @binding(0) var<storage, read> fields: array<f32>;
@group(0) @binding(1) var<storage, read> masks: array<u32>;
@group(0) @binding(2) var<storage, read_write> parent: array<atomic<u32>>;
// One bit per voxel: set for the roots of trees holding an open FROM voxel.
@group(0) @binding(3) var<storage, read_write> marks: array<atomic<u32>>;
// answer[0]: 1 bridged, 0 not.
@group(0) @binding(4) var<storage, read_write> answer: array<atomic<u32>>;

fn in_mask(mask: u32, k: u32) -> bool {
  return ((masks[mask * MASK_WORDS + (k >> 5u)] >> (k & 31u)) & 1u) == 1u;
}

fn is_open(k: u32) -> bool {
  return atomicLoad(&parent[k]) != CLOSED;
}

// The root of k's tree; on the way each voxel skips to its grandparent (path splitting).
fn find_root(k: u32) -> u32 {
  var u = k;
  loop {
    let v = atomicLoad(&parent[u]);
    let w = atomicLoad(&parent[v]);
    if (v == w) { return v; }
    _ = atomicCompareExchangeWeak(&parent[u], v, w);
    u = v;
  }
}

// Puts a and b in one tree: the larger root goes under the smaller.
fn unite(a: u32, b: u32) {
  loop {
    var u = find_root(a);
    var v = find_root(b);
    if (u == v) { return; }
    if (u < v) {
      let t = u;
      u = v;
      v = t;
    }
    if (atomicCompareExchangeWeak(&parent[u], u, v).exchanged) { return; }
  }
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn open_voxels(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k == 0u) { atomicStore(&answer[0], 0u); }
  if (k < MASK_WORDS) { atomicStore(&marks[k], 0u); }
  if (k < CELLS) {
    let open = in_mask(ALLOWED, k) && open_value(k) >= AT_LEAST;
    atomicStore(&parent[k], select(CLOSED, k, open));
  }
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn join_voxels(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= CELLS || !is_open(k)) { return; }
  if (k % NX + 1u < NX && is_open(k + 1u)) { unite(k, k + 1u); }
  if (k + NX < CELLS && is_open(k + NX)) { unite(k, k + NX); }
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn mark_sources(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= CELLS || !is_open(k) || !in_mask(FROM, k)) { return; }
  let r = find_root(k);
  atomicOr(&marks[r >> 5u], 1u << (r & 31u));
}

@compute @workgroup_size(AGENT_WORKGROUP)
fn test_targets(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let k = agent_index(wid, nwg, lid.x);
  if (k >= CELLS || !is_open(k) || !in_mask(TO, k)) { return; }
  let r = find_root(k);
  if (((atomicLoad(&marks[r >> 5u]) >> (r & 31u)) & 1u) == 1u) { atomicStore(&answer[0], 1u); }
}
