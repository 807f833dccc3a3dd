/**
 * Counter-based random numbers for the simulation: every draw is a pure hash of
 * (seed, step, agent id, stream), so results do not depend on evaluation order or on which backend
 * runs them. The hash is PCG4D from M. Jarzynski and M. Olano, "Hash Functions for GPU Rendering",
 * Journal of Computer Graphics Techniques 9(3), 21–38, 2020 (https://jcgt.org/published/0009/03/02/).
 * shaders/rng.wgsl holds the WGSL twin and must stay bit-identical to this file
 * (tests/conformance/rng.conformance.test.ts checks it on the GPU).
 */

/**
 * Named random streams: the fourth word of the hash input. The numbers are part of the
 * reproducibility contract: never renumber or reuse one, only add new ones (0 is reserved, unused;
 * gaps are fine). shaders/rng.wgsl mirrors them as RNG_STREAM_* constants.
 */
export const RngStream = {
  MOTILITY: 1,
  DIVISION: 2,
  DEATH: 3,
  PLACEMENT: 4,
  STATE: 5,
  PATHWAY: 6,
  DOSING: 7,
  RECRUITMENT: 8,
} as const;

/** One of the RngStream numbers. */
export type RngStreamId = (typeof RngStream)[keyof typeof RngStream];

/** 2^-24: the spacing of uniform01 outputs (dimensionless). */
export const UNIFORM01_STEP = 1 / 16777216;

/**
 * PCG4D hash of four u32 words (by convention seed, step, agent id, stream) into four u32 words
 * written to out[0..3]; returns out. Allocation-free. Inputs are integers taken mod 2^32.
 * Known weakness: multiplication carries only upward and the one xorshift moves bits down by 16, so
 * input bit b reaches only output bits ≥ b - 16, and inputs that differ only in bits 29..31 of one
 * word can give correlated word-0 draws (|r| ≈ 0.25 for bit 31). Mix user-chosen seeds through a
 * full-avalanche 32-bit hash before using them as `seed`; keep ids, steps and streams below 2^29.
 */
export function pcg4d(seed: number, step: number, id: number, stream: number, out: Uint32Array): Uint32Array {
  // Int32 arithmetic throughout: Math.imul and `| 0` wrap like u32 multiply/add; `>>>` is the u32 shift.
  let x = (Math.imul(seed, 1664525) + 1013904223) | 0;
  let y = (Math.imul(step, 1664525) + 1013904223) | 0;
  let z = (Math.imul(id, 1664525) + 1013904223) | 0;
  let w = (Math.imul(stream, 1664525) + 1013904223) | 0;
  x = (x + Math.imul(y, w)) | 0;
  y = (y + Math.imul(z, x)) | 0;
  z = (z + Math.imul(x, y)) | 0;
  w = (w + Math.imul(y, z)) | 0;
  x ^= x >>> 16;
  y ^= y >>> 16;
  z ^= z >>> 16;
  w ^= w >>> 16;
  x = (x + Math.imul(y, w)) | 0;
  y = (y + Math.imul(z, x)) | 0;
  z = (z + Math.imul(x, y)) | 0;
  w = (w + Math.imul(y, z)) | 0;
  out[0] = x;
  out[1] = y;
  out[2] = z;
  out[3] = w;
  return out;
}

/**
 * PCG4D for many ids under one (seed, step, stream): the part of the hash that does not depend on the id
 * is computed once. word0(id) is pcg4d(seed, step, id, stream, ·)[0] alone (a draw's deciding word),
 * with the same integer operations, for loops where the other three words are rarely needed.
 */
export class Pcg4dPerId {
  private readonly x: number;
  private readonly y: number;
  private readonly w: number;

  constructor(seed: number, step: number, stream: number) {
    const x = (Math.imul(seed, 1664525) + 1013904223) | 0;
    const y = (Math.imul(step, 1664525) + 1013904223) | 0;
    const w = (Math.imul(stream, 1664525) + 1013904223) | 0;
    this.x = (x + Math.imul(y, w)) | 0;
    this.y = y;
    this.w = w;
  }

  /** Word 0 of pcg4d(seed, step, id, stream), a u32. */
  word0(id: number): number {
    let x = this.x;
    let z = (Math.imul(id, 1664525) + 1013904223) | 0;
    let y = (this.y + Math.imul(z, x)) | 0;
    z = (z + Math.imul(x, y)) | 0;
    let w = (this.w + Math.imul(y, z)) | 0;
    x ^= x >>> 16;
    y ^= y >>> 16;
    w ^= w >>> 16;
    return (x + Math.imul(y, w)) >>> 0;
  }
}

/** PCG4D as a fresh array of four u32 words in [0, 2^32) (allocates: not for hot loops). */
export function pcg4dWords(seed: number, step: number, id: number, stream: number): [number, number, number, number] {
  const out = pcg4d(seed, step, id, stream, new Uint32Array(4));
  return [out[0], out[1], out[2], out[3]];
}

/** Maps a u32 to a uniform in [0, 1) on the grid k·2^-24 (dimensionless); exact in f32, as in WGSL. */
export function uniform01(u: number): number {
  return (u >>> 8) * UNIFORM01_STEP;
}

/**
 * Standard normal (mean 0, variance 1; dimensionless) by Box–Muller from two uniform01 values:
 * sqrt(-2 ln(1 - u1)) · cos(2π (u2 - 1/2)). It uses Math.log/Math.cos (f64 here, f32 built-ins
 * in WGSL), so CPU and GPU agree only within float tolerance: branch decisions must compare
 * uniforms, never normals. The angle lies in [-π, π), where WGSL bounds cos's error.
 */
export function standardNormal(u1: number, u2: number): number {
  const radius = Math.sqrt(-2 * Math.log(1 - u1));
  return radius * Math.cos(2 * Math.PI * (u2 - 0.5));
}

/**
 * Spreads a user-chosen seed over all 32 bits (MurmurHash3's fmix32 finaliser, full avalanche), so seeds
 * that differ only in high bits do not give correlated draws (see pcg4d). Runs key pcg4d with mixSeed(seed).
 */
export function mixSeed(seed: number): number {
  let h = seed >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
