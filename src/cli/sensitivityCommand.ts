/**
 * `exorepair sensitivity <scenario.json> --params p1,p2,... [--arm NAME] [--trajectories R] [--levels P]
 * [--relative F] --out DIR`: global sensitivity of the read-outs to the chosen parameters by Morris
 * elementary effects (morris.ts): R trajectories of k + 1 runs over the parameters' allowed ranges from
 * the model spec (or, with --relative F, value x (1 ± F) clipped to those ranges), all on the same seed
 * (common random numbers), on all cores. Writes DIR/sensitivity.csv (per read-out the parameters ranked
 * by mu*, with mu and sigma), DIR/design.csv (every run's parameter values and final read-outs),
 * DIR/sensitivity.json and receipt.json. Time-to-event read-outs enter as restricted means (a censored
 * run counts as the run's length).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { morrisDesign, morrisIndices, type MorrisFactor, type MorrisIndex } from '../analysis/morris.ts';
import { jsonText } from '../experiments/ensemble.ts';
import { writeReceipt } from '../experiments/receipt.ts';
import { restrictedFinal } from '../experiments/runJob.ts';
import { parseScenarioText } from '../scenario/parse.ts';
import { oneOf } from '../scenario/semantics.ts';
import { resolveRun } from '../sim/runSetup.ts';
import { runJobsWithProgress } from './runWithProgress.ts';
import { assignments, chooseArm, readInputFile } from './runCommand.ts';
import { UserError } from './userError.ts';

export interface SensitivityOptions {
  params?: string;
  arm?: string;
  trajectories?: number;
  levels?: number;
  relative?: number;
  seed?: number;
  days?: number;
  set?: string[];
  workers?: number;
  out?: string;
  quiet?: boolean;
  /** Run every run again instead of taking those saved in the output folder. */
  fresh?: boolean;
}

/** Runs the analysis; returns the output folder and the ranking per read-out. */
export async function sensitivityCommand(scenarioPath: string, opts: SensitivityOptions): Promise<{ dir: string; ranking: Record<string, MorrisIndex[]> }> {
  const text = readInputFile(scenarioPath);
  const sets = assignments(opts);
  const parsed = parseScenarioText(text, scenarioPath, sets);
  const arm = chooseArm(parsed, opts.arm);
  const setup = resolveRun(parsed, arm);
  const names = (opts.params ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (names.length === 0) throw new UserError('--params: give at least one parameter name, e.g. --params keratinocyte.speed,macrophage.switch_rate');
  const compiled = setup.model.compiled;
  const relative = opts.relative;
  if (relative !== undefined && !(relative > 0 && relative < 1)) throw new UserError(`--relative: expected a fraction in (0, 1), found ${relative}`);
  const factors: MorrisFactor[] = names.map((name) => {
    const p = compiled.parameters.get(name);
    if (!p) throw new UserError(`--params: model ${compiled.spec.id} has no parameter "${name}": expected ${oneOf([...compiled.parameters.keys()], name)}`);
    const value = setup.values.get(name)!;
    const min = relative === undefined ? p.min : Math.max(p.min, value * (1 - relative));
    const max = relative === undefined ? p.max : Math.min(p.max, value * (1 + relative));
    if (!(min < max)) throw new UserError(`--params: ${name} has no range to vary (${min} to ${max} ${p.unit})`);
    return { name, min, max };
  });
  if (new Set(names).size !== names.length) throw new UserError(`--params: a parameter is listed twice in "${opts.params}"`);
  const trajectories = opts.trajectories ?? 10;
  const levels = opts.levels ?? 4;
  if (!(Number.isInteger(trajectories) && trajectories >= 2)) throw new UserError(`--trajectories: expected a whole number >= 2, found ${trajectories}`);
  if (!(Number.isInteger(levels) && levels >= 2 && levels % 2 === 0)) throw new UserError(`--levels: expected an even whole number >= 2, found ${levels}`);
  const design = morrisDesign(factors, { trajectories, levels, seed: parsed.scenario.seed });
  const runSets = design.points.map((row) => [...sets, ...row.map((v, k) => `arms.${arm}.parameters.${factors[k].name}=${v}`)]);
  // Every design point must be a valid scenario before anything runs.
  runSets.forEach((s) => parseScenarioText(text, `${scenarioPath} (design point)`, s));

  const outDir = resolve(opts.out ?? join('out', parsed.scenario.id, 'sensitivity'));
  const started = performance.now();
  const jobs = runSets.map((s) => ({ scenarioText: text, source: scenarioPath, sets: s, arm, seed: parsed.scenario.seed }));
  const { results, reused } = await runJobsWithProgress(`${parsed.scenario.id}/${arm} Morris, ${runSets.length} runs`, jobs, { ...opts, journal: outDir });
  const readouts = setup.readouts;
  const finals = results.map((r) => readouts.map((spec) => restrictedFinal(r, spec.name, spec.reduction.kind === 'timeTo')));
  const ranking: Record<string, MorrisIndex[]> = {};
  readouts.forEach((spec, k) => {
    ranking[spec.name] = morrisIndices(
      design,
      finals.map((f) => f[k]),
    );
  });

  mkdirSync(outDir, { recursive: true });
  const cell = (x: number) => (Number.isFinite(x) ? String(x) : '');
  const rankLines = ['readout,rank,parameter,mu,mu_star,sigma,n'];
  for (const [readout, list] of Object.entries(ranking)) list.forEach((m, i) => rankLines.push([readout, i + 1, m.name, cell(m.mu), cell(m.mu_star), cell(m.sigma), m.n].join(',')));
  writeFileSync(join(outDir, 'sensitivity.csv'), `${rankLines.join('\n')}\n`);
  const designLines = [['run', 'trajectory', ...names, ...readouts.map((r) => r.name)].join(',')];
  design.points.forEach((row, i) => designLines.push([i, Math.floor(i / (factors.length + 1)), ...row.map(String), ...finals[i].map(cell)].join(',')));
  writeFileSync(join(outDir, 'design.csv'), `${designLines.join('\n')}\n`);
  const method = `Morris elementary effects: ${trajectories} trajectories, ${levels} levels, delta ${design.delta}; effects in unit-scaled coordinates (dY / delta over each factor's range); mu* = mean |EE| (Campolongo et al. 2007)`;
  writeFileSync(join(outDir, 'sensitivity.json'), jsonText({ scenario: parsed.scenario.id, arm, seed: parsed.scenario.seed, method, factors, runs: runSets.length, ranking }));
  const wallSeconds = (performance.now() - started) / 1000;
  writeReceipt(outDir, { scenarioPath, scenarioText: text, overrides: sets, arms: [arm], seeds: [parsed.scenario.seed], backend: 'cpu', wallSeconds, extra: { factors, trajectories, levels, runs_reused: reused } });
  return { dir: outDir, ranking };
}
