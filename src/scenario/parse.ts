/**
 * Reads a scenario: JSON text -> `--set` overrides -> structural schema -> semantic checks against the
 * model. Every failure is a ScenarioError listing path, expected and found; nothing is partially accepted.
 */
import { findModel, MODELS } from '../model/models/index.ts';
import type { ModelDefinition } from '../model/rules.ts';
import { fromZodIssues, ScenarioError } from './errors.ts';
import { scenarioSchema, type Scenario } from './schema.ts';
import { checkScenarioSemantics } from './semantics.ts';
import { applySet } from './setPath.ts';

export interface ParsedScenario {
  scenario: Scenario;
  model: ModelDefinition;
  /** The document as validated (after `--set`), for receipts and snapshots. */
  raw: unknown;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Parses JSON text, reporting a syntax error with its position. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const pos = /position (\d+)/.exec(message);
    const where = pos ? lineColumn(text, Number(pos[1])) : 'unknown position';
    throw new ScenarioError(source, [{ path: '', expected: `valid JSON (${message})`, found: `a syntax error at ${where}` }]);
  }
}

/** Validates a scenario document (already parsed JSON); `sets` are applied to a copy first. */
export function validateScenario(document: unknown, source: string, sets: readonly string[] = []): ParsedScenario {
  const raw = structuredClone(document);
  for (const assignment of sets) applySet(raw, assignment, source);
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) throw new ScenarioError(source, fromZodIssues(raw, result.error.issues));
  const scenario = result.data;
  const model = findModel(scenario.model);
  const issues = checkScenarioSemantics(scenario, model, Object.keys(MODELS));
  if (issues.length > 0 || !model) throw new ScenarioError(source, issues);
  return { scenario, model, raw };
}

/** Parses and validates scenario JSON text. */
export function parseScenarioText(text: string, source: string, sets: readonly string[] = []): ParsedScenario {
  return validateScenario(parseJsonText(text, source), source, sets);
}
