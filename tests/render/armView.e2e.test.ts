/**
 * The arm views (src/render/armView.ts) in headless Chromium on SwiftShader, through the check page
 * tests/render/browser/armViewCheck.html served by vite's dev server: two arms of the reduced skin wound in
 * one pixi Application, (1) from the GPU backend on pixi's WebGPU renderer sharing its GPUDevice and (2) from
 * the CPU backend on pixi's WebGL renderer. For each: the heat map's pixels equal the CPU colouring of the
 * arm's state at chosen voxel centres (agents hidden), drawing reads nothing back (GPU), the defect outline
 * is white, and showing the agents changes over a tenth of the pixels (about 17 % here). Saves test-output/arm-view-*.png.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { PNG } from 'pngjs';
import type { Browser } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { collectErrors, launchChromium, requireChromium, WEBGPU_ARGS } from '../e2e/browserSupport.ts';
import type { ArmCheck } from './browser/armViewCheck.ts';

const PAGE = 'tests/render/browser/armViewCheck.html';

let browser: Browser | undefined;
let server: ViteDevServer | undefined;

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function serve(): Promise<string> {
  server ??= await createServer({ logLevel: 'warn', server: { port: 0, host: '127.0.0.1', strictPort: false }, optimizeDeps: { entries: [PAGE] } });
  if (!server.httpServer?.listening) await server.listen();
  return `http://127.0.0.1:${(server.httpServer!.address() as AddressInfo).port}/${PAGE}`;
}

/** RGB of canvas pixel (x, y) in a screenshot of the canvas. */
function pixel(img: PNG, x: number, y: number): [number, number, number] {
  const k = (y * img.width + x) * 4;
  return [img.data[k], img.data[k + 1], img.data[k + 2]];
}

describe.each([
  { mode: 'gpu', renderer: 2 },
  { mode: 'cpu', renderer: 1 },
])('arm views in the browser ($mode)', ({ mode, renderer }) => {
  it('draws the heat map in the CPU colours, the outline and the agents', async (ctx) => {
    if (!requireChromium(ctx)) return;
    const url = await serve();
    browser ??= await launchChromium(WEBGPU_ARGS);
    const page = await browser.newPage({ viewport: { width: 900, height: 500 } });
    const errors = collectErrors(page);
    await page.goto(`${url}?mode=${mode}`);
    await page.waitForFunction(() => {
      const c = (window as unknown as { __armCheck?: ArmCheck }).__armCheck;
      return c?.ready || c?.error;
    }, undefined, { timeout: 90_000 });
    const status = await page.evaluate(() => (window as unknown as { __armCheck: ArmCheck }).__armCheck);
    expect(status.error).toBeNull();
    expect(status.renderer).toBe(renderer);
    console.log(`arm views (${mode}): one draw of both views takes ${status.drawMs.toFixed(1)} ms (median of 9)`);
    if (mode === 'gpu') expect(status.bytesReadDrawing).toBe(0);

    const canvas = page.locator('#stage canvas');
    mkdirSync('test-output', { recursive: true });
    const withAgents = await canvas.screenshot();
    writeFileSync(`test-output/arm-view-${mode}.png`, withAgents);
    await page.evaluate(() => (window as unknown as { __armCheck: ArmCheck }).__armCheck.show(false));
    const heatOnly = PNG.sync.read(await canvas.screenshot());

    for (const p of status.probes) {
      const got = pixel(heatOnly, p.x, p.y);
      for (let c = 0; c < 3; c++) expect(Math.abs(got[c] - p.rgb[c]), `pixel (${p.x}, ${p.y}): ${got} vs ${p.rgb}`).toBeLessThanOrEqual(2);
    }
    expect(new Set(status.probes.map((p) => String(p.rgb))).size, 'distinct expected colours').toBeGreaterThan(3);

    const shown = PNG.sync.read(withAgents);
    for (const o of status.outline) {
      const whitest = Math.max(...[-1, 0, 1].map((d) => Math.min(...pixel(shown, o.x + d, o.y))));
      expect(whitest, `outline near (${o.x}, ${o.y})`).toBeGreaterThan(200);
    }
    let changed = 0;
    for (let k = 0; k < shown.data.length; k += 4) {
      if (Math.abs(shown.data[k] - heatOnly.data[k]) + Math.abs(shown.data[k + 1] - heatOnly.data[k + 1]) + Math.abs(shown.data[k + 2] - heatOnly.data[k + 2]) > 30) changed++;
    }
    expect(changed / (shown.width * shown.height), 'share of pixels the agents change').toBeGreaterThan(0.1);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
