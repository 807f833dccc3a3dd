/**
 * The Web Worker that runs the page's CPU twins (cpuTwins.ts), so the page's main thread never waits on the
 * simulation. It exposes CpuTwinWorkerApi over comlink; cpuTwinClient.ts starts it and talks to it. Fresh
 * copies (sprites, fields, read-outs, states) are transferred back, not cloned. Errors thrown here (e.g. a
 * ScenarioError) reject the caller's promise with the same message and name. In Node (tests) a worker
 * thread exposes the same API through startCpuTwinWorker.
 */
import type { MessagePort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { SimState } from '../sim/state.ts';
import { CpuTwins, type TwinFrame } from './cpuTwins.ts';
import type { PageRun } from './pageRun.ts';
import type { PickedCell } from './pickAgent.ts';

/** Where a started run stands. */
export interface CpuTwinStart {
  step: number;
  totalSteps: number;
}

/** What the worker offers the page (see CpuTwins for each method). */
export interface CpuTwinWorkerApi {
  /** Builds the twins of `run` (replacing any before), from fresh states or from `states` (copied). */
  start(run: PageRun, states?: [SimState, SimState]): CpuTwinStart;
  /** Advances both arms; resolves with the step reached. */
  advance(steps: number): Promise<number>;
  readBase(): Promise<[Float64Array, Float64Array]>;
  frame(field: number): Promise<TwinFrame>;
  pick(arm: 0 | 1, x: number, y: number): Promise<PickedCell | null>;
  readStates(): Promise<[SimState, SimState]>;
}

/** The buffers of a state (the agents' f and u share one). */
function stateBuffers(s: SimState): ArrayBufferLike[] {
  return [s.f.buffer, s.fields.buffer, s.events.buffer];
}

/** The API over one CpuTwins instance. */
export function cpuTwinWorkerApi(): CpuTwinWorkerApi {
  let twins: CpuTwins | null = null;
  const current = (): CpuTwins => {
    if (!twins) throw new Error('CPU twins: start() a run before using them');
    return twins;
  };
  return {
    start(run, states) {
      twins?.dispose();
      twins = null;
      twins = CpuTwins.create(run, states);
      return { step: twins.step, totalSteps: twins.totalSteps };
    },
    async advance(steps) {
      const twins = current();
      await twins.advance(steps);
      return twins.step;
    },
    async readBase() {
      const base = await current().readBase();
      return Comlink.transfer(base, [base[0].buffer, base[1].buffer]);
    },
    async frame(field) {
      const frame = await current().frame(field);
      return Comlink.transfer(
        frame,
        frame.arms.flatMap((a) => [a.sprites.buffer, a.field.buffer]),
      );
    },
    pick: (arm, x, y) => current().pick(arm, x, y),
    async readStates() {
      const states = await current().readStates();
      return Comlink.transfer(states, [...stateBuffers(states[0]), ...stateBuffers(states[1])]);
    },
  };
}

/** Node worker-thread entry (through src/sim/workerBootstrap.ts): exposes the API on the parent port. */
export function startCpuTwinWorker(_data: unknown, port: MessagePort): void {
  Comlink.expose(cpuTwinWorkerApi(), nodeEndpoint(port));
}

// Inside a dedicated Web Worker (the page), expose the API on the worker's global scope.
const scope = globalThis as { WorkerGlobalScope?: abstract new () => unknown };
if (scope.WorkerGlobalScope && globalThis instanceof scope.WorkerGlobalScope) Comlink.expose(cpuTwinWorkerApi());
