/**
 * The page's CPU twins: lockstep, common random numbers and bit-for-bit equality with the CLI's CPU path,
 * continuing from states, frames and picking, errors naming the path; and the real worker in a Node
 * worker thread through the comlink node adapter.
 */
import { Worker } from 'node:worker_threads';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { afterEach, describe, expect, it } from 'vitest';
import { connectCpuTwins, type CpuTwinClient } from '../../src/app/cpuTwinClient.ts';
import { CpuTwins } from '../../src/app/cpuTwins.ts';
import type { PageRun } from '../../src/app/pageRun.ts';
import { pickAgent } from '../../src/app/pickAgent.ts';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { validateScenario } from '../../src/scenario/parse.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';
import { CpuBackend } from '../../src/sim/cpu/CpuBackend.ts';
import { createInitialState } from '../../src/sim/initialState.ts';
import { resolveRun } from '../../src/sim/runSetup.ts';
import { cloneState, type SimState } from '../../src/sim/state.ts';
import { workerBootstrapSource } from '../../src/sim/workerBootstrap.ts';
import { loadScenario, stateBytes } from '../sim/helpers.ts';

const demoRun = (sets: string[] = []): PageRun => ({
  scenario: loadScenario('scenarios/engine-demo.json'),
  source: 'engine-demo.json',
  sets,
  arms: ['baseline', 'sluggish'],
});

const skinRun = (): PageRun => ({
  scenario: loadScenario('scenarios/skin-wound.json'),
  source: 'skin-wound.json',
  sets: [...REDUCED_SKIN_WOUND],
  arms: ['untreated', 'treated'],
});

/** One arm run the way the CLI runs it: initial state, CPU backend, `steps` steps. */
async function cliArm(run: PageRun, arm: string, steps: number): Promise<{ base: Float64Array; state: SimState }> {
  const setup = resolveRun(validateScenario(run.scenario, run.source, run.sets), arm);
  const backend = new CpuBackend(setup, createInitialState(setup), new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName).base);
  await backend.advance(steps);
  return { base: await backend.readBase(), state: await backend.readState() };
}

/** null when two states agree byte for byte (live agents, fields, counters), else where they first differ. */
function stateDifference(a: SimState, b: SimState): string | null {
  const x = stateBytes(a);
  const y = stateBytes(b);
  if (x.counters.join() !== y.counters.join()) return `counters [${x.counters.join()}] vs [${y.counters.join()}]`;
  for (const part of ['agents', 'fields'] as const) {
    if (x[part].length !== y[part].length) return `${part}: ${x[part].length} vs ${y[part].length} bytes`;
    const at = x[part].findIndex((v, k) => v !== y[part][k]);
    if (at >= 0) return `${part} differ from byte ${at}`;
  }
  return null;
}

const opened: CpuTwins[] = [];
function twinsOf(run: PageRun, states?: [SimState, SimState]): CpuTwins {
  const twins = CpuTwins.create(run, states);
  opened.push(twins);
  return twins;
}
afterEach(() => {
  opened.splice(0).forEach((t) => t.dispose());
});

