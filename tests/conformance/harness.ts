/**
 * CPU/WGSL conformance harness: runs a WGSL compute shader on the test device over typed-array
 * inputs and returns its outputs as typed arrays, for bit-for-bit comparison with the CPU code.
 *
 * Buffers are TypeGPU buffers (tgpu.initFromDevice + root.unwrap); the shader module, pipeline,
 * bind group and dispatch use raw WebGPU, because the kernels under test are hand-written WGSL
 * with their own @group/@binding declarations, which TypeGPU's typed pipelines would have to
 * re-declare. Read-back maps our own staging buffer (TypeGPU's buffer.read() decodes element by
 * element into JS values, which is slow for millions of words).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import tgpu, { type TgpuRoot } from 'typegpu';
import * as d from 'typegpu/data';
import type { TestGpu } from '../gpu/gpuTestSupport.ts';
import { compileKernel, withErrorScope } from '../../src/sim/gpu/compileKernel.ts';

/** Element type of a harness buffer (all 4 bytes wide). */
export type WordType = 'u32' | 'i32' | 'f32';

/** Typed array for each WordType. */
export interface WordArrays {
  u32: Uint32Array;
  i32: Int32Array;
  f32: Float32Array;
}

/** An input buffer; the WGSL declaration decides storage/read-only; set uniform if it is bound as var<uniform>. */
export interface KernelInput {
  data: Uint32Array | Int32Array | Float32Array;
  uniform?: boolean;
}

/** An output buffer: a read_write storage array of `words` elements, zero-filled before the dispatch. */
export interface KernelOutput<T extends WordType = WordType> {
  words: number;
  type: T;
}

/** A compute dispatch: bindings are @group(0) @binding(0..) with the inputs first, then the outputs. */
export interface KernelSpec<O extends readonly KernelOutput[]> {
  /** Complete WGSL source of the compute shader (use wgsl()/readShader() to include shared files). */
  wgsl: string;
  /** Entry point name; default 'main'. */
  entryPoint?: string;
  inputs: readonly KernelInput[];
  outputs: O;
  /** Number of workgroups in x, y, z (not invocations). */
  workgroups: readonly [number, number?, number?];
}

/** Typed arrays read back for each output of a spec, in order. */
export type KernelResults<O extends readonly KernelOutput[]> = { [K in keyof O]: O[K] extends KernelOutput<infer T> ? WordArrays[T] : never };

const SHADER_DIR = fileURLToPath(new URL('../../shaders/', import.meta.url));

/** Source text of a file under shaders/ (e.g. 'rng.wgsl'). */
export function readShader(name: string): string {
  return readFileSync(SHADER_DIR + name, 'utf8');
}

/** Joins WGSL fragments (included files, then the kernel) into one module source. */
export function wgsl(...parts: string[]): string {
  return parts.join('\n');
}

/** Workgroup count covering `invocations` threads with `workgroupSize` threads per group (count). */
export function workgroupsFor(invocations: number, workgroupSize: number): number {
  return Math.ceil(invocations / workgroupSize);
}

const roots = new WeakMap<GPUDevice, TgpuRoot>();

/** The TypeGPU root wrapping a test device (one per device, never destroyed: the device is shared). */
export function rootFor(device: GPUDevice): TgpuRoot {
  let root = roots.get(device);
  if (!root) {
    root = tgpu.initFromDevice({ device });
    roots.set(device, root);
  }
  return root;
}

const SCHEMAS = { u32: d.u32, i32: d.i32, f32: d.f32 } as const;

function wordTypeOf(data: KernelInput['data']): WordType {
  if (data instanceof Float32Array) return 'f32';
  if (data instanceof Int32Array) return 'i32';
  return 'u32';
}

function storageBuffer(root: TgpuRoot, type: WordType, words: number, uniform: boolean) {
  const buffer = root.createBuffer(d.arrayOf(SCHEMAS[type], words)).$usage('storage');
  if (uniform) buffer.$addFlags(GPUBufferUsage.UNIFORM);
  return buffer;
}

