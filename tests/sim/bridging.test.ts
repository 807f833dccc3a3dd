/**
 * The bridged read-out on the CPU (src/sim/cpu/bridging.ts through ReadoutReducer) on hand-drawn grids, and
 * timeTo on its 0/1 column. Grids are drawn row by row (row 0 on top), one character per voxel:
 *   F / f  region `from` (proximal), field 1 / 0      T / t  region `to` (distal), field 1 / 0
 *   #  defect, field 1     .  defect, field 0     x  outside every region, field 1     -  outside, field 0
 */
import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { compileModel } from '../../src/model/compile.ts';
import { demoModel } from '../../src/model/models/demo.ts';
import type { ReadoutReduction, ReadoutSpec } from '../../src/model/types.ts';
import { pathJoins } from '../../src/sim/cpu/bridging.ts';
import { ReadoutReducer } from '../../src/sim/cpu/reduceReadouts.ts';
import { makeGrid } from '../../src/sim/grid.ts';
import { allocateState } from '../../src/sim/state.ts';

const compiled = compileModel(demoModel);
const ATTRACTANT = compiled.fieldIndex.attractant;
const TRAIL = compiled.fieldIndex.trail;

type Bridged = Extract<ReadoutReduction, { kind: 'bridged' }>;
const BRIDGED: Bridged = { kind: 'bridged', field: 'attractant', atLeast: 0.5, from: { region: 'proximal' }, to: { region: 'distal' } };

/** The bridged value of a drawn grid; `trail` (optional, same drawing rules) fills the second field. */
function bridged(rows: string[], reduction: Partial<Bridged> = {}, values: { attractant?: number; trail?: number } = {}): number {
  const ny = rows.length;
  const nx = rows[0].length;
  const grid = makeGrid(nx * 10, ny * 10, 10, 10);
  const masks = { proximal: new Uint8Array(grid.cells), distal: new Uint8Array(grid.cells), defect: new Uint8Array(grid.cells) };
  const state = allocateState(compiled.layout, 1, compiled.spec.fields.length, grid.cells, compiled.spec.cellTypes.length);
  rows.forEach((row, j) => {
    expect(row.length, `row ${j} of the drawing`).toBe(nx);
    [...row].forEach((ch, i) => {
      const k = j * nx + i;
      if ('Ff'.includes(ch)) masks.proximal[k] = 1;
      else if ('Tt'.includes(ch)) masks.distal[k] = 1;
      else if ('#.'.includes(ch)) masks.defect[k] = 1;
      else expect('x-', `voxel character "${ch}"`).toContain(ch);
      const filled = 'FT#x'.includes(ch);
      state.fields[ATTRACTANT * grid.cells + k] = filled ? (values.attractant ?? 1) : 0;
      state.fields[TRAIL * grid.cells + k] = filled ? (values.trail ?? 0) : 0;
    });
  });
  const regions = new Map([...Object.entries(masks), ['domain', new Uint8Array(grid.cells).fill(1)]]);
  const spec: ReadoutSpec = { name: 'bridged', unit: '1', definition: 'test', reduction: { ...BRIDGED, ...reduction } };
  return new ReadoutReducer(compiled, grid, regions, masks.defect, [spec]).evaluate(state)[0];
}

