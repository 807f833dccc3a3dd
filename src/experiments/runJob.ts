/**
 * One run of an experiment (an arm of a scenario at one seed, after `--set` overrides), as plain data so
 * that it can be sent to a worker thread, and its result: the read-out time series. Ensembles, sweeps,
 * sensitivity analyses and the validation suite are lists of jobs (runPool.ts runs them).
 */
import { prepareArm } from '../cli/runCommand.ts';
import { parseScenarioText } from '../scenario/parse.ts';
import { createBackend } from '../sim/createBackend.ts';
import type { BackendKind } from '../sim/SimBackend.ts';
import { runArm } from '../sim/runArm.ts';

export interface RunJob {
  /** The scenario file's text and where it came from (for error messages). */
  scenarioText: string;
  source: string;
  /** `--set` assignments applied before validation (without the seed). */
  sets: readonly string[];
  arm: string;
  seed: number;
  /** Backend of the run (default cpu). GPU jobs run one at a time in the main thread (one device). */
  backend?: BackendKind;
}

export interface RunResult {
  arm: string;
  seed: number;
  /** Output days, one per row. */
  days: number[];
  /** Requested read-outs (names in declared order) and their columns; NaN where a value is undefined (an unreached time-to-event). */
  names: string[];
  columns: number[][];
  steps: number;
  peakAgents: number;
  wallSeconds: number;
}

/** Runs a job in this thread on its backend; `onProgress` gets steps done and total. */
export async function runJob(job: RunJob, onProgress?: (step: number, total: number) => void): Promise<RunResult> {
  const parsed = parseScenarioText(job.scenarioText, job.source, [...job.sets, `seed=${job.seed}`]);
  const { setup, state, table } = prepareArm(parsed, job.arm, job.source);
  const started = performance.now();
  const backend = await createBackend(job.backend ?? 'cpu', setup, state, table.base);
  try {
    const final = await runArm(setup, backend, table, onProgress ? { onProgress } : {});
    return {
      arm: job.arm,
      seed: job.seed,
      days: [...table.days],
      names: table.requested.map((r) => r.name),
      columns: table.requested.map((r) => [...table.column(r.name)]),
      steps: final.step,
      peakAgents: final.peakCount,
      wallSeconds: (performance.now() - started) / 1000,
    };
  } finally {
    backend.dispose();
  }
}

/** Seeds of an ensemble of `n` runs starting at `base`: seed k of every arm draws the same random numbers. */
export function ensembleSeeds(base: number, n: number): number[] {
  return Array.from({ length: n }, (_, k) => base + k);
}

/** Final value of a read-out in a result (NaN when undefined). */
export function finalValue(result: RunResult, name: string): number {
  const k = result.names.indexOf(name);
  if (k < 0) throw new Error(`result of arm ${result.arm}, seed ${result.seed} has no read-out ${name}`);
  const column = result.columns[k];
  return column[column.length - 1];
}

/**
 * Final value of a read-out, with an unreached time-to-event counted as the run's length (the restricted
 * time: every run of an experiment ends on the same day, so censoring happens only there).
 */
export function restrictedFinal(result: RunResult, name: string, isEvent: boolean): number {
  const v = finalValue(result, name);
  return isEvent && !Number.isFinite(v) ? result.days[result.days.length - 1] : v;
}
