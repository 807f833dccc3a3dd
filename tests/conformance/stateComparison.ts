/**
 * Comparing a CPU state with a GPU one after an agent-count-changing phase: counters and events exactly,
 * agents word by word (bit patterns) except positions, which are compared in f32 units in the last place.
 */
import { expect } from 'vitest';
import type { AgentLayout } from '../../src/model/agentLayout.ts';
import type { SimState } from '../../src/sim/state.ts';

export interface StateComparison {
  /** Agent words that differ, positions aside. */
  wordMismatches: number;
  /** Largest difference of x or y, in f32 units in the last place of the CPU's value. */
  worstPositionUlps: number;
  summary: string;
}

const float = new Float32Array(1);
const bits = new Int32Array(float.buffer);

/** The f32 x as an integer ordered like the floats (for distances in units in the last place). */
function ordered(x: number): number {
  float[0] = x;
  return bits[0] < 0 ? -2147483648 - bits[0] : bits[0];
}

/** Asserts equal counters and events; returns the agent differences. */
export function compareStates(layout: AgentLayout, cpu: SimState, gpu: SimState): StateComparison {
  expect({ count: gpu.count, nextId: gpu.nextId, step: gpu.step, blocked: gpu.blockedBirths, peak: gpu.peakCount }).toEqual({
    count: cpu.count,
    nextId: cpu.nextId,
    step: cpu.step,
    blocked: cpu.blockedBirths,
    peak: cpu.peakCount,
  });
  expect(Array.from(gpu.events)).toEqual(Array.from(cpu.events));
  const { x, y } = layout.offset;
  let wordMismatches = 0;
  let worstPositionUlps = 0;
  let firstMismatch = '';
  for (let a = 0; a < cpu.count; a++) {
    for (let w = 0; w < layout.stride; w++) {
      const k = a * layout.stride + w;
      if (w === x || w === y) worstPositionUlps = Math.max(worstPositionUlps, Math.abs(ordered(gpu.f[k]) - ordered(cpu.f[k])));
      else if (gpu.u[k] !== cpu.u[k]) {
        if (wordMismatches++ === 0) firstMismatch = `; first: agent ${a} ${layout.variables[w].name} GPU ${gpu.u[k]} CPU ${cpu.u[k]}`;
      }
    }
  }
  return { wordMismatches, worstPositionUlps, summary: `${wordMismatches} word mismatches, positions within ${worstPositionUlps} ulp${firstMismatch}` };
}
