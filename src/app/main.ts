/**
 * The twin page (index.html): the chosen scenario's reference and compared arms side by side, advancing
 * in lockstep on common random numbers, with controls, live charts, share link and downloads. The run
 * loop is TwinPage (twinPage.ts); this file wires the DOM to it and publishes window.__exorepair.
 */
import 'uplot/dist/uPlot.min.css';
import type { ReadoutTableData } from '../analysis/readoutTable.ts';
import { healingPhases } from '../model/phases.ts';
import { ScenarioError } from '../scenario/errors.ts';
import '../sim/gpu/bundledShaders.ts';
import { findAdapter } from '../sim/gpu/gpuDevice.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import { BUNDLED_SCENARIOS, bundledRun, bundledScenario, isPreviewRun } from './bundledScenarios.ts';
import { defaultChartReadouts } from './chartData.ts';
import { createTwinCharts, type TwinCharts } from './charts.ts';
import { createControlPanel } from './controlPanel.ts';
import { canvasPng, downloadBlob, scenarioJson, twinReadoutsCsv } from './downloads.ts';
import { showCell, renderLegend } from './pageParts.ts';
import type { PageRun } from './pageRun.ts';
import { issueLines, readScenarioFile } from './scenarioFile.ts';
import { decodePageRun, encodePageRun } from './shareUrl.ts';
import { TwinPage, type PageStatus } from './twinPage.ts';

const $ = <T extends HTMLElement>(selector: string): T => {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`index.html has no ${selector}`);
  return el;
};

const ui = {
  title: $<HTMLParagraphElement>('#scenario-title'),
  notice: $<HTMLParagraphElement>('#backend-notice'),
  preview: $<HTMLParagraphElement>('#preview-notice'),
  error: $<HTMLParagraphElement>('#run-error'),
  play: $<HTMLButtonElement>('#play'),
  pause: $<HTMLButtonElement>('#pause'),
  step: $<HTMLButtonElement>('#step'),
  reset: $<HTMLButtonElement>('#reset'),
  speed: $<HTMLSelectElement>('#speed'),
  field: $<HTMLSelectElement>('#field'),
  day: $<HTMLSpanElement>('#day'),
  stage: $<HTMLDivElement>('#stage'),
  legend: $<HTMLDivElement>('#legend'),
  cell: $<HTMLDivElement>('#cell-info'),
  charts: $<HTMLDivElement>('#charts'),
  controls: $<HTMLDivElement>('#controls'),
  share: $<HTMLButtonElement>('#share'),
  shareUrl: $<HTMLInputElement>('#share-url'),
  csv: $<HTMLButtonElement>('#download-csv'),
  png: $<HTMLButtonElement>('#download-png'),
  json: $<HTMLButtonElement>('#download-json'),
  loadFile: $<HTMLInputElement>('#load-file'),
  loadErrors: $<HTMLDivElement>('#load-errors'),
};

let charts: TwinCharts | null = null;
/** The run the charts were made for (a new run's first rows arrive before its charts exist). */
let chartsRun: PageRun | null = null;

const page = new TwinPage(ui.stage, {
  onRows(tables) {
    if (page.run === chartsRun) charts?.update(tables);
  },
  onFrame(day, status) {
    const total = page.setups?.[0].scenario.time.days ?? 0;
    ui.day.textContent = `day ${day.toFixed(2)} of ${total}`;
    syncButtons(status);
  },
  onBackend(status) {
    ui.notice.textContent = `Backend: ${status.notice}.`;
    syncButtons(status);
  },
  onError(message) {
    showError(message);
    syncButtons(page.status);
  },
});

function syncButtons(status: PageStatus): void {
  const done = status.step >= status.totalSteps;
  ui.play.disabled = !status.ready || status.playing || done;
  ui.pause.disabled = !status.playing;
  ui.step.disabled = !status.ready || status.playing || done;
}

