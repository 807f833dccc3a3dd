/**
 * `exorepair validate [--only ID[,ID...]] [--seeds N] [--full] [--out DIR]`: runs the review's claims as
 * experiments (scenarios/experiments/*.json, each with an `experiment` block of fixed pass rules) over
 * their declared seed counts on all cores and writes DIR/report.md, DIR/validation.json, plots (a forest
 * plot of every check's effect and each check's time course) and receipt.json. By default each
 * experiment runs its declared reduced configuration (`experiment.reduced.set`); --full runs the file as
 * it is. Runs that two experiments share (same scenario content, arm and seed) run once. Each run is saved
 * in DIR/runs/ as it ends; the same command again takes the saved runs (runJournal.ts; --fresh runs all).
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { forestPlotSvg, svgToPng, timeSeriesSvg, type ForestRow } from '../analysis/plots.ts';
import { ensembleBand, jsonText } from '../experiments/ensemble.ts';
import { sha256, writeReceipt } from '../experiments/receipt.ts';
import { ensembleSeeds, type RunJob } from '../experiments/runJob.ts';
import { judgeCheck, type CheckResult } from '../experiments/validation.ts';
import { parseScenarioText, type ParsedScenario } from '../scenario/parse.ts';
import type { Experiment } from '../scenario/schema.ts';
import { oneOf } from '../scenario/semantics.ts';
import { resolveRun } from '../sim/runSetup.ts';
import { runJobsWithProgress } from './runWithProgress.ts';
import { readInputFile } from './runCommand.ts';
import { UserError } from './userError.ts';

export const EXPERIMENTS_DIR = 'scenarios/experiments';

export interface ValidateOptions {
  only?: string;
  seeds?: number;
  full?: boolean;
  set?: string[];
  out?: string;
  workers?: number;
  png?: boolean;
  quiet?: boolean;
  /** Run every run again instead of taking those saved in the output folder. */
  fresh?: boolean;
  /** Folder of experiment scenarios (default scenarios/experiments). */
  experiments?: string;
}

interface PlannedExperiment {
  path: string;
  text: string;
  sets: string[];
  parsed: ParsedScenario;
  experiment: Experiment;
  arms: string[];
  seeds: number[];
  /** Job index per (arm, seed k). */
  jobIndex: Map<string, number[]>;
}

export interface ClaimResult {
  id: string;
  title: string;
  claim: string;
  mechanism: string;
  evidence: string;
  configuration: string;
  seeds: number[];
  checks: CheckResult[];
  pass: boolean;
}

/**
 * What decides a run: the scenario without names, descriptions, pass rules and other arms, the arm's own
 * definition (its name does not enter the simulation) and the seed.
 */
function runIdentity(raw: unknown, arm: string, seed: number): string {
  const { id: _id, title: _t, description: _d, experiment: _e, $schema: _s, arms, ...rest } = raw as Record<string, unknown>;
  const { description: _ad, ...armContent } = (arms as Record<string, Record<string, unknown>>)[arm];
  return sha256(JSON.stringify([rest, armContent, seed]));
}

