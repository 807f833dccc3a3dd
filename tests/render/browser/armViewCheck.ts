/**
 * Check page for src/render in a real browser (tests/render/armView.e2e.test.ts serves it with vite's dev
 * server): two arm views of the reduced skin wound side by side in one pixi Application, from the GPU
 * backend on pixi's WebGPU renderer (?mode=gpu, one shared GPUDevice) or from the CPU backend on pixi's
 * WebGL renderer (?mode=cpu). Publishes window.__armCheck: what was drawn and the heat-map colours
 * expected at chosen canvas pixels, for the test to compare with a screenshot.
 */
import { Application, type Container } from 'pixi.js';
import skinWound from '../../../scenarios/skin-wound.json';
import { createArmView, type ArmView } from '../../../src/render/armView.ts';
import { colourField, fieldScale } from '../../../src/render/fieldColours.ts';
import { packAgentSprites, spriteRadii } from '../../../src/render/spriteData.ts';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { REDUCED_SKIN_WOUND } from '../../../src/scenario/reducedSkinWound.ts';
import { CpuBackend } from '../../../src/sim/cpu/CpuBackend.ts';
import '../../../src/sim/gpu/bundledShaders.ts';
import { GpuBackend } from '../../../src/sim/gpu/GpuBackend.ts';
import { findAdapter, openDeviceFor } from '../../../src/sim/gpu/gpuDevice.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { resolveRun } from '../../../src/sim/runSetup.ts';
import type { SimState } from '../../../src/sim/state.ts';

export const VIEW_PX = 420;
export const GAP_PX = 12;
const STEPS = 4;
/** Field drawn: vegf, whose values vary across the wound. */
const FIELD_NAME = 'vegf';

export interface Probe {
  /** Canvas pixel. */
  x: number;
  y: number;
  /** Expected RGB of the heat map there (colourField of the arm's state). */
  rgb: [number, number, number];
}

export interface ArmCheck {
  ready: boolean;
  error: string | null;
  mode: string;
  /** pixi RendererType: 1 WebGL, 2 WebGPU. */
  renderer: number;
  /** GPU mode: bytes read back by both backends during update() + render() (must be 0). */
  bytesReadDrawing: number;
  probes: Probe[];
  /** Canvas px of voxel centres on the defect outline's left edge (white over the heat map). */
  outline: { x: number; y: number }[];
  /** Median wall time of one draw of both views (GPU: copies + render until the queue is idle; CPU: pack + upload + render), ms. */
  drawMs: number;
  /** Shows or hides the agents and outline of both views, and renders. */
  show(agents: boolean): Promise<void>;
}

const check: ArmCheck = { ready: false, error: null, mode: '', renderer: 0, bytesReadDrawing: -1, probes: [], outline: [], drawMs: -1, show: async () => {} };
(window as unknown as { __armCheck: ArmCheck }).__armCheck = check;

function layer(view: ArmView, label: string): Container {
  const found = view.domain.children.find((c) => c.label === label);
  if (!found) throw new Error(`arm view has no layer "${label}"`);
  return found;
}

