/**
 * GPU backend benchmark (`exorepair bench --backend gpu`): the skin model's every phase on the GPU, with
 * fibroblasts spread uniformly over a 1024² grid (dx 20 µm, 15 fields), at 100k and 1M agents. Reports
 * steps per second, ns per agent-step, and the bytes a step moves by the buffer layout (gpuTraffic.ts)
 * with the memory-bandwidth bound they imply at a given bandwidth. On a machine without a GPU the adapter
 * is a CPU Vulkan driver: the figures check that the backend runs at scale, not its speed.
 */
import { readFileSync } from 'node:fs';
import { validateScenario } from '../scenario/parse.ts';
import { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import { describeAdapter, findAdapter, openDeviceFor } from '../sim/gpu/gpuDevice.ts';
import { bytesPerAgentStep, bytesPerVoxelFieldStep } from '../sim/gpu/gpuTraffic.ts';
import { BackendUnavailableError } from '../sim/createBackend.ts';
import { prepareArm } from './runCommand.ts';

const GRID = 1024;
const DX = 20;

/** The skin wound scaled to a 1024² grid with about `agents` fibroblasts spread over the whole domain. */
export function gpuBenchSets(agents: number): string[] {
  const side = GRID * DX;
  const c = side / 2;
  const areaMm2 = (side / 1000) ** 2;
  return [
    `domain.width_um=${side}`,
    `domain.height_um=${side}`,
    `domain.dx_um=${DX}`,
    `regions.defect.center_um=[${c},${c}]`,
    `regions.defect.radius_um=${side / 4}`,
    `regions.dermal_edge.center_um=[${c},${c}]`,
    `regions.dermal_edge.radius_um=${side / 4 + 400}`,
    `regions.epidermal_edge.center_um=[${c},${c}]`,
    `regions.epidermal_edge.radius_um=${side / 4 + 200}`,
    'initial.agents.0.region=domain',
    `initial.agents.0.density_per_mm2=${agents / areaMm2}`,
    'initial.agents.1.density_per_mm2=0',
    `max_agents=${Math.ceil(agents * 1.25)}`,
  ];
}

/** A fresh adapter (each opens one device), or BackendUnavailableError naming why there is none. */
async function adapterOrFail(): Promise<GPUAdapter> {
  const found = await findAdapter();
  if (!found.adapter) throw new BackendUnavailableError(`--backend gpu: ${found.reason}`);
  return found.adapter;
}

/** Times `steps` steps after `warmup` at about `agents` agents; one backend, `repeats` timed batches, median. */
async function benchAt(agents: number, warmup: number, steps: number, repeats: number) {
  const path = 'scenarios/skin-wound.json';
  const parsed = validateScenario(JSON.parse(readFileSync(path, 'utf8')), path, gpuBenchSets(agents));
  const { setup, state, table } = prepareArm(parsed, 'untreated', path);
  const device = await openDeviceFor(await adapterOrFail(), setup);
  const backend = await GpuBackend.create(setup, state, table.base, device, true);
  try {
    await backend.advance(warmup);
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      await backend.advance(steps);
      times.push((performance.now() - t0) / 1000);
    }
    const count = (await backend.readState()).count;
    const seconds = [...times].sort((a, b) => a - b)[times.length >> 1];
    const stride = setup.model.compiled.layout.stride;
    const fields = setup.model.compiled.spec.fields;
    const agentBytes = bytesPerAgentStep(stride);
    const fieldBytes = fields.reduce((sum, f) => sum + bytesPerVoxelFieldStep(f.diffusion !== undefined), 0) * setup.grid.cells;
    return {
      agents_at_start: state.count,
      agents_at_end: count,
      grid: `${setup.grid.nx}x${setup.grid.ny}`,
      fields: fields.length,
      diffusing_fields: fields.filter((f) => f.diffusion !== undefined).length,
      steps_timed: steps,
      repeats,
      steps_per_second: Number((steps / seconds).toPrecision(3)),
      // the whole step (fields included) per agent
      ns_per_agent_step: Number(((seconds * 1e9) / (steps * count)).toPrecision(3)),
      bytes_per_agent_step: agentBytes,
      field_bytes_per_step: fieldBytes,
      bytes_per_step: agentBytes * count + fieldBytes,
    };
  } finally {
    backend.dispose();
  }
}

/** The GPU benchmark's figures; `quick` times a few steps once. */
export async function benchGpu(quick: boolean): Promise<Record<string, unknown>> {
  const adapter = await adapterOrFail();
  const at100k = await benchAt(100_000, quick ? 1 : 3, quick ? 2 : 10, quick ? 1 : 3);
  const at1m = await benchAt(1_000_000, 1, quick ? 1 : 3, quick ? 1 : 3);
  const h200 = 4.8e12;
  return {
    adapter: describeAdapter(adapter),
    software_adapter: adapter.info?.isFallbackAdapter ?? null,
    at_100k: at100k,
    at_1m: at1m,
    targets: { desktop_steps_per_second_at_1m: 60, h200_within_bandwidth_bound_factor: 3 },
    bandwidth_bound_ms_per_step_at_1m: {
      note: 'bytes_per_step / bandwidth: the floor a memory-bound step cannot beat (not measured here)',
      h200_4_8_tb_per_s: Number(((at1m.bytes_per_step / h200) * 1e3).toPrecision(3)),
    },
  };
}
