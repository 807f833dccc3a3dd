/** `exorepair validate` on a fixture experiment of the engine demo: pass rules, shared runs, report, errors. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function exorepair(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/exorepair.js', ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('exorepair validate', () => {
  it('judges each check by its rule, runs shared arms once, exits 1 when a claim fails, and writes the report', () => {
    const out = mkdtempSync(join(tmpdir(), 'exo-val-'));
    const r = exorepair('validate', '--experiments', 'tests/fixtures/experiments', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1); // the fixture's second check expects the wrong direction
    expect(r.stdout).toMatch(/^FAIL {2}demo-claim:/m);
    expect(r.stdout).toMatch(/^PASS {2}demo-claim-2:/m);
    const v = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
    expect(v.runs).toBe(2 * 3); // two arms x three seeds, shared by both checks and by demo-claim-2's renamed arms
    const claim = (id: string) => v.claims.find((c: { id: string }) => c.id === id);
    expect(claim('demo-claim-2').checks[0].effect).toEqual(claim('demo-claim').checks[0].effect);
    const [right, wrong] = claim('demo-claim').checks;
    expect(right.pass).toBe(true);
    expect(right.effect.hi).toBeLessThan(0);
    expect(wrong.pass).toBe(false);
    expect(wrong.effect).toEqual(right.effect);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/1 of 2 claims pass \(reduced configuration/);
    expect(report).toMatch(/\| effect \(decrease\) \| trail_mean \| end of run \|/);
    expect(existsSync(join(out, 'plots', 'forest.svg'))).toBe(true);
    expect(existsSync(join(out, 'plots', 'demo-claim-trail_mean.svg'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'receipt.json'), 'utf8')).experiments[0].sets).toEqual(['time.days=0.25']);
  });

  it('names an unknown experiment id and writes nothing', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'exo-val-')), 'none');
    const r = exorepair('validate', '--experiments', 'tests/fixtures/experiments', '--only', 'demo-clam', '--out', out);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--only: no experiment "demo-clam".*demo-claim/);
    expect(existsSync(out)).toBe(false);
  });
});
