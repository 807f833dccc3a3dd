/**
 * Whole-run benchmark: an arm of a bundled scenario at its default resolution, run start to end through
 * the same code path as `exorepair run` (backend as createBackend picks it), repeated; wall time median.
 */
import { readFileSync } from 'node:fs';
import { validateScenario } from '../scenario/parse.ts';
import { CpuBackend } from '../sim/cpu/CpuBackend.ts';
import { createBackend } from '../sim/createBackend.ts';
import { runArm } from '../sim/runArm.ts';
import { prepareArm } from './runCommand.ts';

export interface ScenarioBenchResult {
  scenario: string;
  arm: string;
  simulated_days: number;
  steps: number;
  peak_agents: number;
  /** Births and recruits refused because the run was at its max_agents capacity (the cap binding). */
  blocked_births: number;
  /** Threads that solved the fields (1 or 2; createBackend picks, EXOREPAIR_THREADS forces). */
  field_threads: number;
  wall_seconds: number[];
  median_wall_seconds: number;
  /** Mean wall milliseconds per step in each phase of the CPU backend, in the run with the median wall time. */
  phase_ms_per_step: Record<string, number>;
}

/** Runs `arm` of the scenario file (after `sets`) `repeats` times; reports each wall time and the median. */
export async function benchScenario(path: string, arm: string, repeats: number, sets: readonly string[] = []): Promise<ScenarioBenchResult> {
  const parsed = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path, sets);
  const walls: number[] = [];
  const phases: Record<string, number>[] = [];
  let steps = 0;
  let peak = 0;
  let blocked = 0;
  let threads = 1;
  for (let r = 0; r < repeats; r++) {
    const { setup, state, table } = prepareArm(parsed, arm, path);
    const backend = await createBackend('cpu', setup, state, table.base);
    if (backend instanceof CpuBackend) backend.profiling = true;
    const t0 = performance.now();
    const final = await runArm(setup, backend, table);
    walls.push(Number(((performance.now() - t0) / 1000).toFixed(1)));
    phases.push(backend instanceof CpuBackend ? perStep(backend.phaseMs, final.step) : {});
    if (backend instanceof CpuBackend) threads = backend.fieldThreads;
    backend.dispose();
    steps = final.step;
    peak = final.peakCount;
    blocked = final.blockedBirths;
  }
  const order = walls.map((w, i) => [w, i]).sort((a, b) => a[0] - b[0]);
  const mid = order[order.length >> 1];
  return {
    scenario: parsed.scenario.id,
    arm,
    simulated_days: parsed.scenario.time.days,
    steps,
    peak_agents: peak,
    blocked_births: blocked,
    field_threads: threads,
    wall_seconds: walls,
    median_wall_seconds: mid[0],
    phase_ms_per_step: phases[mid[1]],
  };
}

function perStep(ms: Readonly<Record<string, number>>, steps: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [phase, total] of Object.entries(ms)) out[phase] = Number((total / Math.max(1, steps)).toFixed(2));
  return out;
}
