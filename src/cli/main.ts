/**
 * The `exorepair` command line (commander). Sub-commands: run, compare, sweep, merge, sensitivity, validate, resume, params, schema, bench.
 * User errors print a clear message (no stack trace) and exit non-zero; nothing is written for them.
 */
import { writeFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ScenarioError } from '../scenario/errors.ts';
import { scenarioJsonSchemaText } from '../scenario/jsonSchema.ts';
import { BackendUnavailableError } from '../sim/createBackend.ts';
import { BENCH_GROUPS, type BenchGroup } from './benchGroups.ts';
import { GpuBudgetError } from '../sim/gpu/gpuBudget.ts';
import { GpuDeviceLostError } from '../sim/gpu/GpuBackend.ts';
import { compareCommand, type CompareOptions } from './compareCommand.ts';
import { parameterCsv, selectModels } from './paramsCommand.ts';
import { resumeCommand, runCommand, type RunOptions } from './runCommand.ts';
import { mergeCommand, sweepCommand, type SweepOptions } from './sweepCommand.ts';
import { validateCommand, type ValidateOptions } from './validateCommand.ts';
import { sensitivityCommand, type SensitivityOptions } from './sensitivityCommand.ts';
import { UserError } from './userError.ts';

const SCHEMA_PATH = 'scenarios/scenario.schema.json';

function number(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError(`expected a number, found "${value}"`);
  return n;
}

function integer(value: string): number {
  const n = number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`expected a whole number >= 0, found "${value}"`);
  return n;
}

