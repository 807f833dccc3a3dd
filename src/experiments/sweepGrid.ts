/**
 * The grid of a parameter sweep: `--vary path=v1,v2,...` flags (scenario dot paths, as for --set; values
 * are JSON where they parse as JSON, else strings) combined as a Cartesian product, the last flag varying
 * fastest, times seeds. Job k is (grid point floor(k / seeds), seed k mod seeds); shard i of K takes the
 * jobs with k mod K = i - 1, so every shard gets a share of every part of the grid.
 */
import { parseSetValue } from '../scenario/setPath.ts';

export interface Vary {
  path: string;
  values: unknown[];
}

export interface SweepJob {
  /** Position in the canonical order (grid point, then seed). */
  index: number;
  point: number;
  seed: number;
  /** `path=value` assignments of the grid point. */
  sets: string[];
  /** The grid point's value per varied path, in flag order. */
  values: unknown[];
}

/** Splits on commas outside brackets, braces and double quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Parses one `--vary path=v1,v2,...`; throws a message naming what is wrong. */
export function parseVary(text: string): Vary {
  const eq = text.indexOf('=');
  const path = eq > 0 ? text.slice(0, eq).trim() : '';
  if (path === '') throw new Error(`--vary: expected path=v1,v2,..., found "${text}"`);
  const raw = splitTopLevel(text.slice(eq + 1)).map((v) => v.trim());
  if (raw.some((v) => v === '')) throw new Error(`--vary ${path}: expected comma-separated values without empty ones, found "${text.slice(eq + 1)}"`);
  const values = raw.map(parseSetValue);
  const keys = values.map((v) => JSON.stringify(v));
  if (new Set(keys).size !== keys.length) throw new Error(`--vary ${path}: values repeat in "${text.slice(eq + 1)}"`);
  return { path, values };
}

/** Checks that no path is varied twice. */
export function checkVaries(varies: readonly Vary[]): void {
  if (varies.length === 0) throw new Error('--vary: give at least one path=v1,v2,...');
  const paths = varies.map((v) => v.path);
  const twice = paths.find((p, k) => paths.indexOf(p) !== k);
  if (twice !== undefined) throw new Error(`--vary: ${twice} is varied twice`);
}

/** A value as written in a `path=value` assignment and in sweep.csv. */
export function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Number of grid points. */
export function gridSize(varies: readonly Vary[]): number {
  return varies.reduce((n, v) => n * v.values.length, 1);
}

/** Every job of the sweep in canonical order. */
export function sweepJobs(varies: readonly Vary[], seeds: readonly number[]): SweepJob[] {
  const jobs: SweepJob[] = [];
  const points = gridSize(varies);
  for (let point = 0; point < points; point++) {
    let rest = point;
    const values = new Array<unknown>(varies.length);
    for (let d = varies.length - 1; d >= 0; d--) {
      values[d] = varies[d].values[rest % varies[d].values.length];
      rest = Math.floor(rest / varies[d].values.length);
    }
    const sets = varies.map((v, d) => `${v.path}=${valueText(values[d])}`);
    seeds.forEach((seed, s) => jobs.push({ index: point * seeds.length + s, point, seed, sets, values }));
  }
  return jobs;
}

export interface Shard {
  index: number;
  count: number;
}

/** Parses `i/K` (1 <= i <= K). */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!(count >= 1 && index >= 1 && index <= count)) throw new Error(`--shard: expected i/K with 1 <= i <= K, found "${text}"`);
  return { index, count };
}

/** The jobs of one shard (all of them without a shard). */
export function shardJobs(jobs: readonly SweepJob[], shard: Shard | null): SweepJob[] {
  return shard === null ? [...jobs] : jobs.filter((j) => j.index % shard.count === shard.index - 1);
}
