/**
 * The field worker: the second thread of ParallelFieldStepper (parallelFieldStepper.ts). It owns the
 * solvers of a subset of the fields and, each step, advances them in shared memory when the main thread
 * signals: packed fields (field·cells + cell, field units), per-field source (field unit/min) and uptake
 * (1/min) arrays, per-field "source used / uptake used" flags, and an Int32Array control block for
 * Atomics.wait/notify. It runs the same solver code on the same inputs as the one-thread FieldStepper, so
 * its fields are bit-identical to that.
 *
 * Protocol (control block indices below): the main thread stores the next generation in GO and notifies;
 * if CONVERT is set, the worker converts its agent-sum jobs (accumulators to terms, zeroing what it read)
 * meanwhile; either way it stores the generation in CONVERTED and notifies. The main thread then finishes
 * the terms (voxel rules), writes the flags and which fields the worker solves this step (`owner`),
 * stores the generation in SOLVE and notifies; the worker solves those fields (creating a field's solver
 * when it first gets it), adds each solve's duration (ms) to `times`, stores the generation in DONE and
 * notifies. On an exception it writes the message into the shared text buffer, sets STATUS to FAILED and
 * still answers CONVERTED and DONE; when it leaves (QUIT, or an error outside a step) it sets STATUS and
 * notifies both. The only message it posts is 'ready'.
 *
 * This module has no Node imports and no side effects: the bootstrap (parallelFieldStepper.ts) imports
 * it inside the worker and calls runFieldWorker with worker_threads' workerData and parentPort.
 */
import { agentTerms, agentTermsListed, type AgentJob } from './diffuseFields.ts';
import { createFieldSolver, type FieldSolver, type FieldSolverOptions } from './fieldSolver.ts';

/** Control block indices (Int32Array). */
export const CONTROL = {
  /** Generation of the step the main thread asks for. */
  GO: 0,
  /** Generation of the last step the worker finished. */
  DONE: 1,
  /** One of STATUS. */
  STATUS: 2,
  /** Non-zero: leave the loop at the next GO. */
  QUIT: 3,
  /** Byte length of the message in the text buffer. */
  MESSAGE_LENGTH: 4,
  /** Non-zero: the worker converts its agent-sum jobs at this GO. */
  CONVERT: 5,
  /** Generation whose agent-sum jobs the worker has finished (or skipped). */
  CONVERTED: 6,
  /** Generation the main thread has finished the terms of: the worker may solve. */
  SOLVE: 7,
  /** Voxels in the touched list this step (the only non-zero accumulator values), or −1: read whole ranges. */
  TOUCHED: 8,
} as const;
/** Words in the control block. */
export const CONTROL_WORDS = 16;
/** Worker status values. */
export const STATUS = { RUNNING: 0, FAILED: 1, STOPPED: 2 } as const;
/** Bytes of the shared text buffer for an error message. */
export const MESSAGE_BYTES = 4096;

/** What the main thread hands the worker (structured-cloned; the buffers are shared). */
export interface FieldWorkerData {
  /** Solver options of every field, in field order. */
  options: FieldSolverOptions[];
  /** Voxels per field. */
  cells: number;
  /** The packed fields (Float32 over shared memory), field·cells + cell from fieldsOffset (bytes). */
  fields: SharedArrayBuffer;
  fieldsOffset: number;
  /** Source and uptake of field f at [2f·cells] and [(2f + 1)·cells] (Float32). */
  terms: SharedArrayBuffer;
  /** Agent sums (Int32 quanta, field·cells + cell) the worker's jobs read and zero. */
  secretion: SharedArrayBuffer;
  clearance: SharedArrayBuffer;
  /** Int32 list of the touched voxels (TouchedVoxels.list), CONTROL.TOUCHED of them valid. */
  touched: SharedArrayBuffer;
  /** The worker's agent-sum jobs. */
  jobs: AgentJob[];
  /** Int32 per field: [2f] source used, [2f + 1] uptake used, this step. */
  flags: SharedArrayBuffer;
  /** Int32 per field: 1 if the worker solves it this step. */
  owner: SharedArrayBuffer;
  /** Float64 per field: milliseconds spent solving it, added to by whichever thread solves it. */
  times: SharedArrayBuffer;
  /** Int32Array of CONTROL_WORDS, indices in CONTROL. */
  control: SharedArrayBuffer;
  /** UTF-8 error message (MESSAGE_BYTES). */
  message: SharedArrayBuffer;
}

