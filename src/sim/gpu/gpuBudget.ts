/**
 * What a run needs from a WebGPU device, worked out before anything is allocated (issue 5, limits and
 * faults): the size of every buffer the GPU backend keeps for the run, from the run's capacity, agent
 * layout, grid, fields and neighbour bins, and the adapter limits they imply. A run that does not fit
 * gets one error naming each limit, what the run needs and what the adapter allows, and how to shrink
 * the run; nothing has been allocated at that point.
 *
 * Buffers (bytes; 4-byte words), as gpuRun.ts and the phases allocate them:
 *   agents          capacity × stride × 4, twice (the state and its sorted working copy)
 *   per agent       mechanics (3 words), fate, bin rank and order, survivor and birth ranks (1 word each)
 *   fields          fields × cells × 4, five times (values, two fixed-point accumulators, sources, uptakes)
 *   solver scratch  per diffusing field, its multigrid levels, line factors and sums (gpuFieldSolver.ts)
 *   bins            (bins + 1) × 4 bin starts
 *   recruits        recruiting types × cells × 4
 * plus small ones (tables, counters, scan block sums, read-out partials) that no limit is near.
 */
import type { RunSetup } from '../runSetup.ts';
import { fieldSolverOptions } from '../cpu/diffuseFields.ts';
import { recruitersOf } from '../recruiters.ts';
import { buildPhenotypeTables } from '../phenotypeTables.ts';
import { solverScratchBytes } from './gpuFieldSolver.ts';

/** One buffer of a GPU run. */
export interface GpuBuffer {
  name: string;
  bytes: number;
}

/** Buffers and limits a run needs. */
export interface GpuBudget {
  /** Agent capacity of the run. */
  capacity: number;
  buffers: GpuBuffer[];
  /** Largest single buffer: must fit maxBufferSize and maxStorageBufferBindingSize. */
  largest: GpuBuffer;
  /** Sum of all buffers, bytes (device memory, beyond any limit WebGPU reports). */
  totalBytes: number;
  /** Workgroups of 64 needed to cover the capacity in one dimension (dispatches flatten 2D beyond the limit). */
  agentWorkgroups: number;
  /** Storage buffers the busiest kernel binds at once. */
  storageBuffersPerStage: number;
}

/** Storage buffers bound by the busiest kernel (no kernel binds more; the conformance suite compiles them all). */
export const STORAGE_BUFFERS_PER_STAGE = 8;

/** Threads per workgroup of the agent kernels. */
export const AGENT_WORKGROUP = 64;

/** Works out the buffers of a GPU run of `setup` whose neighbour bins are `binEdge` µm wide. */
export function gpuBudget(setup: RunSetup, binEdge: number): GpuBudget {
  const { capacity, grid } = setup;
  const stride = setup.model.compiled.layout.stride;
  const fields = setup.model.compiled.spec.fields.length;
  const bins = Math.max(1, Math.floor(grid.width / binEdge)) * Math.max(1, Math.floor(grid.height / binEdge));
  const recruiters = recruitersOf(setup, buildPhenotypeTables(setup.model.compiled, setup.values).types).length;
  const word = 4;
  const fieldBytes = fields * grid.cells * word;
  const buffers: GpuBuffer[] = [
    { name: 'agents (current)', bytes: capacity * stride * word },
    { name: 'agents (sorted copy)', bytes: capacity * stride * word },
    { name: 'mechanics', bytes: capacity * 3 * word },
    ...['fates', 'bin ranks', 'bin order', 'survivor ranks', 'birth ranks'].map((name) => ({ name, bytes: capacity * word })),
    ...['fields', 'secretion accumulator', 'clearance accumulator', 'field sources', 'field uptakes'].map((name) => ({ name, bytes: fieldBytes })),
    ...fieldSolverOptions(setup)
      .map((o, f) => ({ name: `field ${setup.model.compiled.spec.fields[f].name} solver scratch`, bytes: solverScratchBytes(o) }))
      .filter((b) => b.bytes > 0),
    { name: 'bin starts', bytes: (bins + 1) * word },
    { name: 'recruits per voxel', bytes: Math.max(1, recruiters) * grid.cells * word },
  ];
  return {
    capacity,
    buffers,
    largest: buffers.reduce((a, b) => (b.bytes > a.bytes ? b : a)),
    totalBytes: buffers.reduce((s, b) => s + b.bytes, 0),
    agentWorkgroups: Math.ceil(capacity / AGENT_WORKGROUP),
    storageBuffersPerStage: STORAGE_BUFFERS_PER_STAGE,
  };
}

