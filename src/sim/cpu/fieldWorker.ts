/**
 * The field worker: the second thread of ParallelFieldStepper (parallelFieldStepper.ts). It owns the
 * solvers of a subset of the fields and, each step, advances them in shared memory when the main thread
 * signals: packed fields (field·cells + cell, field units), per-field source (field unit/min) and uptake
 * (1/min) arrays, per-field "source used / uptake used" flags, and an Int32Array control block for
 * Atomics.wait/notify. It runs the same solver code on the same inputs as the one-thread FieldStepper, so
 * its fields are bit-identical to that.
 *
 * Protocol (control block indices below): the main thread writes the terms, the flags and which fields
 * the worker solves this step (`owner`), stores the next generation in GO and notifies; the worker solves
 * those fields (creating a field's solver when it first gets it), adds each solve's duration (ms) to
 * `times`, stores the generation in DONE and notifies. On an exception it writes the message into the
 * shared text buffer, sets STATUS to FAILED and still answers DONE; when it leaves (QUIT, or an error
 * outside a step) it sets STATUS and notifies DONE. The only message it posts is 'ready'.
 *
 * This module has no Node imports and no side effects: the bootstrap (parallelFieldStepper.ts) imports
 * it inside the worker and calls runFieldWorker with worker_threads' workerData and parentPort.
 */
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
} as const;
/** Words in the control block. */
export const CONTROL_WORDS = 8;
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
  // Read the generation before announcing readiness: the main thread may signal the first step at once.
  let seen = Atomics.load(control, CONTROL.GO);
  port.postMessage('ready');
  try {
    for (;;) {
      if (Atomics.load(control, CONTROL.QUIT) !== 0) break;
      Atomics.wait(control, CONTROL.GO, seen);
      const gen = Atomics.load(control, CONTROL.GO);
      if (gen === seen) continue;
      seen = gen;
      if (Atomics.load(control, CONTROL.QUIT) !== 0) break;
      try {
        for (let f = 0; f < F; f++) {
          if (owner[f] === 0) continue;
          const solver = (solvers[f] ??= createFieldSolver(data.options[f]));
          const t0 = performance.now();
          solver.step(views[f], flags[2 * f] !== 0 ? sources[f] : null, flags[2 * f + 1] !== 0 ? uptakes[f] : null);
          times[f] += performance.now() - t0;
        }
      } catch (e) {
        report(data, control, e);
        Atomics.store(control, CONTROL.STATUS, STATUS.FAILED);
      }
      Atomics.store(control, CONTROL.DONE, gen);
      Atomics.notify(control, CONTROL.DONE);
      if (Atomics.load(control, CONTROL.STATUS) !== STATUS.RUNNING) break;
    }
  } catch (e) {
    report(data, control, e);
    Atomics.store(control, CONTROL.STATUS, STATUS.FAILED);
  } finally {
    Atomics.compareExchange(control, CONTROL.STATUS, STATUS.RUNNING, STATUS.STOPPED);
    Atomics.notify(control, CONTROL.DONE);
  }
}
