/**
 * Exclusive prefix sums of u32 words on the GPU (shaders/scan_words.wgsl): blocks of 2048 scanned by one
 * workgroup each, the block sums scanned by one workgroup in chunks, then added back. The length is read
 * on the GPU from a word of a buffer (e.g. the agent count in `counters`), so scans need no read-back.
 * Used by binning (bin starts), compaction (survivors, births) and recruitment (recruits per voxel).
 */
import type { GpuRun, Kernel } from './gpuRun.ts';
import { u32Const } from './wgslLiterals.ts';

/** Words per block of the first level (SCAN_BLOCK in the shader: 256 threads × 8 words). */
export const SCAN_BLOCK = 2048;

export class PrefixScan {
  /** scan_meta words: [n, blocks, total]: the total of the last scan is word 2. */
  readonly meta: GPUBuffer;
  private constructor(
    readonly values: GPUBuffer,
    private readonly args: GPUBuffer,
    private readonly size: Kernel,
    private readonly blocks: Kernel,
    private readonly sums: Kernel,
    private readonly add: Kernel,
    meta: GPUBuffer,
  ) {
    this.meta = meta;
  }

  /**
   * A scan of `values` (at most maxLength words) whose length is word `lengthWord` of `lengths`.
   * `label` names the kernels in errors.
   */
  static async create(run: GpuRun, label: string, values: GPUBuffer, maxLength: number, lengths: GPUBuffer, lengthWord: number): Promise<PrefixScan> {
    const blockSums = run.buffer(`${label} block sums`, Math.ceil(maxLength / SCAN_BLOCK) * 4);
    const meta = run.buffer(`${label} scan meta`, 16);
    const args = run.buffer(`${label} scan dispatch`, 16, GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT);
    const code = `${u32Const('SCAN_LENGTH_WORD', lengthWord)}\n${run.compose('scan_words.wgsl')}`;
    const all = [values, blockSums, meta, args, lengths];
    const pick = (...used: number[]) => all.map((b, k) => (used.includes(k) ? b : null));
    const [size, blocks, sums, add] = await Promise.all([
      run.kernel(`${label}: size_scan`, code, pick(2, 3, 4), 'size_scan'),
      run.kernel(`${label}: scan_blocks`, code, pick(0, 1, 2), 'scan_blocks'),
      run.kernel(`${label}: scan_block_sums`, code, pick(1, 2), 'scan_block_sums'),
      run.kernel(`${label}: add_block_offsets`, code, pick(0, 1, 2), 'add_block_offsets'),
    ]);
    return new PrefixScan(values, args, size, blocks, sums, add, meta);
  }

  /** Records the scan into `pass` (the values must be written by earlier dispatches). */
  encode(pass: GPUComputePassEncoder): void {
    this.size.dispatch(pass, 1);
    this.blocks.dispatchIndirect(pass, this.args);
    this.sums.dispatch(pass, 1);
    this.add.dispatchIndirect(pass, this.args);
  }
}
