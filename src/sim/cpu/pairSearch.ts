/**
 * The neighbour search of pairForces.ts: a grid of cells as wide as the reach between two of the common
 * cells (the size class with the most cell types), separate for each size class (cell types of one
 * radius), so that each agent looks only as far as its own pairs reach. The neighbour bins
 * (neighbourBins.ts) are as wide as the largest reach of all (two osteoclasts in the bone model: 50 µm),
 * which made each 8 µm cell of a packed callus test about twenty candidates per partner in reach.
 *
 * Each pair within reach is found exactly once:
 * - two agents of one class: by the one that comes first in (cell, slot) order, looking only forward
 *   (its own cell after itself, the rest of its row of cells, the rows below): the bins' half shell;
 * - agents of two classes: by the one of the class with fewer agents this step (ties: the larger class),
 *   looking over the whole square of the other class's cells within the largest reach between the two.
 * Slots are the agents' places in the bin-sorted buffer (NeighbourBins); which agent finds a pair and in
 * which order pairs are found does not change the forces (pairForces.ts sums them in fixed point).
 */
import type { NeighbourBins } from './neighbourBins.ts';

/** Search radii per class pair (µm) and the class of each cell type, from the types' radii and reaches. */
export interface SearchClasses {
  /** Class of each type (classes by ascending radius). */
  classOf: Int32Array;
  classes: number;
  /** c·classes + c2: the largest reach (µm) of a pair of types of classes c and c2 (0: none interact). */
  reach: Float64Array;
}

/** Groups types by radius and takes the largest reach between groups; `reach2` is types·types (µm², 0: no pair). */
export function searchClasses(radius: Float64Array, reach2: Float64Array): SearchClasses {
  const T = radius.length;
  const sizes = [...new Set(radius)].sort((a, b) => a - b);
  const classOf = Int32Array.from(radius, (r) => sizes.indexOf(r));
  const C = sizes.length;
  const reach = new Float64Array(C * C);
  for (let a = 0; a < T; a++) {
    for (let b = 0; b < T; b++) {
      const at = classOf[a] * C + classOf[b];
      reach[at] = Math.max(reach[at], Math.sqrt(reach2[a * T + b]));
    }
  }
  return { classOf, classes: C, reach };
}

/** Padding of the search radius (µm) against rounding of (x ± reach)/cell at the edge of the reach. */
const PAD = 1e-6;

/** The agents of one step sorted by (class, cell); ranges of sorted positions for the neighbour loops. */
export class PairSearchGrid {
  /** Cell edge, µm, and cells across and down. */
  readonly cell: number;
  readonly nx: number;
  readonly ny: number;
  readonly cells: number;
  /** 1/cell (cells per µm): the cell of a position is floor(x·inverse), the same function wherever used. */
  private readonly inverse: number;
  /** Agents of each class in the last build. */
  private readonly classCount: Int32Array;
  /** start[c·cells + cell] .. start[c·cells + cell + 1] − 1: the sorted positions of class c in that cell. */
  readonly start: Int32Array;
  private readonly cursor: Int32Array;
  /** Per sorted position: the agent's slot in the bin-sorted buffer, position (µm) and type. */
  slot = new Int32Array(0);
  x = new Float64Array(0);
  y = new Float64Array(0);
  type = new Uint8Array(0);
  /** Per slot: its (class, cell) key. */
  private key = new Int32Array(0);

  constructor(
    width: number,
    height: number,
    readonly classes: SearchClasses,
    capacity: number,
  ) {
    const C = classes.classes;
    // The reach within the class of the most types (usually the tissue's cells; ties: the smaller class),
    // at least a quarter of the largest reach so that the grid stays small.
    const types = new Int32Array(C);
    for (const c of classes.classOf) types[c]++;
    let common = 0;
    let largest = 0;
    for (let c = 0; c < C; c++) {
      if (types[c] > types[common]) common = c;
      for (let c2 = 0; c2 < C; c2++) largest = Math.max(largest, classes.reach[c * C + c2]);
    }
    this.cell = Math.max(classes.reach[common * C + common], largest / 4, 1e-3);
    this.inverse = 1 / this.cell;
    this.classCount = new Int32Array(C);
    this.nx = Math.max(1, Math.ceil(width / this.cell));
    this.ny = Math.max(1, Math.ceil(height / this.cell));
    this.cells = this.nx * this.ny;
    this.start = new Int32Array(C * this.cells + 1);
    this.cursor = new Int32Array(C * this.cells);
    this.grow(capacity);
  }

