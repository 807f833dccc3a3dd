/**
 * Agent-step benchmark: the demo model's three cell types (1% beacons, 80% followers, 19% wanderers), all
 * spread uniformly at a packed-tissue density of 5,000 cells/mm² on a square domain, with every agent phase
 * (binning, migration with chemotaxis and haptotaxis, mechanics, ageing and rules, cycle and death,
 * secretion and uptake, births and deaths) at dt = 5 min. Beacons are scattered (not clustered) so the
 * tissue stays near uniform over the run and the neighbour count stays realistic. The field solve is
 * timed separately and excluded.
 */
import { validateScenario } from '../scenario/parse.ts';
import { CpuBackend } from '../sim/cpu/CpuBackend.ts';
import { createInitialState } from '../sim/initialState.ts';
import { resolveRun } from '../sim/runSetup.ts';
import { ReadoutTable } from '../analysis/readoutTable.ts';

export interface AgentBenchResult {
  agents: number;
  steps: number;
  ns_per_agent_step: number;
  /** Median over repeats of each phase, ns per agent-step. */
  phases_ns_per_agent: Record<string, number>;
  mean_interacting_neighbours: number;
  density_per_mm2: number;
}

const DENSITY = 5000;

/** A square demo scenario holding about `agents` cells. */
export function benchScenario(agents: number): unknown {
  const dx = 20;
  const side = Math.ceil(Math.sqrt(agents / DENSITY) * 1000 / dx) * dx;
  const areaMm2 = (side / 1000) ** 2;
  const c = side / 2;
  return {
    id: `bench-${agents}`,
    title: 'agent benchmark',
    model: 'demo',
    seed: 7,
    domain: { width_um: side, height_um: side, dx_um: dx, depth_um: 100 },
    time: { days: 1, dt_min: 5, output_every_h: 24 },
    regions: { defect: { shape: 'circle', center_um: [c, c], radius_um: side / 4 } },
    initial: {
      agents: [
        { type: 'beacon', region: 'domain', count: Math.floor(agents * 0.01) },
        { type: 'follower', region: 'domain', density_per_mm2: (agents * 0.8) / areaMm2 },
        { type: 'wanderer', region: 'domain', density_per_mm2: (agents * 0.19) / areaMm2 },
      ],
    },
    // Weaker chemotaxis than the demo's, so followers do not pile onto beacons during the timing.
    parameters: { 'follower.chemotaxis.attractant': 0.3 },
    arms: { baseline: {} },
  };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : 0.5 * (s[m - 1] + s[m]);
}

/** Times the agent phases at about `agents` cells: `repeats` runs of `steps` steps after `warmup` steps. */
export async function benchAgents(agents: number, warmup: number, steps: number, repeats: number): Promise<AgentBenchResult> {
  const parsed = validateScenario(benchScenario(agents), `bench-${agents}`);
  const setup = resolveRun(parsed, 'baseline');
  const state = createInitialState(setup);
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const backend = new CpuBackend(setup, state, table.base);
  await backend.advance(warmup);
  const perPhase: Record<string, number[]> = {};
  const totals: number[] = [];
  let agentSteps = 0;
  for (let r = 0; r < repeats; r++) {
    for (const k of Object.keys(backend.phaseMs)) backend.phaseMs[k] = 0;
    backend.profiling = true;
    const before = (await backend.readState()).count;
    await backend.advance(steps);
    backend.profiling = false;
    const after = (await backend.readState()).count;
    agentSteps = ((before + after) / 2) * steps;
    let total = 0;
    for (const [phase, ms] of Object.entries(backend.phaseMs)) {
      const ns = (ms * 1e6) / agentSteps;
      (perPhase[phase] ??= []).push(ns);
      if (phase !== 'fields') total += ns;
    }
    totals.push(total);
  }
  const phases: Record<string, number> = {};
  for (const [phase, xs] of Object.entries(perPhase)) phases[phase] = Number(median(xs).toFixed(1));
  return {
    agents: (await backend.readState()).count,
    steps,
    ns_per_agent_step: Number(median(totals).toFixed(1)),
    phases_ns_per_agent: phases,
    mean_interacting_neighbours: Number(backend.meanInteractingNeighbours().toFixed(2)),
    density_per_mm2: DENSITY,
  };
}

/** Plain JS Float32Array triad a[i] = b[i] + s·c[i] over 3 x 64 MiB: the machine's memory baseline, GB/s. */
export function memoryTriadGBs(repeats: number): number {
  const n = 16 * 1024 * 1024;
  const a = new Float32Array(n);
  const b = new Float32Array(n).fill(1);
  const c = new Float32Array(n).fill(2);
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) a[i] = b[i] + 3 * c[i];
    const s = (performance.now() - t0) / 1000;
    rates.push((3 * 4 * n) / s / 1e9);
  }
  return Number(median(rates).toFixed(2));
}