/** Writes an error's message into the shared text buffer (truncated to MESSAGE_BYTES). */
function report(data: FieldWorkerData, control: Int32Array, e: unknown): void {
  const text = e instanceof Error ? (e.stack ?? e.message) : String(e);
  const bytes = new TextEncoder().encode(text).subarray(0, MESSAGE_BYTES);
  new Uint8Array(data.message).set(bytes);
  Atomics.store(control, CONTROL.MESSAGE_LENGTH, bytes.length);
}

/** Runs the worker loop until told to quit (blocking its thread); posts 'ready' once the first fields' solvers exist. */
export function runFieldWorker(data: FieldWorkerData, port: { postMessage(value: unknown): void }): void {
  const control = new Int32Array(data.control);
  const flags = new Int32Array(data.flags);
  const owner = new Int32Array(data.owner);
  const times = new Float64Array(data.times);
  const cells = data.cells;
  const F = data.options.length;
  const solvers: (FieldSolver | null)[] = new Array<FieldSolver | null>(F).fill(null);
  const views = data.options.map((_, f) => new Float32Array(data.fields, data.fieldsOffset + f * cells * 4, cells));
  const sources = data.options.map((_, f) => new Float32Array(data.terms, 2 * f * cells * 4, cells));
  const uptakes = data.options.map((_, f) => new Float32Array(data.terms, (2 * f + 1) * cells * 4, cells));
  for (let f = 0; f < F; f++) if (owner[f] !== 0) solvers[f] = createFieldSolver(data.options[f]);
  const secretion = new Int32Array(data.secretion);
  const clearance = new Int32Array(data.clearance);
  const touched = new Int32Array(data.touched);
  const fail = (e: unknown) => {
    report(data, control, e);
    Atomics.store(control, CONTROL.STATUS, STATUS.FAILED);
  };
  const answer = (index: number, gen: number) => {
    Atomics.store(control, index, gen);
    Atomics.notify(control, index);
  };
  const quit = () => Atomics.load(control, CONTROL.QUIT) !== 0;
  // Read the generation before announcing readiness: the main thread may signal the first step at once.
  let seen = Atomics.load(control, CONTROL.GO);
  port.postMessage('ready');
  try {
    for (;;) {
      if (quit()) break;
      Atomics.wait(control, CONTROL.GO, seen);
      const gen = Atomics.load(control, CONTROL.GO);
      if (gen === seen) continue;
      seen = gen;
      if (quit()) break;
      try {
        if (Atomics.load(control, CONTROL.CONVERT) !== 0) {
          const listed = Atomics.load(control, CONTROL.TOUCHED);
          for (const job of data.jobs) {
            const dst = job.kind === 'source' ? sources[job.field] : uptakes[job.field];
            const acc = job.kind === 'source' ? secretion : clearance;
            if (listed >= 0) agentTermsListed(dst, acc, job.field * cells, job.factor, true, touched, listed);
            else agentTerms(dst, acc, job.field * cells, job.factor, true);
          }
        }
      } catch (e) {
        fail(e);
      }
      answer(CONTROL.CONVERTED, gen);
      if (Atomics.load(control, CONTROL.STATUS) !== STATUS.RUNNING) {
        answer(CONTROL.DONE, gen);
        break;
      }
      for (;;) {
        const ready = Atomics.load(control, CONTROL.SOLVE);
        if (ready === gen || quit()) break;
        Atomics.wait(control, CONTROL.SOLVE, ready);
      }
      if (quit()) break;
      try {
        for (let f = 0; f < F; f++) {
          if (owner[f] === 0) continue;
          const solver = (solvers[f] ??= createFieldSolver(data.options[f]));
          const t0 = performance.now();
          solver.step(views[f], flags[2 * f] !== 0 ? sources[f] : null, flags[2 * f + 1] !== 0 ? uptakes[f] : null);
          times[f] += performance.now() - t0;
        }
      } catch (e) {
        fail(e);
      }
      answer(CONTROL.DONE, gen);
      if (Atomics.load(control, CONTROL.STATUS) !== STATUS.RUNNING) break;
    }
  } catch (e) {
    fail(e);
  } finally {
    Atomics.compareExchange(control, CONTROL.STATUS, STATUS.RUNNING, STATUS.STOPPED);
    Atomics.notify(control, CONTROL.CONVERTED);
    Atomics.notify(control, CONTROL.DONE);
  }
}
