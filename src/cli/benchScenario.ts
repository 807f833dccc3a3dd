/**
 * Whole-run benchmark: an arm of a bundled scenario at its default resolution, run start to end through
 * the same code path as `exorepair run` (backend as createBackend picks it), repeated; wall time median.
 */
import { readFileSync } from 'node:fs';
import { validateScenario } from '../scenario/parse.ts';
import { createBackend } from '../sim/createBackend.ts';
import { runArm } from '../sim/runArm.ts';
import { prepareArm } from './runCommand.ts';

export interface ScenarioBenchResult {
  scenario: string;
  arm: string;
  simulated_days: number;
  steps: number;
  peak_agents: number;
  wall_seconds: number[];
  median_wall_seconds: number;
}

/** Runs `arm` of the scenario file (after `sets`) `repeats` times; reports each wall time and the median. */
export async function benchScenario(path: string, arm: string, repeats: number, sets: readonly string[] = []): Promise<ScenarioBenchResult> {
  const parsed = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path, sets);
  const walls: number[] = [];
  let steps = 0;
  let peak = 0;
  for (let r = 0; r < repeats; r++) {
    const { setup, state, table } = prepareArm(parsed, arm, path);
    const backend = createBackend('cpu', setup, state, table.base);
    const t0 = performance.now();
    const final = await runArm(setup, backend, table);
    walls.push(Number(((performance.now() - t0) / 1000).toFixed(1)));
    backend.dispose();
    steps = final.step;
    peak = final.peakCount;
  }
  const sorted = [...walls].sort((a, b) => a - b);
  return {
    scenario: parsed.scenario.id,
    arm,
    simulated_days: parsed.scenario.time.days,
    steps,
    peak_agents: peak,
    wall_seconds: walls,
    median_wall_seconds: sorted[sorted.length >> 1],
  };
}