function plan(opts: ValidateOptions): PlannedExperiment[] {
  const dir = opts.experiments ?? EXPERIMENTS_DIR;
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  } catch {
    throw new UserError(`cannot read the experiments folder ${dir}`);
  }
  const all = files.map((f) => {
    const path = join(dir, f);
    const text = readInputFile(path);
    const full = parseScenarioText(text, path);
    if (!full.scenario.experiment) throw new UserError(`${path}: has no "experiment" block (pass rules), so it is not a validation experiment`);
    return { path, text, full, experiment: full.scenario.experiment };
  });
  const ids = all.map((e) => e.full.scenario.id);
  const only = opts.only?.split(',').map((s) => s.trim());
  for (const id of only ?? []) if (!ids.includes(id)) throw new UserError(`--only: no experiment "${id}" in ${dir}: expected ${oneOf(ids, id)}`);
  if (opts.seeds !== undefined && !(Number.isInteger(opts.seeds) && opts.seeds >= 2)) throw new UserError(`--seeds: expected a whole number >= 2, found ${opts.seeds}`);
  return all
    .filter((e) => !only || only.includes(e.full.scenario.id))
    .map(({ path, text, full, experiment }) => {
      const sets = [...(opts.full ? [] : experiment.reduced.set), ...(opts.set ?? [])];
      const parsed = sets.length > 0 ? parseScenarioText(text, `${path} (${opts.full ? '' : 'reduced configuration, '}with ${sets.join(' ')})`, sets) : full;
      const arms = Object.keys(parsed.scenario.arms).filter((a) => experiment.checks.some((c) => c.reference === a || c.treated === a || (c.kind === 'inhibitor_removes' && c.inhibited === a)));
      for (const arm of arms) resolveRun(parsed, arm); // a broken arm fails here, before anything runs
      const days = parsed.scenario.time.days;
      experiment.checks.forEach((c, i) => {
        if (c.window !== 'final' && c.window.to_day > days) {
          throw new UserError(`${path}: experiment.checks.${i}.window ends on day ${c.window.to_day}, after the run's end (day ${days}${sets.length > 0 ? ` with ${sets.join(' ')}` : ''})`);
        }
      });
      const seeds = ensembleSeeds(parsed.scenario.seed, opts.seeds ?? experiment.seeds);
      return { path, text, sets, parsed, experiment, arms, seeds, jobIndex: new Map() };
    });
}

const fmt = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3)) : 'n/a');
const windowText = (w: CheckResult['window']) => (w === 'final' ? 'end of run' : `days ${w.from_day}-${w.to_day}`);