describe('bridged read-out (CPU)', () => {
  it('joins the fragments through a straight bridge and not through a one-voxel break', () => {
    const straight = ['FFFFF', '..#..', '..#..', '..#..', 'TTTTT'];
    expect(bridged(straight)).toBe(1);
    expect(bridged(['FFFFF', '..#..', '.....', '..#..', 'TTTTT'])).toBe(0);
    // an empty gap, and a gap full of bone
    expect(bridged(['FFFFF', '.....', 'TTTTT'])).toBe(0);
    expect(bridged(['FFFFF', '#####', 'TTTTT'])).toBe(1);
  });

  it('follows a winding path, and loses it when one voxel of the winding is closed', () => {
    // from (0, 1) down, right along row 2, down column 6, left along row 8 to (1, 8), then (1, 9) to the distal
    // fragment; the branch (1, 7) → (4, 4) is a dead end
    const winding = [
      'FFFFFFFFF',
      '#........',
      '#.#####..',
      '#.#...#..',
      '###.#.#..',
      '....#.#..',
      '.####.#..',
      '.#....#..',
      '.######..',
      '.#.......',
      'TTTTTTTTT',
    ];
    expect(bridged(winding)).toBe(1);
    const broken = winding.map((row, j) => (j === 5 ? '....#....' : row));
    expect(bridged(broken)).toBe(0);
    const unjoined = winding.map((row, j) => (j === 9 ? '.........' : row));
    expect(bridged(unjoined)).toBe(0);
  });

  it('does not join through diagonal contact only', () => {
    expect(bridged(['FFFF', '#...', '.#..', '..#.', 'TTTT'])).toBe(0);
    expect(bridged(['FFFF', '#...', '##..', '.##.', 'TTTT'])).toBe(1);
  });

  it('ignores bone outside the allowed regions, unless the read-out allows it', () => {
    const outside = ['FFFF', 'x...', 'x...', 'TTTT'];
    expect(bridged(outside)).toBe(0);
    expect(bridged(outside, { region: 'domain' })).toBe(1);
    // the outside voxels may not even link two open parts of the gap
    expect(bridged(['FFFF', '#...', 'x...', '#...', 'TTTT'])).toBe(0);
  });

  it('needs open fragment voxels at both ends, and may run through the fragments', () => {
    expect(bridged(['ffff', '####', 'TTTT'])).toBe(0);
    expect(bridged(['FFFF', '####', 'tttt'])).toBe(0);
    // a resorbed part of the proximal fragment: the bridge goes around it through the gap
    expect(bridged(['FFFF', 'fff#', '...#', 'TTTT'])).toBe(1);
  });

  it('sums the listed fields (in f32) before the threshold', () => {
    const straight = ['FFF', '.#.', 'TTT'];
    expect(bridged(straight, {}, { attractant: 0.3, trail: 0.3 })).toBe(0);
    expect(bridged(straight, { field: ['attractant', 'trail'] }, { attractant: 0.3, trail: 0.3 })).toBe(1);
    expect(bridged(straight, { field: ['attractant', 'trail'] }, { attractant: 0.25, trail: 0.25 })).toBe(1);
    expect(bridged(straight, { field: ['attractant', 'trail'] }, { attractant: 0.25, trail: 0.2499 })).toBe(0);
    expect(bridged(straight, { field: ['attractant', 'trail'], atLeast: 0.61 }, { attractant: 0.3, trail: 0.3 })).toBe(0);
    // 0.5 − 2⁻²⁵ plus 2⁻²⁶ is below 0.5 in float64 but rounds (tie to even) to 0.5 in f32, as on the GPU
    const below = { attractant: 0.5 - 2 ** -25, trail: 2 ** -26 };
    expect(below.attractant + below.trail).toBeLessThan(0.5);
    expect(bridged(straight, { field: ['attractant', 'trail'] }, below)).toBe(1);
    expect(bridged(straight, { field: ['attractant', 'trail'] }, { ...below, trail: 2 ** -27 })).toBe(0);
  });

  it('names the read-out and the field when a field is unknown', () => {
    expect(() => bridged(['FF', 'TT'], { field: ['attractant', 'bone'] })).toThrow(/read-out bridged \(bridged\) names unknown field "bone"/);
  });
});

describe('pathJoins', () => {
  it('answers true for a voxel in both ends and false with no open end voxel', () => {
    const one = new Uint8Array([1]);
    expect(pathJoins(1, 1, one, one, one)).toBe(true);
    expect(pathJoins(1, 1, new Uint8Array([0]), one, one)).toBe(false);
  });

  it('does not wrap around the row ends', () => {
    // 3 × 2: from at the end of row 0, to at the start of row 1 (index neighbours, not grid neighbours)
    const open = new Uint8Array([0, 0, 1, 1, 0, 0]);
    expect(pathJoins(3, 2, open, new Uint8Array([0, 0, 1, 0, 0, 0]), new Uint8Array([0, 0, 0, 1, 0, 0]))).toBe(false);
  });
});

describe('timeTo on a bridged column', () => {
  const specs: ReadoutSpec[] = [
    { name: 'bridged', unit: '1', definition: 'test', reduction: BRIDGED },
    { name: 't_bridge_days', unit: 'day', definition: 'test', reduction: { kind: 'timeTo', of: 'bridged', threshold: 0.5, direction: 'rising' } },
  ];
  const table = (column: number[]) => {
    const t = new ReadoutTable([specs[1]], new Map(specs.map((s) => [s.name, s])));
    column.forEach((v, row) => t.append(2 * row, [v]));
    return t.column('t_bridge_days');
  };

  it('gives the middle of the output interval in which bridging first appears, and keeps it', () => {
    expect(table([0, 0, 1, 1])).toEqual([Number.NaN, Number.NaN, 3, 3]);
    expect(table([0, 0, 1, 0, 1]).at(-1)).toBe(3);
  });

  it('is censored (NaN) while unbridged and the first day when bridged from the start', () => {
    expect(table([0, 0, 0]).every(Number.isNaN)).toBe(true);
    expect(table([1, 1])).toEqual([0, 0]);
  });
});
