/**
 * The twin page's run loop: plays a page run (both arms in lockstep), records the read-out rows at the
 * scenario's output times, keeps the last snapshot on WebGPU so a lost device continues on the CPU, and
 * draws each frame. DOM wiring lives in main.ts; this file knows only the few elements it updates.
 */
import { RendererType, type Application, type WebGLRenderer } from 'pixi.js';
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { GpuDeviceLostError } from '../sim/gpu/GpuBackend.ts';
import { dayOfStep } from '../sim/runArm.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';
import type { PageRun } from './pageRun.ts';
import { startTwins, type StartedTwins } from './startTwins.ts';

/** What the page reports on window.__exorepair.status() (for people debugging, and the e2e tests). */
export interface PageStatus {
  ready: boolean;
  playing: boolean;
  error: string | null;
  backend: 'gpu' | 'cpu' | null;
  /** pixi's renderer: 'webgpu', 'webgl2' or 'webgl1'. */
  renderer: string;
  notice: string;
  preview: boolean;
  step: number;
  totalSteps: number;
  day: number;
  /** Rows recorded per arm. */
  rows: [number, number];
  frames: number;
  /** GPU only: bytes read back from the device while advancing and drawing between output times. */
  bytesReadInFrames: number;
  /** Wall time per frame (advance + draw), ms, last 120. */
  frameMs: number[];
  /** Device losses survived (continued on the CPU). */
  deviceLosses: number;
}

interface Snapshot {
  states: [SimState, SimState];
  rows: number;
}

export interface TwinPageHooks {
  /** After each recorded row (both arms). */
  onRows(tables: readonly [ReadoutTable, ReadoutTable]): void;
  /** After each drawn frame. */
  onFrame(day: number, status: PageStatus): void;
  /** When the backend changes (start, device loss). */
  onBackend(status: PageStatus): void;
  onError(message: string): void;
}

export class TwinPage {
  readonly status: PageStatus = {
    ready: false,
    playing: false,
    error: null,
    backend: null,
    renderer: '',
    notice: '',
    preview: false,
    step: 0,
    totalSteps: 0,
    day: 0,
    rows: [0, 0],
    frames: 0,
    bytesReadInFrames: 0,
    frameMs: [],
    deviceLosses: 0,
  };
  twins: StartedTwins | null = null;
  tables: [ReadoutTable, ReadoutTable] | null = null;
  run: PageRun | null = null;
  field = 0;
  speed = 2;
  private busy = false;
  private snapshot: Snapshot | null = null;
  private generation = 0;
  /** Twins whose device loss is being handled. */
  private readonly recovering = new WeakSet<StartedTwins>();

  constructor(
    private readonly stage: HTMLElement,
    private readonly hooks: TwinPageHooks,
  ) {}

  get setups(): [RunSetup, RunSetup] | null {
    return this.twins?.setups ?? null;
  }

  /** Starts `run` from t = 0 (or from `states`), replacing the current one only once the new one is up. */
  async start(run: PageRun, preview: boolean, continueFrom?: { states: [SimState, SimState]; rows: number; reason: string }): Promise<void> {
    const generation = ++this.generation;
    this.pause();
    const arms = run.arms;
    const next = await startTwins(run, {
      field: this.field,
      armTitles: [arms[0], arms[1]],
      states: continueFrom?.states,
      cpuOnly: continueFrom !== undefined,
      cpuReason: continueFrom?.reason,
    });
    if (generation !== this.generation) {
      next.destroy();
      return;
    }
    const old = this.twins;
    const oldTables = this.tables;
    this.twins = next;
    this.run = run;
    try {
      old?.destroy();
    } catch (e) {
      console.warn('releasing the previous run failed', e);
    }
    this.stage.replaceChildren(next.app.canvas);
    const tables = next.setups.map((s) => new ReadoutTable(s.readouts, s.model.compiled.readoutByName)) as [ReadoutTable, ReadoutTable];
    if (continueFrom && oldTables) {
      tables.forEach((t, k) => t.load(truncated(oldTables[k], continueFrom.rows)));
    }
    this.tables = tables;
    this.snapshot = null;
    Object.assign(this.status, {
      ready: true,
      error: null,
      backend: next.engine.kind,
      renderer: rendererName(next.app),
      notice: next.notice,
      preview,
      step: next.engine.step,
      totalSteps: next.setups[0].totalSteps,
      day: dayOfStep(next.setups[0], next.engine.step),
      bytesReadInFrames: 0,
    });
    const device = next.device;
    device?.lost.then((info) => {
      const simulated = (device as SimulatedLoss).__simulatedLoss === true;
      if (info.reason !== 'destroyed' || simulated) void this.continueOnCpu(next, `the WebGPU device was lost (${simulated ? 'simulated' : info.message || info.reason})`);
    });
    if (tables[0].rows === 0) await this.recordRow();
    else this.hooks.onRows(tables);
    this.hooks.onBackend(this.status);
    await this.draw();
  }

  play(): void {
    if (!this.twins || this.status.playing) return;
    this.status.playing = true;
    requestAnimationFrame(() => void this.tick());
  }

  pause(): void {
    this.status.playing = false;
  }

  /** Advances one frame's worth of steps (the speed) while paused. */
  async stepOnce(): Promise<void> {
    if (this.status.playing || this.busy) return;
    await this.advanceFrame();
  }

