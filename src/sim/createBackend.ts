/**
 * Chooses and constructs a backend for a run (the CLI's entry to the engine). In Node with at least two
 * available cores, on grids large enough to repay the worker's start (about half a second), the CPU
 * backend solves the fields on two threads (a worker; results are bit-identical to one thread);
 * EXOREPAIR_THREADS=1 forces one thread, =2 two. If the worker cannot start, the run continues on one
 * thread after a one-line notice on stderr.
 */
import { CpuBackend } from './cpu/CpuBackend.ts';
import { GpuBackend } from './gpu/GpuBackend.ts';
import { describeAdapter, findAdapter, openDeviceFor } from './gpu/gpuDevice.ts';
import { parallelFieldsSupported } from './cpu/parallelFieldStepper.ts';
import type { ReadoutSpec } from '../model/types.ts';
import type { RunSetup } from './runSetup.ts';
import type { BackendKind, SimBackend } from './SimBackend.ts';
import type { SimState } from './state.ts';

export type BackendChoice = BackendKind | 'auto';

/** A backend that cannot be used here (no adapter, not built); the message says why. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/**
 * The backend a choice resolves to, with the reason (the CLI prints it for `auto`): `gpu` needs a WebGPU
 * adapter (BackendUnavailableError naming why there is none); `auto` takes the GPU when there is an
 * adapter and says which, else the CPU and says why.
 */
export async function resolveBackendChoice(choice: BackendChoice): Promise<{ kind: BackendKind; reason: string }> {
  if (choice === 'cpu') return { kind: 'cpu', reason: 'requested' };
  const found = await findAdapter();
  if (choice === 'gpu') {
    if (!found.adapter) throw new BackendUnavailableError(`--backend gpu: ${found.reason}; use --backend cpu`);
    return { kind: 'gpu', reason: `requested; adapter ${describeAdapter(found.adapter)}` };
  }
  if (found.adapter) return { kind: 'gpu', reason: `auto: WebGPU adapter ${describeAdapter(found.adapter)}` };
  return { kind: 'cpu', reason: `auto: no WebGPU adapter (${found.reason}), so the CPU backend runs` };
}

/** Voxels per field below which a second thread does not repay its start (the engine demo has 10,000). */
export const MIN_PARALLEL_VOXELS = 40_000;

/**
 * Threads (1 or 2) for the CPU backend's field solves: EXOREPAIR_THREADS if set (1 or 2), else 2 where
 * two-thread solving is supported, `cores` (available parallelism) is at least 2 and the grid has at
 * least two fields of MIN_PARALLEL_VOXELS voxels.
 */
export function cpuFieldThreads(
  env: Record<string, string | undefined>,
  cores: number,
  grid: { voxels: number; fields: number },
  supported = parallelFieldsSupported(),
): 1 | 2 {
  const forced = env.EXOREPAIR_THREADS?.trim();
  if (forced === '1') return 1;
  if (forced === '2') return 2;
  if (forced !== undefined && forced !== '') throw new BackendUnavailableError(`EXOREPAIR_THREADS: expected 1 or 2, found "${forced}"`);
  return supported && cores >= 2 && grid.fields >= 2 && grid.voxels >= MIN_PARALLEL_VOXELS ? 2 : 1;
}

/** Available parallelism of this machine (cores; 1 where Node's os module is not reachable). */
function availableCores(): number {
  if (typeof process === 'undefined' || typeof process.getBuiltinModule !== 'function') return 1;
  const os = process.getBuiltinModule('node:os');
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/**
 * Constructs the backend of the given kind over an initial or resumed state. The GPU backend opens its own
 * device, sized for the run (a run that does not fit fails here with GpuBudgetError, before allocating).
 */
export async function createBackend(kind: BackendKind, setup: RunSetup, state: SimState, baseReadouts: readonly ReadoutSpec[]): Promise<SimBackend> {
  if (kind === 'gpu') {
    const found = await findAdapter();
    if (!found.adapter) throw new BackendUnavailableError(`--backend gpu: ${found.reason}; use --backend cpu`);
    const device = await openDeviceFor(found.adapter, setup);
    return GpuBackend.create(setup, state, baseReadouts, device, true);
  }
  const env = typeof process === 'undefined' ? {} : process.env;
  const threads = cpuFieldThreads(env, availableCores(), { voxels: setup.grid.cells, fields: setup.model.compiled.spec.fields.length });
  return new CpuBackend(setup, state, baseReadouts, {
    threads,
    onSingleThread: (reason) => process.stderr.write(`exorepair: solving fields on one thread (${reason})\n`),
  });
}
