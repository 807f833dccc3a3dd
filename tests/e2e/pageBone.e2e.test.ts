/**
 * The twin page (index.html) with a bone scenario on WebGPU (SwiftShader) in headless Chromium: the user
 * picks the bundled fracture gap at preview scale and applies it; the bone model's WGSL rules then run
 * both arms on the GPU (not the CPU worker). Checks that both twins advance in lockstep, the bone
 * read-outs reach the tables, the arms agree at t = 0 and differ once the treated arm's day-0 dose has
 * acted, the charts update, the view is drawn and the console stays clean. The screenshot goes to
 * test-output/. The page publishes window.__exorepair (src/app/main.ts) for these checks.
 */
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, expect, it } from 'vitest';
import type { ReadoutTableData } from '../../src/analysis/readoutTable.ts';
import { bundledScenario } from '../../src/app/bundledScenarios.ts';
import { resolvePageRun, type PageRun } from '../../src/app/pageRun.ts';
import type { PageStatus } from '../../src/app/twinPage.ts';
import { MechanicsUpdate } from '../../src/sim/mechanics/updateMechanics.ts';
import { buildAndServe, collectErrors, launchChromium, litFraction, requireChromium, WEBGPU_ARGS, type ServedPages } from './browserSupport.ts';

interface Hooks {
  status(): PageStatus;
  tables(): [ReadoutTableData, ReadoutTableData] | null;
  run(): PageRun | null;
  scenarios(): string[];
}
type HookWindow = Window & { __exorepair?: Hooks };

const SCENARIO = 'fracture-gap';
/** Rows played per arm: t = 0 and the first two output times (12 h apart in fracture-gap.json). */
const ROWS = 3;
/** Steps per frame while playing (the page's fastest speed). */
const SPEED = '32';
/** Read-outs that must be recorded, and finite at every row. */
const BONE_READOUTS = ['bone_fraction_gap', 'cartilage_fraction_gap', 'woven_fraction_gap', 'osteoblast_count', 'msc_count', 'macrophage_count'];

let served: ServedPages | undefined;
let browser: Browser | undefined;

afterAll(async () => {
  await browser?.close();
  await served?.close();
});

const status = (page: Page) => page.evaluate(() => (window as HookWindow).__exorepair!.status());
const shareUrl = (page: Page) => page.locator('#share-url').inputValue();

/** Waits until the page has shown a run to its last step (the share link) or reported an error. */
async function waitShown(page: Page, previousLink: string): Promise<void> {
  await page.waitForFunction(
    (previous) => {
      const s = (window as HookWindow).__exorepair?.status();
      const link = document.querySelector<HTMLInputElement>('#share-url')?.value ?? '';
      return !!s && ((s.ready && link !== '' && link !== previous) || s.error !== null);
    },
    previousLink,
    { timeout: 60_000, polling: 200 },
  );
}

/** Names of read-outs whose values differ between the arms at `row`, leaving out the dose's own amounts. */
function differing(data: [ReadoutTableData, ReadoutTableData], row: number): string[] {
  return data[0].names.filter((name, k) => !name.startsWith('exosome') && data[0].columns[k][row] !== data[1].columns[k][row]);
}

