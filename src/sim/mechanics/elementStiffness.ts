/**
 * The bilinear four-node (Q4) rectangle of plane-stress linear elasticity (e.g. Zienkiewicz & Taylor,
 * The Finite Element Method, vol. 1, ch. 6). Nodes in the order (0,0), (a,0), (a,b), (0,b) of the element's
 * own axes; degrees of freedom [u0, v0, u1, v1, u2, v2, u3, v3] (x and y displacements of each node).
 * Units are the caller's: with a, b in mm, a modulus of 1 MPa and a thickness of 1 mm the stiffness is in
 * N/mm, so an element of modulus E and thickness t has E·t times this matrix.
 */

/** Degrees of freedom of one element (4 nodes × 2). */
export const ELEMENT_DOFS = 8;

/** Plane-stress constitutive matrix of unit modulus, row-major 3×3 over (εxx, εyy, γxy). */
function planeStressD(nu: number): Float64Array {
  const c = 1 / (1 - nu * nu);
  return Float64Array.of(c, c * nu, 0, c * nu, c, 0, 0, 0, (c * (1 - nu)) / 2);
}

/**
 * Strain–displacement matrix (3×8, row-major) of an a×b rectangle at the local point (s, r) ∈ [0,1]²
 * (x = s·a, y = r·b): rows εxx, εyy, γxy (engineering shear) = B·d.
 */
export function strainDisplacement(a: number, b: number, s: number, r: number): Float64Array {
  const dx = [-(1 - r) / a, (1 - r) / a, r / a, -r / a];
  const dy = [-(1 - s) / b, -s / b, s / b, (1 - s) / b];
  const B = new Float64Array(3 * ELEMENT_DOFS);
  for (let n = 0; n < 4; n++) {
    B[2 * n] = dx[n];
    B[ELEMENT_DOFS + 2 * n + 1] = dy[n];
    B[2 * ELEMENT_DOFS + 2 * n] = dy[n];
    B[2 * ELEMENT_DOFS + 2 * n + 1] = dx[n];
  }
  return B;
}

/**
 * Stiffness matrix (8×8, row-major, symmetric) of an a×b rectangle (mm) of unit Young's modulus (MPa),
 * unit thickness (mm) and Poisson ratio nu, in plane stress: ∫ Bᵀ D B dA by 2×2 Gauss quadrature (exact
 * for a rectangle). N/mm.
 */
export function elementStiffness(a: number, b: number, nu: number): Float64Array {
  const D = planeStressD(nu);
  const K = new Float64Array(ELEMENT_DOFS * ELEMENT_DOFS);
  const g = 1 / (2 * Math.sqrt(3));
  const points = [0.5 - g, 0.5 + g];
  const weight = (a * b) / 4;
  const DB = new Float64Array(3 * ELEMENT_DOFS);
  for (const r of points) {
    for (const s of points) {
      const B = strainDisplacement(a, b, s, r);
      for (let i = 0; i < 3; i++) {
        for (let k = 0; k < ELEMENT_DOFS; k++) {
          DB[i * ELEMENT_DOFS + k] = D[i * 3] * B[k] + D[i * 3 + 1] * B[ELEMENT_DOFS + k] + D[i * 3 + 2] * B[2 * ELEMENT_DOFS + k];
        }
      }
      for (let m = 0; m < ELEMENT_DOFS; m++) {
        for (let k = 0; k < ELEMENT_DOFS; k++) {
          K[m * ELEMENT_DOFS + k] += weight * (B[m] * DB[k] + B[ELEMENT_DOFS + m] * DB[ELEMENT_DOFS + k] + B[2 * ELEMENT_DOFS + m] * DB[2 * ELEMENT_DOFS + k]);
        }
      }
    }
  }
  return K;
}
