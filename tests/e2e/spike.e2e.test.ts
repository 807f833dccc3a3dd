/**
 * The shared-device spike (spike.html) in headless Chromium on SwiftShader: pixi.js 8 (WebGPU) and the GPU
 * backend on one GPUDevice, agents drawn from the GPU agent buffer. Builds the pages with vite, serves them
 * with vite preview on a free port, and checks frames are drawn, steps advance, nothing is read back per
 * frame and the console stays clean; saves test-output/spike.png.
 * Without /usr/lib/chromium/chromium the test is skipped with a loud banner, or fails when CI=true
 * (the rule of tests/gpu/gpuTestSupport.ts).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import { chromium, type Browser } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { gpuMissingBanner } from '../gpu/gpuTestSupport.ts';
import type { SpikeStatus } from '../../src/app/spike.ts';

const CHROMIUM = '/usr/lib/chromium/chromium';
/** Headless WebGPU on SwiftShader (shared/design/toolchain.md). */
const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--disable-dev-shm-usage', '--enable-unsafe-webgpu', '--use-angle=vulkan',
  '--use-vulkan=swiftshader', '--enable-features=Vulkan',
];
const FRAMES = 12;
const STEPS_PER_FRAME = 2;

/** Fraction of the canvas's pixels in the screenshot that differ from the page's dark background. */
function litFraction(png: Buffer, box: { x: number; y: number; width: number; height: number } | null): number {
  if (!box) return 0;
  const img = PNG.sync.read(png);
  let lit = 0;
  let all = 0;
  for (let y = Math.ceil(box.y) + 2; y < Math.floor(box.y + box.height) - 2; y++) {
    for (let x = Math.ceil(box.x) + 2; x < Math.floor(box.x + box.width) - 2; x++) {
      const k = (y * img.width + x) * 4;
      const d = Math.abs(img.data[k] - 0x10) + Math.abs(img.data[k + 1] - 0x14) + Math.abs(img.data[k + 2] - 0x18);
      if (d > 48) lit++;
      all++;
    }
  }
  return all ? lit / all : 0;
}

let browser: Browser | undefined;
let server: PreviewServer | undefined;
let outDir: string | undefined;

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('spike page: pixi and the GPU backend on one device', () => {
  it('draws agents from the GPU buffer with no per-frame read-back', async (ctx) => {
    if (!existsSync(CHROMIUM)) {
      const failing = process.env.CI === 'true';
      const banner = gpuMissingBanner(`${ctx.task.file?.name ?? ''} > ${ctx.task.name}`, `no browser at ${CHROMIUM}: install Debian chromium (see .ci/run)`, failing);
      console.warn(banner);
      if (failing) throw new Error(banner);
      return ctx.skip(`no ${CHROMIUM}`);
    }
    outDir = mkdtempSync(join(tmpdir(), 'exorepair-spike-'));
    await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 } });
    server = await preview({ logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
    const port = (server.httpServer.address() as AddressInfo).port;

    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 800, height: 800 } });
    const errors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    await page.goto(`http://127.0.0.1:${port}/spike.html`);

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
