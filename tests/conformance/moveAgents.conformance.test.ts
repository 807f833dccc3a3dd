/**
 * moveAgentsPhase.ts against PairForces.compute + moveAgents, one step from the same sorted state (the skin
 * wound: crowded dermis, agents on the domain edges). The GPU computes in f32 what the CPU computes in
 * float64, so:
 * - pair sums: each neighbour's contribution is rounded to fixed point on both backends; f32 distances move
 *   a rounding by one quantum now and then, so fx, fy agree within FORCE_QUANTA quanta; touching counts agree
 *   except for pairs sitting on the contact distance (at most TOUCHING_MISMATCHES agents);
 * - directions: bit-identical (either kept or the same table entry picked by the same random word);
 * - positions: within POSITION_TOLERANCE relative (f32 rounding of the velocities, the displacement and the sum);
 * - every other word of the agents: bit-identical.
 */
import { describe, expect, it } from 'vitest';
import { RngStream, uniform01 } from '../../src/sim/rng.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { cpuBinning, cpuMove, gpuPhases, readAgents, runPhases } from './agentPhaseFixture.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';

/** Largest difference of a pair sum, fixed-point quanta (1/65536 µm/min); measured: 2. */
const FORCE_QUANTA = 4;
/** Agents whose touching count may differ (a neighbour on the contact distance); measured: 0. */
const TOUCHING_MISMATCHES = 2;
/** Largest difference of a new position relative to max(|x|, 1 µm); measured: 4.1e-7 (5 ulp). */
const POSITION_TOLERANCE = 1e-6;

describe('moveAgents (GPU)', () => {
  it('gives the pair sums, directions and positions of the CPU', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(1);
    const gpu = await gpuRunOf(device, run);
    try {
      const { bin, move } = await gpuPhases(gpu);
      const cpu = cpuMove(run, cpuBinning(run));
      const { count, stride } = run.state;
      await runPhases(gpu, [bin, move]); // the first dispatches compile on some drivers: not timed
      await runPhases(gpu, [bin]);
      const ms = await runPhases(gpu, [move]);
      const mech = new Int32Array(await gpu.read(gpu.mech, 0, count * 12));
      const moved = await readAgents(gpu, gpu.sorted, count);

      let forceDiff = 0;
      let touchingDiff = 0;
      let touching = 0;
      for (let i = 0; i < count; i++) {
        forceDiff = Math.max(forceDiff, Math.abs(mech[3 * i] - cpu.forces.fx[i]), Math.abs(mech[3 * i + 1] - cpu.forces.fy[i]));
        if (mech[3 * i + 2] !== cpu.forces.touching[i]) touchingDiff++;
        touching += cpu.forces.touching[i];
      }

      const o = run.setup.model.compiled.layout.offset;
      const gpuF = new Float32Array(moved.buffer);
      const cpuF = new Float32Array(cpu.moved.buffer);
      let positionDiff = 0;
      let otherWords = 0;
      let turned = 0;
      for (let i = 0, base = 0; i < count; i++, base += stride) {
        for (let k = 0; k < stride; k++) {
          const w = base + k;
          if (k === o.x || k === o.y) positionDiff = Math.max(positionDiff, Math.abs(gpuF[w] - cpuF[w]) / Math.max(1, Math.abs(cpuF[w])));
          else if (moved[w] !== cpu.moved[w]) otherWords++;
        }
        if (uniform01(cpu.ctx.random(moved[base + o.id], RngStream.MOTILITY)[0]) < cpu.ctx.turnProbability[moved[base + o.cellType]]) turned++;
      }
      console.info(
        `moveAgents: ${count} agents, ${touching / 2} touching pairs; pair sums differ by at most ${forceDiff} quanta, ` +
          `touching counts of ${touchingDiff} agents; positions by at most ${positionDiff.toExponential(2)} (relative); ` +
          `${turned} directions re-drawn; ${ms.toFixed(1)} ms per phase on this adapter`,
      );
      expect(touching, 'a crowded state').toBeGreaterThan(count / 2);
      expect(turned, 'turns to compare').toBeGreaterThan(0);
      expect(forceDiff).toBeLessThanOrEqual(FORCE_QUANTA);
      expect(touchingDiff).toBeLessThanOrEqual(TOUCHING_MISMATCHES);
      expect(positionDiff).toBeLessThanOrEqual(POSITION_TOLERANCE);
      expect(otherWords, 'words other than x and y that differ (directions included)').toBe(0);
    } finally {
      gpu.destroy();
    }
  }, 60_000);
});
