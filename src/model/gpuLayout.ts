/**
 * TypeGPU schemas generated from the model spec: the agent struct (whose WGSL declaration TypeGPU emits)
 * and helpers to inject it into hand-written WGSL. Same member order and 32-bit members as agentLayout.ts.
 */
import tgpu, { d } from 'typegpu';
import type { AgentLayout } from './agentLayout.ts';
import type { ScalarKind } from './types.ts';

const scalar = { f32: d.f32, u32: d.u32, i32: d.i32 } as const satisfies Record<ScalarKind, unknown>;

/** The agent struct as a TypeGPU schema. */
export function agentStruct(layout: AgentLayout) {
  const members: Record<string, (typeof scalar)[ScalarKind]> = {};
  for (const v of layout.variables) members[v.name] = scalar[v.kind];
  return d.struct(members);
}

/** WGSL source of `template` with `Agent` (and any other externals) resolved to generated declarations. */
export function resolveWithAgent(layout: AgentLayout, template: string, externals: Record<string, unknown> = {}): string {
  return tgpu.resolve({ template, externals: { Agent: agentStruct(layout), ...externals } as never });
}
