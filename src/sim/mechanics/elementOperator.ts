/**
 * The stiffness operator applied element by element (never assembled): y = K·x as the sum over elements of
 * scale[e]·K_e·x_e, in element order, so the result is the same bits on every run.
 */
import { elementDofs, type ElasticLevel } from './elasticLevel.ts';

const dofs = new Int32Array(8);
const xe = new Float64Array(8);

/** y ← K·x over all dofs of the level, constraints ignored (reactions, right-hand sides). N for x in mm. */
export function applyStiffness(level: ElasticLevel, x: Float64Array, y: Float64Array): void {
  const { nex, ney, pool, offset, scale } = level;
  y.fill(0);
  for (let J = 0; J < ney; J++) {
    for (let I = 0; I < nex; I++) {
      const e = J * nex + I;
      elementDofs(nex, I, J, dofs);
      for (let k = 0; k < 8; k++) xe[k] = x[dofs[k]];
      const s = scale[e];
      let o = offset[e];
      for (let m = 0; m < 8; m++, o += 8) {
        const sum =
          pool[o] * xe[0] + pool[o + 1] * xe[1] + pool[o + 2] * xe[2] + pool[o + 3] * xe[3] +
          pool[o + 4] * xe[4] + pool[o + 5] * xe[5] + pool[o + 6] * xe[6] + pool[o + 7] * xe[7];
        y[dofs[m]] += s * sum;
      }
    }
  }
}

/** y ← M·K·x, M zeroing the constrained dofs; x must be zero at the constrained dofs. */
export function applyOperator(level: ElasticLevel, x: Float64Array, y: Float64Array): void {
  applyStiffness(level, x, y);
  const c = level.constrained;
  for (let d = 0; d < c.length; d++) if (c[d]) y[d] = 0;
}
