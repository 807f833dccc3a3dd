/** The registry of models a scenario can name in its `model` key. */
import { compileModel } from '../compile.ts';
import type { ModelDefinition } from '../rules.ts';
import { demoModel } from './demo.ts';
import { bindDemoRules } from './demoRules.ts';

function define(spec: Parameters<typeof compileModel>[0], bind: (c: ReturnType<typeof compileModel>, v: ReadonlyMap<string, number>) => ReturnType<ModelDefinition['bindRules']>): ModelDefinition {
  const compiled = compileModel(spec);
  return { compiled, bindRules: (values) => bind(compiled, values) };
}

export const MODELS: Readonly<Record<string, ModelDefinition>> = {
  demo: define(demoModel, bindDemoRules),
};

/** The model with this id, or undefined. */
export function findModel(id: string): ModelDefinition | undefined {
  return Object.hasOwn(MODELS, id) ? MODELS[id] : undefined;
}
