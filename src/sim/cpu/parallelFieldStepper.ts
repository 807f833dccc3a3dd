/**
 * The field phase on two threads (Node only; the one-thread FieldStepper in diffuseFields.ts stays the
 * default for the library and the browser, where SharedArrayBuffer needs cross-origin isolation).
 * The fields are split between the main thread and one worker (fieldWorker.ts), first by estimated cost
 * (fieldSolveCosts), then, after 4 steps and every 64, by the solve times both threads measured. Each
 * step the main thread builds every field's source and uptake exactly as FieldStepper does (into shared
 * arrays), signals the worker through an Int32Array control block (Atomics.notify), solves its own
 * fields and waits (Atomics.wait) for the worker. When step() gets the stepper's own shared accumulators
 * (`accumulators`, which CpuBackend uses), the worker also converts about half of the agent sums into
 * their terms (and zeroes them) while the main thread converts the rest; the main thread then runs the
 * voxel rules and lets the worker solve. Each field is advanced by the
 * same solver code on the same inputs as on one thread, and the solvers keep no state between steps, so
 * the fields are bit-identical to FieldStepper's whichever thread solves a field at a given step (the
 * split depends on timing; the results do not).
 *
 * The packed fields must live in a SharedArrayBuffer (toSharedFields; CpuBackend copies them there).
 * The worker is TypeScript, started through workerBootstrap.ts (tsx registered inside the worker).
 * It starts asynchronously: await `ready` before the first step (it rejects with the reason when the
 * worker cannot start). Once started the worker is unref'd, so a forgotten dispose() cannot keep the
 * process alive; dispose() tells it to quit and terminates it. Node modules are reached through
 * process.getBuiltinModule, so importing this module is harmless in a browser bundle.
 */
import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import type { ExchangeScales } from '../fixedPoint.ts';
import type { RunSetup } from '../runSetup.ts';
import { FieldExchange, fieldSolverOptions, type AgentJob, type FieldPhase } from './diffuseFields.ts';
import { createFieldSolver, type FieldSolver, type FieldSolverOptions } from './fieldSolver.ts';
import { CONTROL, CONTROL_WORDS, MESSAGE_BYTES, STATUS, type FieldWorkerData } from './fieldWorker.ts';
import { TouchedVoxels } from './touchedVoxels.ts';
import { nodeBuiltin, workerBootstrapSource } from '../workerBootstrap.ts';

/** Relative cost units of one field's solve per step (a structural field without uptake is 1). */
const COST = { diffusing: 10, diffusingUptake: 5, structural: 1, structuralUptake: 4 } as const;
/** Cost units charged to the main thread in the first split, for signalling and waiting on the worker. */
const MAIN_EXTRA_COST = 2;
/** Steps measured before the first rebalancing, and between later ones. */
const FIRST_WINDOW = 4;
const WINDOW = 64;
/** A new split is taken only if its measured critical path is this much shorter (fraction). */
const MIN_GAIN = 0.03;
/** How long the worker may take to start (ms) before `ready` rejects. */
const START_TIMEOUT_MS = 60_000;
/** How long one step may wait for the worker (ms) before it is declared hung (it never should). */
const STEP_TIMEOUT_MS = 600_000;

let live = 0;

/** Number of field workers started in this thread that have not exited yet (diagnostics, tests). */
export function liveFieldWorkers(): number {
  return live;
}

/** Whether two-thread field solving can work here: Node with worker_threads and SharedArrayBuffer. */
export function parallelFieldsSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && typeof process !== 'undefined' && typeof process.getBuiltinModule === 'function';
}

/** A copy of packed fields (field units) in a SharedArrayBuffer, or the array itself if already shared. */
export function toSharedFields(fields: Float32Array): Float32Array {
  if (fields.buffer instanceof SharedArrayBuffer) return fields;
  if (typeof SharedArrayBuffer !== 'function') throw new Error('two-thread field solving needs SharedArrayBuffer (not available here)');
  const shared = new Float32Array(new SharedArrayBuffer(fields.byteLength));
  shared.set(fields);
  return shared;
}

/**
 * Estimated relative cost (units, a structural field = 1) of each field's solve per step: diffusing
 * fields about 10, uptake known in advance (agent clearance, carrier release) adds a variable diagonal or
 * a per-voxel exponential. Uptake written by voxel rules is not known before a step and is not counted.
 */