function showError(message: string | null): void {
  ui.error.hidden = message === null;
  ui.error.textContent = message ?? '';
}

const controls = createControlPanel(ui.controls, {
  onApply(run, preview) {
    void startRun(run, preview);
  },
});

/** The field a model's heat map shows first: what heals (the skin's VEGF drive, the bone's new woven bone). */
const FIRST_FIELD: Readonly<Record<string, string>> = { skin: 'vegf', bone: 'woven_bone' };

let fieldPickerModel = '';

/** Fills the field picker for the model (keeps the chosen field when the model has it). */
function fillFieldPicker(setup: RunSetup): void {
  const fields = setup.model.compiled.spec.fields;
  const model = setup.model.compiled.spec.id;
  // Keep the chosen field across runs of the same model; a new model starts at its own first field.
  const previous = model === fieldPickerModel ? ui.field.selectedOptions[0]?.dataset.name : undefined;
  fieldPickerModel = model;
  ui.field.replaceChildren(
    ...fields.map((f, k) => {
      const option = document.createElement('option');
      option.value = String(k);
      option.dataset.name = f.name;
      option.textContent = `${f.label} (${f.unit})`;
      return option;
    }),
  );
  const first = FIRST_FIELD[model];
  const preferred = [previous, first, 'vegf', 'oxygen'].map((name) => fields.findIndex((f) => f.name === name)).find((k) => k >= 0) ?? 0;
  ui.field.value = String(preferred);
  page.field = preferred;
}

/** Starts a run: validated, drawn, charted, and put into the address bar as a share link. */
async function startRun(run: PageRun, preview: boolean): Promise<void> {
  showError(null);
  ui.notice.textContent = 'starting…';
  try {
    await page.start(run, preview);
  } catch (e) {
    showError(e instanceof ScenarioError ? e.message : `${(e as Error).name}: ${(e as Error).message}`);
    return;
  }
  const setups = page.setups!;
  const setup = setups[0];
  fillFieldPicker(setup);
  await page.draw();
  ui.title.textContent = `${setup.scenario.title} — ${run.arms[0]} (left) vs ${run.arms[1]} (right), seed ${setup.seed}`;
  const bundled = bundledScenario(setup.scenario.id);
  ui.preview.hidden = !preview;
  ui.preview.textContent = preview
    ? `Preview scale: ${bundled?.previewLabel ?? 'reduced'}. ${page.status.backend === 'gpu' ? 'This WebGPU adapter is a software one' : 'The CPU backend runs'}, too slow for the full scenario; untick "preview scale" and Apply to run it in full.`
    : '';
  renderLegend(ui.legend, setup, page.field);
  charts?.destroy();
  const byName = setup.model.compiled.readoutByName;
  const names = defaultChartReadouts(setup.model.compiled.spec.id, setup.readouts.map((r) => r.name));
  chartsRun = run;
  charts = createTwinCharts(ui.charts, { readouts: names.map((n) => byName.get(n)!), armLabels: [run.arms[0], run.arms[1]], phases: healingPhases(setup.model.compiled.spec.id), days: setup.scenario.time.days });
  if (page.tables) charts.update(page.tables);
  controls.setRun(run, preview);
  ui.cell.replaceChildren();
  const link = await encodePageRun(run);
  history.replaceState(null, '', `#${link}`);
  ui.shareUrl.value = location.href;
  syncButtons(page.status);
}

ui.play.addEventListener('click', () => {
  page.play();
  syncButtons(page.status);
});
ui.pause.addEventListener('click', () => {
  page.pause();
  syncButtons(page.status);
});
ui.step.addEventListener('click', () => void page.stepOnce());
ui.reset.addEventListener('click', () => {
  if (page.run) void startRun(page.run, page.status.preview);
});
ui.speed.addEventListener('change', () => {
  page.speed = Number(ui.speed.value);
});
ui.field.addEventListener('change', () => {
  page.field = Number(ui.field.value);
  if (page.setups) renderLegend(ui.legend, page.setups[0], page.field);
  void page.draw();
});

