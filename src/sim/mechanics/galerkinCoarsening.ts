/**
 * Coarse levels of the multigrid preconditioner by Galerkin projection, A_c = Pᵀ A P, with P the bilinear
 * interpolation from a mesh with every other node line removed (a coarse element covers 2 × 2 fine
 * elements, or fewer at an odd edge). Within a coarse element P restricted to each fine element is the
 * bilinear map from the coarse element's four nodes, so A_c is itself a sum of 8×8 coarse element
 * matrices Σ_e P_eᵀ K_e P_e: the coarse levels stay assembly-free, and they keep the stiffness contrast
 * of the fine level (a bone element stays stiff on every level) instead of averaging it away.
 * Constrained fine dofs are dropped (their rows and columns are zero); a coarse dof left without
 * stiffness becomes constrained on its level.
 * The coarse mesh and transfers are built once; project() recomputes the coarse matrices in place when the
 * fine level's element scales change (every update), allocating nothing; restrict() and prolongAdd() apply
 * Pᵀ and P, with the fine level's constrained dofs masked (the P of A_c = Pᵀ A P).
 */
import { dofCount, ELEMENT_ENTRIES, NODE_I, NODE_J, type ElasticLevel } from './elasticLevel.ts';

/** Bilinear transfer along one axis: fine node i = w0[i]·coarse c0[i] + w1[i]·coarse (c0[i] + 1). */
export interface AxisTransfer {
  readonly c0: Int32Array;
  readonly w0: Float64Array;
  readonly w1: Float64Array;
}

/** Coarse node coordinates: every other fine node, always keeping the last one. */
function coarseEdges(fine: Float64Array): Float64Array {
  const n = fine.length - 1;
  const m = Math.ceil(n / 2);
  const out = new Float64Array(m + 1);
  for (let k = 0; k <= m; k++) out[k] = fine[Math.min(2 * k, n)];
  return out;
}

/** Interpolation weights of each fine node from the two coarse nodes of its coarse element. */
function axisTransfer(fine: Float64Array, coarse: Float64Array): AxisTransfer {
  const m = coarse.length - 1;
  const c0 = new Int32Array(fine.length);
  const w0 = new Float64Array(fine.length);
  const w1 = new Float64Array(fine.length);
  for (let i = 0; i < fine.length; i++) {
    const c = Math.min(i >> 1, m - 1);
    const t = (fine[i] - coarse[c]) / (coarse[c + 1] - coarse[c]);
    c0[i] = c;
    w0[i] = 1 - t;
    w1[i] = t;
  }
  return { c0, w0, w1 };
}

/** Bilinear weights W[n][m] of coarse local node m at fine local node n, at local coordinates (tX[n], tY[n]). */
function weights(tX: readonly number[], tY: readonly number[], W: Float64Array): void {
  for (let n = 0; n < 4; n++) {
    for (let m = 0; m < 4; m++) W[4 * n + m] = (NODE_I[m] ? tX[n] : 1 - tX[n]) * (NODE_J[m] ? tY[n] : 1 - tY[n]);
  }
}

const scratchT = new Float64Array(ELEMENT_ENTRIES);

/**
 * out[o..o+64) += factor · Pᵀ·K·P for one fine element matrix K (at k[ko..ko+64)), P[2n+c][2m+c] = W[n][m];
 * `mask` (8 flags, or null) drops constrained fine dofs.
 */
function addProjected(k: Float64Array, ko: number, factor: number, W: Float64Array, mask: Uint8Array | null, out: Float64Array, o: number): void {
  const T = scratchT;
  for (let r = 0; r < 8; r++) {
    for (let m = 0; m < 4; m++) {
      for (let c = 0; c < 2; c++) {
        let sum = 0;
        for (let n = 0; n < 4; n++) {
          const col = 2 * n + c;
          if (!mask || !(mask[r] || mask[col])) sum += k[ko + 8 * r + col] * W[4 * n + m];
        }
        T[8 * r + 2 * m + c] = factor * sum;
      }
    }
  }
  for (let m = 0; m < 4; m++) {
    for (let c = 0; c < 2; c++) {
      for (let g = 0; g < 8; g++) {
        let sum = 0;
        for (let n = 0; n < 4; n++) sum += W[4 * n + m] * T[8 * (2 * n + c) + g];
        out[o + 8 * (2 * m + c) + g] += sum;
      }
    }
  }
}

/**
 * Pᵀ·K·P of a shared matrix K for each of the four fine elements (q = 2·row + column) of a coarse element
 * made of 2 × 2 equal fine elements: such a coarse element, when its fine elements share one matrix and
 * touch no constrained dof, is Σ_q scale_q · this (most of the finest level).
 */
