/**
 * Phase binAgents: uniform-grid neighbour bins and the agent order. Agents are sorted by (bin, id) with a
 * counting sort by bin followed by an insertion sort by id inside each bin (bins hold a few agents, and the
 * previous step's order is nearly sorted already). The backend then stores agents in this order, so every
 * later phase walks memory and the field grid coherently, and the order is a pure function of positions
 * and ids: a GPU radix sort on the same (bin, id) key reproduces it exactly.
 * Bins are at least the largest interaction range wide, so all partners of an agent lie in the 3x3 block
 * of bins around it. Positions and types are copied in sorted order for the neighbour loops.
 */
export class NeighbourBins {
  readonly nbx: number;
  readonly nby: number;
  /** Bin edge, µm (≥ the interaction range; bins are stretched to tile the domain). */
  readonly size: number;
  /** start[b]..start[b+1]-1 are the sorted slots of bin b. */
  readonly start: Int32Array;
  private readonly cursor: Int32Array;
  private readonly scaleX: number;
  private readonly scaleY: number;
  /** Bin of each agent (by agent index, before sorting). */
  private binOf: Int32Array;
  /** Agent index (before sorting) of each sorted slot. */
  order: Int32Array;
  x: Float64Array;
  y: Float64Array;
  type: Uint8Array;
  private id: Uint32Array;

  constructor(width: number, height: number, range: number, capacity: number) {
    this.size = Math.max(range, 1e-3);
    this.nbx = Math.max(1, Math.floor(width / this.size));
    this.nby = Math.max(1, Math.floor(height / this.size));
    this.start = new Int32Array(this.nbx * this.nby + 1);
    this.cursor = new Int32Array(this.nbx * this.nby + 1);
    this.scaleX = this.nbx / width;
    this.scaleY = this.nby / height;
    this.binOf = new Int32Array(0);
    this.order = new Int32Array(0);
    this.x = new Float64Array(0);
    this.y = new Float64Array(0);
    this.type = new Uint8Array(0);
    this.id = new Uint32Array(0);
    this.grow(capacity);
  }

  /** Bin column of x µm. */
  binX(x: number): number {
    const b = Math.floor(x * this.scaleX);
    return b < 0 ? 0 : b >= this.nbx ? this.nbx - 1 : b;
  }

  /** Bin row of y µm. */
  binY(y: number): number {
    const b = Math.floor(y * this.scaleY);
    return b < 0 ? 0 : b >= this.nby ? this.nby - 1 : b;
  }

  /** Reallocates the per-agent arrays when `capacity` exceeds them. */
  private grow(capacity: number): void {
    if (capacity <= this.order.length && this.order.length > 0) return;
    this.binOf = new Int32Array(capacity);
    this.order = new Int32Array(capacity);
    this.x = new Float64Array(capacity);
    this.y = new Float64Array(capacity);
    this.type = new Uint8Array(capacity);
    this.id = new Uint32Array(capacity);
  }

  /** Sorts `count` agents by (bin, id); afterwards slot s holds agent order[s]. */
  build(f: Float32Array, u: Uint32Array, count: number, stride: number, offX: number, offY: number, offType: number, offId: number): void {
    this.grow(count);
    const start = this.start;
    start.fill(0);
    const binOf = this.binOf;
    for (let i = 0, base = 0; i < count; i++, base += stride) {
      const b = this.binY(f[base + offY]) * this.nbx + this.binX(f[base + offX]);
      binOf[i] = b;
      start[b + 1]++;
    }
    const bins = this.nbx * this.nby;
    for (let b = 0; b < bins; b++) start[b + 1] += start[b];
    const cursor = this.cursor;
    cursor.set(start);
    const order = this.order;
    const id = this.id;
    for (let i = 0, base = 0; i < count; i++, base += stride) {
      const slot = cursor[binOf[i]]++;
      order[slot] = i;
      id[slot] = u[base + offId];
    }
    // Insertion sort by id inside each bin.
    for (let b = 0; b < bins; b++) {
      const s0 = start[b];
      const s1 = start[b + 1];
      for (let s = s0 + 1; s < s1; s++) {
        const key = id[s];
        const agent = order[s];
        let t = s - 1;
        while (t >= s0 && id[t] > key) {
          id[t + 1] = id[t];
          order[t + 1] = order[t];
          t--;
        }
        id[t + 1] = key;
        order[t + 1] = agent;
      }
    }
    for (let s = 0; s < count; s++) {
      const base = order[s] * stride;
      this.x[s] = f[base + offX];
      this.y[s] = f[base + offY];
      this.type[s] = u[base + offType];
    }
  }

  /** Copies the agents of `src` into `dst` in sorted order (whole slots, bit for bit). */
  gather(src: Uint32Array, dst: Uint32Array, count: number, stride: number): void {
    const order = this.order;
    for (let s = 0, out = 0; s < count; s++, out += stride) {
      const from = order[s] * stride;
      for (let w = 0; w < stride; w++) dst[out + w] = src[from + w];
    }
  }
}
