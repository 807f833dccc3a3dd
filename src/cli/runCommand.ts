/**
 * `exorepair run` and `exorepair resume`: validate everything first (scenario, arm, backend, options),
 * so invalid input writes nothing; then run one arm and write timeseries.csv, summary.json,
 * readouts.json, optional PNG frames and snapshots into the output folder.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { parseScenarioText, validateScenario, type ParsedScenario } from '../scenario/parse.ts';
import { oneOf } from '../scenario/semantics.ts';
import { createBackend, resolveBackendChoice, type BackendChoice } from '../sim/createBackend.ts';
import { createInitialState, emptyState } from '../sim/initialState.ts';
import { dayOfStep, runArm } from '../sim/runArm.ts';
import { defaultArm, resolveRun, type RunSetup } from '../sim/runSetup.ts';
import { decodeSnapshot, encodeSnapshot, restoreState } from '../sim/snapshot.ts';
import type { SimState } from '../sim/state.ts';
import { writeReceipt } from '../experiments/receipt.ts';
import { frameSteps, writeFrame } from './frames.ts';
import { readoutsJson, summaryJson, timeseriesCsv } from './outputs.ts';
import { createProgress } from './progress.ts';
import { UserError } from './userError.ts';

export interface RunOptions {
  arm?: string;
  seed?: number;
  days?: number;
  set?: string[];
  backend?: BackendChoice;
  frames?: number;
  frameField?: string;
  out?: string;
  /** Days at which to save a snapshot (`snapshot-day-D.exosnap` in the output folder). */
  snapshotAt?: number[];
  quiet?: boolean;
}

/** Reads a text file or fails with a user error naming it. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** The `--set` list implied by the options (seed and days are shorthands for assignments). */
export function assignments(opts: RunOptions): string[] {
  const sets = [...(opts.set ?? [])];
  if (opts.seed !== undefined) sets.push(`seed=${opts.seed}`);
  if (opts.days !== undefined) sets.push(`time.days=${opts.days}`);
  return sets;
}

/** Checks that an arm exists (user error otherwise) and returns its name, defaulting as `run` does. */
export function chooseArm(parsed: ParsedScenario, arm: string | undefined): string {
  const arms = Object.keys(parsed.scenario.arms);
  const name = arm ?? defaultArm(parsed.scenario);
  if (!arms.includes(name)) throw new UserError(`scenario ${parsed.scenario.id} has no arm "${name}": expected ${oneOf(arms, name)}`);
  return name;
}

function chooseFrameField(setup: RunSetup, name: string | undefined): number {
  const fields = setup.model.compiled.spec.fields;
  if (name === undefined) {
    const diffusing = fields.findIndex((f) => f.diffusion !== undefined);
    return diffusing >= 0 ? diffusing : 0;
  }
  const index = setup.model.compiled.fieldIndex[name];
  if (index === undefined) throw new UserError(`--frame-field: expected ${oneOf(fields.map((f) => f.name), name)}, found "${name}"`);
  return index;
}

function snapshotSteps(setup: RunSetup, days: readonly number[]): number[] {
  return days.map((d) => {
    const step = (d * 1440) / setup.dt;
    if (!(d > 0) || Math.abs(step - Math.floor(step + 0.5)) > 1e-9 || step > setup.totalSteps) {
      throw new UserError(`--snapshot-at: expected days that are whole steps of ${setup.dt} min within the run, found ${d}`);
    }
    return Math.floor(step + 0.5);
  });
}

interface Prepared {
  parsed: ParsedScenario;
  /** The scenario file (or snapshot) it came from, its text and the --set assignments, for receipt.json. */
  source: string;
  scenarioText: string;
  sets: string[];
  setup: RunSetup;
  state: SimState;
  table: ReadoutTable;
  outDir: string;
}

