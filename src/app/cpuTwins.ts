/**
 * The page's CPU fallback: both arms of a page run on the CPU backend (one thread each), same seed
 * (common random numbers), advanced in lockstep. Plain TypeScript with no DOM or worker API: the page runs
 * it inside a Web Worker (cpuTwinWorker.ts), the tests run it in Node.
 */
import { ReadoutTable } from '../analysis/readoutTable.ts';
import { packAgentSprites, spriteRadii } from '../render/spriteData.ts';
import { CpuBackend } from '../sim/cpu/CpuBackend.ts';
import { createInitialState } from '../sim/initialState.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import { CELL_EVENTS, cloneState, type SimState } from '../sim/state.ts';
import { resolvePageRun, type PageRun } from './pageRun.ts';
import { pickAgent, type PickedCell } from './pickAgent.ts';
import type { ArmFrame } from '../render/armView.ts';

export type { ArmFrame };

/** Both arms at the same step. */
export interface TwinFrame {
  step: number;
  arms: [ArmFrame, ArmFrame];
}

/** Throws unless `state` fits the run of `setup` (what a continued run needs); `where` names it. */
function checkState(state: SimState, setup: RunSetup, where: string): void {
  const spec = setup.model.compiled.spec;
  const check = (ok: boolean, what: string) => {
    if (!ok) throw new Error(`${where}: ${what}`);
  };
  check(state.stride === setup.model.compiled.layout.stride, `agents have ${state.stride} words, the model ${setup.model.compiled.layout.stride}`);
  check(state.f.length === state.capacity * state.stride, `agent buffer holds ${state.f.length} words, expected capacity ${state.capacity} × ${state.stride}`);
  check(state.count <= state.capacity, `${state.count} agents exceed the capacity ${state.capacity}`);
  check(state.fields.length === spec.fields.length * setup.grid.cells, `fields hold ${state.fields.length} values, the grid ${spec.fields.length} × ${setup.grid.cells}`);
  const events = CELL_EVENTS.length * spec.cellTypes.length;
  check(state.events.length === events, `${state.events.length} event counters, the model has ${events}`);
  check(Number.isInteger(state.step) && state.step >= 0 && state.step <= setup.totalSteps, `step ${state.step} is outside 0..${setup.totalSteps}`);
}

export class CpuTwins {
  private constructor(
    /** The two arms' run setups, in the order of PageRun.arms. */
    readonly setups: [RunSetup, RunSetup],
    /** The live states (each backend advances its own object in place). */
    private readonly states: [SimState, SimState],
    private readonly backends: [CpuBackend, CpuBackend],
    private readonly radii: [number[], number[]],
  ) {}

  /**
   * Validates the run (ScenarioError naming each bad path) and builds both arms, from fresh initial states
   * or from `states` (copied; both at the same step), e.g. to continue a run after the GPU device was lost.
   */
  static create(run: PageRun, states?: [SimState, SimState]): CpuTwins {
    const setups = resolvePageRun(run);
    if (states) {
      setups.forEach((setup, k) => checkState(states[k], setup, `continuing arm "${run.arms[k]}" (states[${k}])`));
      if (states[0].step !== states[1].step) throw new Error(`continuing a page run: the arms' states are at steps ${states[0].step} and ${states[1].step}, not the same`);
    }
    const own = setups.map((setup, k) => (states ? cloneState(states[k]) : createInitialState(setup))) as [SimState, SimState];
    const backends = setups.map((setup, k) => {
      const base = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName).base;
      return new CpuBackend(setup, own[k], base);
    }) as [CpuBackend, CpuBackend];
    return new CpuTwins(setups, own, backends, [spriteRadii(setups[0]), spriteRadii(setups[1])]);
  }

  /** Steps completed (both arms). */
  get step(): number {
    return this.backends[0].step;
  }

  /** Steps of the whole run (the scenario's days / dt). */
  get totalSteps(): number {
    return this.setups[0].totalSteps;
  }

  /** Advances both arms by `steps` (a whole number ≥ 0), stopping at totalSteps. */
  async advance(steps: number): Promise<void> {
    if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`advance: steps must be a whole number >= 0, got ${steps}`);
    const n = Math.min(steps, this.totalSteps - this.step);
    // Both start at once (each runs its steps synchronously), so no call sees one arm ahead of the other.
    await Promise.all(this.backends.map((backend) => backend.advance(n)));
  }

  /** Both arms' base read-out values now (order of ReadoutTable.base). */
  async readBase(): Promise<[Float64Array, Float64Array]> {
    return [await this.backends[0].readBase(), await this.backends[1].readBase()];
  }

  /** Both arms' agents as sprites and the values of field number `field` (model spec order). */
  async frame(field: number): Promise<TwinFrame> {
    const fields = this.setups[0].model.compiled.spec.fields;
    if (!Number.isInteger(field) || field < 0 || field >= fields.length) {
      throw new RangeError(`frame: field ${field} is not one of 0..${fields.length - 1} (${fields.map((f) => f.name).join(', ')})`);
    }
    const cells = this.setups[0].grid.cells;
    const arm = (k: 0 | 1): ArmFrame => {
      const state = this.states[k];
      return {
        count: state.count,
        sprites: packAgentSprites(state, this.setups[k].model.compiled, this.radii[k]),
        field: state.fields.slice(field * cells, (field + 1) * cells),
      };
    };
    return { step: this.step, arms: [arm(0), arm(1)] };
  }

  /** The agent of arm `arm` under the point (x, y) µm, or null (see pickAgent). */
  async pick(arm: 0 | 1, x: number, y: number): Promise<PickedCell | null> {
    if (arm !== 0 && arm !== 1) throw new RangeError(`pick: arm must be 0 or 1, got ${String(arm)}`);
    return pickAgent(this.states[arm], this.setups[arm], x, y);
  }

  /** Copies of both arms' full states (to save, or to continue elsewhere). */
  async readStates(): Promise<[SimState, SimState]> {
    return [await this.backends[0].readState(), await this.backends[1].readState()];
  }

  dispose(): void {
    for (const backend of this.backends) backend.dispose();
  }
}
