/** `exorepair compare` end to end: files, the comparison's arithmetic, and input errors. */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exorepair } from './exorepair.ts';

function readCsv(path: string): Record<string, number>[] {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const names = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [names[k], v === '' ? Number.NaN : Number(v)])));
}

describe('exorepair compare', () => {
  it('writes per-arm time series and a comparison whose numbers follow from them', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exorepair-compare-')), 'cmp');
    const r = exorepair('compare', 'scenarios/engine-demo.json', '--days', '0.5', '--window', '0.25-0.5', '--window', '0-0.5', '--out', out, '--quiet');
    expect(r.code, r.stderr).toBe(0);
    const c = JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8'));
    expect(c).toMatchObject({ scenario: 'engine-demo', seed: 1, backend: 'cpu', reference_arm: 'baseline', arms: ['baseline', 'sluggish'] });
    expect(c.windows).toEqual([
      { from_day: 0.25, to_day: 0.5 },
      { from_day: 0, to_day: 0.5 },
    ]);
    const base = readCsv(join(out, 'timeseries-baseline.csv'));
    const slug = readCsv(join(out, 'timeseries-sluggish.csv'));
    for (const name of ['follower_total', 'trail_mean', 'sensed_mean']) {
      const rc = c.readouts[name];
      expect(rc.arms.baseline.final).toBe(base[base.length - 1][name]);
      expect(rc.arms.sluggish.final).toBe(slug[slug.length - 1][name]);
      expect(rc.difference_from_reference.sluggish.final).toBeCloseTo(slug[slug.length - 1][name] - base[base.length - 1][name], 12);
      const inWindow = base.filter((row) => row.day >= 0.25 && row.day <= 0.5).map((row) => row[name]);
      expect(rc.arms.baseline.windows[0].mean).toBeCloseTo(inWindow.reduce((a, b) => a + b, 0) / inWindow.length, 12);
    }
    // The sluggish host (slower followers, weaker chemotaxis) changes what happens.
    expect(c.readouts.trail_mean.difference_from_reference.sluggish.final).not.toBe(0);
    expect(c.readouts.t_half_settled_days.arms.baseline.windows[0].mean).toBeNull();
  });

  it('rejects unknown arms and bad windows before writing anything', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exorepair-compare-')), 'never');
    for (const args of [['--arms', 'baseline,nope'], ['--window', '5-1'], ['--window', '0-9']]) {
      const r = exorepair('compare', 'scenarios/engine-demo.json', '--out', out, ...args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(/^exorepair: /);
      expect(existsSync(out)).toBe(false);
    }
  });
});
