/**
 * A folder of finished runs (DIR/runs/*.json), written as each run ends, so that a long ensemble that is
 * stopped (killed, crashed, out of time) loses only the runs in progress: the same command again takes the
 * saved runs whose key matches and runs only the rest. The key is a SHA-256 of everything that decides a
 * result: the scenario text, the overrides, arm, seed, backend and the code's identity (codeIdentity.ts).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { codeIdentity } from './codeIdentity.ts';
import { sha256 } from './receipt.ts';
import type { RunJob, RunResult } from './runJob.ts';

export interface RunJournal {
  /** The saved result of a job, if this folder holds one made by the same code. */
  load(job: RunJob): RunResult | undefined;
  /** Saves a finished job's result (atomically: a stopped write leaves no half file). */
  save(job: RunJob, result: RunResult): void;
}

/** What decides a job's result, hashed. */
export function runKey(job: RunJob, code: string = codeIdentity()): string {
  return sha256(JSON.stringify({ code, scenario: job.scenarioText, sets: job.sets, arm: job.arm, seed: job.seed, backend: job.backend ?? 'cpu' }));
}

// JSON has no NaN or infinities; an unreached time-to-event is NaN.
const encode = (_: string, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);
const decode = (_: string, v: unknown) => (v === 'NaN' || v === 'Infinity' || v === '-Infinity' ? Number(v) : v);

const fileName = (job: RunJob, key: string) => `${job.arm.replace(/[^A-Za-z0-9_-]/g, '_')}-seed${job.seed}-${key.slice(0, 16)}.json`;

/** The journal in `dir`/runs (created on the first save). */
export function openRunJournal(dir: string): RunJournal {
  const runsDir = join(dir, 'runs');
  return {
    load(job) {
      const key = runKey(job);
      const path = join(runsDir, fileName(job, key));
      if (!existsSync(path)) return undefined;
      try {
        const saved = JSON.parse(readFileSync(path, 'utf8'), decode) as { key: string; result: RunResult };
        return saved.key === key ? saved.result : undefined;
      } catch {
        return undefined; // unreadable: run it again
      }
    },
    save(job, result) {
      mkdirSync(runsDir, { recursive: true });
      const key = runKey(job);
      const path = join(runsDir, fileName(job, key));
      writeFileSync(`${path}.part`, JSON.stringify({ key, result }, encode));
      renameSync(`${path}.part`, path);
    },
  };
}
