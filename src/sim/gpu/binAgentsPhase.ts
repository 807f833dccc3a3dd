/**
 * Phase binAgents on the GPU, the twin of NeighbourBins.build + gather (neighbourBins.ts): the state's
 * agents (`run.agents`) are copied into `run.sorted` in (neighbour bin, id) order, exactly the CPU's order,
 * and the bin starts are kept for the pair forces (compute_pair_forces.wgsl).
 * Kernels (shaders/bin_agents.wgsl, then gather_agents.wgsl), one compute pass:
 *   count_bins      per agent: atomic count of its bin (bin indices bit-exact, locate_cells.wgsl), its rank
 *   prefix scan     bin starts = exclusive sums of the counts over BINS + 1 words (the last is the count)
 *   place_in_bins   per agent: order[start of its bin + rank] = agent
 *   sort_bins       per bin: insertion sort of its slots by id (the ranks' arrival order is scheduling-dependent)
 *   gather_agents   per slot: the whole agent, word for word
 * Scratch: bin starts (BINS + 1 words), ranks and the permutation (capacity words each), allocated once.
 */
import type { GpuRun, Kernel } from './gpuRun.ts';
import { PrefixScan } from './prefixScan.ts';
import { u32Const } from './wgslLiterals.ts';

export class BinAgentsPhase {
  private constructor(
    private readonly run: GpuRun,
    /** Bin starts (GpuRun.binStarts): BINS + 1 words, valid after encode() until the next binning. */
    readonly starts: GPUBuffer,
    private readonly count: Kernel,
    private readonly scan: PrefixScan,
    private readonly place: Kernel,
    private readonly sort: Kernel,
    private readonly gather: Kernel,
  ) {}

  static async create(run: GpuRun): Promise<BinAgentsPhase> {
    const bins = run.bins.nbx * run.bins.nby;
    const starts = run.binStarts;
    const ranks = run.buffer('bin ranks', run.capacity * 4);
    const order = run.buffer('bin order', run.capacity * 4);
    // The scan reads its length from a buffer: BINS + 1, written once.
    const length = run.buffer('bin scan length', 4);
    run.device.queue.writeBuffer(length, 0, Uint32Array.of(bins + 1));
    const binCode = run.compose('locate_cells.wgsl', 'bin_agents.wgsl');
    const gatherCode = `${u32Const('AGENT_WORDS', run.stride)}\n${run.compose('gather_agents.wgsl')}`;
    const [count, scan, place, sort, gather] = await Promise.all([
      run.kernel('bin_agents: count_bins', binCode, [run.agents, run.tables, run.stepInfo, starts, ranks, null], 'count_bins'),
      PrefixScan.create(run, 'bin starts', starts, bins + 1, length, 0),
      run.kernel('bin_agents: place_in_bins', binCode, [run.agents, run.tables, run.stepInfo, starts, ranks, order], 'place_in_bins'),
      run.kernel('bin_agents: sort_bins', binCode, [run.agents, null, null, starts, null, order], 'sort_bins'),
      run.kernel('gather_agents', gatherCode, [run.agents, run.sorted, run.stepInfo, order]),
    ]);
    return new BinAgentsPhase(run, starts, count, scan, place, sort, gather);
  }

  /** Records the phase (after GpuRun.refresh: the agent dispatch covers the current count). */
  encode(encoder: GPUCommandEncoder): void {
    const run = this.run;
    encoder.clearBuffer(this.starts);
    const pass = encoder.beginComputePass({ label: 'binAgents' });
    run.dispatchAgents(pass, this.count);
    this.scan.encode(pass);
    run.dispatchAgents(pass, this.place);
    this.sort.dispatch(pass, ...run.groupsFor(run.bins.nbx * run.bins.nby));
    run.dispatchAgents(pass, this.gather);
    pass.end();
  }
}
