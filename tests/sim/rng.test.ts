/**
 * CPU tests of the counter-based RNG (src/sim/rng.ts): pinned known answers, agreement with a
 * literal BigInt transcription of PCG4D, and statistical checks with stated thresholds. Inputs are
 * fixed, so each statistical check passes or fails deterministically; the thresholds say how
 * unlikely a failure would be for an ideal generator.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Pcg4dPerId, RngStream, UNIFORM01_STEP, pcg4d, pcg4dWords, standardNormal, uniform01 } from '../../src/sim/rng.ts';

const out = new Uint32Array(4);

/** PCG4D written straight from Jarzynski & Olano (2020) with BigInt and explicit mod-2^32 wrapping. */
function pcg4dReference(input: readonly number[]): number[] {
  const M = 0xffffffffn;
  const v = input.map((x) => (BigInt(x >>> 0) * 1664525n + 1013904223n) & M);
  const rounds = () => {
    v[0] = (v[0] + v[1] * v[3]) & M;
    v[1] = (v[1] + v[2] * v[0]) & M;
    v[2] = (v[2] + v[0] * v[1]) & M;
    v[3] = (v[3] + v[1] * v[2]) & M;
  };
  rounds();
  for (let i = 0; i < 4; i++) v[i] ^= v[i] >> 16n;
  rounds();
  return v.map(Number);
}

/** Pearson correlation of two equal-length samples (dimensionless). */
function correlation(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return sab / Math.sqrt(saa * sbb);
}

/** n uniforms from word `lane` of pcg4d(seed(i), step(i), id(i), stream(i)) for i in [0, n). */
function uniforms(n: number, lane: number, input: (i: number) => readonly [number, number, number, number]): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const [a, b, c, e] = input(i);
    u[i] = uniform01(pcg4d(a, b, c, e, out)[lane]);
  }
  return u;
}

// Under independence a sample correlation of n pairs is ~N(0, 1/n): 5/sqrt(n) is a two-sided p ≈ 5.7e-7.
const N_CORR = 100_000;
const CORR_BOUND = 5 / Math.sqrt(N_CORR);

describe('pcg4d known answers', () => {
  // Pinned outputs: if one of these changes, every stored simulation result changes with it.
  const vectors: [[number, number, number, number], [number, number, number, number]][] = [
    [[0, 0, 0, 0], [0x0f02f829, 0x2d568769, 0x32b0c43b, 0xd32548ea]],
    [[1, 2, 3, 4], [0x3622cd16, 0xf11471d8, 0xe1109b3f, 0x02b94c2f]],
    [[0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0x974ed892, 0xc015dc67, 0x9f955760, 0xa1bba208]],
    [[42, 0, 0, RngStream.MOTILITY], [0x720a944e, 0xd0e2b277, 0xe06f4f1d, 0x0759ed44]],
    [[42, 1, 0, RngStream.MOTILITY], [0x040aa3a5, 0xc5c02c27, 0x261c0279, 0x03c50718]],
    [[42, 0, 1, RngStream.MOTILITY], [0xa0910d4f, 0xcb35b64e, 0xb1eb1536, 0xf058e49f]],
    [[42, 0, 0, RngStream.DIVISION], [0x246f5b5d, 0xb3991c4a, 0xf4f56d68, 0x80fd2af6]],
    [[20240611, 1000, 123456, RngStream.DOSING], [0x69ea6ed0, 0x8601b5bb, 0xcc7290a9, 0x3bc6c620]],
  ];

  it.each(vectors)('pcg4d(%j) is pinned', (input, expected) => {
    expect(pcg4dWords(...input)).toEqual(expected);
    expect([...pcg4d(...input, out)]).toEqual(expected);
    expect(pcg4dReference(input)).toEqual(expected);
  });

  it('agrees with the BigInt transcription of the paper on 20,000 varied inputs', () => {
    let x = 0x12345678;
    const next = () => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    for (let i = 0; i < 20_000; i++) {
      const input = i < 256 ? [i & 3 ? 0xffffffff : 0, i & 12 ? 0x80000000 : 1, i & 48 ? 0x7fffffff : 0, i & 192 ? i : 0xfffffffe] : [next(), next(), next(), next()];
      const got = [...pcg4d(input[0], input[1], input[2], input[3], out)];
      const want = pcg4dReference(input);
      if (got.some((w, j) => w !== want[j])) expect.fail(`pcg4d(${input.join(', ')}) = ${got.join(', ')}, reference ${want.join(', ')}`);
    }
  });

  it('writes into and returns the caller’s array, and treats int32 inputs as their u32 bit patterns', () => {
    const mine = new Uint32Array(4);
    expect(pcg4d(1, 2, 3, 4, mine)).toBe(mine);
    expect(pcg4dWords(-1, -2, 0x7fffffff, -2147483648)).toEqual(pcg4dWords(0xffffffff, 0xfffffffe, 0x7fffffff, 0x80000000));
  });

  it('keeps the stream numbers of the reproducibility contract', () => {
    expect(RngStream).toEqual({ MOTILITY: 1, DIVISION: 2, DEATH: 3, PLACEMENT: 4, STATE: 5, PATHWAY: 6, DOSING: 7, RECRUITMENT: 8 });
  });
});

