/** The elastic solve itself: exact states of uniform and layered bars, symmetry, convergence, determinism. */
import { describe, expect, it } from 'vitest';
import { UnitCompressionSolver } from '../../../src/sim/mechanics/compressionSolve.ts';
import { buildMechanicsMesh, type MechanicsMesh } from '../../../src/sim/mechanics/mechanicsMesh.ts';
import { elementStrains } from '../../../src/sim/mechanics/strainRecovery.ts';

/** Element moduli from a function of the element centre (mm). */
function moduli(mesh: MechanicsMesh, modulus: (x: number, y: number) => number): Float64Array {
  const E = new Float64Array(mesh.nex * mesh.ney);
  for (let J = 0; J < mesh.ney; J++) {
    for (let I = 0; I < mesh.nex; I++) E[J * mesh.nex + I] = modulus((mesh.xs[I] + mesh.xs[I + 1]) / 2, (mesh.ys[J] + mesh.ys[J + 1]) / 2);
  }
  return E;
}

function strains(mesh: MechanicsMesh, E: Float64Array, thickness: number, tol = 1e-10) {
  const unit = new UnitCompressionSolver(mesh).solve(E, thickness, tol);
  const n = mesh.nex * mesh.ney;
  const exx = new Float64Array(n);
  const eyy = new Float64Array(n);
  const gxy = new Float64Array(n);
  elementStrains(mesh, unit.displacement, 1, exx, eyy, gxy);
  return { unit, exx, eyy, gxy };
}

