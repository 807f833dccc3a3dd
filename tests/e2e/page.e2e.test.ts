/**
 * The twin page (index.html) in headless Chromium: on WebGPU (SwiftShader) and, with WebGPU disabled, on
 * the CPU backend in a Web Worker. Checks that the page loads without console errors, both twins advance,
 * the treated arm diverges from the untreated one, the charts update, a share link reproduces the same
 * read-outs, a lost device continues on the CPU, a malformed scenario file is reported by JSON path while
 * the run goes on, and the controls restart the run with the edited dose. Screenshots go to test-output/.
 * The page publishes window.__exorepair (src/app/main.ts) for these checks.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReadoutTableData } from '../../src/analysis/readoutTable.ts';
import { BUNDLED_SCENARIOS, runSets } from '../../src/app/bundledScenarios.ts';
import type { PageRun } from '../../src/app/pageRun.ts';
import { encodePageRun } from '../../src/app/shareUrl.ts';
import type { PageStatus } from '../../src/app/twinPage.ts';
import { buildAndServe, collectErrors, launchChromium, litFraction, NO_WEBGPU_ARGS, requireChromium, WEBGPU_ARGS, type ServedPages } from './browserSupport.ts';

interface Hooks {
  status(): PageStatus;
  tables(): [ReadoutTableData, ReadoutTableData] | null;
  run(): PageRun | null;
  loseDevice(): boolean;
}
type HookWindow = Window & { __exorepair?: Hooks };

let served: ServedPages | undefined;
const browsers: Browser[] = [];

afterAll(async () => {
  for (const b of browsers) await b.close();
  await served?.close();
});

async function pages(): Promise<ServedPages> {
  served ??= await buildAndServe();
  return served;
}

async function open(args: readonly string[], url?: string): Promise<{ page: Page; errors: string[] }> {
  const served = await pages();
  const browser = await launchChromium(args);
  browsers.push(browser);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = collectErrors(page);
  await page.goto(url ?? served.url);
  await page.waitForFunction(() => {
    const s = (window as HookWindow).__exorepair?.status();
    // Ready, and the page has finished showing the run (the share link is its last step).
    return !!s && ((s.ready && (document.querySelector<HTMLInputElement>('#share-url')?.value ?? '') !== '') || s.error !== null);
  }, undefined, { timeout: 60_000, polling: 200 });
  return { page, errors };
}

const status = (page: Page) => page.evaluate(() => (window as HookWindow).__exorepair!.status());
const tables = (page: Page) => page.evaluate(() => (window as HookWindow).__exorepair!.tables()!);

/** Plays at 32 steps per frame (keyboard: Play has focus, Enter) until both arms have `rows` rows, then pauses. */
async function playUntilRows(page: Page, rows: number, timeout = 150_000): Promise<void> {
  await page.selectOption('#speed', '32');
  await page.focus('#play');
  await page.keyboard.press('Enter');
  await page.waitForFunction(
    (n) => {
      const s = (window as HookWindow).__exorepair!.status();
      return s.error !== null || (s.rows[0] >= n && s.rows[1] >= n);
    },
    rows,
    { timeout, polling: 250 },
  );
  await page.click('#pause');
  const s = await status(page);
  expect(s.error).toBeNull();
}

/** Names of read-outs whose values differ between the arms at `row`, leaving out the dose's own amounts. */
function differing(data: [ReadoutTableData, ReadoutTableData], row: number): string[] {
  return data[0].names.filter((name, k) => !name.startsWith('exosome') && data[0].columns[k][row] !== data[1].columns[k][row]);
}

async function screenshot(page: Page, name: string): Promise<Buffer> {
  mkdirSync('test-output', { recursive: true });
  return page.screenshot({ path: `test-output/${name}`, fullPage: true });
}

/** Steps between output rows in the tests' run (output every 2 h at dt 5 min). */
const ROW_STEPS = 24;

/**
 * The link the tests open: the bundled skin wound at its preview scale with an output row every 2 hours
 * (the arms already differ at 3 h on the CPU), so SwiftShader reaches a few rows in a minute.
 */
async function testRunLink(): Promise<string> {
  const skin = BUNDLED_SCENARIOS.find((b) => b.id === 'skin-wound')!;
  const scenario = structuredClone(skin.document) as { time: { output_every_h: number } };
  scenario.time.output_every_h = 2;
  const run: PageRun = { scenario, source: skin.source, sets: runSets(scenario, true), arms: ['untreated', 'treated'] };
  return `#${await encodePageRun(run)}`;
}

