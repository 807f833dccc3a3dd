/**
 * `exorepair compare <scenario.json> --seeds N`: every arm over seeds s, s + 1, ..., s + N - 1 (paired:
 * seed k of every arm draws the same random numbers), on all cores. Writes per arm the ensemble time
 * series (timeseries-<arm>.csv: mean, `_lo`, `_hi` per read-out), comparison.json (ensemble.ts),
 * runs.csv (final read-outs of every run), readouts.json, plots/<read-out>.svg (mean and 95% band per
 * arm; .png too with --png) and receipt.json. Each run is saved in runs/ as it ends; the same command
 * again takes the saved runs and runs only the rest (runJournal.ts; --fresh runs all).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgToPng, timeSeriesSvg } from '../analysis/plots.ts';
import type { ReadoutSpec } from '../model/types.ts';
import { compareEnsembles, ensembleBand, ensembleTimeseriesCsv, jsonText, type ArmRuns } from '../experiments/ensemble.ts';
import { writeReceipt } from '../experiments/receipt.ts';
import { ensembleSeeds, finalValue, type RunJob } from '../experiments/runJob.ts';
import { resolveRun } from '../sim/runSetup.ts';
import type { CompareOptions, ComparePlan } from './compareCommand.ts';
import { readoutsJson } from './outputs.ts';
import { runJobsWithProgress } from './runWithProgress.ts';
import { UserError } from './userError.ts';

/** runs.csv: one row per (arm, seed) with the final value of every read-out (empty where undefined). */
export function runsCsv(arms: readonly ArmRuns[], readouts: readonly ReadoutSpec[]): string {
  const lines = [['arm', 'seed', ...readouts.map((r) => r.name)].join(',')];
  for (const a of arms) {
    for (const run of a.runs) {
      const values = readouts.map((r) => finalValue(run, r.name));
      lines.push([a.arm, String(run.seed), ...values.map((v) => (Number.isFinite(v) ? String(v) : ''))].join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the ensemble comparison of a validated plan; returns the output folder. */
export async function compareEnsemble(plan: ComparePlan, opts: CompareOptions): Promise<string> {
  const n = opts.seeds!;
  if (!(Number.isInteger(n) && n >= 2)) throw new UserError(`--seeds: expected a whole number >= 2 (a confidence interval needs two runs), found ${n}`);
  if (opts.workers !== undefined && !(Number.isInteger(opts.workers) && opts.workers >= 1)) throw new UserError(`--workers: expected a whole number >= 1, found ${opts.workers}`);
  const { parsed, arms, outDir } = plan;
  const seeds = ensembleSeeds(parsed.scenario.seed, n);
  const readouts = resolveRun(parsed, arms[0]).readouts;
  const jobs: RunJob[] = arms.flatMap((arm) => seeds.map((seed) => ({ scenarioText: plan.text, source: plan.scenarioPath, sets: plan.sets, arm, seed, backend: plan.kind })));

  const started = performance.now();
  const { results, reused } = await runJobsWithProgress(`${parsed.scenario.id} ${arms.length} arms x ${n} seeds`, jobs, { ...opts, journal: outDir });
  const armRuns: ArmRuns[] = arms.map((arm, a) => ({ arm, runs: results.slice(a * n, (a + 1) * n) }));

  mkdirSync(join(outDir, 'plots'), { recursive: true });
  const csvByArm = new Map(armRuns.map((a) => [a.arm, ensembleTimeseriesCsv(a, readouts)]));
  for (const [arm, csv] of csvByArm) writeFileSync(join(outDir, `timeseries-${arm}.csv`), csv);
  writeFileSync(join(outDir, 'runs.csv'), runsCsv(armRuns, readouts));
  writeFileSync(join(outDir, 'readouts.json'), readoutsJson(readouts));
  const comparison = { scenario: parsed.scenario.id, backend: plan.kind, ...compareEnsembles(armRuns, readouts, plan.windows) };
  writeFileSync(join(outDir, 'comparison.json'), jsonText(comparison));
  for (const r of readouts) {
    const svg = await timeSeriesSvg({ title: `${parsed.scenario.id}: ${r.name} (mean, 95% CI over ${n} seeds)`, readout: r.name, unit: r.unit, bands: armRuns.map((a) => ensembleBand(a, r)) });
    writeFileSync(join(outDir, 'plots', `${r.name}.svg`), svg);
    if (opts.png) writeFileSync(join(outDir, 'plots', `${r.name}.png`), svgToPng(svg));
  }
  const wallSeconds = (performance.now() - started) / 1000;
  writeReceipt(outDir, { scenarioPath: plan.scenarioPath, scenarioText: plan.text, overrides: plan.sets, arms, seeds, backend: plan.kind, wallSeconds, extra: { runs_reused: reused } });
  return outDir;
}
