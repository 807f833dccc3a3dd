/**
 * The voxels agents deposited into during a step (depositExchange marks them), so that the field phase
 * converts and clears only those voxels of the agent-sum accumulators (a few per cent of the grid) instead
 * of scanning every field's whole range. Every other accumulator value is 0 (nothing wrote it since the
 * last conversion zeroed it), and converts to the +0 a fill writes, so the terms are the same bits.
 */
export class TouchedVoxels {
  /** 1 where an agent deposited this step (voxel index j·nx + i). */
  readonly marks: Uint8Array;
  /** The marked voxels in ascending order after collect(): `count` of them are valid. */
  readonly list: Int32Array;
  count = 0;

  /** `shared`: the list lives in a SharedArrayBuffer (read by the field worker). */
  constructor(cells: number, shared = false) {
    this.marks = new Uint8Array(cells);
    this.list = new Int32Array(shared ? new SharedArrayBuffer(4 * cells) : new ArrayBuffer(4 * cells));
  }

  /** Lists the marked voxels in ascending order, clears the marks and returns how many there are. */
  collect(): number {
    const { marks, list } = this;
    let n = 0;
    for (let v = 0; v < marks.length; v++) {
      if (marks[v] !== 0) {
        list[n++] = v;
        marks[v] = 0;
      }
    }
    return (this.count = n);
  }
}
