/**
 * The page's handle on the CPU twins running in a Web Worker (cpuTwinWorker.ts), over comlink. Every call
 * is a promise; the step is tracked here, so reading it costs no round trip. A failure inside the worker
 * rejects the call with the worker's message; a worker that dies or cannot load, or is terminated, rejects
 * every pending and later call.
 */
import * as Comlink from 'comlink';
import type { SimState } from '../sim/state.ts';
import type { TwinFrame } from './cpuTwins.ts';
import type { CpuTwinStart, CpuTwinWorkerApi } from './cpuTwinWorker.ts';
import type { PageRun } from './pageRun.ts';
import type { PickedCell } from './pickAgent.ts';

/** A worker seen from this side: its message endpoint, how to stop it, and a promise that rejects if it dies. */
export interface TwinWorkerLink {
  endpoint: Comlink.Endpoint;
  terminate(): void;
  /** Rejects with the reason when the worker fails outside a call (never resolves). */
  failed: Promise<never>;
}

export class CpuTwinClient {
  private current: number;
  /** Rejects when terminate() is called, so no call is left pending. */
  private readonly stopped: Promise<never>;
  private stop: (reason: Error) => void = () => {};

  constructor(
    private readonly remote: Comlink.Remote<CpuTwinWorkerApi>,
    private readonly link: TwinWorkerLink,
    started: CpuTwinStart,
  ) {
    this.current = started.step;
    this.totalSteps = started.totalSteps;
    this.stopped = new Promise<never>((_, reject) => (this.stop = reject));
    this.stopped.catch(() => {});
  }

  /** Steps of the whole run. */
  readonly totalSteps: number;

  /** Steps completed by both arms (as of the last advance that resolved). */
  get step(): number {
    return this.current;
  }

  /** Settles with the call, or rejects when the worker dies or is terminated first. */
  private call<T>(pending: Promise<T>): Promise<T> {
    return Promise.race([pending, this.link.failed, this.stopped]);
  }

  /** Advances both arms by `steps` (stopping at totalSteps); `step` then holds the step reached. */
  async advance(steps: number): Promise<void> {
    this.current = await this.call(this.remote.advance(steps));
  }

  /** Both arms' base read-out values (order of ReadoutTable.base). */
  readBase(): Promise<[Float64Array, Float64Array]> {
    return this.call(this.remote.readBase());
  }

  /** Both arms' sprites and the values of field number `field`. */
  frame(field: number): Promise<TwinFrame> {
    return this.call(this.remote.frame(field));
  }

  /** The agent of arm `arm` under (x, y) µm, or null. */
  pick(arm: 0 | 1, x: number, y: number): Promise<PickedCell | null> {
    return this.call(this.remote.pick(arm, x, y));
  }

  /** Copies of both arms' full states. */
  readStates(): Promise<[SimState, SimState]> {
    return this.call(this.remote.readStates());
  }

  /** Stops the worker; pending and later calls reject. */
  terminate(): void {
    this.stop(new Error('the CPU twin worker was terminated'));
    this.link.terminate();
  }
}

/**
 * Starts the twins of `run` in the worker behind `link` (fresh, or continuing from `states`, which are
 * copied); on failure (e.g. an invalid run) stops the worker and rejects with the worker's message.
 */
export async function connectCpuTwins(link: TwinWorkerLink, run: PageRun, states?: [SimState, SimState]): Promise<CpuTwinClient> {
  const remote = Comlink.wrap<CpuTwinWorkerApi>(link.endpoint);
  try {
    const started = await Promise.race([remote.start(run, states), link.failed]);
    return new CpuTwinClient(remote, link, started);
  } catch (e) {
    link.terminate();
    throw e;
  }
}

/** Starts a Web Worker running the CPU twins of `run` (bundled by vite) and connects to it. */
export function startCpuTwins(run: PageRun, states?: [SimState, SimState]): Promise<CpuTwinClient> {
  const worker = new Worker(new URL('./cpuTwinWorker.ts', import.meta.url), { type: 'module', name: 'exorepair-cpu-twins' });
  const failed = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => reject(new Error(`the CPU twin worker failed: ${e.message || 'it could not start'}`)));
    worker.addEventListener('messageerror', () => reject(new Error('the CPU twin worker sent a message that could not be read')));
  });
  failed.catch(() => {});
  return connectCpuTwins({ endpoint: worker, terminate: () => worker.terminate(), failed }, run, states);
}
