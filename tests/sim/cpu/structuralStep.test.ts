/**
 * structuralStep (fieldSolver.ts) takes shortcuts: the rate-free factors where a voxel has no uptake, a
 * zero that stays zero without an exponential, and nothing at all for a field with neither decay, source
 * nor uptake. They must give exactly the bits of the general per-voxel formula, zeros' signs included.
 */
import { describe, expect, it } from 'vitest';
import { structuralStep } from '../../../src/sim/cpu/fieldSolver.ts';

/** The exact local solution without shortcuts, as the solver computed it before them (the bits to reproduce). */
function reference(u: Float32Array, source: Float32Array | null, uptake: Float32Array | null, decay: number, dt: number): void {
  if (!uptake) {
    const kd = decay * dt;
    const e = Math.exp(-kd);
    const g = kd > 1e-9 ? -Math.expm1(-kd) / decay : dt * (1 - 0.5 * kd);
    if (source) for (let k = 0; k < u.length; k++) u[k] = u[k] * e + source[k] * g;
    else for (let k = 0; k < u.length; k++) u[k] *= e;
    return;
  }
  for (let k = 0; k < u.length; k++) {
    const rate = decay + uptake[k];
    const kd = rate * dt;
    const e = Math.exp(-kd);
    const s = source ? source[k] : 0;
    const g = kd > 1e-9 ? -Math.expm1(-kd) / rate : dt * (1 - 0.5 * kd);
    u[k] = u[k] * e + s * g;
  }
}

/** Values with zeros of both signs, tiny and large ones, in a fixed pseudo-random mix. */
function mix(n: number, seed: number, pool: number[]): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => pool[(s = (Math.imul(s, 1103515245) + 12345) >>> 0) % pool.length]);
}

const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));

describe('structuralStep shortcuts', () => {
  const n = 4096;
  const values = [0, -0, 0, 1e-30, 0.25, 1, 3.5, 1e3];
  const sources = [0, -0, 0, 0, 2e-4, 0.01, 7];
  const uptakes = [0, -0, 0, 0, 1e-12, 1.6e-4, 0.05, 3, 1e6];
  for (const decay of [0, 3.3e-5, 0.02]) {
    for (const withSource of [false, true]) {
      for (const withUptake of [false, true]) {
        it(`match the general formula bit for bit (decay ${decay}, source ${withSource}, uptake ${withUptake})`, () => {
          const u = mix(n, 1 + decay * 1e6, values);
          const source = withSource ? mix(n, 7, sources) : null;
          const uptake = withUptake ? mix(n, 13, uptakes) : null;
          const expected = u.slice();
          reference(expected, source, uptake, decay, 15);
          structuralStep(u, source, uptake, decay, 15, n);
          expect(bits(u)).toEqual(bits(expected));
          // the case did change something, unless nothing can change
          if (decay > 0 || withSource || withUptake) expect(bits(u)).not.toEqual(bits(mix(n, 1 + decay * 1e6, values)));
        });
      }
    }
  }
});
