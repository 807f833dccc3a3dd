/**
 * One step of binAgents and moveAgents from the same state on both backends, for the conformance tests
 * of binAgentsPhase.ts and moveAgentsPhase.ts: the CPU classes run directly (NeighbourBins.build + gather,
 * PairForces.compute, moveAgents), the GPU phases on a GpuRun of the same setup and state.
 */
import { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { moveAgents } from '../../src/sim/cpu/moveAgents.ts';
import { NeighbourBins } from '../../src/sim/cpu/neighbourBins.ts';
import { PairForces } from '../../src/sim/cpu/pairForces.ts';
import { BinAgentsPhase } from '../../src/sim/gpu/binAgentsPhase.ts';
import type { GpuRun } from '../../src/sim/gpu/gpuRun.ts';
import { MoveAgentsPhase } from '../../src/sim/gpu/moveAgentsPhase.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import type { TestRun } from '../sim/helpers.ts';

/** The CPU's binAgents: sorted agents (words, count × stride) and bin starts. */
export interface CpuBinning {
  bins: NeighbourBins;
  sorted: Uint32Array;
  starts: Int32Array;
}

/** NeighbourBins.build + gather on the run's current state (the state is left as it is). */
export function cpuBinning(run: TestRun): CpuBinning {
  const { setup, state: s } = run;
  const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
  const o = setup.model.compiled.layout.offset;
  const bins = new NeighbourBins(setup.grid.width, setup.grid.height, tables.interactionRange, s.capacity);
  bins.build(s.f, s.u, s.count, s.stride, o.x, o.y, o.cellType, o.id);
  const sorted = new Uint32Array(s.count * s.stride);
  bins.gather(s.u, sorted, s.count, s.stride);
  return { bins, sorted, starts: bins.start.slice() };
}

/** The CPU's moveAgents after binning: the pair sums and the moved agents (words, count × stride). */
export interface CpuMove {
  /** The context the CPU phases ran with (bound to the moved agents, the state's fields and step). */
  ctx: KernelContext;
  forces: PairForces;
  moved: Uint32Array;
}

/** PairForces.compute + moveAgents on the sorted agents of `binning` (copied; the run is left as it is). */
export function cpuMove(run: TestRun, binning: CpuBinning): CpuMove {
  const { setup, state: s } = run;
  const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
  const ctx = KernelContext.forRun(setup, tables);
  const moved = binning.sorted.slice();
  ctx.bind(new Float32Array(moved.buffer), moved, s.fields, setup.rngSeed, s.step);
  const forces = new PairForces(s.capacity);
  forces.compute(ctx, binning.bins, s.count);
  moveAgents(ctx, forces, s.count, new Uint16Array(s.count));
  return { ctx, forces, moved };
}

/** The GPU phases of a run (the run's state uploaded, its kernels compiled). */
export async function gpuPhases(run: GpuRun): Promise<{ bin: BinAgentsPhase; move: MoveAgentsPhase }> {
  const [bin, move] = await Promise.all([BinAgentsPhase.create(run), MoveAgentsPhase.create(run)]);
  return { bin, move };
}

/** Records GpuRun.refresh and the phases in one command buffer, submits it and waits; returns the wall milliseconds. */
export async function runPhases(run: GpuRun, phases: { encode(encoder: GPUCommandEncoder): void }[]): Promise<number> {
  const t0 = performance.now();
  const encoder = run.device.createCommandEncoder();
  run.refresh(encoder);
  for (const p of phases) p.encode(encoder);
  run.device.queue.submit([encoder.finish()]);
  await run.device.queue.onSubmittedWorkDone();
  return performance.now() - t0;
}

/** `count` agents of a GPU agent buffer, as words. */
export async function readAgents(run: GpuRun, buffer: GPUBuffer, count: number): Promise<Uint32Array> {
  return new Uint32Array(await run.read(buffer, 0, count * run.stride * 4));
}
