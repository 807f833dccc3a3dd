/**
 * The outline of a region mask (the defect) as line segments along voxel edges: every edge between a voxel
 * inside and one outside (or the domain edge), collinear neighbours merged. For drawing over the tissue.
 */
import type { Grid } from '../sim/grid.ts';

/** Segments x0, y0, x1, y1 (µm), four numbers each, of the boundary of `mask` (1 = inside) on `grid`. */
export function outlineSegments(mask: ArrayLike<number>, grid: Grid): number[] {
  const { nx, ny, dx } = grid;
  if (mask.length !== grid.cells) throw new Error(`outlineSegments: mask of ${mask.length} voxels for a ${nx} × ${ny} grid`);
  const inside = (i: number, j: number) => i >= 0 && j >= 0 && i < nx && j < ny && mask[j * nx + i] !== 0;
  const out: number[] = [];
  // Horizontal edges: the line y = j·dx between voxel rows j − 1 and j, runs of edges merged.
  for (let j = 0; j <= ny; j++) {
    let start = -1;
    for (let i = 0; i <= nx; i++) {
      const edge = i < nx && inside(i, j - 1) !== inside(i, j);
      if (edge && start < 0) start = i;
      if (!edge && start >= 0) {
        out.push(start * dx, j * dx, i * dx, j * dx);
        start = -1;
      }
    }
  }
  // Vertical edges: the line x = i·dx between voxel columns i − 1 and i.
  for (let i = 0; i <= nx; i++) {
    let start = -1;
    for (let j = 0; j <= ny; j++) {
      const edge = j < ny && inside(i - 1, j) !== inside(i, j);
      if (edge && start < 0) start = j;
      if (!edge && start >= 0) {
        out.push(i * dx, start * dx, i * dx, j * dx);
        start = -1;
      }
    }
  }
  return out;
}
