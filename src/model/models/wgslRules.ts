/**
 * Pieces shared by the models' WGSL rules (GpuRules, rules.ts): the RuleFate codes as WGSL constants and
 * the assembly of a model's rule texts (its run constants, then shaders/<model>_agent_rules.wgsl or
 * shaders/<model>_voxel_rules.wgsl).
 */
import { loadShader } from '../../sim/gpu/shaderSource.ts';
import { u32Const } from '../../sim/gpu/wgslLiterals.ts';
import { RuleFate, type GpuRules } from '../rules.ts';

/** `const NAME: bool = ...;`. */
export function boolConst(name: string, x: boolean): string {
  return `const ${name}: bool = ${x};`;
}

/** The GpuRules of a model: `constants` (WGSL lines) before each of its two rule files. */
export function gpuRulesOf(model: string, constants: readonly string[]): GpuRules {
  const head = [
    `// ---- ${model} rule constants (generated from the run's parameter values) ----`,
    u32Const('RULE_FATE_NONE', RuleFate.NONE),
    u32Const('RULE_FATE_DIE', RuleFate.DIE),
    u32Const('RULE_FATE_LEAVE', RuleFate.LEAVE),
    ...constants,
  ].join('\n');
  return { agent: `${head}\n${loadShader(`${model}_agent_rules.wgsl`)}`, voxel: `${head}\n${loadShader(`${model}_voxel_rules.wgsl`)}` };
}
