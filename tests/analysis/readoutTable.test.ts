import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import type { ReadoutSpec } from '../../src/model/types.ts';

const area: ReadoutSpec = { name: 'area', unit: 'mm²', definition: 'a', reduction: { kind: 'fieldMean', field: 'f' } };
const closure: ReadoutSpec = { name: 'closure', unit: '%', definition: 'c', reduction: { kind: 'percentReduction', of: 'area' } };
const t50: ReadoutSpec = { name: 't50', unit: 'day', definition: 't', reduction: { kind: 'timeTo', of: 'closure', threshold: 50, direction: 'rising' } };
const byName = new Map([area, closure, t50].map((r) => [r.name, r]));

describe('ReadoutTable', () => {
  it('derives percent reduction and an interpolated time to threshold', () => {
    const table = new ReadoutTable([t50], byName); // area and closure are pulled in as dependencies
    expect(table.base.map((r) => r.name)).toEqual(['area']);
    table.append(0, [10]);
    table.append(1, [8]); // closure 20 %
    expect(table.column('t50')[1]).toBeNaN();
    table.append(2, [2]); // closure 80 %: 50 % crossed at 1 + (50-20)/(80-20) = 1.5
    expect(table.column('closure')).toEqual([0, 20, 80]);
    expect(table.column('t50')[2]).toBeCloseTo(1.5, 12);
    table.append(3, [9]); // going back does not undo the event
    expect(table.column('t50')[3]).toBeCloseTo(1.5, 12);
    expect([...table.finalValues().keys()]).toEqual(['t50']);
  });

  it('derives a ratio of two read-outs in the same row, 0 where the denominator is 0', () => {
    const woven: ReadoutSpec = { name: 'woven', unit: '1', definition: 'w', reduction: { kind: 'fieldMean', field: 'w' } };
    const bone: ReadoutSpec = { name: 'bone', unit: '1', definition: 'b', reduction: { kind: 'fieldMean', field: 'b' } };
    const share: ReadoutSpec = { name: 'share', unit: '1', definition: 's', reduction: { kind: 'ratioOf', numerator: 'woven', denominator: 'bone' } };
    const table = new ReadoutTable([share], new Map([woven, bone, share].map((r) => [r.name, r])));
    expect(table.base.map((r) => r.name)).toEqual(['woven', 'bone']);
    table.append(0, [0, 0]);
    table.append(1, [0.1, 0.4]);
    expect(table.column('share')).toEqual([0, 0.25]);
  });

  it('keeps an unreached event censored (NaN) through a save and load', () => {
    const table = new ReadoutTable([t50, area], byName);
    table.append(0, [10]);
    table.append(1, [9]);
    const data = JSON.parse(JSON.stringify(table.toData()));
    const copy = new ReadoutTable([t50, area], byName);
    copy.load(data);
    expect(copy.column('t50')[1]).toBeNaN();
    copy.append(2, [1]);
    expect(copy.column('t50')[2]).toBeGreaterThan(1);
  });

  it('an event already reached at t = 0 is at day 0', () => {
    const falling: ReadoutSpec = { name: 'low', unit: 'day', definition: 'l', reduction: { kind: 'timeTo', of: 'area', threshold: 20, direction: 'falling' } };
    const table = new ReadoutTable([falling], new Map([area, falling].map((r) => [r.name, r])));
    table.append(0, [10]);
    expect(table.column('low')[0]).toBe(0);
  });
});