describe('CpuTwins on the engine demo', () => {
  it('starts both arms from the same state and advances them in lockstep, stopping at the last step', async () => {
    const twins = twinsOf(demoRun(['time.days=0.25', 'time.output_every_h=2']));
    const [a0, b0] = await twins.readStates();
    expect(stateDifference(a0, b0)).toBeNull();
    await twins.advance(5);
    expect(twins.step).toBe(5);
    const [a, b] = await twins.readStates();
    expect([a.step, b.step]).toEqual([5, 5]);
    expect(twins.totalSteps).toBe(72);
    await twins.advance(1000);
    expect(twins.step).toBe(72);
    const [a1, b1] = await twins.readStates();
    expect([a1.step, b1.step]).toEqual([72, 72]);
    await expect(twins.advance(-1)).rejects.toThrow(/advance: steps must be a whole number >= 0, got -1/);
  });

  it('equals the CLI path bit for bit in each arm (and the arms differ)', async () => {
    const run = demoRun();
    const twins = twinsOf(run);
    await twins.advance(8);
    const [baseA, baseB] = await twins.readBase();
    const [stateA, stateB] = await twins.readStates();
    const cliA = await cliArm(run, 'baseline', 8);
    const cliB = await cliArm(run, 'sluggish', 8);
    expect(baseA).toEqual(cliA.base);
    expect(baseB).toEqual(cliB.base);
    expect(stateDifference(stateA, cliA.state)).toBeNull();
    expect(stateDifference(stateB, cliB.state)).toBeNull();
    expect(stateDifference(stateA, stateB)).not.toBeNull();
  });

  it('continues from given states exactly as the uninterrupted run, without changing them', async () => {
    const run = demoRun();
    const first = twinsOf(run);
    await first.advance(6);
    const saved = await first.readStates();
    const copies = saved.map(cloneState);
    const resumed = twinsOf(run, saved);
    expect(resumed.step).toBe(6);
    await resumed.advance(6);
    const straight = twinsOf(run);
    await straight.advance(12);
    const [ra, rb] = await resumed.readStates();
    const [sa, sb] = await straight.readStates();
    expect(stateDifference(ra, sa)).toBeNull();
    expect(stateDifference(rb, sb)).toBeNull();
    saved.forEach((s, k) => expect(stateDifference(s, copies[k])).toBeNull());
  });

  it('refuses states that do not fit the run, naming the arm and the mismatch', async () => {
    const run = demoRun();
    const twins = twinsOf(run);
    await twins.advance(2);
    const [a, b] = await twins.readStates();
    const other = twinsOf(run);
    const [c] = await other.readStates();
    expect(() => CpuTwins.create(run, [a, c])).toThrow(/the arms' states are at steps 2 and 0/);
    expect(() => CpuTwins.create(run, [a, { ...b, stride: b.stride + 1 }])).toThrow(/continuing arm "sluggish" \(states\[1\]\): agents have \d+ words/);
    expect(() => CpuTwins.create(run, [a, { ...b, fields: b.fields.subarray(1) }])).toThrow(/states\[1\]\): fields hold/);
  });

  it('frames both arms: count × 8 sprite floats at the agents, and the chosen field', async () => {
    const twins = twinsOf(demoRun());
    await twins.advance(3);
    const frame = await twins.frame(0);
    const states = await twins.readStates();
    const cells = twins.setups[0].grid.nx * twins.setups[0].grid.ny;
    const o = twins.setups[0].model.compiled.layout.offset;
    expect(frame.step).toBe(3);
    frame.arms.forEach((arm, k) => {
      const s = states[k];
      expect(arm.count).toBe(s.count);
      expect(arm.count).toBeGreaterThan(100);
      expect(arm.sprites.length).toBe(s.count * 8);
      expect(arm.field.length).toBe(cells);
      expect(arm.field).toEqual(s.fields.subarray(0, cells));
      const last = (s.count - 1) * s.stride;
      expect([...arm.sprites.subarray((s.count - 1) * 8, (s.count - 1) * 8 + 2)]).toEqual([s.f[last + o.x], s.f[last + o.y]]);
    });
    await expect(twins.frame(7)).rejects.toThrow(/frame: field 7 is not one of 0\.\.\d/);
  });

  it("picks the agent under a point: a known agent's position gives its id and type; empty space gives null", async () => {
    const twins = twinsOf(demoRun());
    await twins.advance(2);
    const [, state] = await twins.readStates();
    const setup = twins.setups[1];
    const o = setup.model.compiled.layout.offset;
    const slot = 17;
    const base = slot * state.stride;
    const cell = await twins.pick(1, state.f[base + o.x], state.f[base + o.y]);
    expect(cell?.id).toBe(state.u[base + o.id]);
    expect(cell?.type).toBe(setup.model.compiled.spec.cellTypes[state.u[base + o.cellType]].name);
    expect(cell?.variables.map((v) => v.name)).toEqual(expect.arrayContaining(setup.model.compiled.spec.agentVariables.map((v) => v.name)));
    expect(await twins.pick(1, -500, -500)).toBeNull();
  });

  it('picks the nearest centre where discs overlap, and only within the radius', () => {
    const setup = resolveRun(validateScenario(loadScenario('scenarios/engine-demo.json'), 'engine-demo.json'), 'baseline');
    const state = createInitialState(setup);
    const o = setup.model.compiled.layout.offset;
    const place = (slot: number, x: number, y: number) => {
      state.f[slot * state.stride + o.x] = x;
      state.f[slot * state.stride + o.y] = y;
    };
    state.count = 2;
    place(0, 100, 100);
    place(1, 103, 100);
    const r = setup.values.get(`${setup.model.compiled.spec.cellTypes[state.u[o.cellType]].name}.radius`)!;
    expect(pickAgent(state, setup, 100.5, 100)?.id).toBe(state.u[o.id]);
    expect(pickAgent(state, setup, 102.5, 100)?.id).toBe(state.u[state.stride + o.id]);
    expect(pickAgent(state, setup, 100 - r * 0.99, 100)?.id).toBe(state.u[o.id]);
    expect(pickAgent(state, setup, 100 - r * 1.01, 100)).toBeNull();
  });

  it('rejects a malformed run with a message naming the path, and an unknown arm by name', () => {
    expect(() => CpuTwins.create(demoRun(['domain.dx_um=-5']))).toThrow(/at domain\.dx_um/);
    expect(() => CpuTwins.create({ ...demoRun(), arms: ['baseline', 'treated'] })).toThrow(/no arm "treated"/);
  });
});

