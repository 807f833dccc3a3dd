/**
 * `exorepair compare <scenario.json> [--arms A,B,...] [--seed N] [--seeds N] [--days D] [--window A-B ...] [--out DIR]`:
 * runs arms of a scenario on common random numbers (the same seed, so the twins draw the same numbers until
 * the treatment changes what happens), writes timeseries-<arm>.csv per arm, readouts.json, receipt.json and
 * comparison.json (final values, window means, differences from the first arm listed). With --seeds N
 * each arm runs over N seeds instead (compareEnsemble.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ReadoutTable } from '../analysis/readoutTable.ts';
import { compareTwins, parseWindow, type DayWindow } from '../analysis/twinComparison.ts';
import { writeReceipt } from '../experiments/receipt.ts';
import { parseScenarioText, type ParsedScenario } from '../scenario/parse.ts';
import { oneOf } from '../scenario/semantics.ts';
import { createBackend, resolveBackendChoice, type BackendChoice } from '../sim/createBackend.ts';
import type { BackendKind } from '../sim/SimBackend.ts';
import { runArm } from '../sim/runArm.ts';
import { readoutsJson, timeseriesCsv } from './outputs.ts';
import { createProgress } from './progress.ts';
import { assignments, prepareArm, readInputFile } from './runCommand.ts';
import { compareEnsemble } from './compareEnsemble.ts';
import { UserError } from './userError.ts';

export interface CompareOptions {
  arms?: string;
  seed?: number;
  /** Ensemble size: run every arm over this many seeds (seed, seed + 1, ...). */
  seeds?: number;
  /** Worker threads for an ensemble (default: all cores). */
  workers?: number;
  /** Also write PNG versions of an ensemble's plots. */
  png?: boolean;
  /** With --seeds: run every run again instead of taking those saved in the output folder. */
  fresh?: boolean;
  days?: number;
  set?: string[];
  window?: string[];
  backend?: BackendChoice;
  out?: string;
  quiet?: boolean;
}

/** A validated comparison: the scenario, arms (reference first), windows, backend and output folder. */
export interface ComparePlan {
  scenarioPath: string;
  text: string;
  sets: string[];
  parsed: ParsedScenario;
  arms: string[];
  windows: DayWindow[];
  kind: BackendKind;
  outDir: string;
}

/** Validates the options (user errors for bad ones; nothing is written). */
export async function planCompare(scenarioPath: string, opts: CompareOptions): Promise<ComparePlan> {
  const text = readInputFile(scenarioPath);
  const sets = assignments(opts);
  const parsed = parseScenarioText(text, scenarioPath, sets);
  const all = Object.keys(parsed.scenario.arms);
  const arms = opts.arms ? opts.arms.split(',').map((a) => a.trim()) : all;
  for (const arm of arms) {
    if (!all.includes(arm)) throw new UserError(`--arms: scenario ${parsed.scenario.id} has no arm "${arm}": expected ${oneOf(all, arm)}`);
  }
  if (new Set(arms).size !== arms.length || arms.length === 0) throw new UserError(`--arms: expected distinct arm names, found "${opts.arms}"`);
  const days = parsed.scenario.time.days;
  const windows: DayWindow[] = (opts.window ?? []).map((w) => {
    const parsedWindow = parseWindow(w);
    if (!parsedWindow || parsedWindow.to_day > days) throw new UserError(`--window: expected A-B with 0 <= A <= B <= ${days} (days), found "${w}"`);
    return parsedWindow;
  });
  if (windows.length === 0) windows.push({ from_day: 0, to_day: days });
  const { kind, reason } = await resolveBackendChoice(opts.backend ?? 'cpu');
  if ((opts.backend ?? 'cpu') === 'auto' && !opts.quiet) process.stderr.write(`backend: ${kind} (${reason})\n`);
  const outDir = resolve(opts.out ?? join('out', parsed.scenario.id, 'compare'));
  return { scenarioPath, text, sets, parsed, arms, windows, kind, outDir };
}

/** Runs the comparison; returns the output folder. */
export async function compareCommand(scenarioPath: string, opts: CompareOptions): Promise<string> {
  const plan = await planCompare(scenarioPath, opts);
  if (opts.seeds !== undefined) return compareEnsemble(plan, opts);
  const { parsed, arms, windows, kind, outDir } = plan;
  const started = performance.now();
  const prepared = arms.map((arm) => ({ arm, ...prepareArm(parsed, arm, scenarioPath) }));
  mkdirSync(outDir, { recursive: true });
  const tables = new Map<string, ReadoutTable>();
  for (const { arm, setup, state, table } of prepared) {
    const progress = createProgress(`${parsed.scenario.id}/${arm}`, opts.quiet);
    const backend = await createBackend(kind, setup, state, table.base);
    await runArm(setup, backend, table, { onProgress: (step, total) => progress.update(step, total) });
    progress.stop();
    backend.dispose();
    tables.set(arm, table);
    writeFileSync(join(outDir, `timeseries-${arm}.csv`), timeseriesCsv(table));
  }
  writeFileSync(join(outDir, 'readouts.json'), readoutsJson(prepared[0].table.requested));
  const comparison = { scenario: parsed.scenario.id, seed: parsed.scenario.seed, backend: kind, ...compareTwins(tables, windows) };
  writeFileSync(join(outDir, 'comparison.json'), `${JSON.stringify(comparison, null, 2)}\n`);
  const wallSeconds = (performance.now() - started) / 1000;
  writeReceipt(outDir, { scenarioPath, scenarioText: plan.text, overrides: plan.sets, arms, seeds: [parsed.scenario.seed], backend: kind, wallSeconds });
  return outDir;
}
