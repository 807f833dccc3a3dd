/** The multigrid preconditioner's parts: Galerkin coarse operators, transfers, and a symmetric positive V-cycle. */
import { describe, expect, it } from 'vitest';
import { applyOperator } from '../../../src/sim/mechanics/elementOperator.ts';
import { dofCount, type ElasticLevel } from '../../../src/sim/mechanics/elasticLevel.ts';
import { GalerkinCoarsening } from '../../../src/sim/mechanics/galerkinCoarsening.ts';
import { buildMechanicsMesh } from '../../../src/sim/mechanics/mechanicsMesh.ts';
import { MultigridPreconditioner } from '../../../src/sim/mechanics/multigridPreconditioner.ts';

/** A deterministic pseudo-random sequence in [0, 1). */
function sequence(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

/** The finest level of an nx × ny grid (factor 2: odd sizes give narrower last elements), moduli over four decades. */
function fineLevel(nx: number, ny: number, seed: number): ElasticLevel {
  const mesh = buildMechanicsMesh(nx, ny, 20, 2, 0.3);
  const rnd = sequence(seed);
  const scale = new Float64Array(mesh.nex * mesh.ney).map(() => 10 ** (4 * rnd()));
  return { nex: mesh.nex, ney: mesh.ney, xs: mesh.xs, ys: mesh.ys, pool: mesh.pool, offset: mesh.offset, scale, constrained: mesh.constrained };
}

/** A random vector that is zero at the level's constrained dofs. */
function randomFree(level: ElasticLevel, rnd: () => number): Float64Array {
  return new Float64Array(dofCount(level)).map((_, d) => (level.constrained[d] ? 0 : rnd() - 0.5));
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((s, v, i) => s + v * b[i], 0);

describe('multigrid preconditioner', () => {
  it('builds coarse operators equal to Pᵀ·A·P on two levels, odd edges and constraints included', () => {
    const rnd = sequence(7);
    const first = new GalerkinCoarsening(fineLevel(37, 27, 3)); // 19 × 14 elements
    first.project();
    const second = new GalerkinCoarsening(first.coarse); // own matrices, no shared ones
    second.project();
    for (const c of [first, second]) {
      const xc = randomFree(c.coarse, rnd);
      const direct = new Float64Array(xc.length);
      applyOperator(c.coarse, xc, direct);
      const xf = new Float64Array(dofCount(c.fine));
      c.prolongAdd(xc, xf);
      const Axf = new Float64Array(xf.length);
      applyOperator(c.fine, xf, Axf);
      const projected = new Float64Array(xc.length);
      c.restrict(Axf, projected);
      const scale = Math.max(...direct.map(Math.abs));
      for (let d = 0; d < xc.length; d++) expect(Math.abs(projected[d] - direct[d])).toBeLessThan(1e-12 * scale);
    }
  });

  it('is a symmetric positive definite operator, as conjugate gradients need', () => {
    const level = fineLevel(61, 83, 11);
    const mg = new MultigridPreconditioner(level);
    mg.refresh();
    expect(mg.levels).toBeGreaterThan(2);
    const rnd = sequence(5);
    for (let trial = 0; trial < 3; trial++) {
      const a = randomFree(level, rnd);
      const b = randomFree(level, rnd);
      const Ma = new Float64Array(a.length);
      const Mb = new Float64Array(b.length);
      mg.apply(a, Ma);
      mg.apply(b, Mb);
      expect(Math.abs(dot(Ma, b) - dot(a, Mb))).toBeLessThan(1e-10 * Math.sqrt(dot(Ma, a) * dot(Mb, b)));
      expect(dot(Ma, a)).toBeGreaterThan(0);
      for (let d = 0; d < a.length; d++) if (level.constrained[d]) expect(Ma[d]).toBe(0);
    }
  });

  it('refresh() after new moduli gives the same preconditioner as one built for them', () => {
    const a = fineLevel(41, 33, 1);
    const b = fineLevel(41, 33, 2);
    const reused = new MultigridPreconditioner(a);
    reused.refresh();
    a.scale.set(b.scale);
    reused.refresh();
    const fresh = new MultigridPreconditioner(b);
    fresh.refresh();
    const r = randomFree(b, sequence(9));
    const [z1, z2] = [new Float64Array(r.length), new Float64Array(r.length)];
    reused.apply(r, z1);
    fresh.apply(r, z2);
    expect(Buffer.from(z1.buffer).equals(Buffer.from(z2.buffer))).toBe(true);
  });
});
