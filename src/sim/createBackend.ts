/** Chooses and constructs a backend for a run. */
import { CpuBackend } from './cpu/CpuBackend.ts';
import type { ReadoutSpec } from '../model/types.ts';
import type { RunSetup } from './runSetup.ts';
import type { BackendKind, SimBackend } from './SimBackend.ts';
import type { SimState } from './state.ts';

export type BackendChoice = BackendKind | 'auto';

/** A backend that cannot be used here (no adapter, not built); the message says why. */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/** The backend `auto` resolves to, with the reason (printed by the CLI). */
export async function resolveBackendChoice(choice: BackendChoice): Promise<{ kind: BackendKind; reason: string }> {
  if (choice === 'cpu') return { kind: 'cpu', reason: 'requested' };
  if (choice === 'gpu') throw new BackendUnavailableError('the WebGPU backend is not implemented yet; use --backend cpu');
  return { kind: 'cpu', reason: 'auto: the WebGPU backend is not implemented yet, so the CPU backend runs' };
}

/** Constructs the backend of the given kind over an initial or resumed state. */
export function createBackend(kind: BackendKind, setup: RunSetup, state: SimState, baseReadouts: readonly ReadoutSpec[]): SimBackend {
  if (kind === 'gpu') throw new BackendUnavailableError('the WebGPU backend is not implemented yet; use --backend cpu');
  return new CpuBackend(setup, state, baseReadouts);
}
