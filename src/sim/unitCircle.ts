/**
 * Random directions without trigonometry in the hot loops: a table of 4096 unit vectors at angles
 * 2π·k/4096, indexed by the top 12 bits of a random word. The angular resolution (0.09°) is far below
 * anything a cell's heading could mean; the GPU builds the same table from the same formula.
 */
export const DIRECTION_BITS = 12;
const N = 1 << DIRECTION_BITS;

/** cos and sin of 2πk/4096, interleaved: [cos0, sin0, cos1, sin1, ...]. */
export const UNIT_CIRCLE = (() => {
  const t = new Float64Array(2 * N);
  for (let k = 0; k < N; k++) {
    const a = (2 * Math.PI * k) / N;
    t[2 * k] = Math.cos(a);
    t[2 * k + 1] = Math.sin(a);
  }
  return t;
})();

/** Table index (times 2) of the direction chosen by random word `u`. */
export function directionIndex(u: number): number {
  return (u >>> (32 - DIRECTION_BITS)) << 1;
}
