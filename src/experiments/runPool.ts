/**
 * Runs a list of jobs on all cores: one worker thread per core (each solving its fields on one thread),
 * each taking the next job when it finishes one; results come back in job order, so the outcome does not
 * depend on which worker ran what. With one worker (or one job) the jobs run in this thread instead, and
 * so do GPU jobs (one device, shared by the runs in turn; the GPU runs each job's kernels in parallel).
 * EXOREPAIR_WORKERS sets the default worker count.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { workerBootstrapSource } from '../sim/workerBootstrap.ts';
import { runJob, type RunJob, type RunResult } from './runJob.ts';
import type { RunWorkerApi } from './runWorker.ts';

export interface PoolOptions {
  /** Worker threads (default: EXOREPAIR_WORKERS, else the machine's available parallelism). */
  workers?: number;
  /** Progress over all jobs: steps done and total steps (jobs are assumed equally long). */
  onProgress?(done: number, total: number): void;
  /** Called with each job's index and result as soon as it finishes (e.g. to save it). */
  onResult?(index: number, result: RunResult): void;
}

/** The default number of workers: EXOREPAIR_WORKERS if set (a whole number >= 1), else the cores available. */
export function defaultWorkers(env: Record<string, string | undefined> = process.env): number {
  const forced = env.EXOREPAIR_WORKERS?.trim();
  if (forced !== undefined && forced !== '') {
    const n = Number(forced);
    if (!Number.isInteger(n) || n < 1) throw new Error(`EXOREPAIR_WORKERS: expected a whole number >= 1, found "${forced}"`);
    return n;
  }
  return availableParallelism();
}

/** Runs all jobs; the results are in the order of `jobs`. */
export async function runJobs(jobs: readonly RunJob[], opts: PoolOptions = {}): Promise<RunResult[]> {
  const onGpu = jobs.some((j) => j.backend === 'gpu');
  const workers = onGpu ? 1 : Math.max(1, Math.min(opts.workers ?? defaultWorkers(), jobs.length));
  const fraction = new Float64Array(jobs.length);
  const report = (k: number, step: number, total: number) => {
    fraction[k] = total > 0 ? step / total : 1;
    if (opts.onProgress) opts.onProgress(fraction.reduce((a, b) => a + b, 0) * 1000, jobs.length * 1000);
  };
  const results: RunResult[] = new Array(jobs.length);
  if (workers === 1) {
    for (let k = 0; k < jobs.length; k++) {
      results[k] = await runJob(jobs[k], (s, t) => report(k, s, t));
      opts.onResult?.(k, results[k]);
    }
    return results;
  }

  const started: Worker[] = [];
  let next = 0;
  const drive = async (): Promise<void> => {
    const moduleUrl = new URL('./runWorker.ts', import.meta.url).href;
    const worker = new Worker(workerBootstrapSource(moduleUrl, 'startRunWorker', 'the experiment worker pool'), {
      eval: true,
      env: { ...process.env, EXOREPAIR_THREADS: '1' },
      name: 'exorepair-run-worker',
    });
    started.push(worker);
    const failed = new Promise<never>((_, reject) => {
      worker.once('error', (e) => reject(new Error(`a run worker failed: ${e.message}`)));
      worker.once('exit', (code) => reject(new Error(`a run worker exited with code ${code}`)));
    });
    failed.catch(() => {});
    const api = Comlink.wrap<RunWorkerApi>(nodeEndpoint(worker));
    while (next < jobs.length) {
      const k = next++;
      const progress = Comlink.proxy((s: number, t: number) => report(k, s, t));
      results[k] = await Promise.race([api.run(jobs[k], progress), failed]);
      opts.onResult?.(k, results[k]);
    }
  };
  try {
    await Promise.all(Array.from({ length: workers }, drive));
  } finally {
    await Promise.all(started.map((w) => w.terminate()));
  }
  return results;
}
