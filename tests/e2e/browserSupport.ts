/**
 * What the browser tests share: Debian Chromium driven by playwright-core (flags from
 * shared/design/toolchain.md), the pages built by vite into a temporary folder and served by vite preview
 * on a free port, and the project's rule for a missing browser: skipped with a loud banner, or failing
 * when CI=true (as tests/gpu/gpuTestSupport.ts does for a missing adapter).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';
import type { TestContext } from 'vitest';
import { gpuMissingBanner } from '../gpu/gpuTestSupport.ts';

export const CHROMIUM = '/usr/lib/chromium/chromium';

const COMMON_ARGS = ['--headless', '--no-sandbox', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--disable-dev-shm-usage'];
/** Headless WebGPU on SwiftShader; WebGL through ANGLE on the same Vulkan driver. */
export const WEBGPU_ARGS = [...COMMON_ARGS, '--enable-unsafe-webgpu', '--use-angle=vulkan', '--use-vulkan=swiftshader', '--enable-features=Vulkan'];
/** The same browser without WebGPU (requestAdapter gives null): the page must fall back to the CPU worker. */
export const NO_WEBGPU_ARGS = [...COMMON_ARGS, '--use-angle=vulkan', '--use-vulkan=swiftshader', '--enable-features=Vulkan', '--disable-features=WebGPU'];

/** Skips (loudly) or, under CI=true, fails a test when Chromium is missing; true when it may run. */
export function requireChromium(ctx: TestContext): boolean {
  if (existsSync(CHROMIUM)) return true;
  const failing = process.env.CI === 'true';
  const banner = gpuMissingBanner(`${ctx.task.file?.name ?? ''} > ${ctx.task.name}`, `no browser at ${CHROMIUM}: install Debian chromium (see .ci/run)`, failing);
  console.warn(banner);
  if (failing) throw new Error(banner);
  ctx.skip(`no ${CHROMIUM}`);
  return false;
}

export interface ServedPages {
  /** http://127.0.0.1:PORT/ */
  url: string;
  close(): Promise<void>;
}

/** Builds the pages (vite build) into a temporary folder and serves them on a free port. */
export async function buildAndServe(): Promise<ServedPages> {
  const outDir = mkdtempSync(join(tmpdir(), 'exorepair-pages-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({ logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const port = (server.httpServer.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/`,
    async close() {
      await server.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export function launchChromium(args: readonly string[]): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: [...args] });
}

/** Collects console errors and uncaught page errors of `page`. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  return errors;
}

/** Fraction of the canvas's pixels in the screenshot that differ from the page's dark background. */
export function litFraction(png: Buffer, box: { x: number; y: number; width: number; height: number } | null): number {
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
