/**
 * The interface every backend implements: the CPU reference (src/sim/cpu) and WebGPU (src/sim/gpu).
 * A backend owns the state between calls; reading gives back only read-out values (and, on request, a
 * full state copy for snapshots and drawing).
 */
import type { SimState } from './state.ts';

export type BackendKind = 'cpu' | 'gpu';

export interface SimBackend {
  readonly kind: BackendKind;
  /** Steps completed so far. */
  readonly step: number;
  /** Advances the simulation by `steps` steps. */
  advance(steps: number): Promise<void>;
  /** Values of the base read-outs at the current step (order of ReadoutTable.base). */
  readBase(): Promise<Float64Array>;
  /** A full copy of the state (agents, fields, counters). */
  readState(): Promise<SimState>;
  /** Releases resources. */
  dispose(): void;
}