function regularProducts(pool: Float64Array, of: number): Float64Array {
  const out = new Float64Array(4 * ELEMENT_ENTRIES);
  const W = new Float64Array(16);
  for (let q = 0; q < 4; q++) {
    const di = (q & 1) / 2;
    const dj = (q >> 1) / 2;
    weights(NODE_I.map((i) => di + i / 2), NODE_J.map((j) => dj + j / 2), W);
    addProjected(pool, of, 1, W, null, out, q * ELEMENT_ENTRIES);
  }
  return out;
}

/** out[o..o+64) = Σ_q s_q · products_q. */
function setRegular(products: Float64Array, s0: number, s1: number, s2: number, s3: number, out: Float64Array, o: number): void {
  const E = ELEMENT_ENTRIES;
  for (let k = 0; k < E; k++) out[o + k] = s0 * products[k] + s1 * products[E + k] + s2 * products[2 * E + k] + s3 * products[3 * E + k];
}

/** The coarse level below a fine level, with the transfers between them. */
export class GalerkinCoarsening {
  readonly coarse: ElasticLevel;
  readonly tx: AxisTransfer;
  readonly ty: AxisTransfer;
  /** Products of the fine level's shared matrices, by pool offset (finest level only). */
  private readonly regular = new Map<number, Float64Array>();
  private readonly W = new Float64Array(16);
  private readonly mask = new Uint8Array(8);
  private readonly tX = [0, 0, 0, 0];
  private readonly tY = [0, 0, 0, 0];
  private readonly diagonal: Float64Array;

  /** The coarse mesh below `fine` (matrices zero until project()). */
  constructor(readonly fine: ElasticLevel) {
    const xs = coarseEdges(fine.xs);
    const ys = coarseEdges(fine.ys);
    this.tx = axisTransfer(fine.xs, xs);
    this.ty = axisTransfer(fine.ys, ys);
    const nex = xs.length - 1;
    const ney = ys.length - 1;
    const offset = new Int32Array(nex * ney);
    for (let e = 0; e < offset.length; e++) offset[e] = e * ELEMENT_ENTRIES;
    const dofs = dofCount({ nex, ney });
    this.coarse = {
      nex,
      ney,
      xs,
      ys,
      pool: new Float64Array(nex * ney * ELEMENT_ENTRIES),
      offset,
      scale: new Float64Array(nex * ney).fill(1),
      constrained: new Uint8Array(dofs),
    };
    this.diagonal = new Float64Array(dofs);
  }

  /** Recomputes the coarse element matrices and constraints from the fine level as it stands. */
  project(): void {
    const { fine, coarse } = this;
    const { nex, ney, xs, ys, pool } = coarse;
    const fnex = fine.nex;
    const fOffset = fine.offset;
    const fScale = fine.scale;
    const fc = fine.constrained;
    const shared = fine.pool.length < fOffset.length * ELEMENT_ENTRIES;
    const touches = (ef: number): boolean => {
      const If = ef % fnex;
      const n0 = ((ef - If) / fnex) * (fnex + 1) + If;
      const n3 = n0 + fnex + 1;
      return (fc[2 * n0] | fc[2 * n0 + 1] | fc[2 * n0 + 2] | fc[2 * n0 + 3] | fc[2 * n3] | fc[2 * n3 + 1] | fc[2 * n3 + 2] | fc[2 * n3 + 3]) !== 0;
    };
    pool.fill(0);
    for (let J = 0; J < ney; J++) {
      for (let I = 0; I < nex; I++) {
        const o = (J * nex + I) * ELEMENT_ENTRIES;
        // The four fine elements of a whole coarse element: f00, f00 + 1 above f10, f10 + 1.
        const f00 = 2 * J * fnex + 2 * I;
        const f10 = f00 + fnex;
        const of = fOffset[f00];
        if (
          shared &&
          2 * I + 1 < fnex &&
          2 * J + 1 < fine.ney &&
          fOffset[f00 + 1] === of &&
          fOffset[f10] === of &&
          fOffset[f10 + 1] === of &&
          !(touches(f00) || touches(f00 + 1) || touches(f10) || touches(f10 + 1))
        ) {
          let products = this.regular.get(of);
          if (!products) this.regular.set(of, (products = regularProducts(fine.pool, of)));
          setRegular(products, fScale[f00], fScale[f00 + 1], fScale[f10], fScale[f10 + 1], pool, o);
          continue;
        }
        for (let Jf = 2 * J; Jf <= Math.min(2 * J + 1, fine.ney - 1); Jf++) {
          for (let If = 2 * I; If <= Math.min(2 * I + 1, fnex - 1); If++) {
            const ef = Jf * fnex + If;
            for (let n = 0; n < 4; n++) {
              const node = (Jf + NODE_J[n]) * (fnex + 1) + If + NODE_I[n];
              this.mask[2 * n] = fc[2 * node];
              this.mask[2 * n + 1] = fc[2 * node + 1];
              this.tX[n] = (fine.xs[If + NODE_I[n]] - xs[I]) / (xs[I + 1] - xs[I]);
              this.tY[n] = (fine.ys[Jf + NODE_J[n]] - ys[J]) / (ys[J + 1] - ys[J]);
            }
            weights(this.tX, this.tY, this.W);
            addProjected(fine.pool, fOffset[ef], fScale[ef], this.W, this.mask, pool, o);
          }
        }
      }
    }

    const diagonal = this.diagonal;
    diagonal.fill(0);
    for (let e = 0; e < nex * ney; e++) {
      const I = e % nex;
      const J = (e - I) / nex;
      const o = e * ELEMENT_ENTRIES;
      for (let n = 0; n < 4; n++) {
        const node = (J + NODE_J[n]) * (nex + 1) + I + NODE_I[n];
        diagonal[2 * node] += pool[o + 18 * n];
        diagonal[2 * node + 1] += pool[o + 18 * n + 9];
      }
    }
    const constrained = coarse.constrained;
    for (let d = 0; d < diagonal.length; d++) constrained[d] = diagonal[d] === 0 ? 1 : 0;
  }

