import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { scenarioJson, twinReadoutsCsv } from '../../src/app/downloads.ts';
import type { PageRun } from '../../src/app/pageRun.ts';
import { timeseriesCsv } from '../../src/cli/outputs.ts';
import type { ReadoutSpec } from '../../src/model/types.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';
import { validateScenario } from '../../src/scenario/parse.ts';

const area: ReadoutSpec = { name: 'area', unit: 'mm²', definition: 'a', reduction: { kind: 'fieldMean', field: 'f' } };
const closure: ReadoutSpec = { name: 'closure', unit: '%', definition: 'c', reduction: { kind: 'percentReduction', of: 'area' } };
const t50: ReadoutSpec = { name: 't50', unit: 'day', definition: 't', reduction: { kind: 'timeTo', of: 'closure', threshold: 50, direction: 'rising' } };
const byName = new Map([area, closure, t50].map((r) => [r.name, r]));

/** A table of area and t50 with the given (day, area) rows. */
function table(rows: [number, number][]): ReadoutTable {
  const t = new ReadoutTable([area, t50], byName);
  for (const [day, value] of rows) t.append(day, [value]);
  return t;
}

describe('twin read-outs CSV', () => {
  it('writes day, both arms and the difference (compared minus reference) per read-out', () => {
    const untreated = table([[0, 10], [1, 9], [2, 8]]); // never reaches 50 % closure
    const treated = table([[0, 10], [1, 6], [2, 2.5]]); // 50 % crossed at 1 + (50-40)/(75-40) days
    const lines = twinReadoutsCsv(['untreated', 'treated'], [untreated, treated]).trimEnd().split('\n');
    expect(lines[0]).toBe('day,area_untreated,area_treated,area_difference,t50_untreated,t50_treated,t50_difference');
    expect(lines[1]).toBe('0,10,10,0,,,');
    expect(lines[2]).toBe('1,9,6,-3,,,');
    const t = 1 + 10 / 35;
    expect(lines[3]).toBe(`2,8,2.5,-5.5,,${t},`);
    expect(lines).toHaveLength(4);
  });

  it('formats numbers as the CLI timeseries.csv does', () => {
    const a = table([[0, 1 / 3], [0.25, 1e-7], [0.5, 123456789.125]]);
    const cli = timeseriesCsv(a).trimEnd().split('\n').slice(1).map((l) => l.split(','));
    const twin = twinReadoutsCsv(['a', 'a'], [a, a]).trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(twin.map((r) => [r[0], r[1], r[4]])).toEqual(cli);
    expect(twin.map((r) => r[3])).toEqual(['0', '0', '0']);
  });

  it('keeps only the output times present in both tables', () => {
    const ref = table([[0, 10], [0.5, 9], [1, 8], [2, 7]]);
    const cmp = table([[0, 10], [1, 6], [1.5, 5], [2, 4]]);
    const days = twinReadoutsCsv(['r', 'c'], [ref, cmp]).trimEnd().split('\n').slice(1).map((l) => l.split(',')[0]);
    expect(days).toEqual(['0', '1', '2']);
  });
});

describe('scenario JSON download', () => {
  it('is the document with the sets applied, valid as it stands', () => {
    const document = JSON.parse(readFileSync('scenarios/skin-wound.json', 'utf8'));
    const run: PageRun = { scenario: document, source: 'skin-wound.json', sets: [...REDUCED_SKIN_WOUND, 'seed=42'], arms: ['untreated', 'treated'] };
    const text = scenarioJson(run);
    expect(text).toContain('\n  "domain": {'); // pretty-printed
    const written = JSON.parse(text);
    expect(written.domain.width_um).toBe(2400);
    expect(written.arms.treated.doses[0].amount).toBe(7);
    expect(written.seed).toBe(42);
    expect(document.domain.width_um).not.toBe(2400); // the run's document is not modified
    const parsed = validateScenario(written, 'download.json');
    expect(parsed.raw).toEqual(validateScenario(document, 'skin-wound.json', run.sets).raw);
  });
});
