/**
 * Engine preview page: runs scenarios/engine-demo.json on the CPU backend in the browser and draws the
 * tissue into a canvas each animation frame (a few steps per frame). DOM code lives only in src/app.
 */
import demoScenario from '../../scenarios/engine-demo.json';
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { renderTissue } from '../analysis/tissueImage.ts';
import { validateScenario } from '../scenario/parse.ts';
import { CpuBackend } from '../sim/cpu/CpuBackend.ts';
import { createInitialState } from '../sim/initialState.ts';
import { dayOfStep } from '../sim/runArm.ts';
import { resolveRun } from '../sim/runSetup.ts';

const STEPS_PER_FRAME = 2;

const parsed = validateScenario(demoScenario, 'engine-demo.json');
const setup = resolveRun(parsed, 'baseline');
const backend = new CpuBackend(setup, createInitialState(setup), new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName).base);
const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
const radii = setup.model.compiled.spec.cellTypes.map((c) => setup.values.get(`${c.name}.radius`)!);

const canvas = document.querySelector<HTMLCanvasElement>('#tissue')!;
const dayLabel = document.querySelector<HTMLSpanElement>('#day')!;
const readouts = document.querySelector<HTMLTableElement>('#readouts')!;
canvas.width = setup.grid.nx * 4;
canvas.height = setup.grid.ny * 4;
const context = canvas.getContext('2d')!;
let playing = false;

async function draw(): Promise<void> {
  const state = await backend.readState();
  const img = renderTissue(setup.model.compiled, setup.grid, state, 0, setup.defectMask, radii, 4);
  context.putImageData(new ImageData(new Uint8ClampedArray(img.data.buffer as ArrayBuffer, img.data.byteOffset, img.data.byteLength), img.width, img.height), 0, 0);
  dayLabel.textContent = `day ${dayOfStep(setup, state.step).toFixed(2)} of ${setup.scenario.time.days}`;
  if (table.rows === 0 || state.step % setup.outputEvery === 0) table.append(dayOfStep(setup, state.step), await backend.readBase());
  const rows = [...table.finalValues()].map(([name, v]) => `<tr><th>${name}</th><td>${Number.isNaN(v) ? '—' : v.toPrecision(4)}</td></tr>`);
  readouts.innerHTML = rows.join('');
}

async function frame(): Promise<void> {
  if (!playing) return;
  const left = setup.totalSteps - backend.step;
  if (left <= 0) {
    playing = false;
    return;
  }
  await backend.advance(Math.min(STEPS_PER_FRAME, left));
  await draw();
  requestAnimationFrame(() => void frame());
}

document.querySelector('#play')!.addEventListener('click', () => {
  if (playing) return;
  playing = true;
  void frame();
});
document.querySelector('#pause')!.addEventListener('click', () => {
  playing = false;
});
void draw();
