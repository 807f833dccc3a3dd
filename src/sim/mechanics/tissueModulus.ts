/**
 * Stiffness from tissue composition (model.md §3: the callus's stiffness follows its composition). A voxel's
 * Young's modulus is the rule of mixtures of its tissue fractions, E = E_soft·(1 − Σφᵢ) + Σ φᵢ·Eᵢ, the rest
 * being granulation tissue or haematoma (E_soft); an element's modulus is the mean over its block of voxels.
 * Fractions are clamped to [0, 1] (a NaN counts as 0) and scaled down together when they sum above 1.
 */
import type { MechanicsMesh } from './mechanicsMesh.ts';

/** The tissues that carry load: field indices, their moduli (MPa), and the modulus of the rest (MPa). */
export interface TissueStiffness {
  readonly fields: readonly number[];
  readonly moduli: readonly number[];
  readonly softModulus: number;
}

/** Writes the modulus (MPa) of every element of `mesh` from the fields (field-major, `cells` per field). */
export function elementModuli(fields: Float32Array, cells: number, mesh: MechanicsMesh, tissue: TissueStiffness, out: Float64Array): void {
  const { nx, ny, factor, nex } = mesh;
  const n = tissue.fields.length;
  const phi = new Float64Array(n);
  const sums = new Float64Array(nex);
  const counts = new Float64Array(nex);
  for (let J = 0; J < mesh.ney; J++) {
    sums.fill(0);
    counts.fill(0);
    for (let j = J * factor; j < Math.min((J + 1) * factor, ny); j++) {
      for (let i = 0; i < nx; i++) {
        const k = j * nx + i;
        let total = 0;
        for (let t = 0; t < n; t++) {
          const v = fields[tissue.fields[t] * cells + k];
          phi[t] = v > 0 ? (v < 1 ? v : 1) : 0;
          total += phi[t];
        }
        const norm = total > 1 ? 1 / total : 1;
        let modulus = tissue.softModulus * (1 - total * norm);
        for (let t = 0; t < n; t++) modulus += phi[t] * norm * tissue.moduli[t];
        const I = Math.floor(i / factor);
        sums[I] += modulus;
        counts[I] += 1;
      }
    }
    for (let I = 0; I < nex; I++) out[J * nex + I] = sums[I] / counts[I];
  }
}
