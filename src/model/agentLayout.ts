/**
 * The agent memory layout: an array of structs of 32-bit words. The CPU backend stores agents in one
 * ArrayBuffer viewed as Float32Array and Uint32Array with this stride; the GPU struct generated from the
 * same list (gpuLayout.ts) has the same byte offsets, so a snapshot or an upload is a plain byte copy.
 */
import type { AgentVariableSpec, ScalarKind } from './types.ts';

/** Variables every agent has, owned by the engine's generic phases. Their order is part of the layout. */
export const ENGINE_VARIABLES: readonly AgentVariableSpec[] = [
  { name: 'id', kind: 'u32', unit: '1', doc: 'unique id, never reused; keys the counter-based RNG' },
  { name: 'cellType', kind: 'u32', unit: '1', doc: 'index of the cell type in the model spec' },
  { name: 'cellState', kind: 'u32', unit: '1', doc: 'index of the state within the cell type' },
  { name: 'x', kind: 'f32', unit: 'µm', doc: 'position, from the left edge of the domain' },
  { name: 'y', kind: 'f32', unit: 'µm', doc: 'position, from the top edge of the domain' },
  { name: 'dirX', kind: 'f32', unit: '1', doc: 'persistent migration direction (unit vector), x' },
  { name: 'dirY', kind: 'f32', unit: '1', doc: 'persistent migration direction (unit vector), y' },
  { name: 'age', kind: 'f32', unit: 'min', doc: 'time since the cell appeared (birth, recruitment or t = 0)' },
  { name: 'cycle', kind: 'f32', unit: '1', doc: 'cell-cycle progress; the cell divides when it reaches 1' },
];

/** Word offsets and kinds of every agent variable. */
export interface AgentLayout {
  /** Words (4 bytes) per agent. */
  stride: number;
  variables: readonly AgentVariableSpec[];
  offset: Readonly<Record<string, number>>;
  kind: Readonly<Record<string, ScalarKind>>;
}

/** Lays out the engine variables followed by the model's, one 32-bit word each. */
export function buildAgentLayout(modelVariables: readonly AgentVariableSpec[]): AgentLayout {
  const variables = [...ENGINE_VARIABLES, ...modelVariables];
  const offset: Record<string, number> = {};
  const kind: Record<string, ScalarKind> = {};
  variables.forEach((v, i) => {
    if (v.name in offset) throw new Error(`agent variable "${v.name}" is declared twice`);
    offset[v.name] = i;
    kind[v.name] = v.kind;
  });
  return { stride: variables.length, variables, offset, kind };
}