describe('CpuTwins on the reduced skin wound', () => {
  it('matches the CLI path in both arms and picks a cell with its pathway variables', async () => {
    const run = skinRun();
    const twins = twinsOf(run);
    await twins.advance(2);
    const [stateU, stateT] = await twins.readStates();
    expect(stateDifference(stateU, (await cliArm(run, 'untreated', 2)).state)).toBeNull();
    expect(stateDifference(stateT, (await cliArm(run, 'treated', 2)).state)).toBeNull();
    const o = twins.setups[1].model.compiled.layout.offset;
    const base = 5 * stateT.stride;
    const cell = await twins.pick(1, stateT.f[base + o.x], stateT.f[base + o.y]);
    expect(cell?.id).toBe(stateT.u[base + o.id]);
    const names = cell?.variables.map((v) => v.name) ?? [];
    expect(names).toEqual(expect.arrayContaining(['akt', 'erk', 'hif', 'nfkb']));
    const akt = cell?.variables.find((v) => v.name === 'akt');
    expect(akt?.value).toBe(stateT.f[base + o.akt]);
    const frame = await twins.frame(twins.setups[0].model.compiled.fieldIndex.oxygen ?? 0);
    expect(frame.arms[1].sprites.length).toBe(stateT.count * 8);
  }, 60_000);
});

describe('the CPU twin worker (Node worker thread, comlink node adapter)', () => {
  let client: CpuTwinClient | null = null;
  afterEach(() => {
    client?.terminate();
    client = null;
  });

  /** A worker thread running cpuTwinWorker.ts, as a link for connectCpuTwins. */
  function startWorker() {
    const moduleUrl = new URL('../../src/app/cpuTwinWorker.ts', import.meta.url).href;
    const worker = new Worker(workerBootstrapSource(moduleUrl, 'startCpuTwinWorker', 'the CPU twin worker test'), { eval: true });
    const failed = new Promise<never>((_, reject) => {
      worker.once('error', (e) => reject(e));
      worker.once('exit', (code) => reject(new Error(`the worker exited with code ${code}`)));
    });
    failed.catch(() => {});
    return { endpoint: nodeEndpoint(worker), terminate: () => void worker.terminate(), failed };
  }

  it('runs the twins off this thread with the same results as the class, tracking the step here', async () => {
    const run = demoRun();
    client = await connectCpuTwins(startWorker(), run);
    expect(client.step).toBe(0);
    await client.advance(4);
    expect(client.step).toBe(4);
    const local = twinsOf(run);
    await local.advance(4);
    const [remoteA, remoteB] = await client.readStates();
    const [localA, localB] = await local.readStates();
    expect(stateDifference(remoteA, localA)).toBeNull();
    expect(stateDifference(remoteB, localB)).toBeNull();
    expect(await client.readBase()).toEqual(await local.readBase());
    const frame = await client.frame(0);
    expect(frame.arms[0].sprites.length).toBe(localA.count * 8);
    expect(frame.arms[1].field).toEqual((await local.frame(0)).arms[1].field);
    const o = local.setups[0].model.compiled.layout.offset;
    expect((await client.pick(0, localA.f[o.x], localA.f[o.y]))?.id).toBe(localA.u[o.id]);
    await expect(client.frame(99)).rejects.toThrow(/frame: field 99 is not one of/);
  }, 60_000);

  it('continues from states handed to it', async () => {
    const run = demoRun();
    const local = twinsOf(run);
    await local.advance(3);
    client = await connectCpuTwins(startWorker(), run, await local.readStates());
    expect(client.step).toBe(3);
    await client.advance(2);
    await local.advance(2);
    const [remoteA] = await client.readStates();
    const [localA] = await local.readStates();
    expect(stateDifference(remoteA, localA)).toBeNull();
  }, 60_000);

  it('rejects a malformed run with the ScenarioError message intact', async () => {
    const start = connectCpuTwins(startWorker(), demoRun(['domain.dx_um=-5']));
    await expect(start).rejects.toThrow(/invalid scenario engine-demo\.json:\n {2}at domain\.dx_um: expected/);
    await expect(start).rejects.toMatchObject({ name: 'ScenarioError' });
  }, 60_000);
});
