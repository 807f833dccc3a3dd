/**
 * Inputs of updateAgents and the phases after it, for per-kernel conformance tests: a test run is taken
 * through the start of its next step as CpuBackend.stepOnce does (dosing injections, then binAgents and
 * moveAgents with the CPU classes: agentPhaseFixture.ts), which leaves the sorted, moved agents and their
 * touching counts. The same bytes are uploaded to a GpuRun, so a GPU kernel and its CPU twin start from
 * identical inputs. Also: per-variable comparison of agent buffers.
 */
import type { AgentLayout } from '../../src/model/agentLayout.ts';
import type { KernelContext } from '../../src/sim/cpu/kernelContext.ts';
import { applyInjections } from '../../src/sim/dosing.ts';
import { exchangeScales, type ExchangeScales } from '../../src/sim/fixedPoint.ts';
import type { GpuRun } from '../../src/sim/gpu/gpuRun.ts';
import type { TestRun } from '../sim/helpers.ts';
import { cpuBinning, cpuMove } from './agentPhaseFixture.ts';

/** A run's next step on the CPU, stopped after moveAgents. */
export interface PhaseInputs {
  run: TestRun;
  /** The CPU kernels' context, bound to the sorted agents (f, u) and the state's fields. */
  ctx: KernelContext;
  scales: ExchangeScales;
  count: number;
  /** The sorted, moved agents (count × stride words, two views); the CPU phases update them in place. */
  f: Float32Array;
  u: Uint32Array;
  /** Touching neighbours per sorted agent (contact inhibition). */
  neighbours: Uint16Array;
}

/** Applies `run`'s injections due at its step and runs binAgents and moveAgents on the CPU. */
export function cpuInputsOfNextStep(run: TestRun): PhaseInputs {
  const { setup, state } = run;
  applyInjections(setup.dosing, state.step, state.fields, setup.grid);
  const { ctx, forces, moved } = cpuMove(run, cpuBinning(run));
  return { run, ctx, scales: exchangeScales(ctx.tables), count: state.count, f: new Float32Array(moved.buffer), u: moved, neighbours: forces.touching };
}

/**
 * Uploads the inputs to `gpu`: the state's counters and fields (after the injections), the sorted agents
 * as they are now, and the touching counts into word 2 of each agent's mech entry.
 */
export function uploadInputs(gpu: GpuRun, inputs: PhaseInputs): void {
  const { run, count, u, neighbours } = inputs;
  gpu.upload(run.state);
  const mech = new Int32Array(count * 3);
  for (let i = 0; i < count; i++) mech[3 * i + 2] = neighbours[i];
  gpu.device.queue.writeBuffer(gpu.sorted, 0, u as Uint32Array<ArrayBuffer>);
  gpu.device.queue.writeBuffer(gpu.mech, 0, mech);
}

/** Differences of one agent variable over the compared agents. */
export interface VariableDiff {
  name: string;
  kind: 'u32' | 'i32' | 'f32';
  /** Agents whose words differ. */
  differing: number;
  /** f32 only: largest |GPU - CPU| / max(|CPU|, floor) and the agent where it occurs. */
  maxRelative: number;
  worst: number;
}

/**
 * Compares `count` agents of two buffers word by word, except the agents in `skip`. f32 differences are
 * relative to max(|CPU|, floor(name)): the scale of the variable's value, below which a difference is
 * absolute (e.g. positions: the domain size, since x - centre is what is rounded).
 */
export function compareAgents(layout: AgentLayout, cpu: Uint32Array, gpu: Uint32Array, count: number, floor: (name: string) => number, skip: ReadonlySet<number> = new Set()): VariableDiff[] {
  const cf = new Float32Array(cpu.buffer, cpu.byteOffset, cpu.length);
  const gf = new Float32Array(gpu.buffer, gpu.byteOffset, gpu.length);
  return layout.variables.map((v, k) => {
    const d: VariableDiff = { name: v.name, kind: v.kind, differing: 0, maxRelative: 0, worst: -1 };
    const scale = floor(v.name);
    for (let i = 0; i < count; i++) {
      const w = i * layout.stride + k;
      if (skip.has(i) || cpu[w] === gpu[w]) continue;
      d.differing++;
      if (v.kind !== 'f32') continue;
      const rel = Math.abs(gf[w] - cf[w]) / Math.max(Math.abs(cf[w]), scale);
      if (!(rel <= d.maxRelative)) {
        d.maxRelative = rel;
        d.worst = i;
      }
    }
    return d;
  });
}

/** Agents (indices) with an f32 variable beyond `tolerance` (relative as in compareAgents). */
export function agentsBeyond(layout: AgentLayout, cpu: Uint32Array, gpu: Uint32Array, count: number, floor: (name: string) => number, tolerance: number): Set<number> {
  const cf = new Float32Array(cpu.buffer, cpu.byteOffset, cpu.length);
  const gf = new Float32Array(gpu.buffer, gpu.byteOffset, gpu.length);
  const out = new Set<number>();
  layout.variables.forEach((v, k) => {
    if (v.kind !== 'f32') return;
    const scale = floor(v.name);
    for (let i = 0, w = k; i < count; i++, w += layout.stride) {
      if (!(Math.abs(gf[w] - cf[w]) <= tolerance * Math.max(Math.abs(cf[w]), scale))) out.add(i);
    }
  });
  return out;
}

/** One line per variable: differing agents and, for floats, the largest relative difference. */
export function describeDiffs(diffs: readonly VariableDiff[]): string {
  return diffs.map((d) => `${d.name}: ${d.differing} differ${d.kind === 'f32' ? `, max rel ${d.maxRelative.toExponential(2)}` : ''}`).join('; ');
}
