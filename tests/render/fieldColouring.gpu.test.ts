/**
 * The GPU heat-map kernel (shaders/colour_field.wgsl, fieldColouring.ts) against the CPU colouring
 * (colourField, fieldColours.ts) on Dawn: the RGBA texel buffer is read back (the page never does) and
 * compared texel by texel, with the 256-byte row padding, on hand-picked values (clamps, ramp stops, a
 * sweep) and on every field of a short reduced skin-wound run.
 *
 * Expected: equal bytes. Allowed: a channel off by 1 in a few texels, because WGSL lets the compiler fuse
 * `a + (b - a) * w` into one fused multiply-add (one rounding instead of two), which can move a value
 * sitting on a .5 byte boundary; a systematic difference (floor vs round, wrong stop, wrong field) would
 * change far more texels, so the count of such texels is held small too.
 */
import { describe, expect, it } from 'vitest';
import { makeGrid, type Grid } from '../../src/sim/grid.ts';
import { colourField, fieldScale } from '../../src/render/fieldColours.ts';
import { createFieldColouring, type FieldColouring } from '../../src/render/fieldColouring.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { readBuffer } from './gpuReadBack.ts';
import { reducedSkinBackend } from './reducedSkinGpu.ts';

/** Texels of `cells` allowed to differ by 1 in a channel: 0.1 %, at least 2 (SwiftShader: none differ). */
function fusedRoundingAllowance(cells: number): number {
  return Math.max(2, 1e-3 * cells);
}

interface Comparison {
  /** Texels whose bytes differ. */
  differing: number;
  /** Largest difference of one channel, 0..255. */
  maxDiff: number;
  /** Distinct colours in the GPU image (a uniform image would prove little). */
  colours: number;
}

/** Colours `field` of `values` (all fields, field-major) on the GPU and on the CPU and compares them. */
async function compare(device: GPUDevice, colouring: FieldColouring, grid: Grid, values: Float32Array, typicalMax: number, field: number): Promise<Comparison> {
  colouring.setField(field);
  const encoder = device.createCommandEncoder();
  colouring.encode(encoder);
  device.queue.submit([encoder.finish()]);
  const gpu = new Uint8Array(await readBuffer(device, colouring.rgba, colouring.rowBytes * grid.ny));
  const cpu = colourField(values.subarray(field * grid.cells, (field + 1) * grid.cells), fieldScale(typicalMax), grid.nx, grid.ny, new Uint8Array(gpu.length), colouring.rowBytes);
  let differing = 0;
  let maxDiff = 0;
  const colours = new Set<number>();
  const words = new Uint32Array(gpu.buffer);
  for (let j = 0; j < grid.ny; j++) {
    for (let i = 0; i < grid.nx; i++) {
      const p = j * colouring.rowBytes + i * 4;
      colours.add(words[p / 4]);
      let d = 0;
      for (let c = 0; c < 4; c++) d = Math.max(d, Math.abs(gpu[p + c] - cpu[p + c]));
      if (d > 0) differing++;
      maxDiff = Math.max(maxDiff, d);
    }
  }
  return { differing, maxDiff, colours: colours.size };
}

describe('heat-map colours on the GPU (Dawn)', () => {
  it('equal the CPU colouring on clamps, ramp stops and a sweep, with padded rows', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    // 37 voxels a row: 148 bytes, padded to 256.
    const grid = makeGrid(370, 200, 10, 1);
    const maxes = [2, 60];
    const values = new Float32Array(2 * grid.cells);
    const special = [-5, -0, 0, 1e-40, 1e-30, 15, 30, 45, 60, 60.000004, 120, 3e38, Infinity];
    for (let k = 0; k < grid.cells; k++) {
      // Field 0: a decreasing sweep past its maximum; field 1: the special values, then an increasing sweep.
      values[k] = 2.2 * (1 - k / grid.cells);
      values[grid.cells + k] = k < special.length ? special[k] : (66 * k) / grid.cells - 3;
    }
    const fieldBuffer = bufferOf(device, values);
    const colouring = await createFieldColouring(device, grid, fieldBuffer, maxes, 1);
    try {
      for (const field of [1, 0]) {
        const c = await compare(device, colouring, grid, values, maxes[field], field);
        expect(c.colours, `field ${field}: distinct colours`).toBeGreaterThan(200);
        expect(c.maxDiff, `field ${field}: largest channel difference`).toBeLessThanOrEqual(1);
        expect(c.differing, `field ${field}: texels off by 1`).toBeLessThanOrEqual(fusedRoundingAllowance(grid.cells));
      }
    } finally {
      colouring.destroy();
      fieldBuffer.destroy();
    }
  });

  it('equal the CPU colouring of every field of a reduced skin-wound run', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const backend = await reducedSkinBackend(device, 6);
    const fields = backend.run.setup.model.compiled.spec.fields;
    const grid = backend.run.setup.grid;
    const colouring = await createFieldColouring(device, grid, backend.run.fields, fields.map((f) => f.typicalMax), 0);
    try {
      const state = await backend.readState();
      let varied = 0;
      for (let f = 0; f < fields.length; f++) {
        const c = await compare(device, colouring, grid, state.fields, fields[f].typicalMax, f);
        expect(c.maxDiff, `field ${fields[f].name}: largest channel difference`).toBeLessThanOrEqual(1);
        expect(c.differing, `field ${fields[f].name}: texels off by 1`).toBeLessThanOrEqual(fusedRoundingAllowance(grid.cells));
        if (c.colours > 10) varied++;
      }
      // Several of the run's fields are far from flat (7 of 15 after 6 steps).
      expect(varied).toBeGreaterThanOrEqual(5);
    } finally {
      colouring.destroy();
      backend.dispose();
    }
  });
});

/** A storage buffer holding `values`. */
function bufferOf(device: GPUDevice, values: Float32Array<ArrayBuffer>): GPUBuffer {
  const buffer = device.createBuffer({ size: values.byteLength, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST });
  device.queue.writeBuffer(buffer, 0, values);
  return buffer;
}