describe('uniform01', () => {
  it('maps the ends of the u32 range to 0 and 1 - 2^-24, on the 2^-24 grid', () => {
    expect(uniform01(0)).toBe(0);
    expect(uniform01(0xff)).toBe(0);
    expect(uniform01(0x100)).toBe(2 ** -24);
    expect(uniform01(0xffffffff)).toBe(1 - 2 ** -24);
    expect(uniform01(0x80000000)).toBe(0.5);
    expect(UNIFORM01_STEP).toBe(2 ** -24);
  });

  it('returns values exactly representable in f32 and in [0, 1)', () => {
    for (let i = 0; i < 100_000; i++) {
      const u = uniform01(pcg4d(7, i, 3, RngStream.STATE, out)[i & 3]);
      if (!(u >= 0 && u < 1) || Math.fround(u) !== u) expect.fail(`uniform01 gave ${u}`);
    }
  });

  it('is uniform: chi-square of 10^6 draws in 100 bins within the two-sided p = 0.002 band', () => {
    // chi2(99): upper-tail p = 0.001 at 148.23, lower-tail p = 0.001 at 61.14 (too even is also a failure).
    const UPPER = 148.23;
    const LOWER = 61.14;
    const BINS = 100;
    const pooled = new Float64Array(BINS);
    const lanes = [0, 1, 2, 3].map(() => new Float64Array(BINS));
    // 2,500 agents x 100 steps, one call each: the way a kernel draws.
    for (let step = 0; step < 100; step++) {
      for (let id = 0; id < 2500; id++) {
        pcg4d(20240611, step, id, RngStream.MOTILITY, out);
        for (let j = 0; j < 4; j++) {
          const bin = Math.floor(uniform01(out[j]) * BINS);
          pooled[bin]++;
          lanes[j][bin]++;
        }
      }
    }
    const chi2 = (counts: Float64Array) => {
      const n = counts.reduce((s, c) => s + c, 0);
      const e = n / counts.length;
      return counts.reduce((s, c) => s + ((c - e) * (c - e)) / e, 0);
    };
    const stats = [chi2(pooled), ...lanes.map(chi2)];
    for (const s of stats) {
      expect(s).toBeLessThan(UPPER);
      expect(s).toBeGreaterThan(LOWER);
    }
  });
});

describe('independence', () => {
  const base = (seed: number, step: number, id: number, stream: number) => [seed, step, id, stream] as const;

  it(`gives uncorrelated streams for the same (seed, step, id): |r| < ${CORR_BOUND.toFixed(4)} over ${N_CORR} ids`, () => {
    const streams = Object.values(RngStream);
    const byStream = streams.map((s) => uniforms(N_CORR, 0, (i) => base(99, 17, i, s)));
    for (let a = 0; a < streams.length; a++) {
      for (let b = a + 1; b < streams.length; b++) {
        expect(Math.abs(correlation(byStream[a], byStream[b])), `streams ${streams[a]} and ${streams[b]}`).toBeLessThan(CORR_BOUND);
      }
    }
  });

  it('gives uncorrelated words within one call', () => {
    const lanes = [0, 1, 2, 3].map((lane) => uniforms(N_CORR, lane, (i) => base(5, 3, i, RngStream.DIVISION)));
    for (let a = 0; a < 4; a++) {
      for (let b = a + 1; b < 4; b++) expect(Math.abs(correlation(lanes[a], lanes[b])), `words ${a} and ${b}`).toBeLessThan(CORR_BOUND);
    }
  });

  it('gives uncorrelated draws for neighbouring ids, steps and seeds', () => {
    for (let lane = 0; lane < 4; lane++) {
      const ids = uniforms(N_CORR + 1, lane, (i) => base(1, 250, i, RngStream.DEATH));
      expect(Math.abs(correlation(ids.subarray(0, N_CORR), ids.subarray(1))), `ids, word ${lane}`).toBeLessThan(CORR_BOUND);
      const steps = uniforms(N_CORR + 1, lane, (i) => base(1, i, 777, RngStream.DEATH));
      expect(Math.abs(correlation(steps.subarray(0, N_CORR), steps.subarray(1))), `steps, word ${lane}`).toBeLessThan(CORR_BOUND);
      const seeds = uniforms(N_CORR + 1, lane, (i) => base(i, 250, 777, RngStream.DEATH));
      expect(Math.abs(correlation(seeds.subarray(0, N_CORR), seeds.subarray(1))), `seeds, word ${lane}`).toBeLessThan(CORR_BOUND);
    }
  });
});

