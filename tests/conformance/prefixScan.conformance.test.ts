/** The GPU prefix scan against a plain exclusive scan, at lengths around the block sizes and beyond one chunk of block sums. */
import { describe, expect, it } from 'vitest';
import { PrefixScan } from '../../src/sim/gpu/prefixScan.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { makeRun, smallDemo } from '../sim/helpers.ts';
import { gpuRunOf } from './gpuFixture.ts';

describe('prefixScan (GPU)', () => {
  it('gives the exclusive prefix sums and the total, for lengths read on the GPU', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const run = await gpuRunOf(device, makeRun(smallDemo()));
    const maxLength = 600_000; // 293 blocks of 2048: the block sums take two chunks
    const values = run.buffer('scan test values', maxLength * 4);
    const lengths = run.buffer('scan test lengths', 16);
    const scan = await PrefixScan.create(run, 'test', values, maxLength, lengths, 1);
    try {
      for (const n of [0, 1, 2047, 2048, 2049, 65_537, 600_000]) {
        // small values with runs of zeros, as fates and bin counts have
        const data = Uint32Array.from({ length: maxLength }, (_, k) => ((k * 2654435761) >>> 0) % 7 === 0 ? 0 : ((k * 40503) >>> 0) % 5);
        device.queue.writeBuffer(values, 0, data);
        device.queue.writeBuffer(lengths, 0, Uint32Array.of(0, n, 0, 0));
        const encoder = device.createCommandEncoder();
        const pass = encoder.beginComputePass();
        scan.encode(pass);
        pass.end();
        device.queue.submit([encoder.finish()]);
        const out = new Uint32Array(await run.read(values, 0, maxLength * 4));
        const meta = new Uint32Array(await run.read(scan.meta, 0, 12));
        let sum = 0;
        let bad = -1;
        for (let k = 0; k < n; k++) {
          if (out[k] !== sum && bad < 0) bad = k;
          sum += data[k];
        }
        expect(bad, `first wrong prefix at n = ${n}`).toBe(-1);
        expect(meta[2], `total at n = ${n}`).toBe(sum);
        // words past n are left alone
        if (n < maxLength) expect(out[n]).toBe(data[n]);
      }
    } finally {
      run.destroy();
    }
  }, 60_000);
});
