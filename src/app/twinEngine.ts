/**
 * What the page drives: both arms of a page run on one backend, advancing in lockstep (same step count,
 * same seed: common random numbers). Two implementations: GpuTwins (WebGPU, on the page's thread, the
 * device shared with pixi) and the CPU twins in a Web Worker (cpuTwinClient.ts).
 */
import type { SimState } from '../sim/state.ts';
import type { PickedCell } from './pickAgent.ts';

export interface TwinEngine {
  readonly kind: 'gpu' | 'cpu';
  /** Steps completed by both arms. */
  readonly step: number;
  /** Advances both arms by `steps`. */
  advance(steps: number): Promise<void>;
  /** Base read-out values of each arm at the current step (ReadoutTable.base order). */
  readBase(): Promise<[Float64Array, Float64Array]>;
  /** Full copies of both arms' states (snapshots; continuing on the CPU after a device loss). */
  readStates(): Promise<[SimState, SimState]>;
  /** The cell of arm `arm` under (x, y) µm, or null. */
  pick(arm: 0 | 1, x: number, y: number): Promise<PickedCell | null>;
  dispose(): void;
}
