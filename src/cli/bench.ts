/**
 * `npm run bench` / `exorepair bench`: speed and accuracy figures as JSON (never a timed test).
 * Agent steps at 10k and 100k agents, the field solver at 512² and 1024² with 6 fields, the solver's
 * relative L2 error after one simulated hour on the analytic cases against a dt = 0.01 min reference, one
 * update of the bone mechanics (benchMechanics.ts), whole runs of the untreated skin wound (14 days) and
 * fracture gap (56 days) (benchScenario.ts), and a plain JS memory triad measured in the same run as the
 * machine's baseline. Figures are medians.
 */
import { cpus } from 'node:os';
import { accuracyTable, timeFieldSolver } from '../sim/cpu/fieldAccuracy.ts';
import { benchAgents, memoryTriadGBs } from './benchAgents.ts';
import { benchMechanics } from './benchMechanics.ts';
import { benchScenario } from './benchScenario.ts';
import { BENCH_GROUPS, type BenchGroup } from './benchGroups.ts';

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** Runs the selected benchmarks; `quick` shortens repeats, grids and runs for a smoke check. */
export async function runBenchmarks(opts: { quick: boolean; only?: readonly BenchGroup[] }): Promise<Record<string, unknown>> {
  const only = new Set(opts.only ?? BENCH_GROUPS);
  const repeats = opts.quick ? 1 : 3;
  const out: Record<string, unknown> = {
    quick: opts.quick,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    memory_triad_js_gb_per_s: memoryTriadGBs(opts.quick ? 2 : 5),
  };
  if (only.has('agents')) {
    const agents10k = await benchAgents(10_000, opts.quick ? 5 : 30, opts.quick ? 5 : 40, repeats);
    const agents100k = await benchAgents(100_000, opts.quick ? 3 : 20, opts.quick ? 3 : 20, repeats);
    out.agent_step = { target_ns_per_agent: 250, at_10k: agents10k, at_100k: agents100k };
  }
  if (only.has('fields')) out.field_solver = fieldBenchmarks(opts.quick);
  if (only.has('mechanics')) out.mechanics_update = benchMechanics(opts.quick ? 1 : 5);
  if (only.has('skin')) {
    // The full 14-day untreated skin wound (issue target: <= 5 min, median of 3); --quick runs one day once.
    const result = await benchScenario('scenarios/skin-wound.json', 'untreated', repeats, opts.quick ? ['time.days=1'] : []);
    out.skin_wound_untreated = { target_median_wall_seconds: 300, ...result };
  }
  if (only.has('fracture')) {
    // The 8-week untreated fracture gap (issue 7 target: <= 5 min, median of 3); --quick runs one day once.
    const result = await benchScenario('scenarios/fracture-gap.json', 'untreated', repeats, opts.quick ? ['time.days=1'] : []);
    out.fracture_gap_untreated = { target_median_wall_seconds: 300, ...result };
  }
  return out;
}

function fieldBenchmarks(quick: boolean): Record<string, unknown> {
  const timing = timeFieldSolver({ sizes: quick ? [256] : [512, 1024], dt: 5, repeats: quick ? 2 : 7, warmup: quick ? 3 : 20 });
  const accuracy = accuracyTable(quick ? [5] : [1, 5], quick ? { grid: { nx: 64, ny: 64, dx: 20 }, tEnd: 10, refDt: 0.1 } : {});
  return {
    target_ns_per_voxel_field: 20,
    method: 'backward Euler (unsplit), exact half-step decay; LOD defect correction + 1 multigrid V-cycle',
    timing: timing.map((t) => ({
      grid: `${t.n}x${t.n}`,
      fields: t.fields,
      dt_min: 5,
      ns_per_voxel_field_step: round(t.nsPerVoxelFieldStep),
      per_field_ns: t.perField.map((v) => round(v)),
    })),
    target_relative_l2_error: 0.01,
    accuracy_after_1h: accuracy.map((a) => ({
      case: a.case,
      dt_min: a.dt,
      vs_dt_0_01_reference: round(a.vsReference),
      vs_analytic: round(a.vsAnalytic),
    })),
  };
}
