// Exclusive prefix sum of u32 words, in place, deterministic (fixed order; integers are exact anyway).
// n is read on the GPU from lengths[SCAN_LENGTH_WORD], so a scan over the agent count needs no read-back.
// A block is SCAN_THREADS threads x SCAN_ITEMS consecutive words: each thread sums its words in order,
// the workgroup scans the thread sums (Hillis-Steele), each thread writes its words' prefixes. Few
// barrier rounds per word matter on CPU Vulkan drivers, where barriers are costly.
// Entry points, in order: size_scan (1 thread), scan_blocks (indirect), scan_block_sums (one
// workgroup, chunks of SCAN_THREADS block sums), add_block_offsets (indirect). After them values[k]
// holds the sum of the values before k, and scan_meta[2] the total. Generated before this file:
// SCAN_LENGTH_WORD. Bindings: 0 values, 1 block sums, 2 scan_meta [n, blocks, total], 3 indirect
// arguments, 4 lengths.

const SCAN_THREADS: u32 = 256u;
const SCAN_ITEMS: u32 = 8u;
const SCAN_BLOCK: u32 = 2048u; // SCAN_THREADS * SCAN_ITEMS
const MAX_GROUPS_PER_DIMENSION: u32 = 65535u;

@group(0) @binding(0) var<storage, read_write> values: array<u32>;
@group(0) @binding(1) var<storage, read_write> block_sums: array<u32>;
@group(0) @binding(2) var<storage, read_write> scan_meta: array<u32>;
@group(0) @binding(3) var<storage, read_write> args: array<u32>;
@group(0) @binding(4) var<storage, read> lengths: array<u32>;

var<workgroup> tile: array<u32, SCAN_THREADS>;
var<workgroup> block_count: u32;

// Inclusive scan of tile[] across the workgroup; thread t then reads tile[t] as its inclusive sum.
fn scan_tile(t: u32) {
  for (var offset = 1u; offset < SCAN_THREADS; offset = offset * 2u) {
    workgroupBarrier();
    let add = select(0u, tile[t - offset], t >= offset);
    workgroupBarrier();
    tile[t] = tile[t] + add;
  }
  workgroupBarrier();
}

@compute @workgroup_size(1)
fn size_scan() {
  let n = lengths[SCAN_LENGTH_WORD];
  let blocks = (n + SCAN_BLOCK - 1u) / SCAN_BLOCK;
  scan_meta[0] = n;
  scan_meta[1] = blocks;
  let x = min(blocks, MAX_GROUPS_PER_DIMENSION);
  args[0] = x;
  args[1] = select(0u, (blocks + x - 1u) / x, x > 0u);
  args[2] = 1u;
}

@compute @workgroup_size(SCAN_THREADS)
fn scan_blocks(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let block = wid.y * nwg.x + wid.x;
  let first = block * SCAN_BLOCK + t * SCAN_ITEMS;
  let n = scan_meta[0];
  var own = 0u;
  for (var q = 0u; q < SCAN_ITEMS; q++) {
    let k = first + q;
    if (k < n) { own = own + values[k]; }
  }
  tile[t] = own;
  scan_tile(t);
  var running = tile[t] - own;
  for (var q = 0u; q < SCAN_ITEMS; q++) {
    let k = first + q;
    if (k < n) {
      let v = values[k];
      values[k] = running;
      running = running + v;
    }
  }
  if (t == SCAN_THREADS - 1u) { block_sums[block] = tile[t]; }
}

@compute @workgroup_size(SCAN_THREADS)
fn scan_block_sums(@builtin(local_invocation_index) t: u32) {
  if (t == 0u) { block_count = scan_meta[1]; }
  let blocks = workgroupUniformLoad(&block_count);
  var carry = 0u;
  for (var start = 0u; start < blocks; start = start + SCAN_THREADS) {
    let k = start + t;
    let v = select(0u, block_sums[k], k < blocks);
    tile[t] = v;
    scan_tile(t);
    if (k < blocks) { block_sums[k] = carry + tile[t] - v; }
    carry = carry + tile[SCAN_THREADS - 1u];
  }
  if (t == 0u) { scan_meta[2] = carry; }
}

@compute @workgroup_size(SCAN_THREADS)
fn add_block_offsets(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_index) t: u32) {
  let block = wid.y * nwg.x + wid.x;
  let offset = block_sums[block];
  let first = block * SCAN_BLOCK + t * SCAN_ITEMS;
  let n = scan_meta[0];
  for (var q = 0u; q < SCAN_ITEMS; q++) {
    let k = first + q;
    if (k < n) { values[k] = values[k] + offset; }
  }
}
