/**
 * Strains from displacements: the in-plane strain of each Q4 element at its centre (the element mean for
 * the affine part, the usual read-out point), and the invariant the mechanoregulation rules read, the
 * octahedral shear strain (Lacroix & Prendergast 2002 J Biomech 35:1163 use it as the distortional
 * stimulus).
 */
import type { MechanicsMesh } from './mechanicsMesh.ts';

/**
 * Centre strains of every element for the displacement field `displacement` (mm, all dofs) times `factor`:
 * εxx, εyy and the engineering shear γxy (dimensionless), in element order.
 */
export function elementStrains(mesh: MechanicsMesh, displacement: Float64Array, factor: number, exx: Float64Array, eyy: Float64Array, gxy: Float64Array): void {
  const { nex, ney, widths, heights } = mesh;
  const d = displacement;
  for (let J = 0; J < ney; J++) {
    const hy = 0.5 / heights[J];
    for (let I = 0; I < nex; I++) {
      const hx = 0.5 / widths[I];
      const n0 = 2 * (J * (nex + 1) + I);
      const n3 = n0 + 2 * (nex + 1);
      // Nodes 0 (I,J), 1 (I+1,J), 2 (I+1,J+1), 3 (I,J+1); ∂N/∂x = ±1/(2a), ∂N/∂y = ±1/(2b) at the centre.
      const u0 = d[n0], v0 = d[n0 + 1], u1 = d[n0 + 2], v1 = d[n0 + 3];
      const u2 = d[n3 + 2], v2 = d[n3 + 3], u3 = d[n3], v3 = d[n3 + 1];
      const e = J * nex + I;
      exx[e] = factor * hx * (u1 + u2 - u0 - u3);
      eyy[e] = factor * hy * (v2 + v3 - v0 - v1);
      gxy[e] = factor * (hy * (u2 + u3 - u0 - u1) + hx * (v1 + v2 - v0 - v3));
    }
  }
}

/**
 * Octahedral shear strain γ_oct = (2/3)·√((εxx−εyy)² + (εyy−εzz)² + (εzz−εxx)² + (3/2)·γxy²), with the
 * out-of-plane strain of plane stress εzz = −ν/(1−ν)·(εxx+εyy). Dimensionless, ≥ 0.
 */
export function octahedralShearStrain(exx: number, eyy: number, gxy: number, nu: number): number {
  const ezz = (-nu / (1 - nu)) * (exx + eyy);
  const a = exx - eyy;
  const b = eyy - ezz;
  const c = ezz - exx;
  return (2 / 3) * Math.sqrt(a * a + b * b + c * c + 1.5 * gxy * gxy);
}
