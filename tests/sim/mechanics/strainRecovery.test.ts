/** Element strains from displacements and the octahedral shear strain against their formulas. */
import { describe, expect, it } from 'vitest';
import { buildMechanicsMesh } from '../../../src/sim/mechanics/mechanicsMesh.ts';
import { elementStrains, octahedralShearStrain } from '../../../src/sim/mechanics/strainRecovery.ts';

/** γ_oct from the principal strains (2/3)·√((ε1−ε2)² + (ε2−ε3)² + (ε3−ε1)²), plane-stress ε3. */
function fromPrincipal(exx: number, eyy: number, gxy: number, nu: number): number {
  const c = (exx + eyy) / 2;
  const r = Math.hypot((exx - eyy) / 2, gxy / 2);
  const [e1, e2, e3] = [c + r, c - r, (-nu / (1 - nu)) * (exx + eyy)];
  return (2 / 3) * Math.sqrt((e1 - e2) ** 2 + (e2 - e3) ** 2 + (e3 - e1) ** 2);
}

describe('strain recovery', () => {
  it('reads the exact strains of an affine displacement in every element, whatever its shape', () => {
    const mesh = buildMechanicsMesh(7, 5, 30, 2, 0.3); // 4 × 3 elements, narrower last column and row
    const [a, b, c, d] = [0.01, -0.02, 0.03, -0.005];
    const u = new Float64Array(2 * (mesh.nex + 1) * (mesh.ney + 1));
    for (let j = 0; j <= mesh.ney; j++) {
      for (let i = 0; i <= mesh.nex; i++) {
        const n = j * (mesh.nex + 1) + i;
        u[2 * n] = a * mesh.xs[i] + b * mesh.ys[j];
        u[2 * n + 1] = c * mesh.xs[i] + d * mesh.ys[j];
      }
    }
    const n = mesh.nex * mesh.ney;
    const [exx, eyy, gxy] = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
    elementStrains(mesh, u, 2, exx, eyy, gxy);
    for (let e = 0; e < n; e++) {
      expect(exx[e]).toBeCloseTo(2 * a, 12);
      expect(eyy[e]).toBeCloseTo(2 * d, 12);
      expect(gxy[e]).toBeCloseTo(2 * (b + c), 12);
    }
  });

  it('gives γ_oct = √(2/3)·γ in pure shear and (2√2/3)(1+ν)|ε| in uniaxial stress', () => {
    expect(octahedralShearStrain(0, 0, 0.03, 0.3)).toBeCloseTo(Math.sqrt(2 / 3) * 0.03, 14);
    // Uniaxial stress along y: εxx = −ν·εyy, and plane stress gives εzz = −ν·εyy too.
    const nu = 0.3;
    const eps = -0.02;
    expect(octahedralShearStrain(-nu * eps, eps, 0, nu)).toBeCloseTo(((2 * Math.SQRT2) / 3) * (1 + nu) * Math.abs(eps), 14);
    expect(octahedralShearStrain(0, 0, 0, nu)).toBe(0);
  });

  it('agrees with the principal-strain formula on general states', () => {
    const states = [
      [0.01, -0.03, 0.02],
      [-0.004, -0.004, 0.0],
      [0.2, 0.1, -0.15],
      [0, 0.05, 0.05],
    ];
    for (const nu of [0, 0.17, 0.3, 0.45]) {
      for (const [exx, eyy, gxy] of states) expect(octahedralShearStrain(exx, eyy, gxy, nu)).toBeCloseTo(fromPrincipal(exx, eyy, gxy, nu), 14);
    }
  });
});
