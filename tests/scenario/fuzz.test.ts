/**
 * Property tests of scenario validation (fast-check): whatever the input, validation either accepts it or
 * throws a ScenarioError whose issues each name a path that exists in the document (or whose parent does,
 * for a missing key), what was expected and what was found. It never crashes.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScenarioError, valueAt } from '../../src/scenario/errors.ts';
import { validateScenario } from '../../src/scenario/parse.ts';

const demo = JSON.parse(readFileSync('scenarios/engine-demo.json', 'utf8')) as unknown;

/** Every path (as key lists) to a value inside `doc`. */
function allPaths(doc: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = [prefix];
  if (Array.isArray(doc)) doc.forEach((v, i) => out.push(...allPaths(v, [...prefix, i])));
  else if (doc !== null && typeof doc === 'object') for (const [k, v] of Object.entries(doc)) out.push(...allPaths(v, [...prefix, k]));
  return out;
}

function setAt(doc: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(doc) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

/** Resolves a dot path whose segments may themselves contain dots (parameter names): longest key first. */
function locate(doc: unknown, dotted: string): boolean {
  if (dotted === '') return true;
  const parts = dotted.split('.');
  const walk = (node: unknown, i: number): boolean => {
    if (i === parts.length) return true;
    if (node === null || typeof node !== 'object') return false;
    for (let j = parts.length; j > i; j--) {
      const key = parts.slice(i, j).join('.');
      const child = (node as Record<string, unknown>)[key];
      if (child !== undefined && walk(child, j)) return true;
      if (child === undefined && j === parts.length) return true; // missing last key: the parent exists
    }
    return false;
  };
  return walk(doc, 0);
}

function checkOutcome(doc: unknown): string[] {
  try {
    validateScenario(doc, 'fuzz.json');
    return [];
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const issue of e.issues) {
      expect(typeof issue.path).toBe('string');
      expect(issue.expected.length).toBeGreaterThan(0);
      expect(issue.found.length).toBeGreaterThan(0);
      expect(locate(doc, issue.path), `path "${issue.path}" is not in the document`).toBe(true);
    }
    return e.issues.map((i) => i.path);
  }
}

describe('scenario validation under fuzzing', () => {
  it('never crashes on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (doc) => void checkOutcome(doc)), { numRuns: 300 });
  });

  it('points at the mutated part of a valid scenario', () => {
    const paths = allPaths(demo).filter((p) => p.length > 0 && p[0] !== '$schema');
    const mutation = fc.record({
      path: fc.constantFrom(...paths),
      value: fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 6 })),
    });
    fc.assert(
      fc.property(mutation, ({ path, value }) => {
        const doc = setAt(demo, path, value);
        const issuePaths = checkOutcome(doc);
        // Regions are referenced by name from elsewhere: removing one rightly blames the references.
        if (issuePaths.length > 0 && path[0] !== 'regions') {
          const top = String(path[0]);
          expect(issuePaths.some((p) => p.split('.')[0] === top || p === ''), `mutating ${path.join('.')} gave ${issuePaths.join('; ')}`).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('rejects unknown keys anywhere by their path', () => {
    const objectPaths = allPaths(demo).filter((p) => {
      const v = valueAt(demo, p);
      return v !== null && typeof v === 'object' && !Array.isArray(v) && p[p.length - 1] !== 'regions' && p[p.length - 1] !== 'arms';
    });
    fc.assert(
      fc.property(fc.constantFrom(...objectPaths), fc.stringMatching(/^zz[a-z]{1,5}$/), (path, key) => {
        const issues = checkOutcome(setAt(demo, [...path, key], 1));
        expect(issues).toContain([...path, key].join('.'));
      }),
      { numRuns: 100 },
    );
  });
});
