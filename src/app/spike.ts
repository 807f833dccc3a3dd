/**
 * Spike page (spike.html): pixi.js 8 and the GPU backend share one GPUDevice, and the agents are drawn
 * straight from the backend's agent buffer (src/render/agentLayer.ts) with no per-frame read-back.
 * Runs the validation suite's reduced skin wound (2.4 mm square, 0.8 mm defect), a few steps per frame,
 * and publishes its progress on window.__spike for the e2e test (tests/e2e/spike.e2e.test.ts).
 */
import { Application } from 'pixi.js';
import skinWound from '../../scenarios/skin-wound.json';
import type { ReadoutSpec } from '../model/types.ts';
import { createAgentLayer } from '../render/agentLayer.ts';
import { validateScenario } from '../scenario/parse.ts';
import '../sim/gpu/bundledShaders.ts';
import { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import { describeAdapter, findAdapter, openDeviceFor } from '../sim/gpu/gpuDevice.ts';
import { createInitialState } from '../sim/initialState.ts';
import { resolveRun } from '../sim/runSetup.ts';
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { REDUCED_SKIN_WOUND } from '../scenario/reducedSkinWound.ts';

/** What the page reports on window.__spike. */
export interface SpikeStatus {
  ready: boolean;
  error: string | null;
  adapter: string;
  frames: number;
  steps: number;
  /** Live agents, from a read-out (readBase) at start-up and after the last frame counted. */
  agentsAtStart: number;
  capacity: number;
  /** GpuRun.bytesRead summed over frame loop iterations only (advance + draw): must stay 0. */
  bytesReadInFrames: number;
  /** Wall time per frame (advance + sprite copy + render), ms, last 120 frames. */
  frameMs: number[];
  /** Of which the drawing: sprite copy + pixi render until the queue is idle, ms, last 120 frames. */
  drawMs: number[];
  sharedDevice: boolean;
}

const STEPS_PER_FRAME = 2;
const CANVAS_PX = 600;

const status: SpikeStatus = {
  ready: false,
  error: null,
  adapter: '',
  frames: 0,
  steps: 0,
  agentsAtStart: 0,
  capacity: 0,
  bytesReadInFrames: 0,
  frameMs: [],
  drawMs: [],
  sharedDevice: false,
};
(window as unknown as { __spike: SpikeStatus }).__spike = status;
const label = document.querySelector<HTMLParagraphElement>('#status')!;

async function start(): Promise<void> {
  const setup = resolveRun(validateScenario(skinWound, 'skin-wound.json', [...REDUCED_SKIN_WOUND]), 'treated');
  const found = await findAdapter();
  if (!found.adapter) throw new Error(found.reason);
  const adapter = found.adapter;
  status.adapter = describeAdapter(adapter);
  const device = await openDeviceFor(adapter, setup);
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${(e as GPUUncapturedErrorEvent).error.message}`));

  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const allTypes = setup.model.compiled.spec.cellTypes.map((c) => c.name);
  const population: ReadoutSpec = { name: 'spike_population', unit: 'cells', definition: 'all agents', reduction: { kind: 'count', agents: { types: allTypes }, region: 'domain' } };
  const base = [...table.base, population];
  const backend = await GpuBackend.create(setup, createInitialState(setup), base, device);
  status.capacity = backend.run.capacity;
  status.agentsAtStart = (await backend.readBase())[base.length - 1];

  const app = new Application();
  await app.init({ preference: 'webgpu', gpu: { adapter, device }, width: CANVAS_PX, height: CANVAS_PX, background: '#101418', antialias: false, autoStart: false });
  status.sharedDevice = (app.renderer as unknown as { gpu?: { device: GPUDevice } }).gpu?.device === device;
  document.querySelector('#stage')!.appendChild(app.canvas);

  const radii = setup.model.compiled.spec.cellTypes.map((c) => setup.values.get(`${c.name}.radius`)!);
  const layer = await createAgentLayer(app, backend, radii);
  layer.view.scale.set(CANVAS_PX / setup.grid.width);
  app.stage.addChild(layer.view);
  status.ready = true;

  const frame = async (): Promise<void> => {
    if (backend.step >= setup.totalSteps) return;
    const t0 = performance.now();
    const before = backend.bytesRead;
    await backend.advance(Math.min(STEPS_PER_FRAME, setup.totalSteps - backend.step));
    const t1 = performance.now();
    layer.update();
    app.render();
    // Measurement only (a fence, nothing is copied back): how long the GPU takes to draw.
    await device.queue.onSubmittedWorkDone();
    status.drawMs.push(performance.now() - t1);
    if (status.drawMs.length > 120) status.drawMs.shift();
    status.bytesReadInFrames += backend.bytesRead - before;
    status.frames += 1;
    status.steps = backend.step;
    status.frameMs.push(performance.now() - t0);
    if (status.frameMs.length > 120) status.frameMs.shift();
    label.textContent = `${status.adapter} · step ${status.steps} · frame ${status.frames} · ${status.agentsAtStart} agents at start · ${status.bytesReadInFrames} B read back in frames`;
    requestAnimationFrame(() => void frame().catch(fail));
  };
  requestAnimationFrame(() => void frame().catch(fail));
}

function fail(e: unknown): void {
  status.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  label.textContent = `error: ${status.error}`;
  console.error(e);
}

start().catch(fail);
