import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkVaries, gridSize, parseShard, parseVary, shardJobs, sweepJobs } from '../../src/experiments/sweepGrid.ts';

describe('sweep grid', () => {
  it('parses values as JSON where they are JSON, else as strings, keeping commas inside brackets', () => {
    expect(parseVary('arms.treated.doses.0.amount=0,25,50')).toEqual({ path: 'arms.treated.doses.0.amount', values: [0, 25, 50] });
    expect(parseVary('arms.treated.doses.0.product=bmsc-exos,adsc-exos').values).toEqual(['bmsc-exos', 'adsc-exos']);
    expect(parseVary('regions.defect.center_um=[1,2],[3,4]').values).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => parseVary('amount=1,,2')).toThrow(/empty/);
    expect(() => parseVary('=1,2')).toThrow(/path=v1/);
    expect(() => parseVary('a=1,1')).toThrow(/repeat/);
    expect(() => checkVaries([parseVary('a=1'), parseVary('a=2')])).toThrow(/twice/);
  });

  it('orders jobs by grid point (last --vary fastest), then seed', () => {
    const jobs = sweepJobs([parseVary('a=1,2'), parseVary('b=x,y,z')], [7, 8]);
    expect(jobs).toHaveLength(12);
    expect(jobs.map((j) => j.index)).toEqual([...Array(12).keys()]);
    expect(jobs[0].sets).toEqual(['a=1', 'b=x']);
    expect(jobs[2].sets).toEqual(['a=1', 'b=y']);
    expect(jobs[6].sets).toEqual(['a=2', 'b=x']);
    expect(jobs.map((j) => j.seed).slice(0, 4)).toEqual([7, 8, 7, 8]);
  });

  it('shards partition the jobs: disjoint, complete, sizes within one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 7 }), (points, seeds, count) => {
        const values = Array.from({ length: points }, (_, k) => k);
        const jobs = sweepJobs([{ path: 'p', values }], Array.from({ length: seeds }, (_, k) => k + 1));
        expect(jobs).toHaveLength(gridSize([{ path: 'p', values }]) * seeds);
        const parts = Array.from({ length: count }, (_, i) => shardJobs(jobs, { index: i + 1, count }));
        const all = parts.flat().map((j) => j.index).sort((a, b) => a - b);
        expect(all).toEqual(jobs.map((j) => j.index));
        const sizes = parts.map((p) => p.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('validates --shard', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    for (const bad of ['0/3', '4/3', '1/0', 'a/b', '1-2']) expect(() => parseShard(bad)).toThrow(/i\/K/);
  });
});
