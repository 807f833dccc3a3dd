/**
 * The project-wide rule for tests that need a WebGPU adapter (Dawn in Node, see src/sim/gpu/nodeGpu.ts):
 * call `const gpu = await gpuForTests(ctx)` at the top of the test. With an adapter it returns
 * {adapter, device}; without one the test is skipped with a loud banner, except when
 * process.env.CI === 'true', where the test fails with the same message.
 */
import type { TestContext } from 'vitest';
import { requestNodeAdapter } from '../../src/sim/gpu/nodeGpu.ts';

/** An adapter and a device created with the adapter's own limits for the keys in REQUESTED_LIMITS. */
export interface TestGpu {
  adapter: GPUAdapter;
  device: GPUDevice;
}

/** Outcome of looking for a GPU: the GPU, or why there is none. */
export type GpuProbe = { gpu: TestGpu; reason: null } | { gpu: null; reason: string };

/** Limits requested at the adapter's own maximum, so kernels can size buffers and dispatches (bytes, counts). */
export const REQUESTED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupsPerDimension',
  'maxStorageBuffersPerShaderStage',
] as const;

const INSTALL_HINT = 'install Debian chromium (SwiftShader Vulkan ICD) + libvulkan1 (see .ci/run)';

let probe: Promise<GpuProbe> | undefined;

async function findGpu(): Promise<GpuProbe> {
  const icd = process.env.VK_ICD_FILENAMES ?? process.env.VK_DRIVER_FILES ?? '(unset)';
  let adapter: GPUAdapter | null;
  try {
    adapter = await requestNodeAdapter();
  } catch (err) {
    return { gpu: null, reason: `no WebGPU adapter (requestAdapter threw: ${String(err)}; VK_ICD_FILENAMES=${icd}): ${INSTALL_HINT}` };
  }
  if (!adapter) {
    return { gpu: null, reason: `no WebGPU adapter (VK_ICD_FILENAMES=${icd}): ${INSTALL_HINT}` };
  }
  const requiredLimits: Record<string, number> = {};
  for (const key of REQUESTED_LIMITS) requiredLimits[key] = adapter.limits[key];
  try {
    const device = await adapter.requestDevice({ requiredLimits });
    device.lost.then((info) => {
      if (info.reason !== 'destroyed') console.warn(`[gpuTestSupport] WebGPU device lost: ${info.reason}: ${info.message}`);
    });
    return { gpu: { adapter, device }, reason: null };
  } catch (err) {
    return { gpu: null, reason: `WebGPU adapter found but requestDevice failed: ${String(err)}` };
  }
}

/** Looks for the shared test GPU once per worker process; never skips or throws. */
export function probeGpu(): Promise<GpuProbe> {
  probe ??= findGpu();
  return probe;
}

/** Loud multi-line banner naming the test that cannot run and why. */
export function gpuMissingBanner(testName: string, reason: string, failing: boolean): string {
  const bar = '!'.repeat(100);
  const verdict = failing ? 'FAILING (CI=true: a GPU test may not be skipped)' : 'SKIPPED';
  return `\n${bar}\n!!! GPU TEST ${verdict}: ${testName}\n!!! ${reason}\n${bar}\n`;
}

/**
 * The shared {adapter, device} for a GPU test. Without one: warns with a banner and skips the
 * test via ctx.skip(), or, when process.env.CI === 'true', throws so the test fails.
 */
export async function gpuForTests(ctx: TestContext): Promise<TestGpu> {
  const { gpu, reason } = await probeGpu();
  if (gpu) return gpu;
  const failing = process.env.CI === 'true';
  const name = ctx.task.file ? `${ctx.task.file.name} > ${ctx.task.name}` : ctx.task.name;
  const banner = gpuMissingBanner(name, reason, failing);
  console.warn(banner);
  if (failing) throw new Error(banner);
  return ctx.skip(reason);
}
