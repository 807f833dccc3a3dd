import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeGrid, voxelAt, type Grid } from '../../../src/sim/grid.ts';
import { PatchVoxels } from '../../../src/sim/cpu/patchVoxels.ts';

/** The patch by brute force: every voxel centre within radius, or the voxel under the point. */
function bruteForce(grid: Grid, x: number, y: number, radius: number): number[] {
  const out: number[] = [];
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const cx = (i + 0.5) * grid.dx - x;
      const cy = (j + 0.5) * grid.dx - y;
      if (cx * cx + cy * cy <= radius * radius) out.push(j * grid.nx + i);
    }
  }
  return out.length > 0 ? out : [voxelAt(grid, x, y)];
}

describe('PatchVoxels', () => {
  it('collects exactly the voxels whose centres lie within the radius (or the voxel under the point)', () => {
    const grid = makeGrid(230, 170, 10, 500);
    const patch = new PatchVoxels();
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 229.99, noNaN: true }),
        fc.double({ min: 0, max: 169.99, noNaN: true }),
        fc.double({ min: 1, max: 120, noNaN: true }),
        (x, y, radius) => {
          const n = patch.collect(grid, x, y, radius);
          expect(Array.from(patch.indices.subarray(0, n))).toEqual(bruteForce(grid, x, y, radius));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('covers about π r²/dx² voxels on average, on coarse and fine grids', () => {
    for (const dx of [20, 10, 5]) {
      const grid = makeGrid(400, 400, dx, 500);
      const patch = new PatchVoxels();
      let total = 0;
      const samples = 2000;
      for (let k = 0; k < samples; k++) {
        const x = 100 + ((k * 0.618034) % 1) * 200;
        const y = 100 + ((k * 0.754878) % 1) * 200;
        total += patch.collect(grid, x, y, 20);
      }
      const expected = (Math.PI * 400) / (dx * dx);
      expect(Math.abs(total / samples - expected) / expected).toBeLessThan(0.05);
    }
  });
});
