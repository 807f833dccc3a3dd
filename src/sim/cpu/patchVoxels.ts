/**
 * The patch of a cell: the voxels whose centres lie within `radius` µm of its position (x, y), or the voxel
 * under it when no centre does. Secretions with a footprint deposit over it (depositExchange.ts) and rules
 * sense its mean (KernelContext.patchMean), so both do not depend on the grid spacing beyond the patch's
 * discretisation.
 */
import { voxelAt, type Grid } from '../grid.ts';

/** Collects patches into a reusable index list (one per thread; grows as needed, never per call). */
export class PatchVoxels {
  /** Voxel indices (j·nx + i) of the last patch collected, in row-major order; `count` of them are valid. */
  indices = new Int32Array(64);
  count = 0;

  /** Collects the patch of radius µm around (x, y) µm and returns the number of voxels in it (at least 1). */
  collect(grid: Grid, x: number, y: number, radius: number): number {
    const { nx, ny, dx } = grid;
    const i0 = Math.max(0, Math.ceil((x - radius) / dx - 0.5));
    const i1 = Math.min(nx - 1, Math.floor((x + radius) / dx - 0.5));
    const j0 = Math.max(0, Math.ceil((y - radius) / dx - 0.5));
    const j1 = Math.min(ny - 1, Math.floor((y + radius) / dx - 0.5));
    const most = Math.max(0, i1 - i0 + 1) * Math.max(0, j1 - j0 + 1);
    if (most > this.indices.length) this.indices = new Int32Array(most);
    const r2 = radius * radius;
    let n = 0;
    for (let j = j0; j <= j1; j++) {
      const cy = (j + 0.5) * dx - y;
      for (let i = i0; i <= i1; i++) {
        const cx = (i + 0.5) * dx - x;
        if (cx * cx + cy * cy <= r2) this.indices[n++] = j * nx + i;
      }
    }
    if (n === 0) this.indices[n++] = voxelAt(grid, x, y);
    this.count = n;
    return n;
  }
}