  private async tick(): Promise<void> {
    if (!this.status.playing) return;
    if (!this.busy) await this.advanceFrame();
    if (this.twins && this.twins.engine.step >= this.twins.setups[0].totalSteps) this.status.playing = false;
    if (this.status.playing) requestAnimationFrame(() => void this.tick());
  }

  /** Advances up to `speed` steps, stopping at the next output time, records a row there, and draws. */
  private async advanceFrame(): Promise<void> {
    const twins = this.twins;
    if (!twins) return;
    const setup = twins.setups[0];
    const step = twins.engine.step;
    if (step >= setup.totalSteps) return;
    this.busy = true;
    const t0 = performance.now();
    const readBefore = this.bytesRead();
    try {
      const nextOutput = Math.min(setup.totalSteps, (Math.floor(step / setup.outputEvery) + 1) * setup.outputEvery);
      await twins.engine.advance(Math.min(this.speed, nextOutput - step));
      if (this.twins !== twins) return;
      const now = twins.engine.step;
      await this.draw();
      this.status.bytesReadInFrames += this.bytesRead() - readBefore;
      if (now % setup.outputEvery === 0 || now === setup.totalSteps) await this.recordRow();
      this.status.frames += 1;
      this.status.frameMs.push(performance.now() - t0);
      if (this.status.frameMs.length > 120) this.status.frameMs.shift();
    } catch (e) {
      if (e instanceof GpuDeviceLostError) await this.continueOnCpu(twins, e.message);
      else this.fail(e);
    } finally {
      this.busy = false;
    }
  }

  private bytesRead(): number {
    const engine = this.twins?.engine as { bytesRead?: number } | undefined;
    return engine?.bytesRead ?? 0;
  }

  /** Reads both arms' read-outs at the current step into the tables; on WebGPU also keeps a snapshot. */
  private async recordRow(): Promise<void> {
    const twins = this.twins;
    const tables = this.tables;
    if (!twins || !tables) return;
    const [a, b] = await twins.engine.readBase();
    const day = dayOfStep(twins.setups[0], twins.engine.step);
    tables[0].append(day, a);
    tables[1].append(day, b);
    this.status.rows = [tables[0].rows, tables[1].rows];
    if (twins.engine.kind === 'gpu') this.snapshot = { states: await twins.engine.readStates(), rows: tables[0].rows };
    this.hooks.onRows(tables);
  }

  async draw(): Promise<void> {
    const twins = this.twins;
    if (!twins) return;
    await twins.draw(this.field);
    this.status.step = twins.engine.step;
    this.status.day = dayOfStep(twins.setups[0], twins.engine.step);
    this.hooks.onFrame(this.status.day, this.status);
  }

  /**
   * After `lost`'s device was lost: the same run goes on in the CPU worker from the last snapshot (the rows
   * up to it kept). Called by the device's lost promise or a failed advance, whichever comes first.
   */
  private async continueOnCpu(lost: StartedTwins, reason: string): Promise<void> {
    const run = this.run;
    const snapshot = this.snapshot;
    if (!run || this.twins !== lost || this.recovering.has(lost)) return;
    this.recovering.add(lost);
    const wasPlaying = this.status.playing;
    this.pause();
    this.status.deviceLosses += 1;
    try {
      if (snapshot) {
        await this.start(run, this.status.preview, { states: snapshot.states, rows: snapshot.rows, reason: `${reason}; continued from the snapshot at day ${this.tables?.[0].days[snapshot.rows - 1]?.toFixed(2)}` });
      } else {
        await this.start(run, this.status.preview, undefined);
      }
      if (wasPlaying) this.play();
    } catch (e) {
      this.fail(e);
    }
  }

  private fail(e: unknown): void {
    this.pause();
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    this.status.error = message;
    this.hooks.onError(message);
  }

  /**
   * Measurement for the page's figures: draws `frames` times without advancing, and returns the time of each
   * (ms): on WebGPU until the device has finished the copies and the drawing (a fence, nothing read back);
   * on the CPU path the worker's frame, its upload and pixi's render call.
   */
  async measureDraw(frames: number): Promise<number[]> {
    const times: number[] = [];
    for (let k = 0; k < frames && this.twins; k++) {
      const t0 = performance.now();
      await this.twins.draw(this.field);
      await this.twins.device?.queue.onSubmittedWorkDone();
      times.push(performance.now() - t0);
    }
    return times;
  }

  /** Test seam: destroys the WebGPU device as a driver reset would (its loss is then handled as any other). */
  loseDevice(): boolean {
    const device = this.twins?.device;
    if (!device) return false;
    (device as SimulatedLoss).__simulatedLoss = true;
    device.destroy();
    return true;
  }
}

/** Which pixi renderer an application uses: 'webgpu', 'webgl2' or 'webgl1'. */
function rendererName(app: Application): string {
  if (app.renderer.type === RendererType.WEBGPU) return 'webgpu';
  return `webgl${(app.renderer as WebGLRenderer).context.webGLVersion}`;
}

/** A device destroyed by loseDevice() (its lost promise then reports 'destroyed'). */
type SimulatedLoss = GPUDevice & { __simulatedLoss?: boolean };

/** The first `rows` rows of a table, as table data. */
function truncated(table: ReadoutTable, rows: number): ReturnType<ReadoutTable['toData']> {
  const data = table.toData();
  return { names: data.names, days: data.days.slice(0, rows), columns: data.columns.map((c) => c.slice(0, rows)) };
}