  private grow(capacity: number): void {
    if (capacity <= this.slot.length && this.slot.length > 0) return;
    this.slot = new Int32Array(capacity);
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
    this.type = new Uint8Array(capacity);
    this.key = new Int32Array(capacity);
  }

  /** Cell column of x µm (clamped to the grid). */
  column(x: number): number {
    const i = Math.floor(x * this.inverse);
    return i < 0 ? 0 : i >= this.nx ? this.nx - 1 : i;
  }

  /** Cell row of y µm (clamped to the grid). */
  row(y: number): number {
    const j = Math.floor(y * this.inverse);
    return j < 0 ? 0 : j >= this.ny ? this.ny - 1 : j;
  }

  /** Sorts the `count` agents of the bins (their slots, positions and types) by (class, cell), slots ascending within a cell. */
  build(bins: NeighbourBins, count: number): void {
    this.grow(count);
    const { start, cursor, key, cells } = this;
    const classOf = this.classes.classOf;
    start.fill(0);
    for (let s = 0; s < count; s++) {
      const k = classOf[bins.type[s]] * cells + this.row(bins.y[s]) * this.nx + this.column(bins.x[s]);
      key[s] = k;
      start[k + 1]++;
    }
    for (let k = 0; k < start.length - 1; k++) start[k + 1] += start[k];
    for (let c = 0; c < this.classCount.length; c++) this.classCount[c] = start[(c + 1) * cells] - start[c * cells];
    cursor.set(start.subarray(0, cursor.length));
    for (let s = 0; s < count; s++) {
      const p = cursor[key[s]]++;
      this.slot[p] = s;
      this.x[p] = bins.x[s];
      this.y[p] = bins.y[s];
      this.type[p] = bins.type[s];
    }
  }

  /**
   * Writes into `out` the ranges [q0, q1) of sorted positions (pairs of numbers) holding every partner the
   * agent at sorted position p, of class c, is to test: the forward half of its own class within their
   * reach, and all of each class it looks over (fewer agents in c) within the reach between the two;
   * returns the number of ranges.
   * `out` needs 2·rangeLimit numbers.
   */
  ranges(p: number, c: number, out: Int32Array): number {
    const { start, cells, nx } = this;
    const C = this.classes.classes;
    const x = this.x[p];
    const y = this.y[p];
    let n = 0;
    const own = this.classes.reach[c * C + c];
    if (own > 0) {
      const r = own + PAD;
      const i0 = this.column(x - r);
      const i1 = this.column(x + r);
      const j = this.row(y);
      const j1 = this.row(y + r);
      const base = c * cells;
      // Own cell after p and the rest of its row of cells: one run of sorted positions.
      out[n++] = p + 1;
      out[n++] = start[base + j * nx + i1 + 1];
      for (let jj = j + 1; jj <= j1; jj++) {
        out[n++] = start[base + jj * nx + i0];
        out[n++] = start[base + jj * nx + i1 + 1];
      }
    }
    const count = this.classCount;
    for (let c2 = 0; c2 < C; c2++) {
      const reach = this.classes.reach[c * C + c2];
      // Two classes: the one with fewer agents looks (ties: the larger class).
      if (c2 === c || !(reach > 0) || count[c2] === 0 || count[c] > count[c2] || (count[c] === count[c2] && c < c2)) continue;
      const r = reach + PAD;
      const i0 = this.column(x - r);
      const i1 = this.column(x + r);
      const j1 = this.row(y + r);
      const base = c2 * cells;
      for (let jj = this.row(y - r); jj <= j1; jj++) {
        out[n++] = start[base + jj * nx + i0];
        out[n++] = start[base + jj * nx + i1 + 1];
      }
    }
    return n >> 1;
  }

  /** Most ranges one call of ranges() can write: a run per row of cells per class, and one. */
  get rangeLimit(): number {
    return 1 + this.classes.classes * this.ny;
  }
}
