/**
 * Access to WebGPU in Node through Dawn (the `webgpu` package). The GPU object is pinned on
 * globalThis for the life of the process: if it is garbage-collected Dawn crashes later.
 */
import { existsSync } from 'node:fs';
import { vulkanEnvironment } from './vulkanEnvironment.ts';

let pinned: GPU | null | undefined;

/** The process-wide navigator.gpu from Dawn, or null when the native addon cannot load. */
export async function nodeGpu(): Promise<GPU | null> {
  if (pinned !== undefined) return pinned;
  Object.assign(process.env, vulkanEnvironment(existsSync));
  try {
    const { create, globals } = await import('webgpu');
    Object.assign(globalThis, globals);
    pinned = create([]) as GPU;
    (globalThis as { __exorepairGpu?: GPU }).__exorepairGpu = pinned;
    if (!('navigator' in globalThis) || !(globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu) {
      Object.defineProperty(globalThis, 'navigator', { value: { gpu: pinned }, configurable: true, writable: true });
    }
  } catch {
    pinned = null;
  }
  return pinned;
}

/** Requests an adapter from Dawn; null when there is none (no Vulkan driver, no addon). */
export async function requestNodeAdapter(): Promise<GPUAdapter | null> {
  const gpu = await nodeGpu();
  if (!gpu) return null;
  return gpu.requestAdapter();
}
