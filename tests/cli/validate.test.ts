/** `exorepair validate`: pass rules, shared runs, report and errors on fixtures of the engine demo; the claims' files and a smoke run. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exorepair } from './exorepair.ts';
import { parseScenarioText } from '../../src/scenario/parse.ts';

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

describe('the claims of scenarios/experiments', () => {
  const files = readdirSync('scenarios/experiments').filter((f) => f.endsWith('.json'));

  it.each(files)('%s is valid in its full and its reduced configuration, with windows inside both runs', (file) => {
    const path = join('scenarios/experiments', file);
    const text = readFileSync(path, 'utf8');
    const full = parseScenarioText(text, path);
    const experiment = full.scenario.experiment!;
    expect(experiment.seeds).toBeGreaterThanOrEqual(8);
    const reduced = parseScenarioText(text, path, experiment.reduced.set);
    for (const parsed of [full, reduced]) {
      for (const check of experiment.checks) {
        if (check.window !== 'final') expect(check.window.to_day).toBeLessThanOrEqual(parsed.scenario.time.days);
      }
    }
    expect(full.scenario.id).toBe(file.replace(/\.json$/, ''));
  });

  it('a smoke run of the claims without windows (2 seeds, half a day) writes a report', () => {
    const out = mkdtempSync(join(tmpdir(), 'exo-val-'));
    const r = exorepair('validate', '--only', 'claim-1,claim-3,claim-5', '--seeds', '2', '--set', 'time.days=0.5', '--out', out, '--quiet');
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code); // half a day is too short to judge; the machinery must run
    const v = JSON.parse(readFileSync(join(out, 'validation.json'), 'utf8'));
    expect(v.claims.map((c: { id: string }) => c.id)).toEqual(['claim-1', 'claim-3', 'claim-5']);
    expect(v.runs).toBe(2 * 6); // untreated and treated shared by claims 1, 3 and 5
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/RETRACTED/);
  });
});