/** Runs a prepared arm to its end and writes the outputs; returns the output folder. */
async function execute(p: Prepared, opts: RunOptions): Promise<string> {
  const { setup, parsed, table } = p;
  const { kind, reason } = await resolveBackendChoice(opts.backend ?? 'cpu');
  const frameField = chooseFrameField(setup, opts.frameField);
  if (opts.frames !== undefined && !(Number.isInteger(opts.frames) && opts.frames >= 1)) throw new UserError(`--frames: expected a whole number >= 1, found ${opts.frames}`);
  const frames = opts.frames ? frameSteps(setup.totalSteps, opts.frames) : [];
  const snaps = snapshotSteps(setup, opts.snapshotAt ?? []);
  if ((opts.backend ?? 'cpu') === 'auto' && !opts.quiet) process.stderr.write(`backend: ${kind} (${reason})\n`);

  const backend = await createBackend(kind, setup, p.state, table.base);
  mkdirSync(p.outDir, { recursive: true });
  const progress = createProgress(`${setup.scenario.id}/${setup.armName}`, opts.quiet);
  const layout = setup.model.compiled.layout.variables.map((v) => v.name);
  let frameIndex = 0;
  const started = performance.now();
  const final = await runArm(setup, backend, table, {
    onProgress: (step, total) => progress.update(step, total),
    stopSteps: [...frames, ...snaps],
    onStop: (step, state, t) => {
      if (frames.includes(step)) writeFrame(p.outDir, ++frameIndex, setup, state, frameField);
      if (snaps.includes(step)) {
        const day = dayOfStep(setup, step);
        writeFileSync(join(p.outDir, `snapshot-day-${day}.exosnap`), encodeSnapshot(state, parsed.raw, setup.armName, layout, t.toData()));
      }
    },
  });
  const wallSeconds = (performance.now() - started) / 1000;
  progress.stop();
  backend.dispose();

  writeFileSync(join(p.outDir, 'timeseries.csv'), timeseriesCsv(table));
  writeReceipt(p.outDir, { scenarioPath: p.source, scenarioText: p.scenarioText, overrides: p.sets, arms: [setup.armName], seeds: [setup.seed], backend: kind, wallSeconds });
  writeFileSync(join(p.outDir, 'readouts.json'), readoutsJson(table.requested));
  writeFileSync(
    join(p.outDir, 'summary.json'),
    summaryJson(
      {
        scenario: setup.scenario.id,
        arm: setup.armName,
        seed: setup.seed,
        backend: kind,
        steps: final.step,
        simulatedDays: dayOfStep(setup, final.step),
        wallSeconds: Number(wallSeconds.toFixed(3)),
        peakAgents: final.peakCount,
      },
      table,
    ),
  );
  return p.outDir;
}

/** Resolves an arm and builds its initial state and empty read-out table. */
export function prepareArm(parsed: ParsedScenario, armName: string, source: string): { setup: RunSetup; state: SimState; table: ReadoutTable } {
  const setup = resolveRun(parsed, armName);
  let state: SimState;
  try {
    state = createInitialState(setup);
  } catch (e) {
    throw new UserError(`${source}: ${(e as Error).message}`);
  }
  return { setup, state, table: new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName) };
}

/** `exorepair run <scenario.json>`: returns the output folder. */
export async function runCommand(scenarioPath: string, opts: RunOptions): Promise<string> {
  const text = readInputFile(scenarioPath);
  const sets = assignments(opts);
  const parsed = parseScenarioText(text, scenarioPath, sets);
  const armName = chooseArm(parsed, opts.arm);
  const { setup, state, table } = prepareArm(parsed, armName, scenarioPath);
  const outDir = resolve(opts.out ?? join('out', parsed.scenario.id, armName));
  return execute({ parsed, source: scenarioPath, scenarioText: text, sets, setup, state, table, outDir }, opts);
}

/** `exorepair resume <snapshot>`: continues a saved run to its end; returns the output folder. */
export async function resumeCommand(snapshotPath: string, opts: RunOptions): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(snapshotPath);
  } catch (e) {
    throw new UserError(`cannot read ${snapshotPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let snapshot;
  try {
    snapshot = decodeSnapshot(bytes);
  } catch (e) {
    throw new UserError(`${snapshotPath}: ${(e as Error).message}`);
  }
  const parsed = validateScenario(snapshot.header.scenario, `${snapshotPath} (embedded scenario)`);
  const setup = resolveRun(parsed, chooseArm(parsed, snapshot.header.arm));
  const layout = setup.model.compiled.layout.variables.map((v) => v.name);
  if (layout.join(',') !== snapshot.header.layout.join(',')) throw new UserError(`${snapshotPath}: saved with a different agent layout of model ${parsed.scenario.model}`);
  const state = emptyState(setup, snapshot.header.capacity);
  restoreState(snapshot, state);
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  table.load(snapshot.header.table);
  const outDir = resolve(opts.out ?? join('out', parsed.scenario.id, `${setup.armName}-resumed`));
  const scenarioText = JSON.stringify(snapshot.header.scenario);
  return execute({ parsed, source: snapshotPath, scenarioText, sets: [], setup, state, table, outDir }, opts);
}