function numberList(value: string): number[] {
  return value.split(',').map((v) => number(v));
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

const backendOption = () =>
  new Option('--backend <kind>', 'simulation backend').choices(['cpu', 'gpu', 'auto']).default('cpu');

/** --seed, --days and --set: changes to the scenario applied before validation. */
function scenarioOverrides(cmd: Command): Command {
  return cmd
    .option('--seed <n>', 'random seed (overrides the scenario)', integer)
    .option('--days <d>', 'simulated days (overrides the scenario)', number)
    .option('--set <path=value>', 'override a scenario value by dot path, e.g. arms.treated.doses.0.amount=50 (repeatable)', collect, []);
}

function outputOptions(cmd: Command): Command {
  return cmd
    .addOption(backendOption())
    .option('--frames <n>', 'write N PNG frames of the tissue over the run', integer)
    .option('--frame-field <name>', 'field drawn as the heat map in frames (default: the first diffusing field)')
    .option('--out <dir>', 'output folder (default: out/<scenario>/<arm>)')
    .option('--snapshot-at <days>', 'save snapshots at these days (comma-separated) into the output folder', numberList)
    .option('--quiet', 'no progress bar or notes on stderr');
}

async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('exorepair')
    .description('Agent-based simulator of tissue repair with mesenchymal-stem-cell exosome therapy')
    .showHelpAfterError();

  outputOptions(
    scenarioOverrides(
      program
        .command('run')
        .description('run one arm of a scenario and write timeseries.csv, summary.json and readouts.json')
        .argument('<scenario>', 'scenario JSON file')
        .option('--arm <name>', 'arm to run (default: "untreated" if present, else the first)'),
    ),
  ).action(async (scenario: string, opts: RunOptions) => {
    const dir = await runCommand(scenario, opts);
    process.stdout.write(`wrote ${dir}/{timeseries.csv,summary.json,readouts.json,receipt.json}\n`);
  });

  scenarioOverrides(
    program
      .command('compare')
      .description('run arms of a scenario on common random numbers and compare them (comparison.json, timeseries-<arm>.csv)')
      .argument('<scenario>', 'scenario JSON file')
      .option('--arms <list>', 'arms to run, comma-separated; the first is the reference (default: all, in scenario order)'),
  )
    .option('--seeds <n>', 'ensemble: run every arm over N seeds (seed, seed + 1, ...; paired across arms) on all cores', integer)
    .option('--workers <n>', 'worker threads for --seeds (default: EXOREPAIR_WORKERS, else all cores)', integer)
    .option('--png', 'with --seeds: also write PNG versions of the plots')
    .option('--fresh', 'with --seeds: run every run again instead of taking the finished runs saved in <out>/runs')
    .option('--window <A-B>', 'day window for mean values, e.g. 3-7 (repeatable; default: the whole run)', collect, [])
    .addOption(backendOption())
    .option('--out <dir>', 'output folder (default: out/<scenario>/compare)')
    .option('--quiet', 'no progress bar or notes on stderr')
    .action(async (scenario: string, opts: CompareOptions) => {
      const dir = await compareCommand(scenario, opts);
      const files = opts.seeds === undefined ? 'comparison.json,timeseries-<arm>.csv,readouts.json,receipt.json' : 'comparison.json,timeseries-<arm>.csv,runs.csv,plots/,readouts.json,receipt.json';
      process.stdout.write(`wrote ${dir}/{${files}}\n`);
    });

  scenarioOverrides(
    program
      .command('sweep')
      .description('run one arm over a grid of values (dose, timing, product, any parameter) times seeds; writes sweep.csv, sweep.json, plots/')
      .argument('<scenario>', 'scenario JSON file')
      .option('--arm <name>', 'arm to run (default: "untreated" if present, else the first)'),
  )
    .option('--vary <path=v1,v2,...>', 'a scenario dot path and its values, e.g. arms.treated.doses.0.amount=0,25,50,100 (repeatable: a grid)', collect, [])
    .option('--seeds <n>', 'seeds per grid point (seed, seed + 1, ...)', integer, 1)
    .option('--shard <i/K>', 'run only the i-th of K disjoint slices of the runs (merge them with exorepair merge)')
    .option('--workers <n>', 'worker threads (default: EXOREPAIR_WORKERS, else all cores)', integer)
    .option('--png', 'also write PNG versions of the plots')
    .option('--fresh', 'run every run again instead of taking the finished runs saved in <out>/runs')
    .option('--out <dir>', 'output folder (default: out/<scenario>/sweep)')
    .option('--quiet', 'no progress bar or notes on stderr')
    .action(async (scenario: string, opts: SweepOptions) => {
      const dir = await sweepCommand(scenario, opts);
      process.stdout.write(`wrote ${dir}/{sweep.csv,sweep.json,receipt.json${opts.shard ? '' : ',plots/'}}\n`);
    });

  program
    .command('merge')
    .description('combine the shards of a sweep (folders written by sweep --shard) into one sweep.csv and its plots')
    .argument('<dirs...>', 'shard output folders')
    .option('--out <dir>', 'output folder (required)')
    .option('--png', 'also write PNG versions of the plots')
    .action(async (dirs: string[], opts: { out?: string; png?: boolean }) => {
      const dir = await mergeCommand(dirs, opts);
      process.stdout.write(`wrote ${dir}/{sweep.csv,sweep.json,receipt.json,plots/}\n`);
    });

  scenarioOverrides(
    program
      .command('sensitivity')
      .description('global sensitivity (Morris elementary effects) of the read-outs to parameters over their ranges; writes sensitivity.csv, design.csv')
      .argument('<scenario>', 'scenario JSON file')
      .option('--arm <name>', 'arm to run (default: "untreated" if present, else the first)'),
  )
    .option('--params <list>', 'comma-separated parameter names (see exorepair params)')
    .option('--trajectories <r>', 'Morris trajectories (runs: r x (parameters + 1))', integer, 10)
    .option('--levels <p>', 'grid levels per parameter (even)', integer, 4)
    .option('--relative <f>', "vary each parameter over value x (1 - f) to value x (1 + f) within its allowed range instead of the whole range", number)
    .option('--workers <n>', 'worker threads (default: EXOREPAIR_WORKERS, else all cores)', integer)
    .option('--fresh', 'run every run again instead of taking the finished runs saved in <out>/runs')
    .option('--out <dir>', 'output folder (default: out/<scenario>/sensitivity)')
    .option('--quiet', 'no progress bar')
    .action(async (scenario: string, opts: SensitivityOptions) => {
      const { dir, ranking } = await sensitivityCommand(scenario, opts);
      for (const [readout, list] of Object.entries(ranking)) {
        process.stdout.write(`${readout}: ${list.map((m) => `${m.name} (mu* ${m.mu_star.toPrecision(3)})`).join(' > ')}\n`);
      }
      process.stdout.write(`wrote ${dir}/{sensitivity.csv,design.csv,sensitivity.json,receipt.json}\n`);
    });

  program
    .command('validate')
    .description("run the review's claims (scenarios/experiments) as ensembles and judge them by their fixed pass rules; exits 1 if one fails")
    .option('--only <ids>', 'comma-separated experiment ids (e.g. claim-1,claim-3)')
    .option('--seeds <n>', "seeds per arm (overrides each experiment's declared count; for quick looks)", integer)
    .option('--experiments <dir>', 'folder of experiment scenarios', 'scenarios/experiments')
    .option('--full', 'run the experiments as written (the real geometry) instead of their declared reduced configuration')
    .option('--set <path=value>', 'override a value in every experiment (repeatable)', collect, [])
    .option('--workers <n>', 'worker threads (default: EXOREPAIR_WORKERS, else all cores)', integer)
    .option('--png', 'also write PNG versions of the plots')
    .option('--fresh', 'run every run again instead of taking the finished runs saved in <out>/runs')
    .option('--out <dir>', 'output folder (default: out/validation)')
    .option('--quiet', 'no progress bar')
    .action(async (opts: ValidateOptions) => {
      const { dir, passed, results } = await validateCommand(opts);
      for (const r of results) process.stdout.write(`${r.pass ? 'PASS' : 'FAIL'}  ${r.id}: ${r.claim}\n`);
      process.stdout.write(`wrote ${dir}/{report.md,validation.json,plots/,receipt.json}\n`);
      if (!passed) process.exitCode = 1;
    });

  outputOptions(
    program.command('resume').description('continue a run from a snapshot written by run --snapshot-at').argument('<snapshot>', 'snapshot file (.exosnap)'),
  ).action(async (snapshot: string, opts: RunOptions) => {
    const dir = await resumeCommand(snapshot, opts);
    process.stdout.write(`wrote ${dir}/{timeseries.csv,summary.json,readouts.json,receipt.json}\n`);
  });

  program
    .command('params')
    .description('print the parameter table with units, ranges, sources and evidence labels as CSV')
    .option('--model <id>', 'only this model')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((opts: { model?: string; out?: string }) => {
      let models;
      try {
        models = selectModels(opts.model);
      } catch (e) {
        throw new UserError((e as Error).message);
      }
      const csv = parameterCsv(models);
      if (opts.out) writeFileSync(opts.out, csv);
      else process.stdout.write(csv);
    });

  program
    .command('schema')
    .description(`write the scenario JSON Schema to ${SCHEMA_PATH}`)
    .option('--out <file>', 'output file', SCHEMA_PATH)
    .action((opts: { out: string }) => {
      writeFileSync(opts.out, scenarioJsonSchemaText());
      process.stdout.write(`wrote ${opts.out}\n`);
    });

  program
    .command('bench')
    .description('measure agent-step and field-solver speed and accuracy; prints JSON')
    .option('--quick', 'fewer repeats, smaller grids, one simulated day (a smoke check, not figures)')
    .option('--only <groups>', `comma-separated subset of ${BENCH_GROUPS.join(', ')} (default: all; skin runs the 14-day wound 3 times, fracture the 56-day gap 3 times)`)
    .addOption(new Option('--backend <kind>', 'cpu: the CPU benchmarks; gpu: the GPU backend at 100k and 1M agents on a 1024² grid').choices(['cpu', 'gpu']).default('cpu'))
    .action(async (opts: { quick?: boolean; only?: string; backend: 'cpu' | 'gpu' }) => {
      if (opts.backend === 'gpu') {
        if (opts.only) throw new UserError('--only selects CPU benchmark groups; leave it out with --backend gpu');
        const { benchGpu } = await import('./benchGpu.ts');
        process.stdout.write(`${JSON.stringify(await benchGpu(opts.quick === true), null, 2)}\n`);
        return;
      }
      const only = opts.only?.split(',').map((g) => g.trim());
      for (const g of only ?? []) {
        if (!(BENCH_GROUPS as readonly string[]).includes(g)) throw new UserError(`--only: expected some of ${BENCH_GROUPS.join(', ')}, found "${g}"`);
      }
      const { runBenchmarks } = await import('./bench.ts');
      const result = await runBenchmarks({ quick: opts.quick === true, only: only as BenchGroup[] | undefined });
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });

  await program.parseAsync(argv);
}

main(process.argv).catch((e: unknown) => {
  if (e instanceof ScenarioError || e instanceof UserError || e instanceof BackendUnavailableError || e instanceof GpuBudgetError || e instanceof GpuDeviceLostError) {
    process.stderr.write(`exorepair: ${e.message}\n`);
    process.exitCode = e instanceof UserError ? e.exitCode : 2;
  } else {
    process.stderr.write(`exorepair: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 70;
  }
});
