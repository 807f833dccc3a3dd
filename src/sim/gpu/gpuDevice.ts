/**
 * Finding a WebGPU adapter and opening a device sized for a run. In Node the adapter comes from Dawn
 * (nodeGpu.ts); in a browser from navigator.gpu. The run's buffers are checked against the adapter's
 * limits before anything is allocated (gpuBudget.ts), and the device is asked for exactly the limits the
 * run needs (a device otherwise gets only WebGPU's defaults).
 */
import type { RunSetup } from '../runSetup.ts';
import { buildPhenotypeTables } from '../phenotypeTables.ts';
import { checkGpuBudget, gpuBudget } from './gpuBudget.ts';

/** A WebGPU adapter of this process, or null with the reason there is none. */
export async function findAdapter(): Promise<{ adapter: GPUAdapter; reason: null } | { adapter: null; reason: string }> {
  try {
    const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
    if (typeof process !== 'undefined' && process.versions?.node) {
      // A computed specifier keeps Dawn (Node only) out of the browser bundle; the page never comes here.
      const nodeGpu = './nodeGpu.ts';
      const { requestNodeAdapter } = (await import(/* @vite-ignore */ nodeGpu)) as typeof import('./nodeGpu.ts');
      const adapter = await requestNodeAdapter();
      return adapter ? { adapter, reason: null } : { adapter: null, reason: 'Dawn found no Vulkan adapter (install a Vulkan driver, e.g. Debian chromium for SwiftShader, and libvulkan1)' };
    }
    if (!nav?.gpu) return { adapter: null, reason: 'this browser has no WebGPU (navigator.gpu is missing)' };
    const adapter = await nav.gpu.requestAdapter();
    return adapter ? { adapter, reason: null } : { adapter: null, reason: 'the browser offers no WebGPU adapter' };
  } catch (e) {
    return { adapter: null, reason: `requesting a WebGPU adapter failed: ${(e as Error).message}` };
  }
}

/** One line naming an adapter: vendor, architecture, description; "(software)" for a fallback adapter. */
export function describeAdapter(adapter: GPUAdapter): string {
  const info = adapter.info;
  const parts = [info?.vendor, info?.architecture, info?.description].filter((s) => s && s.length > 0);
  const fallback = info?.isFallbackAdapter ? ' (software)' : '';
  return `${parts.join(' ') || 'unnamed adapter'}${fallback}`;
}

/**
 * Opens a device with the limits `setup` needs (or several runs sharing the device, e.g. the page's twins:
 * the largest of each limit); throws GpuBudgetError (nothing allocated) when one does not fit.
 */
export async function openDeviceFor(adapter: GPUAdapter, setup: RunSetup | readonly RunSetup[]): Promise<GPUDevice> {
  const setups: readonly RunSetup[] = Array.isArray(setup) ? setup : [setup];
  const requiredLimits: Record<string, number> = {};
  for (const s of setups) {
    const tables = buildPhenotypeTables(s.model.compiled, s.values);
    for (const [name, value] of Object.entries(checkGpuBudget(gpuBudget(s, tables.interactionRange), adapter.limits))) {
      requiredLimits[name] = Math.max(requiredLimits[name] ?? 0, value);
    }
  }
  const first = setups[0];
  return adapter.requestDevice({ label: `exorepair ${first.scenario.id}/${setups.map((s) => s.armName).join('+')}`, requiredLimits });
}