/** The adapter limits a budget is checked against (a subset of GPUSupportedLimits). */
export type BudgetLimits = Pick<GPUSupportedLimits, 'maxBufferSize' | 'maxStorageBufferBindingSize' | 'maxStorageBuffersPerShaderStage' | 'maxComputeWorkgroupsPerDimension'>;

/** A run that does not fit the adapter; `violations` names each limit. */
export class GpuBudgetError extends Error {
  override name = 'GpuBudgetError';
  constructor(
    readonly violations: string[],
    advice: string,
  ) {
    super(`this run does not fit the WebGPU adapter: ${violations.join('; ')}. ${advice}`);
  }
}

const MiB = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

/**
 * Throws GpuBudgetError if the budget exceeds `limits` (the adapter's); otherwise returns the
 * requiredLimits for requestDevice (what the run needs, never below WebGPU's defaults).
 */
export function checkGpuBudget(budget: GpuBudget, limits: BudgetLimits): Record<string, number> {
  const { capacity, largest } = budget;
  const violations: string[] = [];
  if (largest.bytes > limits.maxBufferSize) {
    violations.push(`maxBufferSize: the ${largest.name} buffer needs ${MiB(largest.bytes)}, the adapter allows ${MiB(limits.maxBufferSize)}`);
  }
  if (largest.bytes > limits.maxStorageBufferBindingSize) {
    violations.push(`maxStorageBufferBindingSize: the ${largest.name} buffer needs ${MiB(largest.bytes)}, the adapter allows ${MiB(limits.maxStorageBufferBindingSize)}`);
  }
  if (budget.storageBuffersPerStage > limits.maxStorageBuffersPerShaderStage) {
    violations.push(`maxStorageBuffersPerShaderStage: the kernels bind ${budget.storageBuffersPerStage}, the adapter allows ${limits.maxStorageBuffersPerShaderStage}`);
  }
  const maxGroups2d = limits.maxComputeWorkgroupsPerDimension ** 2;
  if (budget.agentWorkgroups > maxGroups2d) {
    violations.push(`maxComputeWorkgroupsPerDimension: ${budget.agentWorkgroups} workgroups of ${AGENT_WORKGROUP} agents exceed ${limits.maxComputeWorkgroupsPerDimension}² even in two dimensions`);
  }
  if (violations.length > 0) {
    const perAgent = largest.name.startsWith('agents') ? largest.bytes / capacity : 0;
    const fitAgents = perAgent > 0 ? Math.floor(Math.min(limits.maxBufferSize, limits.maxStorageBufferBindingSize) / perAgent) : 0;
    const advice =
      perAgent > 0
        ? `Set max_agents to at most ${fitAgents} (now ${capacity}), or run on the CPU backend (--backend cpu).`
        : 'Use a coarser grid or a smaller domain, or run on the CPU backend (--backend cpu).';
    throw new GpuBudgetError(violations, advice);
  }
  return {
    maxBufferSize: Math.max(largest.bytes, SPEC_DEFAULTS.maxBufferSize),
    maxStorageBufferBindingSize: Math.max(largest.bytes, SPEC_DEFAULTS.maxStorageBufferBindingSize),
    maxStorageBuffersPerShaderStage: Math.max(budget.storageBuffersPerStage, SPEC_DEFAULTS.maxStorageBuffersPerShaderStage),
  };
}

/** WebGPU's default limits (what a device gets unless it asks for more). */
export const SPEC_DEFAULTS = { maxBufferSize: 268_435_456, maxStorageBufferBindingSize: 134_217_728, maxStorageBuffersPerShaderStage: 8, maxComputeWorkgroupsPerDimension: 65_535 } as const;