export function fieldSolveCosts(setup: RunSetup, scales: ExchangeScales): number[] {
  const spec = setup.model.compiled.spec;
  const carrier = spec.dosing && setup.dosing.carrierRelease > 0 ? setup.model.compiled.fieldIndex[spec.dosing.carrierField] : -1;
  return fieldSolverOptions(setup).map((o, f) => {
    const uptake = scales.clearanceMax[f] > 0 || f === carrier;
    return o.D > 0 ? COST.diffusing + (uptake ? COST.diffusingUptake : 0) : COST.structural + (uptake ? COST.structuralUptake : 0);
  });
}

/**
 * Splits fields between the main thread and the worker, longest first onto the less loaded side (ties:
 * the worker), the main thread starting at `mainExtra` units; each list ascending.
 */
export function splitFields(costs: readonly number[], mainExtra = MAIN_EXTRA_COST): { main: number[]; worker: number[] } {
  const order = costs.map((_, f) => f).sort((a, b) => costs[b] - costs[a] || a - b);
  const main: number[] = [];
  const worker: number[] = [];
  let loadMain = mainExtra;
  let loadWorker = 0;
  for (const f of order) {
    if (loadWorker <= loadMain) {
      worker.push(f);
      loadWorker += costs[f];
    } else {
      main.push(f);
      loadMain += costs[f];
    }
  }
  return { main: main.sort((a, b) => a - b), worker: worker.sort((a, b) => a - b) };
}

const PURPOSE = 'two-thread field solving';

function nodeModule<T>(id: string): T {
  if (!parallelFieldsSupported()) throw new Error('two-thread field solving needs Node (>= 20.16) with worker_threads and SharedArrayBuffer');
  return nodeBuiltin<T>(id, PURPOSE);
}

/** The field phase on the main thread plus one worker thread; bit-identical to FieldStepper. */
export class ParallelFieldStepper implements FieldPhase {
  readonly threads = 2;
  /** Resolves when the worker is running; rejects with the reason it could not start. */
  readonly ready: Promise<void>;
  /** Resolves with the worker's exit code once it has exited. */
  readonly closed: Promise<number>;
  private readonly worker: NodeWorker;
  private readonly exchange: FieldExchange;
  private readonly options: FieldSolverOptions[];
  /** Main-thread solvers, made when a field is first solved here. */
  private readonly solvers: (FieldSolver | null)[];
  private readonly control: Int32Array;
  private readonly flags: Int32Array;
  /** 1 where the worker solves the field (written only between steps). */
  private readonly owner: Int32Array;
  /** Milliseconds per field in the current window, from both threads. */
  private readonly times: Float64Array;
  /** Agent sums (fixed-point quanta, field·cells + cell) in shared memory, for the backend to accumulate into. */
  readonly accumulators: { readonly secretion: Int32Array; readonly clearance: Int32Array };
  /** Voxels the backend's deposits mark; their list is shared with the worker. */
  readonly touched: TouchedVoxels;
  /** Agent-sum jobs the main thread converts when step() gets `accumulators`; the worker converts the others. */
  private readonly mainJobs: AgentJob[] = [];
  private readonly workerJobs: AgentJob[] = [];
  private windowSteps = 0;
  private windowLength = FIRST_WINDOW;
  private readonly message: Uint8Array;
  private generation = 0;
  private started = false;
  private broken: string | null = null;
  private disposed = false;

