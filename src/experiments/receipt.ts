/**
 * receipt.json: the provenance of an output folder, enough to reproduce it: the command line, the scenario
 * (path, SHA-256 of the file's bytes and its content), the overrides, arms and seeds, the backend, the
 * project version and git commit (with whether the working tree had uncommitted changes), Node's version
 * and the wall time.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ReceiptInput {
  /** The sub-command and its arguments as typed (default: this process's, without `node` and the script). */
  argv?: readonly string[];
  /** Absent for outputs made from other outputs (merge). */
  scenarioPath?: string;
  scenarioText?: string;
  overrides?: readonly string[];
  arms?: readonly string[];
  seeds?: readonly number[];
  backend?: string;
  wallSeconds: number;
  /** Anything else the command wants recorded (e.g. a sweep's grid). */
  extra?: Record<string, unknown>;
}

/** SHA-256 (hex) of a text's UTF-8 bytes. */
export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

function projectVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The receipt object. */
export function receipt(input: ReceiptInput): Record<string, unknown> {
  const commit = git(['rev-parse', 'HEAD']);
  const status = commit === null ? null : git(['status', '--porcelain', '--untracked-files=no']);
  const text = input.scenarioText;
  let scenario: unknown = text;
  try {
    if (text !== undefined) scenario = JSON.parse(text);
  } catch {
    // not JSON: kept as text
  }
  return {
    command: ['exorepair', ...(input.argv ?? process.argv.slice(2))],
    exorepair_version: projectVersion(),
    git_commit: commit,
    git_uncommitted_changes: status === null ? null : status.length > 0,
    node: process.version,
    scenario_path: input.scenarioPath,
    scenario_sha256: text === undefined ? undefined : sha256(text),
    overrides: input.overrides,
    arms: input.arms,
    seeds: input.seeds,
    backend: input.backend,
    wall_seconds: Number(input.wallSeconds.toFixed(3)),
    ...input.extra,
    scenario,
  };
}

/** Writes DIR/receipt.json. */
export function writeReceipt(dir: string, input: ReceiptInput): void {
  writeFileSync(join(dir, 'receipt.json'), `${JSON.stringify(receipt(input), null, 2)}\n`);
}
