/**
 * Conformance of shaders/rng.wgsl with src/sim/rng.ts: 10^6 PCG4D words and their uniform01 values
 * must match bit for bit on the device (Dawn); Box–Muller normals must match within float tolerance.
 */
import { describe, expect, it } from 'vitest';
import { RngStream, pcg4d, standardNormal, uniform01 } from '../../src/sim/rng.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { countBitMismatches, firstBitMismatch, readShader, runKernel, wgsl, workgroupsFor } from './harness.ts';

const RNG_WGSL = readShader('rng.wgsl');

const KERNEL = /* wgsl */ `
@group(0) @binding(0) var<storage, read> inputs: array<vec4<u32>>;
@group(0) @binding(1) var<storage, read_write> words: array<vec4<u32>>;
@group(0) @binding(2) var<storage, read_write> uniforms: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read_write> rawUniforms: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read_write> normals: array<vec2<f32>>;

@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= arrayLength(&inputs)) { return; }
  let v = inputs[i];
  let h = pcg4d(v);
  words[i] = h;
  let u = vec4<f32>(uniform01(h.x), uniform01(h.y), uniform01(h.z), uniform01(h.w));
  uniforms[i] = u;
  rawUniforms[i] = vec4<f32>(uniform01(v.x), uniform01(v.y), uniform01(v.z), uniform01(v.w));
  normals[i] = vec2<f32>(standardNormal(u.x, u.y), standardNormal(u.z, u.w));
}
`;

const ROWS = 250_000; // 4 words each: 10^6 hash words.
const EDGE_WORDS = [0, 1, 2, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff];

/** Deterministic (seed, step, id, stream) rows: every edge-word combination, structured sweeps, then pseudo-random words. */
function makeInputs(): Uint32Array {
  const rows = new Uint32Array(ROWS * 4);
  let r = 0;
  const put = (a: number, b: number, c: number, e: number) => {
    rows.set([a >>> 0, b >>> 0, c >>> 0, e >>> 0], r * 4);
    r++;
  };
  for (const a of EDGE_WORDS) for (const b of EDGE_WORDS) for (const c of EDGE_WORDS) for (const e of EDGE_WORDS) put(a, b, c, e);
  const streams = Object.values(RngStream);
  const seeds = [0, 1, 42, 20240611, 0xffffffff];
  // Sweeps as the simulation uses it: consecutive ids and steps, every named stream.
  for (let k = 0; r < 150_000; k++) {
    put(seeds[k % seeds.length], (k >>> 3) % 1000, k >>> 6, streams[k % streams.length]);
  }
  // Pseudo-random words (xorshift32, a different generator from the one under test).
  let x = 0x9e3779b9;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  while (r < ROWS) put(next(), next(), next(), next());
  return rows;
}

function cpuReference(inputs: Uint32Array) {
  const words = new Uint32Array(inputs.length);
  const uniforms = new Float32Array(inputs.length);
  const rawUniforms = new Float32Array(inputs.length);
  const normals = new Float64Array(inputs.length / 2);
  const out = new Uint32Array(4);
  for (let i = 0; i < inputs.length; i += 4) {
    pcg4d(inputs[i], inputs[i + 1], inputs[i + 2], inputs[i + 3], out);
    words.set(out, i);
    for (let j = 0; j < 4; j++) {
      uniforms[i + j] = uniform01(out[j]);
      rawUniforms[i + j] = uniform01(inputs[i + j]);
    }
    normals[i / 2] = standardNormal(uniforms[i], uniforms[i + 1]);
    normals[i / 2 + 1] = standardNormal(uniforms[i + 2], uniforms[i + 3]);
  }
  return { words, uniforms, rawUniforms, normals };
}

function hex(n: number): string {
  return `0x${(n >>> 0).toString(16).padStart(8, '0')}`;
}

describe('shaders/rng.wgsl', () => {
  it('mirrors the RngStream numbers and holds functions only (includable)', () => {
    const constants = Object.fromEntries([...RNG_WGSL.matchAll(/const RNG_STREAM_(\w+): u32 = (\d+)u;/g)].map((m) => [m[1], Number(m[2])]));
    expect(constants).toEqual(RngStream);
    expect(RNG_WGSL).not.toMatch(/@group|@binding|@compute|\bvar<|enable /);
  });

  it('matches src/sim/rng.ts bit for bit on 10^6 PCG4D words and uniform01 values', async (ctx) => {
    const gpu = await gpuForTests(ctx);
    const inputs = makeInputs();
    const want = cpuReference(inputs);
    const [words, uniforms, rawUniforms, normals] = await runKernel(gpu, {
      wgsl: wgsl(RNG_WGSL, KERNEL),
      inputs: [{ data: inputs }],
      outputs: [
        { words: ROWS * 4, type: 'u32' },
        { words: ROWS * 4, type: 'f32' },
        { words: ROWS * 4, type: 'f32' },
        { words: ROWS * 2, type: 'f32' },
      ],
      workgroups: [workgroupsFor(ROWS, 64)],
    });

    const wordMiss = firstBitMismatch(words, want.words);
    if (wordMiss >= 0) {
      const row = Math.floor(wordMiss / 4);
      const input = [...inputs.subarray(row * 4, row * 4 + 4)].map(hex).join(', ');
      expect.fail(
        `${countBitMismatches(words, want.words)} of ${words.length} words differ; first at row ${row} ` +
          `pcg4d(${input}) word ${wordMiss % 4}: GPU ${hex(words[wordMiss])}, CPU ${hex(want.words[wordMiss])}`,
      );
    }
    expect(countBitMismatches(uniforms, want.uniforms)).toBe(0);
    expect(countBitMismatches(rawUniforms, want.rawUniforms)).toBe(0);
    expect(rawUniforms[0]).toBe(0); // uniform01(0)
    expect(rawUniforms[EDGE_WORDS.length ** 4 * 4 - 1]).toBe(1 - 2 ** -24); // uniform01(0xffffffff): last edge row

    // Box–Muller: float tolerance only. WGSL bounds cos's absolute error by 2^-11 on [-π, π] and the
    // radius is at most sqrt(2·24·ln 2) ≈ 5.77, so |GPU − CPU| ≤ 5.77·2^-11 + 1e-5·|z| ≈ 2.8e-3.
    let outside = 0;
    let maxDiff = 0;
    for (let i = 0; i < normals.length; i++) {
      const diff = Math.abs(normals[i] - want.normals[i]);
      if (!(diff <= 5.77 * 2 ** -11 + 1e-5 * Math.abs(want.normals[i]))) outside++;
      if (diff > maxDiff) maxDiff = diff;
    }
    console.info(`rng conformance: ${words.length} words bit-identical; max |normal GPU - CPU| = ${maxDiff.toExponential(2)}`);
    expect(outside, `normals outside tolerance (max diff ${maxDiff})`).toBe(0);
  });
});
