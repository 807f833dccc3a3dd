/** `exorepair params [--model ID]`: the parameter table with provenance as CSV (RFC 4180 quoting). */
import { MODELS } from '../model/models/index.ts';
import type { ModelDefinition } from '../model/rules.ts';

/** Quotes a CSV cell when needed. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV of every parameter of the given models: model, name, value, unit, min, max, evidence, source. */
export function parameterCsv(models: readonly ModelDefinition[]): string {
  const lines = ['model,name,value,unit,min,max,evidence,source'];
  for (const m of models) {
    for (const p of m.compiled.parameters.values()) {
      lines.push([m.compiled.spec.id, p.name, p.value, p.unit, p.min, p.max, p.evidence, p.source].map(csvCell).join(','));
    }
  }
  return `${lines.join('\n')}\n`;
}

/** The models selected by id (all when none is given). */
export function selectModels(id: string | undefined): ModelDefinition[] {
  if (id === undefined) return Object.values(MODELS);
  const m = MODELS[id];
  if (!m) throw new Error(`unknown model "${id}" (models: ${Object.keys(MODELS).join(', ')})`);
  return [m];
}
