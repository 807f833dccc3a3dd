/**
 * Runs experiment jobs on the worker pool behind a progress bar on stderr (none when quiet or not a
 * terminal). With a journal folder, each finished run is saved there as it ends and runs already saved
 * (same scenario, overrides, arm, seed, backend and code) are taken instead of run again.
 */
import type { RunJob, RunResult } from '../experiments/runJob.ts';
import { openRunJournal } from '../experiments/runJournal.ts';
import { runJobs } from '../experiments/runPool.ts';
import { createProgress } from './progress.ts';

export interface JobRunOptions {
  workers?: number;
  quiet?: boolean;
  /** Folder whose runs/ subfolder keeps finished runs (see runJournal.ts). */
  journal?: string;
  /** Run everything again, ignoring saved runs (they are still overwritten as runs finish). */
  fresh?: boolean;
}

/** Results in the order of `jobs`, and how many were taken from the journal. */
export async function runJobsWithProgress(label: string, jobs: readonly RunJob[], opts: JobRunOptions): Promise<{ results: RunResult[]; reused: number }> {
  const journal = opts.journal === undefined ? undefined : openRunJournal(opts.journal);
  const results: (RunResult | undefined)[] = jobs.map((job) => (journal && !opts.fresh ? journal.load(job) : undefined));
  const todo = jobs.map((_, k) => k).filter((k) => results[k] === undefined);
  const reused = jobs.length - todo.length;
  if (reused > 0 && !opts.quiet) process.stderr.write(`${label}: taking ${reused} of ${jobs.length} runs saved in ${opts.journal}/runs (same scenario, arm, seed and code; --fresh runs them again)\n`);
  const progress = createProgress(label, opts.quiet);
  try {
    const ran = await runJobs(
      todo.map((k) => jobs[k]),
      {
        workers: opts.workers,
        onProgress: (done, total) => progress.update(done, total),
        onResult: (i, result) => journal?.save(jobs[todo[i]], result),
      },
    );
    todo.forEach((k, i) => (results[k] = ran[i]));
  } finally {
    progress.stop();
  }
  return { results: results as RunResult[], reused };
}
