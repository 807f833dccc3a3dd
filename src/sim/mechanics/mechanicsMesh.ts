/**
 * The mechanics mesh over a field grid and its boundary conditions. Each element is a block of
 * factor × factor voxels (the last column or row of blocks may be narrower when factor does not divide
 * the grid), so an update stays cheap while the fields keep their resolution. Coordinates in mm, x along
 * the grid's columns, y along its rows (the bone's axis).
 *
 * Loading (a longitudinal section of a long bone, axis along y, one fragment at each end): a rigid plate
 * on the top edge (node row 0) moves every top node by the same axial displacement; the bottom edge
 * (node row ney) does not move axially. Both ends slide freely across the axis (frictionless), so a
 * uniform bar is in exact uniaxial stress and its free Poisson contraction is not disturbed at the ends;
 * the fragments are orders of magnitude stiffer than the callus, so the end condition hardly changes the
 * strains in the gap. One bottom node near the middle is held across the axis only to remove the sideways
 * rigid translation: it carries no force, so the strains do not depend on which node it is.
 *
 * Mirror edges (a section symmetric about its axis, cut along it): every node of a mirror side edge is held
 * across the axis and slides freely along it, the symmetry condition; that also removes the sideways rigid
 * translation, so no middle node is held. The bottom edge already is a mirror plane (held axially, free
 * across), so a section cut at its mid-plane needs no option. The solution on the kept side equals the
 * whole section's there; a half carries half the load of the whole at the same plate displacement.
 */
import { elementStiffness } from './elementStiffness.ts';
import { ELEMENT_ENTRIES } from './elasticLevel.ts';

export interface MechanicsMesh {
  /** Field voxels per row and column, and voxels per element side. */
  readonly nx: number;
  readonly ny: number;
  readonly factor: number;
  /** Elements per row and per column. */
  readonly nex: number;
  readonly ney: number;
  /** Node coordinates, mm. */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Element sizes, mm: width of each column and height of each row of elements (voxels × dx, exactly equal for equal blocks). */
  readonly widths: Float64Array;
  readonly heights: Float64Array;
  /** Reference element matrices of unit modulus and thickness (N/mm), one per element shape. */
  readonly pool: Float64Array;
  /** Start of each element's reference matrix in pool. */
  readonly offset: Int32Array;
  /** 1 for the prescribed dofs: the axial dofs of both ends and the sideways dofs of the held node or of the mirror edges. */
  readonly constrained: Uint8Array;
  /** The axial dofs of the top edge, moved together by the plate. */
  readonly plateDofs: Int32Array;
}

/** Node coordinates (mm) of the block edges along one axis: n voxels of dx µm, factor voxels per block. */
function blockEdges(n: number, factor: number, dxUm: number): Float64Array {
  const blocks = Math.ceil(n / factor);
  const edges = new Float64Array(blocks + 1);
  for (let k = 0; k <= blocks; k++) edges[k] = (Math.min(k * factor, n) * dxUm) / 1000;
  return edges;
}

/** Block sizes (mm) along one axis, from their voxel counts (not from differences of coordinates). */
function blockSizes(n: number, factor: number, dxUm: number): Float64Array {
  const sizes = new Float64Array(Math.ceil(n / factor));
  for (let k = 0; k < sizes.length; k++) sizes[k] = ((Math.min((k + 1) * factor, n) - k * factor) * dxUm) / 1000;
  return sizes;
}

/** Side edges of the section that are mirror planes. */
export interface MirrorEdges {
  readonly left: boolean;
  readonly right: boolean;
}

export const NO_MIRROR: MirrorEdges = { left: false, right: false };

/** The mesh of an nx × ny grid of dx µm voxels with factor voxels per element side, Poisson ratio nu. */
export function buildMechanicsMesh(nx: number, ny: number, dxUm: number, factor: number, nu: number, mirror: MirrorEdges = NO_MIRROR): MechanicsMesh {
  if (!Number.isInteger(factor) || factor < 1) throw new Error(`mechanics grid factor must be a whole number >= 1, got ${factor}`);
  const xs = blockEdges(nx, factor, dxUm);
  const ys = blockEdges(ny, factor, dxUm);
  const widths = blockSizes(nx, factor, dxUm);
  const heights = blockSizes(ny, factor, dxUm);
  const nex = widths.length;
  const ney = heights.length;
  // Element shapes differ only in the last column and row of blocks: at most four reference matrices.
  const shapes = new Map<string, number>();
  const matrices: Float64Array[] = [];
  const offset = new Int32Array(nex * ney);
  for (let J = 0; J < ney; J++) {
    for (let I = 0; I < nex; I++) {
      const a = widths[I];
      const b = heights[J];
      const key = `${a} ${b}`;
      let k = shapes.get(key);
      if (k === undefined) {
        k = matrices.length;
        shapes.set(key, k);
        matrices.push(elementStiffness(a, b, nu));
      }
      offset[J * nex + I] = k * ELEMENT_ENTRIES;
    }
  }
  const pool = new Float64Array(matrices.length * ELEMENT_ENTRIES);
  matrices.forEach((m, k) => pool.set(m, k * ELEMENT_ENTRIES));

  const constrained = new Uint8Array(2 * (nex + 1) * (ney + 1));
  const plateDofs = new Int32Array(nex + 1);
  const bottom = ney * (nex + 1);
  for (let i = 0; i <= nex; i++) {
    plateDofs[i] = 2 * i + 1;
    constrained[2 * i + 1] = 1;
    constrained[2 * (bottom + i) + 1] = 1;
  }
  if (mirror.left || mirror.right) {
    for (let J = 0; J <= ney; J++) {
      if (mirror.left) constrained[2 * J * (nex + 1)] = 1;
      if (mirror.right) constrained[2 * (J * (nex + 1) + nex)] = 1;
    }
  } else constrained[2 * (bottom + Math.floor(nex / 2))] = 1;
  return { nx, ny, factor, nex, ney, xs, ys, widths, heights, pool, offset, constrained, plateDofs };
}
