/**
 * The shared-device spike (spike.html) in headless Chromium on SwiftShader: pixi.js 8 (WebGPU) and the GPU
 * backend on one GPUDevice, agents drawn from the GPU agent buffer. Builds the pages with vite, serves them
 * with vite preview on a free port, and checks frames are drawn, steps advance, nothing is read back per
 * frame and the console stays clean; saves test-output/spike.png.
 * Without /usr/lib/chromium/chromium the test is skipped with a loud banner, or fails when CI=true
 * (the rule of tests/gpu/gpuTestSupport.ts).
 */
import { mkdirSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { SpikeStatus } from '../../src/app/spike.ts';
import { buildAndServe, collectErrors, launchChromium, litFraction, requireChromium, WEBGPU_ARGS, type ServedPages } from './browserSupport.ts';

const FRAMES = 12;
const STEPS_PER_FRAME = 2;

let browser: Browser | undefined;
let served: ServedPages | undefined;

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe('spike page: pixi and the GPU backend on one device', () => {
  it('draws agents from the GPU buffer with no per-frame read-back', async (ctx) => {
    if (!requireChromium(ctx)) return;
    served = await buildAndServe();
    browser = await launchChromium(WEBGPU_ARGS);
    const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
    const errors = collectErrors(page);
    await page.goto(`${served.url}spike.html`);

    const waitFrames = page.waitForFunction(
      (n) => {
        const s = (window as unknown as { __spike?: SpikeStatus }).__spike;
        return !!s && (s.error !== null || s.frames >= n);
      },
      FRAMES,
      { timeout: 75_000, polling: 250 },
    );
    let shot: Buffer;
    try {
      await waitFrames;
    } finally {
      mkdirSync('test-output', { recursive: true });
      shot = await page.screenshot({ path: 'test-output/spike.png' });
    }
    const status = await page.evaluate(() => (window as unknown as { __spike: SpikeStatus }).__spike);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]?.toFixed(1);
    console.log(`[spike] ${status.adapter}: ${status.frames} frames, step ${status.steps}, ${status.agentsAtStart} agents at start (capacity ${status.capacity}), per frame (${STEPS_PER_FRAME} steps) median ${median(status.frameMs)} ms, of which drawing ${median(status.drawMs)} ms`);

    expect(status.error).toBeNull();
    expect(errors).toEqual([]);
    expect(status.sharedDevice).toBe(true);
    expect(status.frames).toBeGreaterThanOrEqual(FRAMES);
    expect(status.steps).toBeGreaterThanOrEqual(STEPS_PER_FRAME * FRAMES);
    expect(status.agentsAtStart).toBeGreaterThan(0);
    expect(status.bytesReadInFrames).toBe(0);
    expect(litFraction(shot!, await page.locator('#stage canvas').boundingBox())).toBeGreaterThan(0.02);
  }, 90_000);
});