  /** bc ← Pᵀ·rf, coarse constrained dofs set to zero (fine node order; deterministic). */
  restrict(rf: Float64Array, bc: Float64Array): void {
    const { fine, coarse, tx, ty } = this;
    bc.fill(0);
    const cw = coarse.nex + 1;
    for (let j = 0; j <= fine.ney; j++) {
      const cj = ty.c0[j];
      const wy0 = ty.w0[j];
      const wy1 = ty.w1[j];
      for (let i = 0; i <= fine.nex; i++) {
        const f = 2 * (j * (fine.nex + 1) + i);
        const rx = rf[f];
        const ry = rf[f + 1];
        const ci = tx.c0[i];
        const wx0 = tx.w0[i];
        const wx1 = tx.w1[i];
        const n00 = 2 * (cj * cw + ci);
        const n01 = n00 + 2 * cw;
        let w = wx0 * wy0;
        bc[n00] += w * rx;
        bc[n00 + 1] += w * ry;
        w = wx1 * wy0;
        bc[n00 + 2] += w * rx;
        bc[n00 + 3] += w * ry;
        w = wx0 * wy1;
        bc[n01] += w * rx;
        bc[n01 + 1] += w * ry;
        w = wx1 * wy1;
        bc[n01 + 2] += w * rx;
        bc[n01 + 3] += w * ry;
      }
    }
    const c = coarse.constrained;
    for (let d = 0; d < bc.length; d++) if (c[d]) bc[d] = 0;
  }

  /** xf ← xf + P·xc, constrained fine dofs left as they are (zero). */
  prolongAdd(xc: Float64Array, xf: Float64Array): void {
    const { fine, coarse, tx, ty } = this;
    const cw = coarse.nex + 1;
    const fc = fine.constrained;
    for (let j = 0; j <= fine.ney; j++) {
      const cj = ty.c0[j];
      const wy0 = ty.w0[j];
      const wy1 = ty.w1[j];
      for (let i = 0; i <= fine.nex; i++) {
        const f = 2 * (j * (fine.nex + 1) + i);
        const ci = tx.c0[i];
        const wx0 = tx.w0[i];
        const wx1 = tx.w1[i];
        const n00 = 2 * (cj * cw + ci);
        const n01 = n00 + 2 * cw;
        const w00 = wx0 * wy0;
        const w10 = wx1 * wy0;
        const w01 = wx0 * wy1;
        const w11 = wx1 * wy1;
        if (!fc[f]) xf[f] += w00 * xc[n00] + w10 * xc[n00 + 2] + w01 * xc[n01] + w11 * xc[n01 + 2];
        if (!fc[f + 1]) xf[f + 1] += w00 * xc[n00 + 1] + w10 * xc[n00 + 3] + w01 * xc[n01 + 1] + w11 * xc[n01 + 3];
      }
    }
  }
}