function reportMarkdown(results: readonly ClaimResult[], full: boolean, wallSeconds: number, reused: number): string {
  const passed = results.filter((r) => r.pass).length;
  const lines = [
    '# exorepair validation report',
    '',
    `${passed} of ${results.length} claims pass (${full ? 'full' : 'reduced'} configuration; wall time ${wallSeconds.toFixed(0)} s${reused > 0 ? `, ${reused} runs taken from an earlier invocation's runs/` : ''}).`,
    'Effects are paired differences (seed k of each arm against seed k of the other) with Student t 95% CIs; d_z is the Hedges-corrected standardised effect.',
    '',
    '![effects](plots/forest.svg)',
    '',
  ];
  for (const r of results) {
    lines.push(`## ${r.id}: ${r.pass ? 'PASS' : 'FAIL'}`, '', `**Claim.** ${r.claim}`, '', `**Mechanism exercised.** ${r.mechanism}`, '', `**Evidence.** ${r.evidence}`, '');
    lines.push(`**Configuration.** ${r.configuration}; seeds ${r.seeds[0]}-${r.seeds[r.seeds.length - 1]} (${r.seeds.length} per arm).`, '');
    lines.push('| check | read-out | window | arms (mean [95% CI]) | effect (treated - reference) | d_z | verdict |', '|---|---|---|---|---|---|---|');
    for (const c of r.checks) {
      const arms = Object.entries(c.arms)
        .map(([a, e]) => `${a}: ${fmt(e.mean)} [${fmt(e.lo)}, ${fmt(e.hi)}]`)
        .join('<br>');
      const effect = `${fmt(c.effect.mean)} [${fmt(c.effect.lo)}, ${fmt(c.effect.hi)}]`;
      lines.push(`| ${c.kind} (${c.direction}) | ${c.readout} | ${windowText(c.window)} | ${arms} | ${effect} | ${c.effect.effect_size === null ? 'n/a' : fmt(c.effect.effect_size)} | ${c.pass ? 'pass' : 'FAIL'}: ${c.verdict} |`);
    }
    lines.push('');
    for (const readout of new Set(r.checks.map((c) => c.readout))) lines.push(`![${r.id} ${readout}](plots/${r.id}-${readout}.svg)`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}

/** Runs the validation suite; returns the output folder and whether every claim passed. */
export async function validateCommand(opts: ValidateOptions): Promise<{ dir: string; passed: boolean; results: ClaimResult[] }> {
  const planned = plan(opts);
  const jobs: RunJob[] = [];
  const byIdentity = new Map<string, number>();
  for (const p of planned) {
    for (const arm of p.arms) {
      p.jobIndex.set(
        arm,
        p.seeds.map((seed) => {
          const key = runIdentity(p.parsed.raw, arm, seed);
          let k = byIdentity.get(key);
          if (k === undefined) {
            k = jobs.length;
            byIdentity.set(key, k);
            jobs.push({ scenarioText: p.text, source: p.path, sets: p.sets, arm, seed });
          }
          return k;
        }),
      );
    }
  }
  const outDir = resolve(opts.out ?? join('out', 'validation'));
  const started = performance.now();
  const { results: runs, reused } = await runJobsWithProgress(`validate: ${planned.length} experiments, ${jobs.length} runs`, jobs, { ...opts, journal: outDir });
  const wallSeconds = (performance.now() - started) / 1000;

  mkdirSync(join(outDir, 'plots'), { recursive: true });
  const results: ClaimResult[] = [];
  const forest: ForestRow[] = [];
  for (const p of planned) {
    const model = p.parsed.model.compiled;
    const runsByArm = new Map(p.arms.map((arm) => [arm, p.jobIndex.get(arm)!.map((k) => runs[k])]));
    const checks = p.experiment.checks.map((c) => judgeCheck(c, runsByArm, model.readoutByName.get(c.readout)?.reduction.kind === 'timeTo'));
    const id = p.parsed.scenario.id;
    results.push({
      id,
      title: p.parsed.scenario.title,
      claim: p.experiment.claim,
      mechanism: p.experiment.mechanism,
      evidence: p.experiment.evidence,
      configuration: opts.full ? 'full (the scenario file as written)' : `reduced: ${p.experiment.reduced.description}`,
      seeds: p.seeds,
      checks,
      pass: checks.every((c) => c.pass),
    });
    for (const c of checks) {
      const ref = c.arms[c.reference].mean;
      const scale = Number.isFinite(ref) && ref !== 0 ? 100 / Math.abs(ref) : Number.NaN;
      forest.push({ label: `${id}: ${c.readout} (${c.kind === 'effect' ? 'effect' : 'inhibitor'})`, mean: c.effect.mean * scale, lo: c.effect.lo * scale, hi: c.effect.hi * scale, pass: c.pass });
      const spec = model.readoutByName.get(c.readout)!;
      const armsOfCheck = Object.keys(c.arms);
      const svg = await timeSeriesSvg({
        title: `${id}: ${c.readout} (mean, 95% CI over ${p.seeds.length} seeds)`,
        readout: c.readout,
        unit: spec.unit,
        bands: armsOfCheck.map((arm) => ensembleBand({ arm, runs: runsByArm.get(arm)! }, spec)),
      });
      writeFileSync(join(outDir, 'plots', `${id}-${c.readout}.svg`), svg);
      if (opts.png) writeFileSync(join(outDir, 'plots', `${id}-${c.readout}.png`), svgToPng(svg));
    }
  }
  const forestSvg = await forestPlotSvg({ title: 'Effects of the validation checks (treated - reference, % of the reference mean, 95% CI)', xLabel: 'difference (% of reference mean)', rows: forest });
  writeFileSync(join(outDir, 'plots', 'forest.svg'), forestSvg);
  if (opts.png) writeFileSync(join(outDir, 'plots', 'forest.png'), svgToPng(forestSvg));
  writeFileSync(join(outDir, 'validation.json'), jsonText({ configuration: opts.full ? 'full' : 'reduced', runs: jobs.length, wall_seconds: Number(wallSeconds.toFixed(1)), runs_reused: reused, claims: results }));
  writeFileSync(join(outDir, 'report.md'), reportMarkdown(results, opts.full === true, wallSeconds, reused));
  writeReceipt(outDir, {
    wallSeconds,
    backend: 'cpu',
    overrides: opts.set ?? [],
    extra: { runs_reused: reused, experiments: planned.map((p) => ({ path: p.path, scenario_sha256: sha256(p.text), sets: p.sets, arms: p.arms, seeds: p.seeds })) },
  });
  return { dir: outDir, passed: results.every((r) => r.pass), results };
}