let shared: { url: string; data: [ReadoutTableData, ReadoutTableData] } | undefined;

describe.sequential('the twin page', () => {
  it('on WebGPU: loads cleanly, both twins advance, the treated arm diverges, the charts update', async (ctx) => {
    if (!requireChromium(ctx)) return;
    const { page, errors } = await open(WEBGPU_ARGS, (await pages()).url + (await testRunLink()));
    const start = await status(page);
    expect(start.error).toBeNull();
    expect(start.backend).toBe('gpu');
    expect(start.renderer).toBe('webgpu');
    expect(start.preview).toBe(true); // SwiftShader is a fallback adapter: the page starts at preview scale
    await expect(page.locator('#preview-notice').isVisible()).resolves.toBe(true);
    await expect(page.locator('#backend-notice').textContent()).resolves.toContain('WebGPU');

    await playUntilRows(page, 3);
    const s = await status(page);
    const data = await tables(page);
    console.log(`[page/gpu] step ${s.step}, day ${s.day.toFixed(2)}, ${s.frames} frames, median frame ${median(s.frameMs)} ms; ${s.notice}`);
    expect(s.step).toBeGreaterThanOrEqual(2 * ROW_STEPS);
    expect(data[0].days).toEqual(data[1].days);
    expect(differing(data, 0)).toEqual([]); // identical at t = 0: common random numbers, same initial state
    expect(differing(data, 2).length).toBeGreaterThan(0);
    expect(s.bytesReadInFrames).toBe(0); // nothing read back to advance and draw between output times
    const chartRows = await page.locator('#charts [data-rows]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-rows'))));
    expect(chartRows.length).toBeGreaterThan(0);
    expect(Math.min(...chartRows)).toBeGreaterThanOrEqual(3);

    // Clicking a cell shows its type, state and pathway activations: try points in the keratinocyte band
    // (0.8-1.0 mm from the centre of the 2.4 mm preview domain) of the left view until one hits a cell.
    const box = (await page.locator('#stage canvas').boundingBox())!;
    const viewPx = box.height;
    for (let k = 0; k < 12; k++) {
      const r = 820 + 15 * k;
      await page.evaluate(() => document.querySelector('#cell-info')!.replaceChildren());
      await page.mouse.click(box.x + ((1200 + r) / 2400) * viewPx, box.y + (1200 / 2400) * viewPx);
      await page.waitForFunction(() => document.querySelector('#cell-info p') !== null, undefined, { timeout: 30_000 });
      if ((await page.locator('#cell-info table').count()) > 0) break;
    }
    await expect(page.locator('#cell-info table').textContent()).resolves.toMatch(/\(pathway\)/);
    const shot = await screenshot(page, 'page-gpu.png');
    expect(litFraction(shot, box)).toBeGreaterThan(0.02);
    expect(errors).toEqual([]);
    shared = { url: page.url(), data };
    await page.close();
  }, 240_000);

  it('a share link reproduces the same read-outs; a lost device continues on the CPU', async (ctx) => {
    if (!requireChromium(ctx)) return;
    expect(shared, 'needs the first test').toBeDefined();
    expect(shared!.url).toContain('#run=1.');
    const { page, errors } = await open(WEBGPU_ARGS, shared!.url);
    await playUntilRows(page, 3);
    const again = await tables(page);
    for (const arm of [0, 1]) {
      expect(again[arm].days.slice(0, 3)).toEqual(shared!.data[arm].days.slice(0, 3));
      again[arm].columns.forEach((c, k) => expect(c.slice(0, 3), again[arm].names[k]).toEqual(shared!.data[arm].columns[k].slice(0, 3)));
    }

    const lost = await page.evaluate(() => (window as HookWindow).__exorepair!.loseDevice());
    expect(lost).toBe(true);
    await page.waitForFunction(() => (window as HookWindow).__exorepair!.status().backend === 'cpu', undefined, { timeout: 60_000 });
    const after = await status(page);
    expect(after.deviceLosses).toBe(1);
    expect(after.rows[0]).toBe(3); // rows up to the snapshot kept
    await playUntilRows(page, 4);
    const s = await status(page);
    expect(s.backend).toBe('cpu');
    expect(s.step).toBeGreaterThanOrEqual(3 * ROW_STEPS);
    expect(errors).toEqual([]);
    await page.close();
  }, 300_000);

  it('a malformed scenario file is reported by JSON path and the current run goes on; the controls restart the run', async (ctx) => {
    if (!requireChromium(ctx)) return;
    // The page as a newcomer opens it: the default scenario, at preview scale on this software adapter.
    const { page, errors } = await open(WEBGPU_ARGS);
    const start = await status(page);
    expect(start.preview).toBe(true);
    await expect(page.locator('#scenario-title').textContent()).resolves.toContain('6 mm splinted');
    const before = await page.evaluate(() => JSON.stringify((window as HookWindow).__exorepair!.run()));
    const bad = JSON.parse(readFileSync('scenarios/skin-wound.json', 'utf8')) as { arms: { treated: { doses: { amount: number }[] } } };
    bad.arms.treated.doses[0].amount = -5;
    await page.setInputFiles('#load-file', { name: 'bad-wound.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bad)) });
    await page.waitForSelector('#load-errors:not([hidden])');
    await expect(page.locator('#load-errors').textContent()).resolves.toContain('arms.treated.doses.0.amount');
    expect(await page.evaluate(() => JSON.stringify((window as HookWindow).__exorepair!.run()))).toBe(before);
    expect((await status(page)).error).toBeNull();

    // Downloads: the read-outs of both arms with the difference, the view as PNG, the effective scenario.
    const csv = await download(page, '#download-csv');
    expect(csv.toString('utf8').split('\n')[0]).toMatch(/^day,closure_pct_untreated,closure_pct_treated,closure_pct_difference|^day,.*_untreated,.*_treated,.*_difference/);
    const png = await download(page, '#download-png');
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
    writeFileSync('test-output/page-view-download.png', png);
    expect(litFraction(png, { x: 0, y: 0, ...pngSize(png) })).toBeGreaterThan(0.02); // not a blank canvas
    const json = JSON.parse((await download(page, '#download-json')).toString('utf8')) as { domain: { width_um: number } };
    expect(json.domain.width_um).toBe(2400); // the preview scale's --set lines applied

    // Parameters show unit and provenance beside the value.
    await expect(page.locator('#controls').textContent()).resolves.toMatch(/literature|assumed/);
    await page.fill('#amount', '3');
    await page.click('#apply');
    await page.waitForFunction(() => {
      const run = (window as HookWindow).__exorepair!.run() as { scenario: { arms: { treated: { doses: { amount: number }[] } } } } | null;
      return run?.scenario.arms.treated.doses[0].amount === 3;
    }, undefined, { timeout: 60_000 });
    const s = await status(page);
    expect(s.step).toBe(0);
    expect(s.error).toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('without WebGPU: runs on the CPU in a Web Worker, with a notice, and the twins diverge', async (ctx) => {
    if (!requireChromium(ctx)) return;
    const { page, errors } = await open(NO_WEBGPU_ARGS, (await pages()).url + (await testRunLink()));
    const start = await status(page);
    expect(start.error).toBeNull();
    expect(start.backend).toBe('cpu');
    expect(start.renderer).toMatch(/^webgl[12]$/); // this Chromium offers only WebGL1 without the WebGPU flags
    console.log(`[page/cpu] pixi renderer ${start.renderer}`);
    await expect(page.locator('#backend-notice').textContent()).resolves.toContain('CPU backend in a Web Worker');
    await expect(page.locator('#preview-notice').isVisible()).resolves.toBe(true);
    await playUntilRows(page, 3);
    const s = await status(page);
    const data = await tables(page);
    console.log(`[page/cpu] step ${s.step}, day ${s.day.toFixed(2)}, ${s.frames} frames, median frame ${median(s.frameMs)} ms`);
    expect(differing(data, 0)).toEqual([]);
    expect(differing(data, 2).length).toBeGreaterThan(0);
    const shot = await screenshot(page, 'page-cpu.png');
    expect(litFraction(shot, await page.locator('#stage canvas').boundingBox())).toBeGreaterThan(0.02);
    expect(errors).toEqual([]);
    await page.close();
  }, 240_000);
});

function pngSize(png: Buffer): { width: number; height: number } {
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height };
}

/** Clicks `selector` and returns the bytes of the download it starts. */
async function download(page: Page, selector: string): Promise<Buffer> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return readFileSync((await file.path())!);
}

function median(xs: number[]): string {
  return ([...xs].sort((a, b) => a - b)[xs.length >> 1] ?? NaN).toFixed(0);
}