it('the page runs the fracture gap on WebGPU: both twins advance, bone read-outs recorded, the treated arm diverges', async (ctx) => {
  if (!requireChromium(ctx)) return;
  const bundled = bundledScenario(SCENARIO);
  expect(bundled?.preview, `${SCENARIO} should be bundled with a preview scale`).toBeTruthy();
  const time = (bundled!.document as { time: { output_every_h: number; dt_min: number } }).time;
  const rowSteps = (time.output_every_h * 60) / time.dt_min;

  served = await buildAndServe();
  browser = await launchChromium(WEBGPU_ARGS);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = collectErrors(page);
  await page.goto(served.url);
  await waitShown(page, '');
  expect(await page.evaluate(() => (window as HookWindow).__exorepair!.scenarios())).toContain(SCENARIO);

  // Pick the scenario as a user would, preview scale on, and apply.
  const before = await shareUrl(page);
  await page.selectOption('#scenario', SCENARIO);
  await page.setChecked('#preview', true);
  await page.click('#apply');
  await waitShown(page, before);
  const start = await status(page);
  expect(start.error).toBeNull();
  const run = await page.evaluate(() => (window as HookWindow).__exorepair!.run());
  expect((run?.scenario as { id?: string }).id).toBe(SCENARIO);
  expect(run?.sets).toEqual(bundled!.previewSets);
  expect(start.preview).toBe(true);
  expect(start.backend).toBe('gpu');
  expect(start.renderer).toBe('webgpu');
  const notice = (await page.locator('#backend-notice').textContent()) ?? '';
  expect(notice).toContain('WebGPU');
  expect(notice).not.toContain('CPU backend');
  expect(start.step).toBe(0);
  expect(start.rows).toEqual([1, 1]);
  const field = await page.locator('#field').evaluate((el: HTMLSelectElement) => el.selectedOptions[0]?.dataset.name ?? '');
  console.log(`[page/bone] ${notice}; field shown first: ${field}; ${start.totalSteps} steps, a row every ${rowSteps}`);
  expect(field).toBe('woven_bone');

  // Play at the fastest speed until both arms have ROWS rows, then pause.
  const t0 = Date.now();
  await page.selectOption('#speed', SPEED);
  await page.click('#play');
  await page.waitForFunction(
    (n) => {
      const s = (window as HookWindow).__exorepair!.status();
      return s.error !== null || (s.rows[0] >= n && s.rows[1] >= n);
    },
    ROWS,
    { timeout: 120_000, polling: 250 },
  );
  await page.click('#pause');
  const s = await status(page);
  const data = (await page.evaluate(() => (window as HookWindow).__exorepair!.tables()))!;
  const frameMs = [...s.frameMs].sort((a, b) => a - b)[s.frameMs.length >> 1] ?? NaN;
  console.log(`[page/bone] played ${((Date.now() - t0) / 1000).toFixed(1)} s: step ${s.step}, day ${s.day.toFixed(2)}, ${s.frames} frames, median frame ${frameMs.toFixed(0)} ms`);
  expect(s.error).toBeNull();
  expect(s.backend).toBe('gpu');
  expect(s.rows[0]).toBe(s.rows[1]);
  expect(s.step).toBeGreaterThanOrEqual((ROWS - 1) * rowSteps);
  // Between output times only the mechanics update reads back: its tissue fields, of both arms, once a day.
  const setup = resolvePageRun(run!)[0];
  const mechanics = MechanicsUpdate.forRun(setup)!;
  expect(s.bytesReadInFrames).toBe(Math.floor(s.step / mechanics.intervalSteps) * mechanics.tissueFields.length * setup.grid.cells * 4 * 2);

  // Both arms' tables: the same output days, the bone read-outs present and finite at every row.
  expect(data[0].days).toEqual(data[1].days);
  expect(data[0].days.slice(0, ROWS)).toEqual(Array.from({ length: ROWS }, (_, k) => (k * rowSteps * time.dt_min) / 1440));
  for (const [arm, table] of data.entries()) {
    for (const name of BONE_READOUTS) {
      const k = table.names.indexOf(name);
      expect(k, `arm ${arm} records ${name}`).toBeGreaterThanOrEqual(0);
      for (const v of table.columns[k].slice(0, ROWS)) expect(Number.isFinite(v), `arm ${arm} ${name} = ${v}`).toBe(true);
    }
  }
  for (const name of BONE_READOUTS) {
    const k = data[0].names.indexOf(name);
    console.log(`[page/bone] ${name}: untreated ${data[0].columns[k].slice(0, ROWS).join(', ')}; treated ${data[1].columns[k].slice(0, ROWS).join(', ')}`);
  }
  expect(differing(data, 0)).toEqual([]); // identical at t = 0: common random numbers, same initial state
  for (let row = 1; row < ROWS; row++) console.log(`[page/bone] row ${row}: ${differing(data, row).length} read-outs differ`);
  const diverged = differing(data, ROWS - 1);
  console.log(`[page/bone] differing at day ${data[0].days[ROWS - 1]}: ${diverged.join(', ')}`);
  expect(diverged.length).toBeGreaterThan(0);

  // The charts have the rows; the view is drawn.
  const chartRows = await page.locator('#charts [data-rows]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-readout'), Number(e.getAttribute('data-rows'))] as const));
  console.log(`[page/bone] charts: ${chartRows.map(([n, r]) => `${n} (${r} rows)`).join(', ')}`);
  expect(chartRows.map(([n]) => n)).toEqual(expect.arrayContaining(['bone_fraction_gap', 'cartilage_fraction_gap']));
  expect(Math.min(...chartRows.map(([, r]) => r))).toBeGreaterThanOrEqual(ROWS);
  mkdirSync('test-output', { recursive: true });
  const shot = await page.screenshot({ path: 'test-output/page-bone-gpu.png', fullPage: true });
  const lit = litFraction(shot, await page.locator('#stage canvas').boundingBox());
  console.log(`[page/bone] lit fraction of the view ${lit.toFixed(3)}`);
  expect(lit).toBeGreaterThan(0.02);
  expect(errors).toEqual([]);
  await page.close();
}, 180_000);
