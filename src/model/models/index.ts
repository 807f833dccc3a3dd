/** The registry of models a scenario can name in its `model` key. */
import { compileModel, type CompiledModel } from '../compile.ts';
import type { ArmContext, BoundRules, GpuRules, ModelDefinition, ParameterValues } from '../rules.ts';
import type { ModelSpec } from '../types.ts';
import { boneModel } from './bone.ts';
import { bindBoneRules } from './boneRules.ts';
import { boneGpuRules } from './boneRulesGpu.ts';
import { demoModel } from './demo.ts';
import { bindDemoRules } from './demoRules.ts';
import { demoGpuRules } from './demoRulesGpu.ts';
import { skinModel } from './skin.ts';
import { bindSkinRules } from './skinRules.ts';
import { skinGpuRules } from './skinRulesGpu.ts';

type Binder = (compiled: CompiledModel, values: ParameterValues, arm: ArmContext) => BoundRules;
type GpuBinder = (values: ParameterValues, arm: ArmContext, dt: number) => GpuRules;

/** A model from its spec and rules; without a WGSL twin the GPU backend refuses it. */
function define(spec: ModelSpec, bind: Binder, gpuRules?: GpuBinder): ModelDefinition {
  const compiled = compileModel(spec);
  return { compiled, bindRules: (values, arm) => bind(compiled, values, arm), gpuRules };
}

export const MODELS: Readonly<Record<string, ModelDefinition>> = {
  demo: define(demoModel, bindDemoRules, demoGpuRules),
  skin: define(skinModel, bindSkinRules, skinGpuRules),
  bone: define(boneModel, bindBoneRules, boneGpuRules),
};

/** The model with this id, or undefined. */
export function findModel(id: string): ModelDefinition | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}
