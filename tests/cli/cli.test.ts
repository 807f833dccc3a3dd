/** The `exorepair` command as a user runs it (a child process through bin/exorepair.js). */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exorepair } from './exorepair.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'exorepair-cli-'));
const SUMMARY_KEYS = ['scenario', 'arm', 'seed', 'backend', 'steps', 'simulated_days', 'wall_seconds', 'peak_agents', 'readouts', 'censored'];

describe('exorepair run', () => {
  it('writes timeseries.csv, summary.json and readouts.json', () => {
    const out = join(tmp(), 'demo');
    const r = exorepair('run', 'scenarios/engine-demo.json', '--days', '0.25', '--out', out, '--frames', '2');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(out);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(Object.keys(summary)).toEqual(SUMMARY_KEYS);
    expect(summary).toMatchObject({ scenario: 'engine-demo', arm: 'baseline', seed: 1, backend: 'cpu', steps: 72, simulated_days: 0.25 });
    expect(summary.censored).toEqual(['t_half_settled_days']);
    expect(summary.readouts.t_half_settled_days).toBeNull();
    const csv = readFileSync(join(out, 'timeseries.csv'), 'utf8').trim().split('\n');
    expect(csv[0].split(',')).toEqual(['day', ...Object.keys(summary.readouts)]);
    expect(csv.slice(1).map((l) => l.split(',')[0])).toEqual(['0', '0.25']);
    const readouts = JSON.parse(readFileSync(join(out, 'readouts.json'), 'utf8'));
    expect(readouts.agent_count).toMatchObject({ unit: 'cells', kind: 'count' });
    expect(readdirSync(join(out, 'frames'))).toHaveLength(2);
  });

  it('--backend auto says which backend it chose and why; gpu runs repeat exactly', () => {
    const dir = tmp();
    const runs = ['a', 'b'].map((k) => {
      const out = join(dir, k);
      const r = exorepair('run', 'scenarios/engine-demo.json', '--days', '0.25', '--backend', 'auto', '--out', out);
      expect(r.code, r.stderr).toBe(0);
      // with an adapter the GPU is chosen and named; without one the CPU, with the reason (CI installs a Vulkan driver)
      const chosen = /backend: (gpu|cpu) \((auto: [^)]*)\)/.exec(r.stderr);
      expect(chosen, r.stderr).not.toBeNull();
      if (process.env.CI === 'true') expect(chosen![1]).toBe('gpu');
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      expect(summary.backend).toBe(chosen![1]);
      expect(summary.steps).toBe(72);
      return readFileSync(join(out, 'timeseries.csv'), 'utf8');
    });
    expect(runs[1]).toBe(runs[0]);
  });

  it('repeats exactly, and differs with another seed', () => {
    const dir = tmp();
    const runs = ['1', '1', '2'].map((seed, k) => {
      const out = join(dir, `r${k}`);
      expect(exorepair('run', 'scenarios/engine-demo.json', '--days', '0.25', '--seed', seed, '--out', out, '--quiet').code).toBe(0);
      return readFileSync(join(out, 'timeseries.csv'), 'utf8');
    });
    expect(runs[1]).toBe(runs[0]);
    expect(runs[2]).not.toBe(runs[0]);
  });

  it('resumes a snapshot into byte-identical outputs', () => {
    const dir = tmp();
    expect(exorepair('run', 'scenarios/engine-demo.json', '--days', '0.5', '--out', join(dir, 'whole'), '--snapshot-at', '0.25', '--quiet').code).toBe(0);
    const snapshot = join(dir, 'whole', 'snapshot-day-0.25.exosnap');
    expect(existsSync(snapshot)).toBe(true);
    const r = exorepair('resume', snapshot, '--out', join(dir, 'resumed'), '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const read = (d: string, f: string) => readFileSync(join(dir, d, f), 'utf8');
    expect(read('resumed', 'timeseries.csv')).toBe(read('whole', 'timeseries.csv'));
    const strip = (s: string) => ({ ...JSON.parse(s), wall_seconds: 0 });
    expect(strip(read('resumed', 'summary.json'))).toEqual(strip(read('whole', 'summary.json')));
  });

  it('applies --set and --arm', () => {
    const dir = tmp();
    const r = exorepair('run', 'scenarios/engine-demo.json', '--arm', 'sluggish', '--set', 'time.days=0.125', '--set', 'parameters.follower.speed=0.2', '--out', dir, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'))).toMatchObject({ arm: 'sluggish', steps: 36 });
  });

  it('rejects invalid input with the JSON path, no stack trace, and writes nothing', () => {
    const dir = tmp();
    const bad = join(dir, 'bad.json');
    const doc = JSON.parse(readFileSync('scenarios/engine-demo.json', 'utf8'));
    doc.time.dt_min = -5;
    doc.arms.baseline.colour = 'red';
    writeFileSync(bad, JSON.stringify(doc));
    const out = join(dir, 'never');
    const r = exorepair('run', bad, '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('at time.dt_min: expected a number >= 0.01, found -5');
    expect(r.stderr).toContain('at arms.baseline.colour: expected no such key');
    expect(r.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
    expect(existsSync(out)).toBe(false);

    for (const args of [
      ['--arm', 'nope'],
      ['--set', 'parameters.follower.speed=50'],
      ['--backend', 'gpu', '--set', 'max_agents=50000000'], // over the adapter's buffer limits (or no adapter): refused before allocating
      ['--frame-field', 'nope'],
    ]) {
      const q = exorepair('run', 'scenarios/engine-demo.json', '--out', out, ...args);
      expect(q.code, args.join(' ')).not.toBe(0);
      expect(q.stderr).toMatch(/^exorepair: /);
      expect(existsSync(out)).toBe(false);
    }
    expect(exorepair('run', join(dir, 'missing.json'), '--out', out).stderr).toContain('cannot read');
  });
});

describe('exorepair params', () => {
  it('prints the parameter table with provenance as CSV', () => {
    const r = exorepair('params', '--model', 'demo');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('model,name,value,unit,min,max,evidence,source');
    expect(lines.some((l) => l.startsWith('demo,follower.speed,0.5,µm/min,0,5,assumed,'))).toBe(true);
    expect(lines.length).toBeGreaterThan(30);
  });
});
