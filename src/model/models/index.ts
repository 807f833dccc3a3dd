/** The registry of models a scenario can name in its `model` key. */
import { compileModel, type CompiledModel } from '../compile.ts';
import type { ArmContext, BoundRules, ModelDefinition, ParameterValues } from '../rules.ts';
import type { ModelSpec } from '../types.ts';
import { demoModel } from './demo.ts';
import { bindDemoRules } from './demoRules.ts';
import { skinModel } from './skin.ts';
import { bindSkinRules } from './skinRules.ts';

type Binder = (compiled: CompiledModel, values: ParameterValues, arm: ArmContext) => BoundRules;

function define(spec: ModelSpec, bind: Binder): ModelDefinition {
  const compiled = compileModel(spec);
  return { compiled, bindRules: (values, arm) => bind(compiled, values, arm) };
}

export const MODELS: Readonly<Record<string, ModelDefinition>> = {
  demo: define(demoModel, bindDemoRules),
  skin: define(skinModel, bindSkinRules),
};

/** The model with this id, or undefined. */
export function findModel(id: string): ModelDefinition | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}
