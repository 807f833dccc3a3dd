/**
 * Drives one arm from its current step to the end: advances the backend between stops (output rows,
 * frames, snapshots), records read-out rows (a row at t = 0 and always one at the final step) and
 * reports progress. The same driver serves fresh and resumed runs.
 */
import type { ReadoutTable } from '../analysis/readoutTable.ts';
import type { RunSetup } from './runSetup.ts';
import type { SimBackend } from './SimBackend.ts';
import type { SimState } from './state.ts';

export interface RunHooks {
  /** Called after every advance with steps done and total steps. */
  onProgress?(step: number, total: number): void;
  /** Steps at which to hand a state copy to onStop (frames, snapshots); any order. */
  stopSteps?: readonly number[];
  onStop?(step: number, state: SimState, table: ReadoutTable): void | Promise<void>;
}

/** Day of a step. */
export function dayOfStep(setup: RunSetup, step: number): number {
  return (step * setup.dt) / 1440;
}

/** Runs until the setup's last step; returns the final state. */
export async function runArm(setup: RunSetup, backend: SimBackend, table: ReadoutTable, hooks: RunHooks = {}): Promise<SimState> {
  const total = setup.totalSteps;
  const stops = [...new Set(hooks.stopSteps ?? [])].filter((s) => s > backend.step && s <= total).sort((a, b) => a - b);
  if (table.rows === 0) table.append(dayOfStep(setup, backend.step), await backend.readBase());
  hooks.onProgress?.(backend.step, total);
  while (backend.step < total) {
    const nextOutput = Math.min(total, (Math.floor(backend.step / setup.outputEvery) + 1) * setup.outputEvery);
    const next = Math.min(nextOutput, stops.length > 0 ? stops[0] : total);
    await backend.advance(next - backend.step);
    if (backend.step % setup.outputEvery === 0 || backend.step === total) {
      table.append(dayOfStep(setup, backend.step), await backend.readBase());
    }
    if (stops.length > 0 && stops[0] === backend.step) {
      stops.shift();
      await hooks.onStop?.(backend.step, await backend.readState(), table);
    }
    hooks.onProgress?.(backend.step, total);
  }
  return backend.readState();
}
