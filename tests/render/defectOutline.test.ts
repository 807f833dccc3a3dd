/** outlineSegments: the defect's boundary along voxel edges, merged into runs. */
import { describe, expect, it } from 'vitest';
import { outlineSegments } from '../../src/render/defectOutline.ts';
import { makeGrid } from '../../src/sim/grid.ts';

/** Total length of the segments, µm. */
function length(segments: number[]): number {
  let sum = 0;
  for (let k = 0; k < segments.length; k += 4) sum += Math.hypot(segments[k + 2] - segments[k], segments[k + 3] - segments[k + 1]);
  return sum;
}

describe('outlineSegments', () => {
  it('outlines a block of voxels with four merged sides', () => {
    const grid = makeGrid(50, 40, 10, 1); // 5 × 4 voxels
    const mask = new Uint8Array(grid.cells);
    for (let j = 1; j <= 2; j++) for (let i = 1; i <= 3; i++) mask[j * grid.nx + i] = 1;
    const segments = outlineSegments(mask, grid);
    const sides = [];
    for (let k = 0; k < segments.length; k += 4) sides.push(segments.slice(k, k + 4));
    expect(sides).toEqual([
      [10, 10, 40, 10],
      [10, 30, 40, 30],
      [10, 10, 10, 30],
      [40, 10, 40, 30],
    ]);
  });

  it('draws the domain edge where the mask touches it, and nothing for an empty mask', () => {
    const grid = makeGrid(30, 30, 10, 1);
    expect(outlineSegments(new Uint8Array(grid.cells), grid)).toEqual([]);
    const full = outlineSegments(new Uint8Array(grid.cells).fill(1), grid);
    expect(full.length / 4).toBe(4);
    expect(length(full)).toBe(120);
  });

  it('outlines a disc with a perimeter of about its bounding square (voxel staircase)', () => {
    const grid = makeGrid(400, 400, 10, 1);
    const mask = new Uint8Array(grid.cells);
    for (let j = 0; j < grid.ny; j++) for (let i = 0; i < grid.nx; i++) mask[j * grid.nx + i] = Math.hypot((i + 0.5) * 10 - 200, (j + 0.5) * 10 - 200) < 120 ? 1 : 0;
    // A staircase around a disc of radius r measures about 8r.
    expect(length(outlineSegments(mask, grid))).toBeCloseTo(8 * 120, -2);
  });

  it('names a mask of the wrong size', () => {
    expect(() => outlineSegments(new Uint8Array(3), makeGrid(20, 20, 10, 1))).toThrow(/mask of 3 voxels for a 2 × 2 grid/);
  });
});