/**
 * Runs one dispatch of a compute shader on the device and returns every output buffer as a
 * typed array (u32 → Uint32Array, i32 → Int32Array, f32 → Float32Array). Every binding must be
 * used by the entry point (the pipeline layout is 'auto').
 */
export async function runKernel<const O extends readonly KernelOutput[]>(gpu: TestGpu, spec: KernelSpec<O>): Promise<KernelResults<O>> {
  const { device } = gpu;
  const root = rootFor(device);
  const [wx, wy = 1, wz = 1] = spec.workgroups;
  const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
  for (const n of [wx, wy, wz]) {
    if (!Number.isInteger(n) || n < 1 || n > maxGroups) throw new RangeError(`workgroup count ${n} outside [1, ${maxGroups}]`);
  }
  for (const out of spec.outputs) {
    if (!Number.isInteger(out.words) || out.words < 1) throw new RangeError(`output of ${out.words} words`);
  }

  const pipeline = await compileKernel(device, spec.wgsl, spec.entryPoint ?? 'main');

  const inputBuffers = spec.inputs.map((input) => {
    if (input.data.length < 1) throw new RangeError('empty input buffer');
    const buffer = storageBuffer(root, wordTypeOf(input.data), input.data.length, input.uniform === true);
    const { data } = input;
    const bytes = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data.buffer : data.slice().buffer;
    buffer.write(bytes as ArrayBuffer);
    return buffer;
  });
  const outputBuffers = spec.outputs.map((out) => storageBuffer(root, out.type, out.words, false));
  const totalBytes = spec.outputs.reduce((sum, out) => sum + out.words * 4, 0);
  const staging = device.createBuffer({ size: totalBytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });

  try {
    await withErrorScope(device, 'dispatch', () => {
      const entries: GPUBindGroupEntry[] = [...inputBuffers, ...outputBuffers].map((buffer, binding) => ({
        binding,
        resource: { buffer: root.unwrap(buffer) },
      }));
      const bindGroup = device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
      const encoder = device.createCommandEncoder();
      for (const buffer of outputBuffers) encoder.clearBuffer(root.unwrap(buffer));
      const pass = encoder.beginComputePass();
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(wx, wy, wz);
      pass.end();
      let offset = 0;
      for (const [i, buffer] of outputBuffers.entries()) {
        const size = spec.outputs[i].words * 4;
        encoder.copyBufferToBuffer(root.unwrap(buffer), 0, staging, offset, size);
        offset += size;
      }
      device.queue.submit([encoder.finish()]);
    });
    await staging.mapAsync(GPUMapMode.READ);
    const all = staging.getMappedRange().slice(0);
    staging.unmap();
    let offset = 0;
    return spec.outputs.map((out) => {
      const words = out.words;
      const view = out.type === 'f32' ? new Float32Array(all, offset, words) : out.type === 'i32' ? new Int32Array(all, offset, words) : new Uint32Array(all, offset, words);
      offset += words * 4;
      return view;
    }) as KernelResults<O>;
  } finally {
    staging.destroy();
    for (const buffer of [...inputBuffers, ...outputBuffers]) buffer.destroy();
  }
}

/** Index of the first differing 32-bit word of two equal-length arrays (bit patterns), or -1. */
export function firstBitMismatch(a: Uint32Array | Int32Array | Float32Array, b: Uint32Array | Int32Array | Float32Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return i;
  return -1;
}

/** Number of differing 32-bit words (bit patterns) of two equal-length arrays. */
export function countBitMismatches(a: Uint32Array | Int32Array | Float32Array, b: Uint32Array | Int32Array | Float32Array): number {
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let n = Math.abs(ua.length - ub.length);
  const len = Math.min(ua.length, ub.length);
  for (let i = 0; i < len; i++) if (ua[i] !== ub[i]) n++;
  return n;
}
