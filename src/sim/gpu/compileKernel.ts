/**
 * Compiling WGSL compute kernels with errors that say where: the failing line of the composed source is
 * quoted with the kernel's name, and device validation or out-of-memory errors raised while `body` runs are
 * turned into exceptions (WebGPU reports them asynchronously through error scopes, not by throwing).
 */

/** A kernel that did not compile; the message quotes each failing line of the composed source. */
export class WgslCompileError extends Error {
  override name = 'WgslCompileError';
}

/** Runs `body` inside validation and out-of-memory error scopes; throws `what: message` if either caught an error. */
export async function withErrorScope<T>(device: GPUDevice, what: string, body: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope('validation');
  device.pushErrorScope('out-of-memory');
  let outcome: { ok: true; value: T } | { ok: false; error: unknown };
  try {
    outcome = { ok: true, value: await body() };
  } catch (error) {
    outcome = { ok: false, error };
  }
  // Pop both scopes whatever happened, so a failure does not leave them on the device's stack.
  const oom = await device.popErrorScope();
  const validation = await device.popErrorScope();
  const gpuError = validation ?? oom;
  if (gpuError) throw new Error(`${what}: ${gpuError.message}`, { cause: outcome.ok ? undefined : outcome.error });
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Compiles `code` and creates a compute pipeline (layout 'auto') for `entryPoint`; `label` names the kernel in errors. */
export async function compileKernel(device: GPUDevice, code: string, entryPoint: string, label = entryPoint): Promise<GPUComputePipeline> {
  return withErrorScope(device, `kernel ${label}`, async () => {
    const module = device.createShaderModule({ code, label });
    const info = await module.getCompilationInfo();
    const errors = info.messages.filter((m) => m.type === 'error');
    if (errors.length > 0) {
      const lines = code.split('\n');
      const detail = errors.map((m) => `  line ${m.lineNum}:${m.linePos}: ${m.message}\n    ${lines[m.lineNum - 1] ?? ''}`).join('\n');
      throw new WgslCompileError(`WGSL of kernel ${label} does not compile:\n${detail}`);
    }
    return device.createComputePipelineAsync({ layout: 'auto', compute: { module, entryPoint }, label });
  });
}