ui.stage.addEventListener('click', (e) => {
  const twins = page.twins;
  const canvas = twins?.app.canvas;
  if (!twins || !canvas || e.target !== canvas) return;
  const px = (e.offsetX / canvas.clientWidth) * twins.app.screen.width;
  const py = (e.offsetY / canvas.clientHeight) * twins.app.screen.height;
  const at = twins.locate(px, py);
  if (!at) return;
  void twins.engine.pick(at.arm, at.x, at.y).then((cell) => showCell(ui.cell, page.run!.arms[at.arm], at, cell));
});

ui.share.addEventListener('click', () => {
  ui.shareUrl.select();
  void navigator.clipboard?.writeText(ui.shareUrl.value).catch(() => {});
});
ui.csv.addEventListener('click', () => {
  if (page.run && page.tables) downloadBlob(`${page.setups![0].scenario.id}-readouts.csv`, new Blob([twinReadoutsCsv(page.run.arms, page.tables)], { type: 'text/csv' }));
});
ui.json.addEventListener('click', () => {
  if (page.run) downloadBlob(`${page.setups![0].scenario.id}.json`, new Blob([scenarioJson(page.run)], { type: 'application/json' }));
});
ui.png.addEventListener('click', () => {
  const twins = page.twins;
  if (!twins) return;
  // Render and read the canvas in the same task: a WebGPU canvas is only readable before it is presented.
  twins.app.render();
  void canvasPng(twins.app.canvas).then((blob) => downloadBlob(`${page.setups![0].scenario.id}-day-${page.status.day.toFixed(2)}.png`, blob));
});
ui.loadFile.addEventListener('change', () => {
  const file = ui.loadFile.files?.[0];
  if (!file) return;
  void file.text().then((text) => {
    const result = readScenarioFile(file.name, text);
    ui.loadErrors.hidden = result.ok;
    if (!result.ok) {
      // The current run goes on untouched.
      ui.loadErrors.textContent = [result.title, ...issueLines(result.issues)].join('\n');
      return;
    }
    ui.loadErrors.textContent = '';
    void startRun(result.run, false);
  });
  ui.loadFile.value = '';
});

/** Hooks for debugging in the console and for the e2e tests. */
const hooks = {
  status: (): PageStatus => ({ ...page.status, frameMs: [...page.status.frameMs] }),
  tables: (): [ReadoutTableData, ReadoutTableData] | null => (page.tables ? [page.tables[0].toData(), page.tables[1].toData()] : null),
  run: (): PageRun | null => page.run,
  loseDevice: (): boolean => page.loseDevice(),
  measureDraw: (frames: number): Promise<number[]> => page.measureDraw(frames),
  agents: async (): Promise<[number, number] | null> => {
    const states = await page.twins?.engine.readStates();
    return states ? [states[0].count, states[1].count] : null;
  },
  scenarios: () => BUNDLED_SCENARIOS.map((s) => s.id),
};
(window as unknown as { __exorepair: typeof hooks }).__exorepair = hooks;

/** The run the page opens with: the one in the address bar's link, else the default scenario (preview scale on a slow backend). */
async function initialRun(): Promise<{ run: PageRun; preview: boolean }> {
  if (location.hash.startsWith('#run=')) {
    try {
      const run = await decodePageRun(location.hash.slice(1));
      return { run, preview: isPreviewRun(run) };
    } catch (e) {
      showError(`The link could not be opened: ${(e as Error).message}. Showing the default scenario instead.`);
    }
  }
  const found = await findAdapter();
  const slow = !found.adapter || found.adapter.info?.isFallbackAdapter === true;
  const first = BUNDLED_SCENARIOS[0];
  const preview = slow && first.preview !== null;
  return { run: bundledRun(first, preview), preview };
}

void initialRun().then(({ run, preview }) => startRun(run, preview));
