/** Ensembles (compare --seeds), sweeps with shards and merge, end to end on the engine demo; the worker pool. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exorepair } from './exorepair.ts';
import { runJobs } from '../../src/experiments/runPool.ts';

describe('experiments from the command line', () => {
  it('compare --seeds writes ensemble time series with CIs, paired differences, runs.csv, plots and a receipt', () => {
    const out = mkdtempSync(join(tmpdir(), 'exo-ens-'));
    const r = exorepair('compare', 'scenarios/engine-demo.json', '--seeds', '3', '--days', '0.25', '--window', '0-0.25', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const header = readFileSync(join(out, 'timeseries-sluggish.csv'), 'utf8').split('\n')[0].split(',');
    expect(header.slice(0, 4)).toEqual(['day', 'agent_count', 'agent_count_lo', 'agent_count_hi']);
    const c = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(c.seeds).toEqual([1, 2, 3]);
    const d = c.readouts.trail_mean.difference_from_reference.sluggish.final;
    expect(d.lo).toBeLessThanOrEqual(d.mean);
    expect(d.hi).toBeGreaterThanOrEqual(d.mean);
    const runs = readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n');
    expect(runs).toHaveLength(1 + 2 * 3);
    expect(readFileSync(join(out, 'plots', 'agent_count.svg'), 'utf8')).toMatch(/^<svg/);
    const receipt = JSON.parse(readFileSync(join(out, 'receipt.json'), 'utf8'));
    expect(receipt.seeds).toEqual([1, 2, 3]);
    expect(receipt.scenario_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(receipt.command.slice(0, 3)).toEqual(['exorepair', 'compare', 'scenarios/engine-demo.json']);
  });

  it('compare --seeds saves each run as it ends; the same command again runs only the missing ones and gives the same results', () => {
    const out = mkdtempSync(join(tmpdir(), 'exo-resume-'));
    const args = ['compare', 'scenarios/engine-demo.json', '--seeds', '2', '--days', '0.25', '--out', out];
    const first = exorepair(...args, '--quiet');
    expect(first.code, first.stderr).toBe(0);
    const saved = readdirSync(join(out, 'runs')).sort();
    expect(saved).toHaveLength(4);
    const runsCsv = readFileSync(join(out, 'runs.csv'), 'utf8');
    const series = readFileSync(join(out, 'timeseries-sluggish.csv'), 'utf8');
    rmSync(join(out, 'runs', saved.find((f) => f.startsWith('sluggish-seed2-'))!)); // as if stopped before that run ended

    const second = exorepair(...args);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/taking 3 of 4 runs saved/);
    expect(readdirSync(join(out, 'runs')).sort()).toEqual(saved);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe(runsCsv);
    expect(readFileSync(join(out, 'timeseries-sluggish.csv'), 'utf8')).toBe(series);
    expect(JSON.parse(readFileSync(join(out, 'receipt.json'), 'utf8')).runs_reused).toBe(3);

    // Another override makes other runs: nothing is taken; --fresh takes nothing either.
    const changed = exorepair(...args, '--set', 'parameters.follower.speed=0.3');
    expect(changed.stderr).not.toMatch(/taking/);
    expect(readdirSync(join(out, 'runs'))).toHaveLength(8);
    const fresh = exorepair(...args, '--fresh');
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(fresh.stderr).not.toMatch(/taking/);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8')).toBe(runsCsv);
  });

  it('compare --seeds 1 is refused with a clear error and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exo-ens-')), 'none');
    const r = exorepair('compare', 'scenarios/engine-demo.json', '--seeds', '1', '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--seeds: expected a whole number >= 2/);
    expect(existsSync(out)).toBe(false);
  });

  it('a two-shard sweep merges into the same sweep.csv as the unsharded one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exo-sweep-'));
    const sweep = ['sweep', 'scenarios/engine-demo.json', '--arm', 'baseline', '--vary', 'parameters.follower.speed=0.2,0.5', '--vary', 'parameters.beacon.secretion.attractant=500,1000', '--seeds', '2', '--days', '0.125', '--quiet'];
    for (const [name, extra] of [['all', []], ['s1', ['--shard', '1/2']], ['s2', ['--shard', '2/2']]] as const) {
      const r = exorepair(...sweep, ...extra, '--out', join(dir, name));
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    expect(exorepair('merge', join(dir, 's2'), join(dir, 's1'), '--out', join(dir, 'merged')).code).toBe(0);
    const whole = readFileSync(join(dir, 'all', 'sweep.csv'), 'utf8');
    expect(readFileSync(join(dir, 'merged', 'sweep.csv'), 'utf8')).toBe(whole);
    expect(whole.trim().split('\n')).toHaveLength(1 + 4 * 2);
    expect(whole.split('\n')[0]).toMatch(/^parameters.follower.speed,parameters.beacon.secretion.attractant,seed,agent_count,/);
    expect(existsSync(join(dir, 'merged', 'plots', 'attractant_mean.svg'))).toBe(true);
    const lone = exorepair('merge', join(dir, 's1'), '--out', join(dir, 'bad'));
    expect(lone.code).not.toBe(0);
    expect(lone.stderr).toMatch(/4 of 8 runs are missing/);
  });

  it('a sweep refuses a grid point that makes an invalid scenario before running anything', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exo-sweep-')), 'none');
    const r = exorepair('sweep', 'scenarios/engine-demo.json', '--vary', 'parameters.follower.speed=0.2,-3', '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/parameters.follower.speed=-3/);
    expect(r.stderr).toMatch(/follower.speed/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('exorepair sensitivity', () => {
  it('ranks the beacon secretion rate first for the mean attractant, and writes the design', () => {
    const out = mkdtempSync(join(tmpdir(), 'exo-sens-'));
    const r = exorepair('sensitivity', 'scenarios/engine-demo.json', '--params', 'follower.speed,beacon.secretion.attractant', '--trajectories', '2', '--relative', '0.5', '--days', '0.125', '--set', 'readouts=["attractant_mean","trail_mean"]', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const rows = readFileSync(join(out, 'sensitivity.csv'), 'utf8').trim().split('\n');
    expect(rows[0]).toBe('readout,rank,parameter,mu,mu_star,sigma,n');
    const attractant = rows.filter((l) => l.startsWith('attractant_mean,'));
    expect(attractant[0]).toMatch(/^attractant_mean,1,beacon.secretion.attractant,/);
    expect(Number(attractant[0].split(',')[3])).toBeGreaterThan(0); // more secretion, more attractant
    expect(readFileSync(join(out, 'design.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 2 * 3);
    const bad = exorepair('sensitivity', 'scenarios/engine-demo.json', '--params', 'follower.sped', '--out', join(out, 'x'));
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/no parameter "follower.sped".*follower.speed/);
  });
});

describe('runJobs', () => {
  it('gives the same results in worker threads as in this thread, in job order', async () => {
    const text = readFileSync('scenarios/engine-demo.json', 'utf8');
    const jobs = [3, 1, 2].map((seed) => ({ scenarioText: text, source: 'engine-demo', sets: ['time.days=0.125'], arm: 'baseline', seed }));
    const pooled = await runJobs(jobs, { workers: 2 });
    const inline = await runJobs(jobs, { workers: 1 });
    const strip = (rs: typeof pooled) => rs.map((r) => ({ ...r, wallSeconds: 0 }));
    expect(strip(pooled)).toEqual(strip(inline));
    expect(pooled.map((r) => r.seed)).toEqual([3, 1, 2]);
  });
});
