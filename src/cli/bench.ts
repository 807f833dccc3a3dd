/**
 * `npm run bench` / `exorepair bench`: speed and accuracy figures as JSON (never a timed test).
 * Agent steps at 10k and 100k agents, the field solver at 512² and 1024² with 6 fields, the solver's
 * relative L2 error after one simulated hour on the analytic cases against a dt = 0.01 min reference, and
 * a plain JS memory triad measured in the same run as the machine's baseline. Figures are medians.
 */
import { cpus } from 'node:os';
import { accuracyTable, timeFieldSolver } from '../sim/cpu/fieldAccuracy.ts';
import { benchAgents, memoryTriadGBs } from './benchAgents.ts';

const round = (x: number, digits = 3) => Number(x.toPrecision(digits));

/** Runs every benchmark; `quick` shortens repeats and grids for a smoke check. */
export async function runBenchmarks(opts: { quick: boolean }): Promise<Record<string, unknown>> {
  const repeats = opts.quick ? 1 : 3;
  const triad = memoryTriadGBs(opts.quick ? 2 : 5);
  const agents10k = await benchAgents(10_000, opts.quick ? 5 : 30, opts.quick ? 5 : 40, repeats);
  const agents100k = await benchAgents(100_000, opts.quick ? 3 : 20, opts.quick ? 3 : 20, repeats);
  const timing = timeFieldSolver({ sizes: opts.quick ? [256] : [512, 1024], dt: 5, repeats: opts.quick ? 2 : 7, warmup: opts.quick ? 3 : 20 });
  const accuracy = accuracyTable(opts.quick ? [5] : [1, 5], opts.quick ? { grid: { nx: 64, ny: 64, dx: 20 }, tEnd: 10, refDt: 0.1 } : {});
  return {
    quick: opts.quick,
    machine: { cores: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version },
    memory_triad_js_gb_per_s: triad,
    agent_step: { target_ns_per_agent: 250, at_10k: agents10k, at_100k: agents100k },
    field_solver: {
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
    },
  };
}
