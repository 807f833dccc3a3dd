/**
 * Starts a page run on the best backend here: WebGPU when the browser offers an adapter (the twins and
 * pixi on one GPUDevice, drawn from GPU buffers), otherwise the CPU backend in a Web Worker with pixi on
 * WebGL (frames sent from the worker). Also used to continue on the CPU after a lost device.
 */
import { Application } from 'pixi.js';
import { createArmView, type ArmView } from '../render/armView.ts';
import { describeAdapter, findAdapter } from '../sim/gpu/gpuDevice.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';
import { startCpuTwins, type CpuTwinClient } from './cpuTwinClient.ts';
import { GpuTwins } from './gpuTwins.ts';
import { resolvePageRun, type PageRun } from './pageRun.ts';
import type { TwinEngine } from './twinEngine.ts';

/** Pixels of each arm's square view, and the gap between the two. */
export const VIEW_PX = 420;
const GAP_PX = 12;

export interface StartedTwins {
  engine: TwinEngine;
  setups: [RunSetup, RunSetup];
  app: Application;
  views: [ArmView, ArmView];
  /** One line for the page: which backend runs and why. */
  notice: string;
  /** The adapter is a software one (isFallbackAdapter), or there is none (CPU worker). */
  slow: boolean;
  /** Updates both views to the current step (GPU: records copies on the device; CPU: fetches a frame). */
  draw(field: number): Promise<void>;
  /** Which arm and which domain point (µm) a canvas pixel shows, or null outside the views. */
  locate(px: number, py: number): { arm: 0 | 1; x: number; y: number } | null;
  /** The GPU device, when the run is on WebGPU (to watch for its loss). */
  device: GPUDevice | null;
  destroy(): void;
}

export interface StartOptions {
  /** Continue from these states instead of t = 0 (after a device loss). */
  states?: [SimState, SimState];
  /** Skip WebGPU (continuing on the CPU). */
  cpuOnly?: boolean;
  /** Why the CPU runs, for the notice, when cpuOnly. */
  cpuReason?: string;
  field: number;
  armTitles: [string, string];
}

/** A CPU worker client as a TwinEngine. */
function cpuEngine(client: CpuTwinClient, setups: readonly [RunSetup, RunSetup]): TwinEngine {
  void setups;
  return {
    kind: 'cpu',
    get step() {
      return client.step;
    },
    advance: (steps) => client.advance(steps),
    readBase: () => client.readBase(),
    readStates: () => client.readStates(),
    pick: (arm, x, y) => client.pick(arm, x, y),
    dispose: () => client.terminate(),
  };
}

async function createApp(setup: RunSetup, options: Parameters<Application['init']>[0]): Promise<Application> {
  const app = new Application();
  const height = Math.round((VIEW_PX * setup.grid.height) / setup.grid.width);
  await app.init({ width: 2 * VIEW_PX + GAP_PX, height, background: '#101418', antialias: false, autoStart: false, ...options });
  return app;
}

/** Starts `run` (validated first: a ScenarioError names each bad path). */
export async function startTwins(run: PageRun, options: StartOptions): Promise<StartedTwins> {
  const setups = resolvePageRun(run);
  const model = setups[0].model;
  const found = options.cpuOnly
    ? { adapter: null, reason: options.cpuReason ?? 'continuing on the CPU' }
    : model.gpuRules === undefined
      ? { adapter: null, reason: `the ${model.compiled.spec.id} model has no WebGPU rules yet` }
      : await findAdapter();
  let engine: TwinEngine;
  let app: Application;
  let views: ArmView[];
  let notice: string;
  let slow: boolean;
  let device: GPUDevice | null = null;
  let cpu: CpuTwinClient | null = null;

  if (found.adapter) {
    const adapter = found.adapter;
    const twins = await GpuTwins.create(adapter, setups, options.states);
    device = twins.device;
    engine = twins;
    app = await createApp(setups[0], { preference: 'webgpu', gpu: { adapter, device } });
    views = await Promise.all(
      setups.map((setup, k) => createArmView(app, setup, { kind: 'gpu', backend: twins.backends[k] }, { sizePx: VIEW_PX, title: options.armTitles[k], field: options.field })),
    );
    slow = adapter.info?.isFallbackAdapter === true;
    notice = `WebGPU: ${describeAdapter(adapter)}; the simulation and the drawing share one GPU device`;
  } else {
    cpu = await startCpuTwins(run, options.states);
    engine = cpuEngine(cpu, setups);
    app = await createApp(setups[0], { preference: 'webgl' });
    views = await Promise.all(setups.map((setup, k) => createArmView(app, setup, { kind: 'cpu' }, { sizePx: VIEW_PX, title: options.armTitles[k], field: options.field })));
    slow = true;
    notice = `CPU backend in a Web Worker (${found.reason})`;
  }
  views.forEach((v, k) => {
    v.container.x = k * (VIEW_PX + GAP_PX);
    app.stage.addChild(v.container);
  });
  const pair: [ArmView, ArmView] = [views[0], views[1]];

  return {
    engine,
    setups,
    app,
    views: pair,
    notice,
    slow,
    device,
    async draw(field) {
      if (cpu) {
        const frame = await cpu.frame(field);
        pair.forEach((v, k) => {
          v.setField(field);
          v.update(frame.arms[k]);
        });
      } else {
        for (const v of pair) {
          v.setField(field);
          v.update();
        }
      }
      app.render();
    },
    locate(px, py) {
      const arm: 0 | 1 = px < VIEW_PX + GAP_PX / 2 ? 0 : 1;
      const grid = setups[arm].grid;
      // Each view shows its domain VIEW_PX wide (armView.ts), scaled uniformly.
      const umPerPx = grid.width / VIEW_PX;
      const x = (px - arm * (VIEW_PX + GAP_PX)) * umPerPx;
      const y = py * umPerPx;
      return x >= 0 && x < grid.width && y >= 0 && y < grid.height ? { arm, x, y } : null;
    },
    destroy() {
      for (const v of pair) v.destroy();
      app.destroy({ removeView: true });
      engine.dispose();
    },
  };
}