describe('unit compression solve', () => {
  it('a uniform bar is in uniaxial stress: εyy = −1/H, εxx = −ν·εyy, R1 = E·W·t/H', () => {
    for (const [nx, ny, factor] of [
      [12, 30, 1],
      [25, 41, 2], // blocks that do not divide the grid: narrower last column and row
    ]) {
      const nu = 0.3;
      const mesh = buildMechanicsMesh(nx, ny, 100, factor, nu);
      const W = (nx * 100) / 1000;
      const H = (ny * 100) / 1000;
      const { unit, exx, eyy, gxy } = strains(mesh, moduli(mesh, () => 7), 0.5);
      expect(unit.reaction).toBeCloseTo((7 * W * 0.5) / H, 8);
      for (let e = 0; e < eyy.length; e++) {
        expect(eyy[e]).toBeCloseTo(-1 / H, 8);
        expect(exx[e]).toBeCloseTo(nu / H, 8);
        expect(gxy[e]).toBeCloseTo(0, 8);
      }
    }
  });

  it('two layers in series strain in inverse ratio of their moduli (ν = 0 exactly, ν = 0.3 in the layers’ means)', () => {
    const mesh0 = buildMechanicsMesh(10, 40, 100, 1, 0);
    const layered = (m: MechanicsMesh) => moduli(m, (_x, y) => (y < 2 ? 5 : 50));
    const exact = strains(mesh0, layered(mesh0), 1);
    const top = exact.eyy[0];
    const bottom = exact.eyy[exact.eyy.length - 1];
    expect(top / bottom).toBeCloseTo(10, 8);
    // Series springs: R1 = W·t / (L1/E1 + L2/E2).
    expect(exact.unit.reaction).toBeCloseTo(1 / (2 / 5 + 2 / 50), 8);

    const mesh = buildMechanicsMesh(10, 40, 100, 1, 0.3);
    const { eyy } = strains(mesh, layered(mesh), 1);
    const half = eyy.length / 2;
    const mean = (a: Float64Array, from: number, to: number) => a.slice(from, to).reduce((s, v) => s + v, 0) / (to - from);
    expect(mean(eyy, 0, half) / mean(eyy, half, eyy.length)).toBeGreaterThan(9.8);
    expect(mean(eyy, 0, half) / mean(eyy, half, eyy.length)).toBeLessThan(10.2);
  });

  it('a mirror-symmetric tissue gives mirror-symmetric strains, whichever node holds the section sideways', () => {
    for (const nx of [30, 31]) {
      const mesh = buildMechanicsMesh(nx, 40, 100, 1, 0.3);
      const W = nx * 0.1;
      const E = moduli(mesh, (x, y) => {
        const d = Math.min(x, W - x);
        if (y > 1.5 && y < 2.5) return d > 0.6 && d < 0.9 && y > 2.2 ? 1000 : 1;
        return d > 0.5 && d < 1 ? 17000 : 2;
      });
      const { exx, eyy, gxy } = strains(mesh, E, 0.2, 1e-12);
      const scale = Math.max(...eyy.map(Math.abs));
      for (let J = 0; J < mesh.ney; J++) {
        for (let I = 0; I < mesh.nex; I++) {
          const a = J * mesh.nex + I;
          const b = J * mesh.nex + (mesh.nex - 1 - I);
          expect(Math.abs(eyy[a] - eyy[b])).toBeLessThan(1e-8 * scale);
          expect(Math.abs(exx[a] - exx[b])).toBeLessThan(1e-8 * scale);
          expect(Math.abs(gxy[a] + gxy[b])).toBeLessThan(1e-8 * scale);
        }
      }
    }
  });

  it("a half section with a mirror edge on its axis has the whole section's strains there and half its reaction", () => {
    const W = 3;
    const tissue = (x: number, y: number) => {
      const d = Math.min(x, W - x);
      if (y > 1.5 && y < 2.5) return d > 0.6 && d < 0.9 && y > 2.2 ? 1000 : 1;
      return d > 0.5 && d < 1 ? 17000 : 2;
    };
    const whole = buildMechanicsMesh(30, 40, 100, 1, 0.3);
    const full = strains(whole, moduli(whole, tissue), 0.2, 1e-12);
    const scale = Math.max(...full.eyy.map(Math.abs));
    for (const side of ['left', 'right'] as const) {
      // The left half keeps x in [0, 1.5] with its right edge on the axis; the right half is shifted by 1.5 mm.
      const mesh = buildMechanicsMesh(15, 40, 100, 1, 0.3, { left: side === 'right', right: side === 'left' });
      const shift = side === 'left' ? 0 : 1.5;
      const half = strains(mesh, moduli(mesh, (x, y) => tissue(x + shift, y)), 0.2, 1e-12);
      expect(half.unit.reaction / full.unit.reaction, side).toBeCloseTo(0.5, 9);
      for (let J = 0; J < mesh.ney; J++) {
        for (let I = 0; I < mesh.nex; I++) {
          const a = J * mesh.nex + I;
          const b = J * whole.nex + I + (side === 'left' ? 0 : 15);
          expect(Math.abs(half.eyy[a] - full.eyy[b])).toBeLessThan(1e-8 * scale);
          expect(Math.abs(half.exx[a] - full.exx[b])).toBeLessThan(1e-8 * scale);
          expect(Math.abs(half.gxy[a] - full.gxy[b])).toBeLessThan(1e-8 * scale);
        }
      }
    }
    // Without the mirror the cut edge is free: the half bulges across it and its strains differ.
    const free = buildMechanicsMesh(15, 40, 100, 1, 0.3);
    const unmirrored = strains(free, moduli(free, tissue), 0.2, 1e-12);
    expect(Math.max(...unmirrored.exx.map((v, e) => Math.abs(v - full.exx[Math.floor(e / 15) * 30 + (e % 15)])))).toBeGreaterThan(1e-3 * scale);
  });

  it('converges in few iterations on a fracture with a 1.7e4 stiffness contrast', () => {
    // 6 × 8 mm at 40 µm: cortices of 17 GPa, marrow 2 MPa, a 2 mm gap of 1 MPa.
    const mesh = buildMechanicsMesh(300, 400, 20, 2, 0.3);
    const E = moduli(mesh, (x, y) => {
      if (y > 3 && y < 5) return 1;
      return (x > 1 && x < 1.5) || (x > 4.5 && x < 5) ? 17000 : 2;
    });
    const unit = new UnitCompressionSolver(mesh).solve(E, 0.1, 1e-6);
    expect(unit.relativeResidual).toBeLessThanOrEqual(1e-6);
    expect(unit.iterations).toBeLessThan(30);
  });

  it('gives the same bits for the same moduli, with nothing kept from a previous solve', () => {
    const mesh = buildMechanicsMesh(20, 30, 50, 1, 0.3);
    const a = moduli(mesh, (x, y) => (x < 0.4 && y > 0.5 ? 1000 : 1));
    const b = moduli(mesh, (x) => (x > 0.6 ? 17000 : 3));
    const solver = new UnitCompressionSolver(mesh);
    const first = solver.solve(a, 0.1, 1e-6);
    solver.solve(b, 0.1, 1e-6);
    const again = solver.solve(a, 0.1, 1e-6);
    const fresh = new UnitCompressionSolver(mesh).solve(a, 0.1, 1e-6);
    expect(Buffer.from(again.displacement.buffer).equals(Buffer.from(first.displacement.buffer))).toBe(true);
    expect(Buffer.from(fresh.displacement.buffer).equals(Buffer.from(first.displacement.buffer))).toBe(true);
    expect(again.reaction).toBe(first.reaction);
  });

  it('throws when the iteration limit is reached before the tolerance', () => {
    const mesh = buildMechanicsMesh(20, 30, 50, 1, 0.3);
    const E = moduli(mesh, (x, y) => (x < 0.4 && y > 0.5 ? 1000 : 1));
    expect(() => new UnitCompressionSolver(mesh).solve(E, 0.1, 1e-14, 2)).toThrow(/did not reach a relative residual of 1e-14 in 2 iterations/);
  });
});
