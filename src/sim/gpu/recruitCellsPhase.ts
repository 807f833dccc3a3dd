/**
 * Phase recruitCells on the GPU (shaders/recruit_cells.wgsl; CPU twin src/sim/cpu/recruitCells.ts), then the
 * end of the step (shaders/end_step.wgsl: step + 1, peak count). Recruits per (recruiter, voxel) are scanned
 * in the CPU's order, so counts, ids, types and states are the CPU's; positions differ by f32 rounding
 * ((column + u)·dx in f32 instead of float64), and a recruit count can differ only where the f32 expected
 * count and the float64 one straddle the random draw (probability about 1e-7 per recruit).
 */
import { recruitersOf } from '../recruiters.ts';
import type { Recruiter } from '../cpu/recruitCells.ts';
import type { GpuRun, Kernel } from './gpuRun.ts';
import { PrefixScan } from './prefixScan.ts';
import { f32Literal, u32Const } from './wgslLiterals.ts';

/** The run's recruiters as WGSL constants (struct Recruiter of recruit_cells.wgsl). */
function recruiterConstants(recruiters: readonly Recruiter[], availability: Float64Array): string {
  const items = recruiters.map(
    (r) =>
      `Recruiter(${r.type}u, ${r.state}u, ${r.vesselField}u, ${r.signalField}u, ${f32Literal(r.perVoxel)}, ${f32Literal(r.halfSaturation)}, ${f32Literal(availability[r.signalField])}, ${r.keyOffset}u)`,
  );
  return `${u32Const('RECRUITER_COUNT', recruiters.length)}\nconst RECRUITERS = array<Recruiter, ${recruiters.length}>(${items.join(', ')});`;
}

/** The recruitment kernels of a run with recruiters. */
interface Recruitment {
  count: Kernel;
  scan: PrefixScan;
  place: Kernel;
  close: Kernel;
  groups: [number, number];
}

export class RecruitCellsPhase {
  private constructor(
    private readonly run: GpuRun,
    private readonly recruitment: Recruitment | null,
    private readonly endStep: Kernel,
  ) {}

  static async create(run: GpuRun): Promise<RecruitCellsPhase> {
    const endStep = await run.kernel('end_step', run.compose('end_step.wgsl'), [run.counters]);
    const recruiters = recruitersOf(run.setup, run.types);
    if (recruiters.length === 0) return new RecruitCellsPhase(run, null, endStep);
    const slots = recruiters.length * run.setup.grid.cells;
    const recruits = run.buffer('recruits per voxel', slots * 4);
    const length = run.buffer('recruit slots', 4);
    run.device.queue.writeBuffer(length, 0, Uint32Array.of(slots));
    const scan = await PrefixScan.create(run, 'recruits', recruits, slots, length, 0);
    const code = `${recruiterConstants(recruiters, run.setup.armContext.availability)}\n${run.compose('rng.wgsl', 'draw_random.wgsl', 'locate_cells.wgsl', 'recruit_cells.wgsl')}`;
    const all = [run.fields, run.agents, run.stepInfo, run.counters, run.tables, recruits, scan.meta];
    const pick = (...used: number[]) => all.map((b, k) => (used.includes(k) ? b : null));
    const [count, place, close] = await Promise.all([
      run.kernel('recruit_cells: count_recruits', code, pick(0, 2, 5), 'count_recruits'),
      run.kernel('recruit_cells: place_recruits', code, pick(1, 2, 3, 4, 5, 6), 'place_recruits'),
      run.kernel('recruit_cells: close_recruitment', code, pick(2, 3, 6), 'close_recruitment'),
    ]);
    return new RecruitCellsPhase(run, { count, scan, place, close, groups: run.groupsFor(slots) }, endStep);
  }

  /** Records this step's recruitment and the end of the step, then refreshes the step info. */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'recruit cells, end of step' });
    const r = this.recruitment;
    if (r) {
      r.count.dispatch(pass, ...r.groups);
      r.scan.encode(pass);
      r.place.dispatch(pass, ...r.groups);
      r.close.dispatch(pass, 1);
    }
    this.endStep.dispatch(pass, 1);
    pass.end();
    this.run.refresh(encoder);
  }
}