  /**
   * `fields` (packed field·cells, over a SharedArrayBuffer) is the array every step() must receive;
   * `workerUrl` replaces fieldWorker.ts (a module exporting runFieldWorker; tests, relocated builds).
   */
  constructor(
    setup: RunSetup,
    scales: ExchangeScales,
    private readonly fields: Float32Array,
    workerUrl?: string,
  ) {
    const { Worker } = nodeModule<typeof import('node:worker_threads')>('node:worker_threads');
    if (!(fields.buffer instanceof SharedArrayBuffer)) throw new Error('ParallelFieldStepper: the fields must live in a SharedArrayBuffer (toSharedFields)');
    const cells = setup.grid.cells;
    const options = (this.options = fieldSolverOptions(setup));
    const F = options.length;
    if (fields.length !== F * cells) throw new Error(`ParallelFieldStepper: expected ${F * cells} field values, found ${fields.length}`);

    // Every field's terms live in shared memory (pages of unused ones are never touched), so any field can move.
    const terms = new SharedArrayBuffer(2 * F * cells * 4);
    this.exchange = new FieldExchange(setup, scales, (f, kind, n) => new Float32Array(terms, (2 * f + (kind === 'uptake' ? 1 : 0)) * n * 4, n));
    // The jobs alternate between the threads (they all cost the same: one pass over `cells` values).
    this.exchange.agentJobs.forEach((job, k) => (k % 2 === 0 ? this.workerJobs : this.mainJobs).push(job));
    const secretion = new SharedArrayBuffer(F * cells * 4);
    const clearance = new SharedArrayBuffer(F * cells * 4);
    this.accumulators = { secretion: new Int32Array(secretion), clearance: new Int32Array(clearance) };
    this.touched = new TouchedVoxels(cells, true);
    const data: FieldWorkerData = {
      options,
      cells,
      fields: fields.buffer,
      fieldsOffset: fields.byteOffset,
      terms,
      secretion,
      clearance,
      touched: this.touched.list.buffer as SharedArrayBuffer,
      jobs: this.workerJobs,
      flags: new SharedArrayBuffer(2 * F * 4),
      owner: new SharedArrayBuffer(F * 4),
      times: new SharedArrayBuffer(F * 8),
      control: new SharedArrayBuffer(CONTROL_WORDS * 4),
      message: new SharedArrayBuffer(MESSAGE_BYTES),
    };
    this.flags = new Int32Array(data.flags);
    this.owner = new Int32Array(data.owner);
    this.times = new Float64Array(data.times);
    this.control = new Int32Array(data.control);
    this.message = new Uint8Array(data.message);
    for (const f of splitFields(fieldSolveCosts(setup, scales)).worker) this.owner[f] = 1;
    this.solvers = options.map((o, f) => (this.owner[f] === 0 ? createFieldSolver(o) : null));

    const workerName = './fieldWorker.ts'; // a variable, so that bundlers do not treat it as an asset
    const url = workerUrl ?? new URL(workerName, import.meta.url).href;
    const workerOptions: WorkerOptions = { eval: true, workerData: data, execArgv: [], name: 'exorepair-field-worker' };
    this.worker = new Worker(workerBootstrapSource(url, 'runFieldWorker', PURPOSE), workerOptions);
    live++;
    const worker = this.worker;
    let startError: ((e: Error) => void) | null = null;
    this.closed = new Promise<number>((resolve) =>
      worker.once('exit', (code) => {
        live--;
        startError?.(new Error(`the field worker exited with code ${code} before it started`));
        resolve(code);
      }),
    );
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => fail(new Error(`the field worker did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      timer.unref();
      const fail = (e: Error) => {
        clearTimeout(timer);
        startError = null;
        this.broken ??= e.message;
        void worker.terminate();
        reject(new Error(`field worker could not start: ${e.message}`));
      };
      startError = fail;
      worker.once('message', (m: unknown) => {
        clearTimeout(timer);
        startError = null;
        if (m !== 'ready') return fail(new Error(`unexpected message ${JSON.stringify(m)}`));
        this.started = true;
        worker.unref();
        resolve();
      });
    });
    this.ready.catch(() => {}); // the owner awaits it; keep an unobserved failure from being an unhandled rejection
    worker.on('error', (e: Error) => {
      if (startError) startError(e);
      else this.broken ??= `field worker error: ${e.message}`;
    });
  }

  /** Advances all fields (packed field·cells) by one step on two threads and zeroes the accumulators (FieldPhase.step). */
  step(fields: Float32Array, secretion: Int32Array, clearance: Int32Array, touched: TouchedVoxels | null = null): void {
    if (this.disposed) throw new Error('ParallelFieldStepper: used after dispose()');
    if (this.broken !== null) throw new Error(`ParallelFieldStepper: ${this.broken}`);
    if (!this.started) throw new Error('ParallelFieldStepper: await ready before the first step');
    if (fields !== this.fields) throw new Error('ParallelFieldStepper: step() must receive the shared fields array it was made with');
    const x = this.exchange;
    const c = this.control;
    const F = this.options.length;
    const shared = secretion === this.accumulators.secretion && clearance === this.accumulators.clearance;
    const gen = (this.generation = (this.generation + 1) | 0);
    try {
      x.begin(fields);
      touched?.collect();
      if (shared) {
        // The worker converts its jobs meanwhile (over the touched voxels when it can read their list);
        // the rules may add to any array, so they wait for both. The ranges no job reads are never
        // written in the backend's accumulators (zeroUnread): left alone.
        Atomics.store(c, CONTROL.TOUCHED, touched !== null && touched === this.touched ? touched.count : -1);
        Atomics.store(c, CONTROL.CONVERT, 1);
        Atomics.store(c, CONTROL.GO, gen);
        Atomics.notify(c, CONTROL.GO);
        for (const job of this.mainJobs) x.agentTerm(job, secretion, clearance, true, touched);
        for (const job of this.workerJobs) x.markAgentTerm(job);
        this.await(CONTROL.CONVERTED, gen);
      } else {
        for (const job of x.agentJobs) x.agentTerm(job, secretion, clearance, true, touched);
        if (!touched) x.zeroUnread(secretion, clearance);
        Atomics.store(c, CONTROL.CONVERT, 0);
        Atomics.store(c, CONTROL.GO, gen);
        Atomics.notify(c, CONTROL.GO);
      }
      x.finish();
      for (let f = 0; f < F; f++) {
        this.flags[2 * f] = x.sourceUsed[f] ? 1 : 0;
        this.flags[2 * f + 1] = x.uptakeUsed[f] ? 1 : 0;
      }
    } catch (e) {
      // The worker has this generation's GO and waits for SOLVE: the stepper cannot go on.
      this.broken ??= `a step failed while building the terms: ${(e as Error).message}`;
      throw e;
    }
    Atomics.store(c, CONTROL.SOLVE, gen);
    Atomics.notify(c, CONTROL.SOLVE);
    try {
      const views = x.viewsOf(fields);
      for (let f = 0; f < F; f++) {
        if (this.owner[f] !== 0) continue;
        const solver = (this.solvers[f] ??= createFieldSolver(this.options[f]));
        const t0 = performance.now();
        solver.step(views[f], x.sourceFor(f), x.uptakeFor(f));
        this.times[f] += performance.now() - t0;
      }
    } finally {
      this.await(CONTROL.DONE, gen);
    }
    if (++this.windowSteps >= this.windowLength) this.rebalance();
  }

  /** Fields the main thread and the worker solve at the next step (ascending). */
  get split(): { main: number[]; worker: number[] } {
    const main: number[] = [];
    const worker: number[] = [];
    this.owner.forEach((o, f) => (o !== 0 ? worker : main).push(f));
    return { main, worker };
  }

  /** Moves fields between the threads from the next step on: the worker solves `worker`, the main thread the rest. */
  assign(worker: readonly number[]): void {
    this.owner.forEach((_, f) => (this.owner[f] = worker.includes(f) ? 1 : 0));
  }

  /**
   * Re-splits the fields by the solve times measured over the last window, if that shortens the
   * measured critical path by at least MIN_GAIN; then starts a new window. Moving a field only changes
   * which thread's solver (stateless between steps) advances it, so the fields stay bit-identical.
   */
  private rebalance(): void {
    const n = this.windowSteps;
    const cost = Array.from(this.times, (t) => t / n);
    const critical = (worker: (f: number) => boolean) => {
      let main = 0;
      let other = 0;
      cost.forEach((c, f) => (worker(f) ? (other += c) : (main += c)));
      return Math.max(main, other);
    };
    const next = splitFields(cost, 0);
    const onWorker = new Set(next.worker);
    if (critical((f) => onWorker.has(f)) < (1 - MIN_GAIN) * critical((f) => this.owner[f] !== 0)) this.assign(next.worker);
    this.times.fill(0);
    this.windowSteps = 0;
    this.windowLength = WINDOW;
  }

  /** Blocks until the worker has stored generation `gen` in control word `index` (CONVERTED, DONE); throws if it failed or stopped. */
  private await(index: number, gen: number): void {
    const c = this.control;
    let waited = 0;
    for (;;) {
      const done = Atomics.load(c, index);
      if (done === gen || Atomics.load(c, CONTROL.STATUS) !== STATUS.RUNNING) break;
      if (waited >= STEP_TIMEOUT_MS) {
        this.broken = `the field worker did not answer within ${STEP_TIMEOUT_MS / 1000} s`;
        throw new Error(`ParallelFieldStepper: ${this.broken}`);
      }
      if (Atomics.wait(c, index, done, 1000) === 'timed-out') waited += 1000;
    }
    const status = Atomics.load(c, CONTROL.STATUS);
    if (status === STATUS.RUNNING) return;
    const length = Atomics.load(c, CONTROL.MESSAGE_LENGTH);
    const text = new TextDecoder().decode(this.message.slice(0, length));
    this.broken = status === STATUS.FAILED ? `the field worker failed: ${text}` : 'the field worker stopped';
    throw new Error(`ParallelFieldStepper: ${this.broken}`);
  }

  /** Tells the worker to quit and terminates it (idempotent); `closed` resolves when it has exited. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    Atomics.store(this.control, CONTROL.QUIT, 1);
    for (const index of [CONTROL.GO, CONTROL.SOLVE]) {
      Atomics.add(this.control, index, 1);
      Atomics.notify(this.control, index);
    }
    void this.worker.terminate();
  }
}
