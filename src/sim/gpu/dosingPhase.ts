/**
 * Dosing injections on the GPU (src/sim/dosing.ts applyInjections, model.md §4): the injections due at a
 * step, in the plan's order. 'voxels' injections (shaders/inject_voxels.wgsl) add their fixed increments,
 * bit-exact with the CPU; 'systemic' ones (shaders/inject_systemic.wgsl) sum the vessel field in a fixed
 * compensated tree (the CPU sums in float64), then add vessel × mass / (sum × voxel volume) in f32.
 * Every distinct injection is uploaded once, at create; a repeated dose reuses its buffers.
 */
import type { Injection } from '../dosing.ts';
import type { GpuRun, Kernel } from './gpuRun.ts';

/** µm³ per mL (dosing.ts). */
const UM3_PER_ML = 1e12;
/** Voxels per block of the vessel sum (SUM_BLOCK in inject_systemic.wgsl). */
const SUM_BLOCK = 256;

/** Records one injection's dispatches into a pass. */
type RecordInjection = (pass: GPUComputePassEncoder) => void;

export class DosingPhase {
  private constructor(private readonly due: ReadonlyMap<number, readonly RecordInjection[]>) {}

  static async create(run: GpuRun): Promise<DosingPhase> {
    const injections = run.setup.dosing.injections;
    let systemicScratch: { partials: GPUBuffer; perVessel: GPUBuffer } | null = null;
    const recorderOf = (inj: Injection): Promise<RecordInjection> => {
      if (inj.kind === 'voxels') return voxelInjection(run, inj);
      systemicScratch ??= {
        partials: run.buffer('vessel sum partials', Math.ceil(run.setup.grid.cells / SUM_BLOCK) * 8),
        perVessel: run.buffer('systemic dose per vessel', 4),
      };
      return systemicInjection(run, inj, systemicScratch.partials, systemicScratch.perVessel);
    };
    const recorders = new Map<string, Promise<RecordInjection>>();
    for (const inj of injections) {
      const key = injectionKey(inj);
      if (!recorders.has(key)) recorders.set(key, recorderOf(inj));
    }
    await Promise.all(recorders.values());
    const due = new Map<number, RecordInjection[]>();
    for (const inj of injections) {
      const list = due.get(inj.step) ?? [];
      list.push(await recorders.get(injectionKey(inj))!);
      due.set(inj.step, list);
    }
    return new DosingPhase(due);
  }

  /** Records the injections due at `step` (nothing when none is). */
  encode(encoder: GPUCommandEncoder, step: number): void {
    const list = this.due.get(step);
    if (!list) return;
    const pass = encoder.beginComputePass({ label: `dosing at step ${step}` });
    for (const record of list) record(pass);
    pass.end();
  }
}

/** What makes two injections the same dose (the step aside). */
function injectionKey(inj: Injection): string {
  if (inj.kind === 'systemic') return `systemic ${inj.field} ${inj.vesselField} ${inj.massUg}`;
  return `voxels ${inj.field} ${inj.voxels.join(',')} ${inj.add.join(',')}`;
}

/** Uploads a 'voxels' injection (VoxelInjection of inject_voxels.wgsl) and binds its kernel. */
async function voxelInjection(run: GpuRun, inj: Extract<Injection, { kind: 'voxels' }>): Promise<RecordInjection> {
  const n = inj.voxels.length;
  const words = new Uint32Array(2 + 2 * n);
  const increments = new Uint32Array(inj.add.buffer, inj.add.byteOffset, n);
  words[0] = inj.field;
  words[1] = n;
  for (let k = 0; k < n; k++) {
    words[2 + 2 * k] = inj.voxels[k];
    words[3 + 2 * k] = increments[k];
  }
  const buffer = run.buffer(`injection into field ${inj.field}`, words.byteLength);
  run.device.queue.writeBuffer(buffer, 0, words);
  const kernel = await run.kernel('inject_voxels', run.compose('inject_voxels.wgsl'), [run.fields, buffer]);
  const groups = run.groupsFor(n);
  return (pass) => kernel.dispatch(pass, ...groups);
}

/** Uploads a 'systemic' injection (SystemicInjection of inject_systemic.wgsl) and binds its kernels. */
async function systemicInjection(run: GpuRun, inj: Extract<Injection, { kind: 'systemic' }>, partials: GPUBuffer, perVessel: GPUBuffer): Promise<RecordInjection> {
  const params = run.buffer('systemic injection', 12, GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST);
  const words = new Uint32Array(3);
  words[0] = inj.field;
  words[1] = inj.vesselField;
  new Float32Array(words.buffer)[2] = (inj.massUg * UM3_PER_ML) / run.setup.grid.voxelVolume;
  run.device.queue.writeBuffer(params, 0, words);
  const code = run.compose('compensated_sum.wgsl', 'inject_systemic.wgsl');
  const all = [run.fields, params, partials, perVessel];
  const bind = (entry: string, ...used: number[]): Promise<Kernel> =>
    run.kernel(`inject_systemic: ${entry}`, code, all.map((b, k) => (used.includes(k) ? b : null)), entry);
  const [sum, close, add] = await Promise.all([bind('sum_vessels', 0, 1, 2), bind('close_vessel_sum', 1, 2, 3), bind('add_systemic', 0, 1, 3)]);
  const groups = run.groupsFor(run.setup.grid.cells, SUM_BLOCK);
  return (pass) => {
    sum.dispatch(pass, ...groups);
    close.dispatch(pass, 1);
    add.dispatch(pass, ...groups);
  };
}
