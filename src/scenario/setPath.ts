/**
 * `--set path=value` overrides: dot paths with numeric array indices (`arms.treated.doses.0.amount=50`)
 * applied to the raw scenario JSON before validation, so any resulting problem is reported by path.
 * Parameter names contain dots themselves, so after a `parameters` segment the rest of the path is one
 * key: `parameters.follower.speed=0.7` sets parameters["follower.speed"].
 */
import { ScenarioError } from './errors.ts';

/** Parses the value text as JSON when it is JSON (numbers, booleans, null, arrays, objects), else as a string. */
export function parseSetValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Applies one `path=value` assignment to `root` in place; missing object keys are created. */
export function applySet(root: unknown, assignment: string, source = '--set'): void {
  const eq = assignment.indexOf('=');
  const fail = (path: string, expected: string, found: string): never => {
    throw new ScenarioError(source, [{ path, expected, found }]);
  };
  if (eq <= 0) fail('', 'an assignment path=value', JSON.stringify(assignment));
  const path = assignment.slice(0, eq).trim();
  const value = parseSetValue(assignment.slice(eq + 1));
  const segments = path.split('.');
  if (segments.some((k) => k === '')) fail(path, 'a dot path without empty segments', JSON.stringify(path));
  const p = segments.indexOf('parameters');
  const keys = p >= 0 && p < segments.length - 1 ? [...segments.slice(0, p + 1), segments.slice(p + 1).join('.')] : segments;
  if (keys.some((k) => k === '__proto__' || k === 'constructor' || k === 'prototype')) fail(path, 'a scenario key', JSON.stringify(path));
  let node: unknown = root;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const at = keys.slice(0, i + 1).join('.');
    const last = i === keys.length - 1;
    if (Array.isArray(node)) {
      if (!/^\d+$/.test(key)) fail(at, 'a numeric index into an array', JSON.stringify(key));
      const index = Number(key);
      if (index > node.length) fail(at, `an index from 0 to ${node.length}`, key);
      if (last) node[index] = value;
      else {
        if (node[index] === undefined) node[index] = {};
        node = node[index];
      }
    } else if (node !== null && typeof node === 'object') {
      const obj = node as Record<string, unknown>;
      if (last) obj[key] = value;
      else {
        if (!Object.hasOwn(obj, key) || obj[key] === undefined) obj[key] = {};
        node = obj[key];
      }
    } else {
      fail(keys.slice(0, i).join('.'), `an object or array to set "${key}" in`, JSON.stringify(node));
    }
  }
}
