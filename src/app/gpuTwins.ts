/**
 * Both arms of a page run on one GPUDevice (the one pixi draws with): two GpuBackends created from the
 * same scenario and seed, advanced together. Nothing is read back to advance or to draw; read-outs come
 * back at output times and states only on request (snapshots, picking a cell).
 */
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import { openDeviceFor } from '../sim/gpu/gpuDevice.ts';
import { createInitialState } from '../sim/initialState.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';
import { pickAgent, type PickedCell } from './pickAgent.ts';
import type { TwinEngine } from './twinEngine.ts';

/** Steps of each arm encoded before the page's thread is given back. */
const CHUNK_STEPS = 8;

export class GpuTwins implements TwinEngine {
  readonly kind = 'gpu' as const;

  private constructor(
    readonly device: GPUDevice,
    readonly setups: readonly [RunSetup, RunSetup],
    readonly backends: readonly [GpuBackend, GpuBackend],
  ) {}

  /**
   * Opens a device on `adapter` sized for both arms (GpuBudgetError when they do not fit) and uploads
   * their initial states, or `states` to continue from.
   */
  static async create(adapter: GPUAdapter, setups: readonly [RunSetup, RunSetup], states?: readonly [SimState, SimState]): Promise<GpuTwins> {
    const device = await openDeviceFor(adapter, setups);
    try {
      const backends = await Promise.all(
        setups.map((setup, k) => {
          const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
          return GpuBackend.create(setup, states?.[k] ?? createInitialState(setup), table.base, device);
        }),
      );
      return new GpuTwins(device, setups, [backends[0], backends[1]]);
    } catch (e) {
      device.destroy();
      throw e;
    }
  }

  get step(): number {
    return this.backends[0].step;
  }

  /** Bytes read back from the device so far, both arms. */
  get bytesRead(): number {
    return this.backends[0].bytesRead + this.backends[1].bytesRead;
  }

  /**
   * Advances both arms in chunks of CHUNK_STEPS, waiting for the GPU after each, so the page's thread is
   * never held longer than encoding one chunk of both arms (about 25 ms on Dawn for the skin wound).
   */
  async advance(steps: number): Promise<void> {
    for (let done = 0; done < steps; ) {
      const chunk = Math.min(CHUNK_STEPS, steps - done);
      await Promise.all(this.backends.map((b) => b.advance(chunk)));
      done += chunk;
    }
  }

  async readBase(): Promise<[Float64Array, Float64Array]> {
    const [a, b] = await Promise.all(this.backends.map((backend) => backend.readBase()));
    return [a, b];
  }

  async readStates(): Promise<[SimState, SimState]> {
    const [a, b] = await Promise.all(this.backends.map((backend) => backend.readState()));
    return [a, b];
  }

  async pick(arm: 0 | 1, x: number, y: number): Promise<PickedCell | null> {
    return pickAgent(await this.backends[arm].readState(), this.setups[arm], x, y);
  }

  dispose(): void {
    for (const b of this.backends) b.dispose();
    this.device.destroy();
  }
}
