import { describe, expect, it } from 'vitest';
import { checkGpuBudget, gpuBudget, GpuBudgetError, SPEC_DEFAULTS } from '../../src/sim/gpu/gpuBudget.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { loadScenario } from './helpers.ts';

const LAVAPIPE = { ...SPEC_DEFAULTS, maxStorageBuffersPerShaderStage: 8, maxStorageBufferBindingSize: 134_217_728, maxBufferSize: 268_435_456 };
const SWIFTSHADER = { ...LAVAPIPE, maxStorageBufferBindingSize: 1_073_741_824, maxBufferSize: 1_073_741_824 };

function skinSetup(sets: string[] = []) {
  return resolveRun(validateScenario(loadScenario('scenarios/skin-wound.json'), 'skin-wound', sets), 'untreated');
}

describe('GPU budget', () => {
  it('sizes the agent buffers from capacity and stride, the field buffers from fields and cells', () => {
    const setup = skinSetup();
    const b = gpuBudget(setup, 20);
    const stride = setup.model.compiled.layout.stride;
    expect(b.buffers.find((x) => x.name === 'agents (current)')!.bytes).toBe(setup.capacity * stride * 4);
    expect(b.buffers.find((x) => x.name === 'fields')!.bytes).toBe(setup.model.compiled.spec.fields.length * setup.grid.cells * 4);
    expect(b.largest.bytes).toBe(setup.capacity * stride * 4);
    // a diffusing field has solver scratch (levels, line factors); a structural one has none
    const scratch = (name: string) => b.buffers.find((x) => x.name === `field ${name} solver scratch`)?.bytes ?? 0;
    expect(scratch('oxygen')).toBeGreaterThan(3 * setup.grid.cells * 4);
    expect(scratch('collagen')).toBe(0);
    expect(b.totalBytes).toBe(b.buffers.reduce((sum, x) => sum + x.bytes, 0));
  });

  it('rejects a 10 mm square skin domain (4M agents of capacity) on a 128 MiB binding limit, naming the limit; its advice fits', () => {
    const big = ['domain.width_um=10000', 'domain.height_um=10000'];
    const setup = skinSetup(big);
    const b = gpuBudget(setup, 20);
    let error: unknown;
    try {
      checkGpuBudget(b, LAVAPIPE);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GpuBudgetError);
    const message = (error as Error).message;
    expect(message).toContain('maxStorageBufferBindingSize');
    expect(message).toContain('agents');
    const advised = Number(/max_agents to at most (\d+)/.exec(message)![1]);
    expect(advised).toBeLessThan(setup.capacity);
    const smaller = skinSetup([...big, `max_agents=${advised}`]);
    expect(() => checkGpuBudget(gpuBudget(smaller, 20), LAVAPIPE)).not.toThrow();
  });

  it('accepts the default skin wound on a 1 GiB adapter and requests at least the spec defaults', () => {
    const setup = skinSetup();
    const required = checkGpuBudget(gpuBudget(setup, 20), SWIFTSHADER);
    expect(required.maxStorageBufferBindingSize).toBeGreaterThanOrEqual(setup.capacity * setup.model.compiled.layout.stride * 4);
    expect(required.maxStorageBuffersPerShaderStage).toBe(8);
  });
});
