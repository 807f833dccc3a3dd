/**
 * Opening a scenario file in the page: JSON text -> validated scenario -> a PageRun, or the issues by JSON
 * path (never a throw), so the page can list them and keep its current run.
 */
import { ScenarioError, type ScenarioIssue } from '../scenario/errors.ts';
import { parseJsonText, validateScenario } from '../scenario/parse.ts';
import type { PageRun } from './pageRun.ts';

export type ScenarioFileResult = { ok: true; run: PageRun } | { ok: false; title: string; issues: ScenarioIssue[] };

/** Reads a scenario file's text; arms are ["untreated", "treated"] when both exist, else the first two (or the only one twice). */
export function readScenarioFile(name: string, text: string): ScenarioFileResult {
  let document: unknown;
  try {
    document = parseJsonText(text, name);
  } catch (e) {
    return { ok: false, title: `${name} is not valid JSON`, issues: issuesOf(e) };
  }
  let arms: string[];
  try {
    arms = Object.keys(validateScenario(document, name).scenario.arms);
  } catch (e) {
    return { ok: false, title: `${name} is not a valid scenario`, issues: issuesOf(e) };
  }
  const pair: [string, string] =
    arms.includes('untreated') && arms.includes('treated') ? ['untreated', 'treated'] : [arms[0], arms[Math.min(1, arms.length - 1)]];
  return { ok: true, run: { scenario: document, source: name, sets: [], arms: pair } };
}

/** One line per issue: "at arms.treated.doses.0.amount: expected ..., found ...". */
export function issueLines(issues: readonly ScenarioIssue[]): string[] {
  return issues.map((i) => `at ${i.path || '(top level)'}: expected ${i.expected}, found ${i.found}`);
}

/** The issues of a ScenarioError, or one top-level issue carrying any other error's message. */
function issuesOf(e: unknown): ScenarioIssue[] {
  if (e instanceof ScenarioError) return [...e.issues];
  return [{ path: '', expected: 'a scenario the page can read', found: `an error: ${e instanceof Error ? e.message : String(e)}` }];
}
