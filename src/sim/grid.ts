/**
 * The field grid: cell-centred voxels of dx µm over a width x height µm domain; voxel (i, j) covers
 * [i·dx, (i+1)·dx) x [j·dx, (j+1)·dx), index j·nx + i. Each voxel stands for a column of the tissue
 * `depth` µm deep (model.md §1), so its volume is dx²·depth µm³.
 */
export interface Grid {
  nx: number;
  ny: number;
  /** Voxel edge, µm. */
  dx: number;
  /** Tissue depth represented by the plane, µm. */
  depth: number;
  /** Domain size, µm (nx·dx, ny·dx). */
  width: number;
  height: number;
  /** nx·ny. */
  cells: number;
  /** Voxel volume, µm³. */
  voxelVolume: number;
}

/** A grid of the given domain; the caller has checked that dx divides the sides. */
export function makeGrid(width: number, height: number, dx: number, depth: number): Grid {
  const nx = Math.floor(width / dx + 0.5);
  const ny = Math.floor(height / dx + 0.5);
  return { nx, ny, dx, depth, width: nx * dx, height: ny * dx, cells: nx * ny, voxelVolume: dx * dx * depth };
}

/** Index of the voxel containing (x, y) µm, clamped to the grid. */
export function voxelAt(grid: Grid, x: number, y: number): number {
  let i = Math.floor(x / grid.dx);
  let j = Math.floor(y / grid.dx);
  if (i < 0) i = 0;
  else if (i >= grid.nx) i = grid.nx - 1;
  if (j < 0) j = 0;
  else if (j >= grid.ny) j = grid.ny - 1;
  return j * grid.nx + i;
}
