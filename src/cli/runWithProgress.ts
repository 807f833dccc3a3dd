/** Runs experiment jobs on the worker pool behind a progress bar on stderr (none when quiet or not a terminal). */
import type { RunJob, RunResult } from '../experiments/runJob.ts';
import { runJobs } from '../experiments/runPool.ts';
import { createProgress } from './progress.ts';

export async function runJobsWithProgress(label: string, jobs: readonly RunJob[], opts: { workers?: number; quiet?: boolean }): Promise<RunResult[]> {
  const progress = createProgress(label, opts.quiet);
  try {
    return await runJobs(jobs, { workers: opts.workers, onProgress: (done, total) => progress.update(done, total) });
  } finally {
    progress.stop();
  }
}
