/**
 * Phase divideAndRemove on the GPU (shaders/divide_and_remove.wgsl; CPU twin src/sim/cpu/divideAndRemove.ts):
 * compacts the sorted working copy into the state's agents, with each granted daughter right after her
 * mother. Ranks come from two exclusive scans (survivors, births: prefixScan.ts), so the order, the ids
 * (next id + rank of the birth) and the refused births (the last ones in agent order once the capacity is
 * full) are those of the CPU exactly; positions differ by f32 rounding (the CPU offsets in float64).
 */
import { FATE_DIE, FATE_DIVIDE, FATE_LEAVE, FATE_STAY } from '../cpu/updateAgents.ts';
import type { GpuRun, Kernel } from './gpuRun.ts';
import { PrefixScan } from './prefixScan.ts';
import { COUNTERS } from './runPrelude.ts';
import { u32Const } from './wgslLiterals.ts';

export class DivideAndRemovePhase {
  private constructor(
    private readonly run: GpuRun,
    private readonly mark: Kernel,
    private readonly keptScan: PrefixScan,
    private readonly bornScan: PrefixScan,
    private readonly size: Kernel,
    private readonly place: Kernel,
  ) {}

  static async create(run: GpuRun): Promise<DivideAndRemovePhase> {
    const kept = run.buffer('survivor ranks', run.capacity * 4);
    const born = run.buffer('birth ranks', run.capacity * 4);
    const allowance = run.buffer('allowed births', 4);
    const [keptScan, bornScan] = await Promise.all([
      PrefixScan.create(run, 'survivors', kept, run.capacity, run.counters, COUNTERS.count),
      PrefixScan.create(run, 'births', born, run.capacity, run.counters, COUNTERS.count),
    ]);
    const fates = [u32Const('FATE_STAY', FATE_STAY), u32Const('FATE_DIVIDE', FATE_DIVIDE), u32Const('FATE_DIE', FATE_DIE), u32Const('FATE_LEAVE', FATE_LEAVE)];
    const code = `${fates.join('\n')}\n${run.compose('rng.wgsl', 'draw_random.wgsl', 'locate_cells.wgsl', 'divide_and_remove.wgsl')}`;
    const all = [run.sorted, run.agents, run.fate, run.stepInfo, run.counters, run.tables, kept, born, allowance, keptScan.meta, bornScan.meta];
    const pick = (...used: number[]) => all.map((b, k) => (used.includes(k) ? b : null));
    const [mark, size, place] = await Promise.all([
      run.kernel('divide_and_remove: mark_fates', code, pick(0, 2, 3, 4, 6, 7), 'mark_fates'),
      run.kernel('divide_and_remove: size_compaction', code, pick(4, 8, 9, 10), 'size_compaction'),
      run.kernel('divide_and_remove: place_agents', code, pick(0, 1, 2, 3, 4, 5, 6, 7, 8), 'place_agents'),
    ]);
    return new DivideAndRemovePhase(run, mark, keptScan, bornScan, size, place);
  }

  /** Records the compaction of `fate` over the sorted agents, then refreshes the step info (new count). */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'divide and remove' });
    this.run.dispatchAgents(pass, this.mark);
    this.keptScan.encode(pass);
    this.bornScan.encode(pass);
    this.size.dispatch(pass, 1);
    this.run.dispatchAgents(pass, this.place);
    pass.end();
    this.run.refresh(encoder);
  }
}
