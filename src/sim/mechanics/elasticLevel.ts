/**
 * One level of the elastic problem on a structured mesh of rectangles: nex × ney Q4 elements (element
 * e = J·nex + I), (nex+1)·(ney+1) nodes (node n = j·(nex+1) + i), two degrees of freedom per node
 * (dof 2n = x displacement, 2n+1 = y displacement). The stiffness is never assembled: element e holds
 * scale[e] × the 8×8 matrix at pool[offset[e]] (the finest level shares a few reference matrices scaled by
 * modulus × thickness; coarse levels own one matrix each). Constrained dofs (prescribed displacements, or
 * dofs with no stiffness) are held at zero: the level's operator is M·K·M with M zeroing them.
 */
import { ELEMENT_DOFS } from './elementStiffness.ts';

/** Entries of one element matrix. */
export const ELEMENT_ENTRIES = ELEMENT_DOFS * ELEMENT_DOFS;

export interface ElasticLevel {
  readonly nex: number;
  readonly ney: number;
  /** Node coordinates, mm: xs[i] for node column i (nex+1 values), ys[j] for node row j (ney+1 values). */
  readonly xs: Float64Array;
  readonly ys: Float64Array;
  /** Element matrices (8×8 row-major each), N/mm per unit scale. */
  readonly pool: Float64Array;
  /** Start of element e's matrix in pool. */
  readonly offset: Int32Array;
  /** Factor of element e's matrix (modulus × thickness on the finest level, 1 on coarse levels). */
  readonly scale: Float64Array;
  /** 1 for a constrained dof (kept at zero), else 0; 2·(nex+1)·(ney+1) entries. */
  readonly constrained: Uint8Array;
}

/** Column and row offsets of an element's local nodes 0..3 from its first node (I, J). */
export const NODE_I: readonly number[] = [0, 1, 1, 0];
export const NODE_J: readonly number[] = [0, 0, 1, 1];

/** Degrees of freedom of a level. */
export function dofCount(level: Pick<ElasticLevel, 'nex' | 'ney'>): number {
  return 2 * (level.nex + 1) * (level.ney + 1);
}

/** Writes the 8 dof indices of element (I, J) into `out`, nodes in the order (I,J), (I+1,J), (I+1,J+1), (I,J+1). */
export function elementDofs(nex: number, I: number, J: number, out: Int32Array): void {
  const n0 = J * (nex + 1) + I;
  const n3 = n0 + nex + 1;
  out[0] = 2 * n0;
  out[1] = 2 * n0 + 1;
  out[2] = 2 * n0 + 2;
  out[3] = 2 * n0 + 3;
  out[4] = 2 * n3 + 2;
  out[5] = 2 * n3 + 3;
  out[6] = 2 * n3;
  out[7] = 2 * n3 + 1;
}
