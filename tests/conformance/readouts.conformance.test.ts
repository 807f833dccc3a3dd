/**
 * ReadoutPhase (GPU) against ReadoutReducer.evaluate (CPU) on the same state: every base read-out of the
 * skin model, plus agentMean and named-region read-outs the model does not declare. Counts (agents, event
 * counters, voxels within thresholds) and their ratios must be exact; sums and means within REL_TOL of the
 * CPU's float64 ones (measured: 6e-14 on Dawn/SwiftShader, the compensated sums hold).
 */
import { describe, expect, it } from 'vitest';
import type { ReadoutSpec } from '../../src/model/types.ts';
import { ReadoutReducer } from '../../src/sim/cpu/reduceReadouts.ts';
import { ReadoutPhase } from '../../src/sim/gpu/readoutPhase.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { gpuRunOf, skinRunAfter } from './gpuFixture.ts';

/** Relative tolerance of float read-outs (compensated f32 tree sums vs float64 sums). */
const REL_TOL = 1e-6;

/** Read-outs of kinds and regions the skin model's own list lacks. */
const EXTRA: ReadoutSpec[] = [
  { name: 'cargo_mean_edge', unit: 'fg', definition: 'test', reduction: { kind: 'agentMean', variable: 'cargo', agents: { types: ['keratinocyte', 'fibroblast'] }, region: { region: 'dermal_edge' } } },
  { name: 'x_mean_domain', unit: 'µm', definition: 'test', reduction: { kind: 'agentMean', variable: 'x', agents: { types: ['fibroblast'] }, region: 'domain' } },
  { name: 'akt_sum_skin', unit: '1', definition: 'test', reduction: { kind: 'agentSum', variable: 'akt', agents: { types: ['keratinocyte'] }, region: { region: 'skin' }, scale: 2 } },
  { name: 'epithelium_band_pct', unit: '%', definition: 'test', reduction: { kind: 'areaPercent', field: 'epithelium', atLeast: 0.001, below: 0.999, region: 'domain' } },
  // a list of fields summed per voxel before the threshold (the bone model's new bone area: woven + lamellar)
  { name: 'cover_or_collagen_pct', unit: '%', definition: 'test', reduction: { kind: 'areaPercent', field: ['epithelium', 'collagen', 'fibrin'], atLeast: 1.5, region: 'domain' } },
  { name: 'vessel_or_venules_mm2', unit: 'mm²', definition: 'test', reduction: { kind: 'area', field: ['vessel', 'venules'], atLeast: 0.1, below: 0.2, region: 'domain' } },
  { name: 'oxygen_sum_edge', unit: 'µm³ mmHg', definition: 'test', reduction: { kind: 'fieldSum', field: 'oxygen', region: { region: 'epidermal_edge' } } },
];

describe('read-outs (GPU)', () => {
  it('gives every base read-out of the skin model as the CPU does', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await skinRunAfter(3);
    const base = [...run.table.base, ...EXTRA];
    const cpu = new ReadoutReducer(run.setup.model.compiled, run.setup.grid, run.setup.regions, run.setup.defectMask, base).evaluate(run.state);
    const gpu = await gpuRunOf(device, run);
    try {
      const phase = await ReadoutPhase.create(gpu, base);
      const before = gpu.bytesRead;
      const values = await phase.evaluate();
      // one (count, hi, lo) per query and the event counters: a few hundred bytes, not agents or fields
      expect(gpu.bytesRead - before).toBeLessThan(1024);
      let worst = 0;
      base.forEach((r, k) => {
        // ratios of exact counts are computed alike on both sides
        const exact = ['count', 'fraction', 'eventCount', 'area', 'areaPercent'].includes(r.reduction.kind);
        if (exact) expect(values[k], r.name).toBe(cpu[k]);
        else {
          const rel = Math.abs(values[k] - cpu[k]) / Math.max(Math.abs(cpu[k]), 1e-30);
          worst = Math.max(worst, cpu[k] === 0 ? Math.abs(values[k]) : rel);
          expect(rel <= REL_TOL || values[k] === cpu[k], `${r.name}: GPU ${values[k]} vs CPU ${cpu[k]}`).toBe(true);
        }
      });
      console.log(`read-outs: ${base.length} compared, largest relative difference of float read-outs ${worst.toExponential(2)}`);
      // the state is not trivial: agents in the defect, exosomes in the tissue
      expect(cpu[base.findIndex((r) => r.name === 'agent_count')]).toBeGreaterThan(0);
      expect(cpu[base.findIndex((r) => r.name === 'exosome_free_ug')]).toBeGreaterThan(0);
      // the summed-field areas are neither empty nor everything
      for (const name of ['cover_or_collagen_pct', 'vessel_or_venules_mm2']) expect(cpu[base.findIndex((r) => r.name === name)], name).toBeGreaterThan(0);
      expect(cpu[base.findIndex((r) => r.name === 'cover_or_collagen_pct')]).toBeLessThan(100);
    } finally {
      gpu.destroy();
    }
  }, 60_000);
});
