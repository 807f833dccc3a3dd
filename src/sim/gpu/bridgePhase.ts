/**
 * One bridged read-out on the GPU (shaders/find_bridges.wgsl; CPU twin BridgeReduction of
 * src/sim/cpu/bridging.ts): a concurrent union-find over the open voxels gives the connected components in
 * four dispatches over the voxels, whatever the path's shape (no iteration to convergence, nothing read
 * back): the 0/1 answer lands in `answer` (one u32), which ReadoutPhase copies into its results. The open
 * test is the CPU's: the same f32 sum in the same order against f32Above(atLeast) (f32Bounds.ts), so both
 * backends see the same open voxels and, the components being unique, give the same answer.
 * Memory: one u32 per voxel (the union-find forest) and one bit per voxel (marks) and three bit masks.
 */
import type { ReadoutSpec } from '../../model/types.ts';
import { bridgeFields, bridgeMasks, type BridgedReduction } from '../cpu/bridging.ts';
import { f32Above } from './f32Bounds.ts';
import type { GpuRun, Kernel } from './gpuRun.ts';
import { f32Const } from './wgslLiterals.ts';

/** A bridged read-out's spec. */
export type BridgedReadout = ReadoutSpec & { reduction: BridgedReduction };

/** One bit per voxel, mask after mask (MASK_WORDS words each, as the shaders read them). */
export function packMasks(masks: readonly Uint8Array[], cells: number): Uint32Array<ArrayBuffer> {
  const words = Math.ceil(cells / 32);
  const bits = new Uint32Array(masks.length * words);
  masks.forEach((mask, m) => {
    for (let k = 0; k < cells; k++) if (mask[k]) bits[m * words + (k >>> 5)] |= 1 << (k & 31);
  });
  return bits;
}

export class BridgePhase {
  private constructor(
    private readonly kernels: readonly Kernel[],
    private readonly groups: [number, number],
    /** The answer: one u32, 1 bridged, 0 not (after encode). */
    readonly answer: GPUBuffer,
  ) {}

  static async create(run: GpuRun, r: BridgedReadout): Promise<BridgePhase> {
    const { grid, regions, defectMask } = run.setup;
    const masks = bridgeMasks(r.reduction, regions, defectMask);
    const fields = bridgeFields(run.setup.model.compiled, r);
    const maskBits = packMasks([masks.allowed, masks.from, masks.to], grid.cells);
    const maskBuffer = run.buffer(`${r.name}: masks`, maskBits.byteLength);
    run.device.queue.writeBuffer(maskBuffer, 0, maskBits);
    const parent = run.buffer(`${r.name}: union-find forest`, grid.cells * 4);
    const marks = run.buffer(`${r.name}: marked roots`, Math.ceil(grid.cells / 32) * 4);
    const answer = run.buffer(`${r.name}: answer`, 4);
    const code = [f32Const('AT_LEAST', f32Above(r.reduction.atLeast)), openValue(fields), run.compose('find_bridges.wgsl')].join('\n');
    const all = [run.fields, maskBuffer, parent, marks, answer];
    // entry point and the bindings it uses (an automatic layout holds only those)
    const entries: [string, number[]][] = [
      ['open_voxels', [0, 1, 2, 3, 4]],
      ['join_voxels', [2]],
      ['mark_sources', [1, 2, 3]],
      ['test_targets', [1, 2, 3, 4]],
    ];
    const kernels = await Promise.all(
      entries.map(([entry, used]) => run.kernel(`find_bridges: ${entry} (${r.name})`, code, all.map((b, k) => (used.includes(k) ? b : null)), entry)),
    );
    return new BridgePhase(kernels, run.groupsFor(grid.cells), answer);
  }

  /** Records the four dispatches; `answer` then holds the read-out's value. */
  encode(pass: GPUComputePassEncoder): void {
    for (const k of this.kernels) k.dispatch(pass, ...this.groups);
  }
}

/** WGSL `open_value(k)`: the f32 sum of the fields at voxel k, added in the listed order as the CPU does. */
function openValue(fields: readonly number[]): string {
  const [first, ...rest] = fields;
  return [
    'fn open_value(k: u32) -> f32 {',
    `  var sum = fields[${first}u * CELLS + k];`,
    ...rest.map((f) => `  sum = sum + fields[${f}u * CELLS + k];`),
    '  return sum;',
    '}',
  ].join('\n');
}
