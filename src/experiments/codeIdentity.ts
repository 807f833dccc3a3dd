/**
 * The identity of the simulation code: SHA-256 over the path and bytes of every file under src/ and
 * shaders/ plus package.json and package-lock.json (sorted by path). Two runs with the same identity,
 * scenario, overrides, arm, seed and backend give the same result, so a saved run can stand in for a new
 * one (runJournal.ts). Read from the files themselves, not git, so uncommitted edits count and a checkout
 * without git works.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : e.isFile() ? [join(dir, e.name)] : []));
}

let cached: string | undefined;

/** SHA-256 (hex) of the code that decides a run's result (computed once per process). */
export function codeIdentity(root: string = PROJECT_ROOT): string {
  if (root === PROJECT_ROOT && cached !== undefined) return cached;
  const files = [...filesUnder(join(root, 'src')), ...filesUnder(join(root, 'shaders')), join(root, 'package.json'), join(root, 'package-lock.json')]
    .filter((f) => existsSync(f))
    .map((f) => relative(root, f).split('\\').join('/'))
    .sort();
  const hash = createHash('sha256');
  for (const f of files) {
    const bytes = readFileSync(join(root, f));
    hash.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  const identity = hash.digest('hex');
  if (root === PROJECT_ROOT) cached = identity;
  return identity;
}