async function start(): Promise<void> {
  const mode = new URLSearchParams(location.search).get('mode') ?? 'gpu';
  check.mode = mode;
  const parsed = validateScenario(skinWound, 'skin-wound.json', [...REDUCED_SKIN_WOUND]);
  const setups = [resolveRun(parsed, 'untreated'), resolveRun(parsed, 'treated')];
  const field = setups[0].model.compiled.fieldIndex[FIELD_NAME];
  const app = new Application();
  let views: ArmView[];
  let states: () => Promise<SimState[]>;
  let draw: () => Promise<void>;

  if (mode === 'gpu') {
    const found = await findAdapter();
    if (!found.adapter) throw new Error(found.reason);
    const device = await openDeviceFor(found.adapter, setups[0]);
    device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));
    const backends = await Promise.all(setups.map((s) => GpuBackend.create(s, createInitialState(s), [], device)));
    for (const b of backends) await b.advance(STEPS);
    await app.init({ preference: 'webgpu', gpu: { adapter: found.adapter, device }, width: 2 * VIEW_PX + GAP_PX, height: VIEW_PX, background: '#101418', antialias: false, autoStart: false });
    views = await Promise.all(setups.map((s, k) => createArmView(app, s, { kind: 'gpu', backend: backends[k] }, { sizePx: VIEW_PX, title: s.armName, field })));
    states = () => Promise.all(backends.map((b) => b.readState()));
    draw = async () => {
      const before = backends[0].bytesRead + backends[1].bytesRead;
      for (const v of views) v.update();
      app.render();
      await device.queue.onSubmittedWorkDone();
      check.bytesReadDrawing = backends[0].bytesRead + backends[1].bytesRead - before;
    };
  } else {
    const backends = setups.map((s) => new CpuBackend(s, createInitialState(s), []));
    for (const b of backends) await b.advance(STEPS);
    await app.init({ preference: 'webgl', width: 2 * VIEW_PX + GAP_PX, height: VIEW_PX, background: '#101418', antialias: false, autoStart: false });
    views = await Promise.all(setups.map((s) => createArmView(app, s, { kind: 'cpu' }, { sizePx: VIEW_PX, title: s.armName, field })));
    states = () => Promise.all(backends.map((b) => b.readState()));
    draw = async () => {
      const now = await states();
      views.forEach((v, k) => {
        const state = now[k];
        const cells = setups[k].grid.cells;
        v.update({ count: state.count, sprites: packAgentSprites(state, setups[k].model.compiled, spriteRadii(setups[k])), field: state.fields.slice(field * cells, (field + 1) * cells) });
      });
      app.render();
    };
  }
  check.renderer = app.renderer.type;
  views.forEach((v, k) => {
    v.container.x = k * (VIEW_PX + GAP_PX);
    app.stage.addChild(v.container);
  });
  document.querySelector('#stage')!.appendChild(app.canvas);

  // Expected heat-map colours at voxel centres along a diagonal, away from the title and scale bar.
  const now = await states();
  const grid = setups[0].grid;
  const pxPerVoxel = VIEW_PX / grid.nx;
  now.forEach((state, k) => {
    const values = state.fields.subarray(field * grid.cells, (field + 1) * grid.cells);
    const rgba = colourField(values, fieldScale(setups[k].model.compiled.spec.fields[field].typicalMax), grid.nx, grid.ny, new Uint8Array(grid.cells * 4));
    for (let n = 0; n < 12; n++) {
      const i = Math.floor(((n + 2) / 16) * grid.nx);
      const j = Math.floor(((n + 3) / 16) * grid.ny);
      const p = (j * grid.nx + i) * 4;
      check.probes.push({ x: Math.floor(k * (VIEW_PX + GAP_PX) + (i + 0.5) * pxPerVoxel), y: Math.floor((j + 0.5) * pxPerVoxel), rgb: [rgba[p], rgba[p + 1], rgba[p + 2]] });
    }
  });
  // The defect's left edge in the middle row: the first voxel inside, its left edge.
  const mask = setups[0].defectMask;
  const mid = Math.floor(grid.ny / 2);
  const first = Array.from({ length: grid.nx }, (_, i) => mask[mid * grid.nx + i]).indexOf(1);
  check.outline = [0, 1].map((k) => ({ x: Math.round(k * (VIEW_PX + GAP_PX) + first * pxPerVoxel), y: Math.floor((mid + 0.5) * pxPerVoxel) }));

  check.show = async (agents) => {
    for (const v of views) {
      layer(v, 'agents').visible = agents;
      layer(v, 'defect outline').visible = agents;
    }
    await draw();
  };
  await check.show(true);
  const times: number[] = [];
  for (let k = 0; k < 9; k++) {
    const t0 = performance.now();
    await draw();
    times.push(performance.now() - t0);
  }
  check.drawMs = times.sort((a, b) => a - b)[4];
  check.ready = true;
}

start().catch((e: unknown) => {
  check.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  console.error(e);
});