describe('seed sensitivity', () => {
  const SEQ = 10_000; // draws per sequence: ids 0..SEQ-1 of one step and stream

  it('gives different sequences for seeds differing in any single bit, uncorrelated for bits 0..28', () => {
    // Known PCG4D property (see src/sim/rng.ts): inputs differing only in bits 29..31 of one word can
    // give correlated word-0 draws (|r| ≈ 0.25 for bit 31 with this step and stream), so those bits
    // are only required to change the draws. Here step is odd, which exposes the weakness.
    const seed = 0x5eed1234;
    const ref = uniforms(SEQ, 0, (i) => [seed, 3, i, RngStream.PLACEMENT]);
    const bound = 5 / Math.sqrt(SEQ);
    for (let bit = 0; bit < 32; bit++) {
      const other = uniforms(SEQ, 0, (i) => [(seed ^ (1 << bit)) >>> 0, 3, i, RngStream.PLACEMENT]);
      let equal = 0;
      for (let i = 0; i < SEQ; i++) if (other[i] === ref[i]) equal++;
      // Equal 24-bit uniforms have probability 2^-24 per draw: even 2 in SEQ draws has p < 2e-7.
      expect(equal, `seed bit ${bit}: equal draws`).toBeLessThanOrEqual(1);
      if (bit <= 28) expect(Math.abs(correlation(ref, other)), `seed bit ${bit}: correlation`).toBeLessThan(bound);
    }
  });

  it('gives 1,000 consecutive seeds 1,000 distinct first words', () => {
    const first = new Set<number>();
    for (let seed = 0; seed < 1000; seed++) first.add(pcg4d(seed, 0, 0, RngStream.STATE, out)[0]);
    expect(first.size).toBe(1000);
  });

  it('flips each of the top 16 output bits with probability 0.5 ± 0.03 when any of input bits 0..24 flips', () => {
    // Multiplication carries only upward and the single xorshift moves bits 16 down, so input bits
    // 25..31 avalanche less into the low output bits (see the note in src/sim/rng.ts); those are
    // covered by the seed-bit test above instead.
    const TRIALS = 1000;
    const other = new Uint32Array(4);
    for (let word = 0; word < 4; word++) {
      for (let bit = 0; bit <= 24; bit++) {
        let flips = 0;
        for (let k = 0; k < TRIALS; k++) {
          const input = [Math.imul(k, 0x9e3779b1) >>> 0, k * 13, k, RngStream.PATHWAY];
          pcg4d(input[0], input[1], input[2], input[3], out);
          input[word] = (input[word] ^ (1 << bit)) >>> 0;
          pcg4d(input[0], input[1], input[2], input[3], other);
          for (let j = 0; j < 4; j++) {
            let d = (out[j] ^ other[j]) >>> 16;
            while (d) {
              flips += d & 1;
              d >>>= 1;
            }
          }
        }
        // 64,000 bit trials: sd of the fraction ≈ 0.002, so ±0.03 is ~15 sd for an ideal hash.
        expect(Math.abs(flips / (TRIALS * 64) - 0.5), `input word ${word} bit ${bit}`).toBeLessThan(0.03);
      }
    }
  });
});

describe('standardNormal', () => {
  it('has mean 0 and variance 1 over 10^6 draws within 5 standard errors, and a normal 5% tail', () => {
    const N = 1_000_000;
    let sum = 0;
    let sumSq = 0;
    let tail = 0;
    for (let id = 0; id < N / 2; id++) {
      pcg4d(31337, 12, id, RngStream.MOTILITY, out);
      for (const z of [standardNormal(uniform01(out[0]), uniform01(out[1])), standardNormal(uniform01(out[2]), uniform01(out[3]))]) {
        sum += z;
        sumSq += z * z;
        if (Math.abs(z) > 1.959963984540054) tail++;
      }
    }
    const mean = sum / N;
    const variance = sumSq / N - mean * mean;
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N)); // sd of the mean is 1/sqrt(N)
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N)); // sd of the variance is sqrt(2/N)
    expect(Math.abs(tail / N - 0.05)).toBeLessThan(5 * Math.sqrt((0.05 * 0.95) / N)); // P(|z| > 1.96) = 0.05
  });

  it('is finite at the ends of the uniform grid', () => {
    expect(Math.abs(standardNormal(0, 0.25))).toBe(0); // sqrt(-0) is -0 here and in WGSL: harmless
    const maxRadius = Math.sqrt(-2 * Math.log(2 ** -24));
    expect(standardNormal(1 - 2 ** -24, 0.5)).toBeCloseTo(maxRadius, 12);
    expect(standardNormal(1 - 2 ** -24, 0)).toBeCloseTo(-maxRadius, 12);
  });
});

describe('Pcg4dPerId', () => {
  it('gives word 0 of pcg4d for any seed, step, id and stream', () => {
    const u32 = fc.integer({ min: 0, max: 0xffffffff });
    fc.assert(
      fc.property(u32, u32, fc.array(u32, { minLength: 1, maxLength: 8 }), u32, (seed, step, ids, stream) => {
        const hash = new Pcg4dPerId(seed, step, stream);
        for (const id of ids) expect(hash.word0(id)).toBe(pcg4dReference([seed, step, id, stream])[0]);
      }),
      { numRuns: 500 },
    );
  });
});
