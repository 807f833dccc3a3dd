/** The run journal: keys, round trips (NaN included), files from other code or half written; the code identity. */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { codeIdentity } from '../../src/experiments/codeIdentity.ts';
import type { RunJob, RunResult } from '../../src/experiments/runJob.ts';
import { openRunJournal, runKey } from '../../src/experiments/runJournal.ts';

const job: RunJob = { scenarioText: '{"id":"x"}', source: 'x.json', sets: ['time.days=1'], arm: 'treated', seed: 3 };
const result: RunResult = { arm: 'treated', seed: 3, days: [0, 1], names: ['closure_pct', 't_close_days'], columns: [[0, 42.5], [Number.NaN, Number.NaN]], steps: 96, peakAgents: 120, wallSeconds: 1.5 };

describe('run journal', () => {
  it('keys a run by scenario, overrides, arm, seed, backend and code', () => {
    const k = runKey(job, 'code-a');
    expect(runKey({ ...job }, 'code-a')).toBe(k);
    for (const other of [{ ...job, scenarioText: '{"id":"y"}' }, { ...job, sets: [] }, { ...job, arm: 'untreated' }, { ...job, seed: 4 }, { ...job, backend: 'gpu' as const }]) {
      expect(runKey(other, 'code-a')).not.toBe(k);
    }
    expect(runKey(job, 'code-b')).not.toBe(k);
    expect(runKey({ ...job, backend: 'cpu' }, 'code-a')).toBe(k); // cpu is the default
  });

  it('gives back what it saved, NaN included, and nothing for another job or a damaged file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exo-journal-'));
    const journal = openRunJournal(dir);
    expect(journal.load(job)).toBeUndefined();
    journal.save(job, result);
    expect(journal.load(job)).toEqual(result);
    expect(journal.load({ ...job, seed: 4 })).toBeUndefined();
    const [file] = readdirSync(join(dir, 'runs'));
    expect(file).toMatch(/^treated-seed3-[0-9a-f]{16}\.json$/);
    writeFileSync(join(dir, 'runs', file), '{"key": "');
    expect(journal.load(job)).toBeUndefined();
  });

  it('code identity follows the bytes of src/ and shaders/', () => {
    const root = mkdtempSync(join(tmpdir(), 'exo-code-'));
    mkdirSync(join(root, 'src', 'model'), { recursive: true });
    mkdirSync(join(root, 'shaders'));
    writeFileSync(join(root, 'src', 'model', 'a.ts'), 'export const a = 1;\n');
    writeFileSync(join(root, 'shaders', 'b.wgsl'), 'fn f() {}\n');
    const before = codeIdentity(root);
    expect(codeIdentity(root)).toBe(before);
    writeFileSync(join(root, 'shaders', 'b.wgsl'), 'fn f() { }\n');
    expect(codeIdentity(root)).not.toBe(before);
    writeFileSync(join(root, 'shaders', 'b.wgsl'), 'fn f() {}\n');
    expect(codeIdentity(root)).toBe(before);
    writeFileSync(join(root, 'README.md'), 'docs do not count\n');
    expect(codeIdentity(root)).toBe(before);
    expect(codeIdentity()).toMatch(/^[0-9a-f]{64}$/);
  });
});
