import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { describeRegionCycle, findRegionCycles, maskAreaMm2, rasterizeRegions } from '../../src/scenario/regions.ts';
import type { Region } from '../../src/scenario/schema.ts';
import { makeGrid } from '../../src/sim/grid.ts';

/** A 10 x 10 grid of 10 µm voxels. */
const grid = makeGrid(100, 100, 10, 10);
const rect = (x0: number, y0: number, x1: number, y1: number, extra: Partial<Region> = {}): Region => ({ shape: 'rect', min_um: [x0, y0], max_um: [x1, y1], ...extra }) as Region;
const count = (mask: Uint8Array | undefined) => mask!.reduce((a, b) => a + b, 0);
const at = (mask: Uint8Array | undefined, i: number, j: number) => mask![j * grid.nx + i];

describe('region union (plus) and difference (minus)', () => {
  it('a region is its shape plus the listed regions', () => {
    const masks = rasterizeRegions(grid, {
      left: rect(0, 0, 20, 100), // columns 0-1
      walls: rect(80, 0, 100, 100, { plus: ['left'] }), // columns 8-9 plus 0-1
    });
    expect(count(masks.get('walls'))).toBe(40);
    expect(at(masks.get('walls'), 0, 5)).toBe(1);
    expect(at(masks.get('walls'), 9, 5)).toBe(1);
    expect(at(masks.get('walls'), 5, 5)).toBe(0);
    expect(maskAreaMm2(grid, masks.get('walls')!)).toBeCloseTo(40 * 1e-4, 12);
  });

  it('applies plus before minus, so a region in both lists is removed', () => {
    const masks = rasterizeRegions(grid, {
      a: rect(0, 0, 50, 100), // columns 0-4
      b: rect(0, 0, 100, 20), // rows 0-1
      r: rect(50, 0, 100, 100, { plus: ['a'], minus: ['b', 'a'] }), // (columns 5-9 ∪ a) \ b \ a = columns 5-9 minus rows 0-1
    });
    expect(count(masks.get('r'))).toBe(5 * 8);
    expect(at(masks.get('r'), 2, 5)).toBe(0);
    expect(at(masks.get('r'), 7, 1)).toBe(0);
    expect(at(masks.get('r'), 7, 5)).toBe(1);
  });

  it('adds and removes finished regions, with their own plus and minus applied', () => {
    const masks = rasterizeRegions(grid, {
      hole: rect(40, 40, 60, 60), // 2 x 2 voxels
      ring: rect(20, 20, 80, 80, { minus: ['hole'] }), // 6 x 6 - 4
      outer: rect(0, 0, 10, 10, { plus: ['ring'] }), // 1 + 32: the hole stays empty
      everything: { shape: 'domain', minus: ['outer'] },
    });
    expect(count(masks.get('ring'))).toBe(32);
    expect(count(masks.get('outer'))).toBe(33);
    expect(at(masks.get('outer'), 4, 4)).toBe(0);
    expect(count(masks.get('everything'))).toBe(100 - 33);
    expect(count(masks.get('domain'))).toBe(100);
  });

  it('refuses an undefined name or a cycle with an error that names them', () => {
    expect(() => rasterizeRegions(grid, { a: rect(0, 0, 10, 10, { plus: ['nowhere'] }) })).toThrow('regions.a.plus: no region "nowhere" is defined');
    expect(() => rasterizeRegions(grid, { a: rect(0, 0, 10, 10, { plus: ['b'] }), b: rect(0, 0, 10, 10, { minus: ['a'] }) })).toThrow(
      'regions refer to each other in a cycle: a -plus-> b -minus-> a',
    );
    expect(() => rasterizeRegions(grid, { a: rect(0, 0, 10, 10, { plus: ['b'] }), b: rect(0, 0, 10, 10, { plus: ['b'] }) })).toThrow('cycle: b -plus-> b');
  });
});

describe('findRegionCycles', () => {
  it('finds nothing in a diamond of shared references', () => {
    const regions = { a: rect(0, 0, 1, 1, { plus: ['b', 'c'] }), b: rect(0, 0, 1, 1, { minus: ['d'] }), c: rect(0, 0, 1, 1, { plus: ['d'] }), d: rect(0, 0, 1, 1) };
    expect(findRegionCycles(regions)).toEqual([]);
  });

  it('finds a self-reference, and a cycle through plus and minus from the region where it was entered', () => {
    const self = findRegionCycles({ a: rect(0, 0, 1, 1, { minus: ['a'] }) });
    expect(self.map(describeRegionCycle)).toEqual(['a -minus-> a']);
    const three = findRegionCycles({
      x: rect(0, 0, 1, 1, { plus: ['a'] }),
      a: rect(0, 0, 1, 1, { plus: ['b'] }),
      b: rect(0, 0, 1, 1, { minus: ['c'] }),
      c: rect(0, 0, 1, 1, { plus: ['a', 'unknown'] }),
    });
    expect(three.map(describeRegionCycle)).toEqual(['a -plus-> b -minus-> c -plus-> a']);
  });
});

describe('semantic checks of region references', () => {
  const demo = () => JSON.parse(readFileSync('scenarios/engine-demo.json', 'utf8')) as { regions: Record<string, Record<string, unknown>> };
  const issuesOf = (doc: unknown) => {
    try {
      validateScenario(doc, 'test.json');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return (e as ScenarioError).issues;
    }
    throw new Error('expected the scenario to be rejected');
  };

  it('accepts a union and rasterises it', () => {
    const doc = demo();
    doc.regions.both = { shape: 'circle', center_um: [200, 200], radius_um: 100, plus: ['defect'], minus: ['inner'] };
    expect(validateScenario(doc, 'test.json').scenario.regions.both.plus).toEqual(['defect']);
  });

  it('names an unknown plus region by path, with the closest names', () => {
    const doc = demo();
    doc.regions.ring.plus = ['defekt'];
    expect(issuesOf(doc)).toContainEqual({ path: 'regions.ring.plus.0', expected: expect.stringMatching(/^a region of this scenario: one of defect/), found: '"defekt"' });
  });

  it('reports a cycle through plus and minus once, at the region that starts it, with the cycle', () => {
    const doc = demo();
    doc.regions.inner.plus = ['ring']; // ring already subtracts inner
    const cycles = issuesOf(doc).filter((i) => i.expected.includes('cycle'));
    expect(cycles).toEqual([{ path: 'regions.ring.minus', expected: 'regions that do not add or subtract each other in a cycle', found: '"ring -minus-> inner -plus-> ring"' }]);
  });

  it('rejects plus of a wrong type structurally', () => {
    const doc = demo();
    doc.regions.ring.plus = 'defect';
    expect(issuesOf(doc)).toContainEqual(expect.objectContaining({ path: 'regions.ring.plus' }));
  });
});
