/**
 * The worker side of runPool.ts: exposes runJob over comlink. Started through workerBootstrap.ts, which
 * calls startRunWorker(workerData, parentPort) inside the worker thread.
 */
import type { MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { runJob, type RunJob, type RunResult } from './runJob.ts';

/** What a run worker offers the main thread. */
export interface RunWorkerApi {
  run(job: RunJob, onProgress?: (step: number, total: number) => void): Promise<RunResult>;
}

export function startRunWorker(_data: unknown, port: MessagePort): void {
  const api: RunWorkerApi = { run: (job, onProgress) => runJob(job, onProgress) };
  Comlink.expose(api, nodeEndpoint(port));
}
