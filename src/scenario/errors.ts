/**
 * Scenario errors: every problem names the JSON path (dot notation with numeric indices, the same
 * notation `--set` takes), what was expected and what was found.
 */
import type { z } from 'zod';

export interface ScenarioIssue {
  /** Dot path into the scenario, e.g. `arms.treated.doses.0.amount`; empty for the whole document. */
  path: string;
  expected: string;
  found: string;
}

/** A scenario that cannot run, with every issue found. */
export class ScenarioError extends Error {
  override name = 'ScenarioError';
  constructor(
    readonly source: string,
    readonly issues: readonly ScenarioIssue[],
  ) {
    super(formatIssues(source, issues));
  }
}

/** Human-readable report: one line per issue. */
export function formatIssues(source: string, issues: readonly ScenarioIssue[]): string {
  const lines = issues.map((i) => `  at ${i.path || '(top level)'}: expected ${i.expected}, found ${i.found}`);
  return `invalid scenario ${source}:\n${lines.join('\n')}`;
}

/** Joins path segments into dot notation. */
export function dotPath(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

/** The value at `path` inside `root`, or undefined. */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = root;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key as string];
  }
  return v;
}

/** A short rendering of a found value. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing (missing)';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > 80) text = `${text.slice(0, 77)}...`;
  const kind = Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value;
  return kind === 'object' || kind === 'array' ? `${kind} ${text}` : text;
}

type ZodIssue = z.core.$ZodIssue;

function expectedOf(issue: ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'an integer' : `a ${issue.expected}`;
    case 'too_small': {
      const op = issue.inclusive ? '>=' : '>';
      if (issue.origin === 'array') return `at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `at least ${issue.minimum} character(s)`;
      return `a number ${op} ${issue.minimum}`;
    }
    case 'too_big': {
      const op = issue.inclusive ? '<=' : '<';
      if (issue.origin === 'array') return `at most ${issue.maximum} item(s)`;
      return `a number ${op} ${issue.maximum}`;
    }
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'invalid_format':
      return issue.message && !issue.message.startsWith('Invalid') ? issue.message : `a string in format ${issue.format}`;
    case 'not_multiple_of':
      return `a multiple of ${issue.divisor}`;
    case 'custom':
      return issue.message;
    default:
      return issue.message;
  }
}

/** The union branch that got furthest into the value (longest issue path), for a precise message. */
function bestBranch(errors: readonly (readonly ZodIssue[])[]): readonly ZodIssue[] | undefined {
  let best: readonly ZodIssue[] | undefined;
  let depth = -1;
  for (const branch of errors) {
    const d = Math.max(...branch.map((i) => i.path.length));
    if (d > depth) {
      depth = d;
      best = branch;
    }
  }
  return depth > 0 ? best : undefined;
}

/** Converts zod issues into path/expected/found issues, reading found values from the input. */
export function fromZodIssues(input: unknown, issues: readonly ZodIssue[], prefix: readonly PropertyKey[] = []): ScenarioIssue[] {
  const out: ScenarioIssue[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ path: dotPath([...path, key]), expected: 'no such key (unknown keys are rejected)', found: describeFound(valueAt(input, [...path, key])) });
      }
    } else if (issue.code === 'invalid_union') {
      const branch = bestBranch(issue.errors);
      if (branch) {
        out.push(...fromZodIssues(input, branch, path));
      } else if (issue.errors.length > 0) {
        const alternatives = [...new Set(issue.errors.flatMap((b) => b.map(expectedOf)))];
        out.push({ path: dotPath(path), expected: alternatives.join(' or '), found: describeFound(valueAt(input, path)) });
      } else {
        const note = 'note' in issue && typeof issue.note === 'string' ? issue.note : issue.message;
        out.push({ path: dotPath(path), expected: note, found: describeFound(valueAt(input, path)) });
      }
    } else {
      out.push({ path: dotPath(path), expected: expectedOf(issue), found: describeFound(valueAt(input, path)) });
    }
  }
  return out;
}
