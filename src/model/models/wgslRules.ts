/**
 * Pieces shared by the models' WGSL rules (GpuRules, rules.ts): the RuleFate codes as WGSL constants and
 * the assembly of a model's rule texts (its run constants, then shaders/<model>_agent_rules.wgsl, after the
 * shared immune module where the model has one, or shaders/<model>_voxel_rules.wgsl).
 */
import { loadShader } from '../../sim/gpu/shaderSource.ts';
import { f32Above } from '../../sim/gpu/f32Bounds.ts';
import { f32Const, u32Const } from '../../sim/gpu/wgslLiterals.ts';
import { RuleFate, type GpuRules } from '../rules.ts';
import type { ImmuneParameters } from './immuneRules.ts';
import { chance } from './pathwayMath.ts';

/** `const NAME: bool = ...;`. */
export function boolConst(name: string, x: boolean): string {
  return `const ${name}: bool = ${x};`;
}

/** The WGSL of the immune module the tissue models share (immuneRules.ts): agent rules only (it reads the agents binding). */
export const IMMUNE_RULES = 'immune_rules.wgsl';

/** The immune module's per-step chances at time step dt (min), rounded up to f32 so the decisions fall as on the CPU. */
export function immuneChances(p: ImmuneParameters, dt: number): string[] {
  return [
    f32Const('CHANCE_NEUT_APOPTOSIS', f32Above(chance(p.neutApoptosis, dt))),
    f32Const('CHANCE_NEUT_CLEARANCE', f32Above(chance(p.neutClearance, dt))),
    f32Const('CHANCE_MAC_REMOVAL', f32Above(chance(p.macRemoval, dt))),
  ];
}

/**
 * The GpuRules of a model: `constants` (WGSL lines) before each of its two rule files, and the shader files
 * `agentHelpers` between them and the agent rules (the voxel rules have no agents binding).
 */
export function gpuRulesOf(model: string, constants: readonly string[], agentHelpers: readonly string[] = []): GpuRules {
  const head = [
    `// ---- ${model} rule constants (generated from the run's parameter values) ----`,
    u32Const('RULE_FATE_NONE', RuleFate.NONE),
    u32Const('RULE_FATE_DIE', RuleFate.DIE),
    u32Const('RULE_FATE_LEAVE', RuleFate.LEAVE),
    ...constants,
  ].join('\n');
  const agent = [head, ...agentHelpers.map(loadShader), loadShader(`${model}_agent_rules.wgsl`)].join('\n');
  return { agent, voxel: `${head}\n${loadShader(`${model}_voxel_rules.wgsl`)}` };
}
