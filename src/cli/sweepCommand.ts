/**
 * `exorepair sweep <scenario.json> [--arm NAME] --vary path=v1,v2,... [--vary ...] --seeds N [--shard i/K] --out DIR`
 * runs one arm over a grid of values times seeds (sweepGrid.ts) on all cores and writes DIR/sweep.csv,
 * DIR/sweep.json (the manifest merge checks), receipt.json and, for a whole sweep, plots/<read-out>.svg
 * (the dose-response or timing curve). `exorepair merge DIR... --out DIR` combines shards into the same
 * sweep.csv the unsharded sweep writes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { doseResponseSvg, svgToPng } from '../analysis/plots.ts';
import { sha256, writeReceipt } from '../experiments/receipt.ts';
import { ensembleSeeds, finalValue } from '../experiments/runJob.ts';
import { checkVaries, parseShard, parseVary, shardJobs, sweepJobs, type Vary } from '../experiments/sweepGrid.ts';
import { shortPath, sweepPoints } from '../experiments/sweepSummary.ts';
import { mergeSweeps, readSweepCsv, sweepCsv, type SweepManifest, type SweepRow } from '../experiments/sweepTable.ts';
import { parseScenarioText } from '../scenario/parse.ts';
import { resolveRun } from '../sim/runSetup.ts';
import { runJobsWithProgress } from './runWithProgress.ts';
import { assignments, chooseArm, readInputFile } from './runCommand.ts';
import { UserError } from './userError.ts';

export interface SweepOptions {
  arm?: string;
  vary?: string[];
  seeds?: number;
  seed?: number;
  days?: number;
  set?: string[];
  shard?: string;
  workers?: number;
  out?: string;
  png?: boolean;
  quiet?: boolean;
  /** Run every run again instead of taking those saved in the output folder. */
  fresh?: boolean;
}

const userError = <T>(f: () => T): T => {
  try {
    return f();
  } catch (e) {
    throw new UserError((e as Error).message);
  }
};

/** Writes one dose-response plot per read-out into DIR/plots. */
async function writeSweepPlots(dir: string, manifest: SweepManifest, rows: readonly SweepRow[], png: boolean): Promise<void> {
  mkdirSync(join(dir, 'plots'), { recursive: true });
  const x = manifest.vary[0];
  for (const name of manifest.readouts) {
    const points = sweepPoints(manifest, rows, name, manifest.time_to_event.includes(name));
    if (points.length === 0) continue;
    const logX = x.values.every((v) => typeof v === 'number' && v > 0) && Math.max(...(x.values as number[])) / Math.min(...(x.values as number[])) >= 100;
    const svg = await doseResponseSvg({
      title: `${manifest.scenario}/${manifest.arm}: ${name} (mean, 95% CI over ${manifest.seeds.length} seeds)`,
      xLabel: shortPath(x.path),
      readout: name,
      unit: manifest.units[name],
      points,
      logX,
    });
    writeFileSync(join(dir, 'plots', `${name}.svg`), svg);
    if (png) writeFileSync(join(dir, 'plots', `${name}.png`), svgToPng(svg));
  }
}

/** Runs the sweep (or one shard of it); returns the output folder. */
export async function sweepCommand(scenarioPath: string, opts: SweepOptions): Promise<string> {
  const text = readInputFile(scenarioPath);
  const sets = assignments(opts);
  const parsed = parseScenarioText(text, scenarioPath, sets);
  const arm = chooseArm(parsed, opts.arm);
  const n = opts.seeds ?? 1;
  if (!(Number.isInteger(n) && n >= 1)) throw new UserError(`--seeds: expected a whole number >= 1, found ${n}`);
  const varies: Vary[] = userError(() => (opts.vary ?? []).map(parseVary));
  userError(() => checkVaries(varies));
  const shard = opts.shard === undefined ? null : userError(() => parseShard(opts.shard!));
  const seeds = ensembleSeeds(parsed.scenario.seed, n);
  const all = sweepJobs(varies, seeds);
  // Every grid point must make a valid scenario before anything runs.
  const readouts = resolveRun(parsed, arm).readouts;
  for (const job of all.filter((j) => j.index % n === 0)) {
    const point = parseScenarioText(text, `${scenarioPath} with ${job.sets.join(' ')}`, [...sets, ...job.sets]);
    chooseArm(point, arm);
  }
  const mine = shardJobs(all, shard);
  const manifest: SweepManifest = {
    scenario: parsed.scenario.id,
    scenario_sha256: sha256(text),
    arm,
    overrides: sets,
    vary: varies,
    seeds,
    readouts: readouts.map((r) => r.name),
    units: Object.fromEntries(readouts.map((r) => [r.name, r.unit])),
    time_to_event: readouts.filter((r) => r.reduction.kind === 'timeTo').map((r) => r.name),
    tau_days: parsed.scenario.time.days,
    jobs_total: all.length,
    shard,
  };
  const outDir = resolve(opts.out ?? join('out', parsed.scenario.id, shard ? `sweep-${shard.index}-of-${shard.count}` : 'sweep'));

  const started = performance.now();
  const jobs = mine.map((j) => ({ scenarioText: text, source: scenarioPath, sets: [...sets, ...j.sets], arm, seed: j.seed }));
  const { results, reused } = await runJobsWithProgress(`${parsed.scenario.id}/${arm} sweep, ${mine.length} runs`, jobs, { ...opts, journal: outDir });
  const rows: SweepRow[] = mine.map((job, k) => ({ job, finals: manifest.readouts.map((name) => finalValue(results[k], name)) }));
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'sweep.csv'), sweepCsv(manifest, rows));
  writeFileSync(join(outDir, 'sweep.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  if (shard === null) await writeSweepPlots(outDir, manifest, rows, opts.png === true);
  const wallSeconds = (performance.now() - started) / 1000;
  writeReceipt(outDir, { scenarioPath, scenarioText: text, overrides: sets, arms: [arm], seeds, backend: 'cpu', wallSeconds, extra: { vary: varies, shard, runs_reused: reused } });
  return outDir;
}

/** `exorepair merge DIR... --out DIR`: combines shards; returns the output folder. */
export async function mergeCommand(dirs: readonly string[], opts: { out?: string; png?: boolean }): Promise<string> {
  if (!opts.out) throw new UserError('merge: --out DIR is required');
  const parts = dirs.map((dir) => {
    const read = (file: string) => readInputFile(join(dir, file));
    const manifest = userError(() => JSON.parse(read('sweep.json')) as SweepManifest);
    const source = join(dir, 'sweep.csv');
    return { source: dir, manifest, rows: userError(() => readSweepCsv(manifest, read('sweep.csv'), source)) };
  });
  const { manifest, rows } = userError(() => mergeSweeps(parts));
  const outDir = resolve(opts.out);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'sweep.csv'), sweepCsv(manifest, rows));
  writeFileSync(join(outDir, 'sweep.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  const receiptOf = (dir: string) => {
    try {
      return JSON.parse(readFileSync(join(dir, 'receipt.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      return null;
    }
  };
  await writeSweepPlots(outDir, manifest, rows, opts.png === true);
  writeReceipt(outDir, { wallSeconds: 0, arms: [manifest.arm], seeds: manifest.seeds, extra: { merged_from: dirs.map((d) => resolve(d)), shard_receipts: dirs.map(receiptOf) } });
  return outDir;
}
