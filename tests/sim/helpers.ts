/** Shared set-up for engine tests: a validated scenario, its run setup, initial state and a CPU backend. */
import { readFileSync } from 'node:fs';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { CpuBackend } from '../../src/sim/cpu/CpuBackend.ts';
import { createInitialState } from '../../src/sim/initialState.ts';
import { resolveRun, type RunSetup } from '../../src/sim/runSetup.ts';
import type { SimState } from '../../src/sim/state.ts';

export function loadScenario(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
}

export interface TestRun {
  setup: RunSetup;
  state: SimState;
  table: ReadoutTable;
  backend: CpuBackend;
}

/** Builds a CPU run of `arm` of a scenario document, after `sets`. */
export function makeRun(doc: unknown, sets: string[] = [], arm?: string): TestRun {
  const parsed = validateScenario(doc, 'test', sets);
  const setup = resolveRun(parsed, arm ?? Object.keys(parsed.scenario.arms)[0]);
  const state = createInitialState(setup);
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const backend = new CpuBackend(setup, state, table.base);
  return { setup, state, table, backend };
}

/** The bytes of a state's live agents and fields, for exact comparisons. */
export function stateBytes(s: SimState): { agents: Uint8Array; fields: Uint8Array; counters: number[] } {
  return {
    agents: new Uint8Array(s.u.buffer.slice(0, s.count * s.stride * 4)),
    fields: new Uint8Array(s.fields.buffer.slice(0)),
    counters: [s.step, s.count, s.nextId, s.blockedBirths, s.peakCount],
  };
}

/** A small scenario of the demo model for fast tests (1 x 1 mm, dt 5 min). */
export function smallDemo(days = 0.5): Record<string, unknown> {
  return {
    id: 'small-demo',
    title: 'small demo',
    model: 'demo',
    seed: 3,
    domain: { width_um: 1000, height_um: 1000, dx_um: 20, depth_um: 100 },
    time: { days, dt_min: 5, output_every_h: 2 },
    regions: { defect: { shape: 'circle', center_um: [500, 500], radius_um: 150 } },
    initial: {
      agents: [
        { type: 'beacon', region: 'defect', count: 10 },
        { type: 'follower', region: 'domain', density_per_mm2: 800 },
        { type: 'wanderer', region: 'domain', density_per_mm2: 200 },
      ],
    },
    arms: { baseline: {}, other: { parameters: { 'follower.speed': 1 } } },
  };
}
