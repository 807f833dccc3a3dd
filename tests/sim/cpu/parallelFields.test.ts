/**
 * Two-thread field solving (parallelFieldStepper.ts, fieldWorker.ts): bit-identical to one thread on
 * real scenarios, the worker shut down by dispose, start-up failures reported or fallen back from, and the
 * CLI's thread choice.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it, vi } from 'vitest';
import { ReadoutTable } from '../../../src/analysis/readoutTable.ts';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { CpuBackend, type CpuBackendOptions } from '../../../src/sim/cpu/CpuBackend.ts';
import { FieldStepper } from '../../../src/sim/cpu/diffuseFields.ts';
import { liveFieldWorkers, ParallelFieldStepper, splitFields, toSharedFields } from '../../../src/sim/cpu/parallelFieldStepper.ts';
import { cpuFieldThreads, MIN_PARALLEL_VOXELS } from '../../../src/sim/createBackend.ts';
import { exchangeScales } from '../../../src/sim/fixedPoint.ts';
import { createInitialState } from '../../../src/sim/initialState.ts';
import { buildPhenotypeTables } from '../../../src/sim/phenotypeTables.ts';
import { runArm } from '../../../src/sim/runArm.ts';
import { resolveRun } from '../../../src/sim/runSetup.ts';
import { encodeSnapshot } from '../../../src/sim/snapshot.ts';
import { loadScenario, smallDemo, stateBytes } from '../helpers.ts';

function backendFor(doc: unknown, sets: string[], arm: string | undefined, options: CpuBackendOptions) {
  const parsed = validateScenario(doc, 'test', sets);
  const setup = resolveRun(parsed, arm ?? Object.keys(parsed.scenario.arms)[0]);
  const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
  const backend = new CpuBackend(setup, createInitialState(setup), table.base, options);
  return { setup, table, backend };
}

/** A worker module that does not exist, so that the worker cannot start. */
const MISSING_WORKER = pathToFileURL(join(tmpdir(), 'no-such-field-worker.ts')).href;

async function untilNoWorkers(): Promise<void> {
  await vi.waitFor(() => expect(liveFieldWorkers()).toBe(0), { timeout: 10_000, interval: 20 });
}

describe('splitFields', () => {
  it('puts every field on exactly one side, longest first onto the lighter side', () => {
    const costs = [15, 10, 10, 10, 10, 10, 10, 5, 5, 1, 1, 1, 1, 5];
    const { main, worker } = splitFields(costs, 0);
    expect([...main, ...worker].sort((a, b) => a - b)).toEqual(costs.map((_, f) => f));
    const load = (fs: number[]) => fs.reduce((s, f) => s + costs[f], 0);
    expect(Math.abs(load(main) - load(worker))).toBeLessThanOrEqual(1);
    expect(splitFields(costs, 0)).toEqual({ main, worker });
  });

  it('gives the only field to the worker and charges the main thread its extra work', () => {
    expect(splitFields([10])).toEqual({ main: [], worker: [0] });
    expect(splitFields([10, 1], 2)).toEqual({ main: [1], worker: [0] });
    expect(splitFields([10, 10, 1], 2)).toEqual({ main: [1], worker: [0, 2] });
  });
});

describe('two-thread field solving', () => {
  it.each(['untreated', 'treated'])('matches one thread byte for byte on skin-wound (%s arm)', async (arm) => {
    const doc = loadScenario('scenarios/skin-wound.json');
    const sets = ['time.days=0.0625'];
    const one = backendFor(doc, sets, arm, { threads: 1 });
    const two = backendFor(doc, sets, arm, { threads: 2 });
    try {
      for (const steps of [1, 1, 2, 8]) {
        await one.backend.advance(steps);
        await two.backend.advance(steps);
        expect(two.backend.fieldThreads).toBe(2);
        const a = await one.backend.readState();
        const b = await two.backend.readState();
        expect(b.step).toBe(a.step);
        expect(Buffer.from(stateBytes(b).fields).equals(Buffer.from(stateBytes(a).fields))).toBe(true);
        expect(Buffer.from(stateBytes(b).agents).equals(Buffer.from(stateBytes(a).agents))).toBe(true);
        expect(stateBytes(b).counters).toEqual(stateBytes(a).counters);
        expect(await two.backend.readBase()).toEqual(await one.backend.readBase());
      }
    } finally {
      one.backend.dispose();
      two.backend.dispose();
    }
  });

  it('stays bit-identical while fields move between the threads every step', async () => {
    const parsed = validateScenario(loadScenario('scenarios/skin-wound.json'), 'test', ['time.days=0.0625']);
    const setup = resolveRun(parsed, 'treated');
    const scales = exchangeScales(buildPhenotypeTables(setup.model.compiled, setup.values));
    const initial = createInitialState(setup).fields;
    const F = setup.model.compiled.spec.fields.length;
    const one = new FieldStepper(setup, scales);
    const oneFields = initial.slice();
    const twoFields = toSharedFields(initial);
    const two = new ParallelFieldStepper(setup, scales, twoFields);
    expect(() => two.step(twoFields, new Int32Array(initial.length), new Int32Array(initial.length))).toThrow(/await ready/);
    await two.ready;
    let seed = 12345;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 20; // 0..4095, deterministic
    try {
      for (let step = 0; step < 6; step++) {
        const secretion = new Int32Array(initial.length);
        const clearance = new Int32Array(initial.length);
        for (let k = 0; k < secretion.length; k += 7) {
          secretion[k] = next();
          clearance[k] = next() >> 4;
        }
        const worker = Array.from({ length: F }, (_, f) => f).filter((f) => (f + step) % 3 !== 0);
        two.assign(step === 5 ? [] : worker);
        expect(two.split.worker).toEqual(step === 5 ? [] : worker);
        one.step(oneFields, secretion.slice(), clearance.slice());
        two.step(twoFields, secretion, clearance);
        expect(Buffer.from(twoFields.buffer).equals(Buffer.from(oneFields.buffer))).toBe(true);
        expect(secretion.every((v) => v === 0) && clearance.every((v) => v === 0)).toBe(true);
      }
    } finally {
      two.dispose();
    }
  });

  it('runs the small demo to the same read-outs, state and snapshot bytes', async () => {
    const runs = await Promise.all(
      ([1, 2] as const).map(async (threads) => {
        const r = backendFor(smallDemo(), [], undefined, { threads });
        const final = await runArm(r.setup, r.backend, r.table);
        r.backend.dispose();
        const layout = r.setup.model.compiled.layout.variables.map((v) => v.name);
        return { table: r.table.toData(), final, snapshot: encodeSnapshot(final, smallDemo(), r.setup.armName, layout, r.table.toData()) };
      }),
    );
    expect(runs[1].table).toEqual(runs[0].table);
    expect(stateBytes(runs[1].final)).toEqual(stateBytes(runs[0].final));
    expect(Buffer.from(runs[1].snapshot).equals(Buffer.from(runs[0].snapshot))).toBe(true);
  });

  it('keeps the fields in shared memory and hands out plain copies', async () => {
    const r = backendFor(smallDemo(0.0625), [], undefined, { threads: 2 });
    try {
      await r.backend.advance(2);
      const s = await r.backend.readState();
      expect(s.fields.buffer).toBeInstanceOf(ArrayBuffer);
      expect(s.fields.buffer).not.toBeInstanceOf(SharedArrayBuffer);
      expect(s.f.buffer).toBeInstanceOf(ArrayBuffer);
    } finally {
      r.backend.dispose();
    }
  });
});

describe('the field worker', () => {
  it('exits when the backend is disposed', async () => {
    await untilNoWorkers();
    const r = backendFor(smallDemo(0.0625), [], undefined, { threads: 2 });
    expect(liveFieldWorkers()).toBe(1);
    await r.backend.advance(3);
    r.backend.dispose();
    r.backend.dispose(); // idempotent
    await untilNoWorkers();
  });

  it('exits on dispose before it has started, and refuses steps afterwards', async () => {
    const r = backendFor(smallDemo(0.0625), [], undefined, { threads: 2 });
    const scales = exchangeScales(buildPhenotypeTables(r.setup.model.compiled, r.setup.values));
    const fields = toSharedFields(createInitialState(r.setup).fields);
    const stepper = new ParallelFieldStepper(r.setup, scales, fields);
    r.backend.dispose();
    stepper.dispose();
    expect(typeof (await stepper.closed)).toBe('number');
    await untilNoWorkers();
    const cells = r.setup.grid.cells * r.setup.model.compiled.spec.fields.length;
    expect(() => stepper.step(fields, new Int32Array(cells), new Int32Array(cells))).toThrow(/after dispose/);
  });

  it('does not keep a process alive that forgets dispose()', () => {
    const code = [
      "const { register } = await import('tsx/esm/api');",
      'register();',
      "const { makeRun, smallDemo } = await import('./tests/sim/helpers.ts');",
      "const { CpuBackend } = await import('./src/sim/cpu/CpuBackend.ts');",
      'const r = makeRun(smallDemo(0.0625));',
      'const b = new CpuBackend(r.setup, r.state, r.table.base, { threads: 2 });',
      'await b.advance(2);',
      "console.log('threads', b.fieldThreads);",
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
    expect(child.signal, 'the process hung').toBeNull();
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout.trim()).toBe('threads 2');
  });

  it('reports a worker that cannot start', async () => {
    const r = backendFor(smallDemo(0.0625), [], undefined, { threads: 1 });
    const scales = exchangeScales(buildPhenotypeTables(r.setup.model.compiled, r.setup.values));
    const fields = toSharedFields(createInitialState(r.setup).fields);
    const stepper = new ParallelFieldStepper(r.setup, scales, fields, MISSING_WORKER);
    await expect(stepper.ready).rejects.toThrow(/field worker could not start: .*no-such-field-worker/);
    await stepper.closed;
    expect(() => stepper.step(fields, new Int32Array(fields.length), new Int32Array(fields.length))).toThrow(/ParallelFieldStepper/);
    stepper.dispose();
    await untilNoWorkers();
  });

  it('turns an exception in the worker into a clear error on the main thread, not a hang', async () => {
    const realWorker = new URL('../../../src/sim/cpu/fieldWorker.ts', import.meta.url).href;
    const dir = mkdtempSync(join(tmpdir(), 'exorepair-worker-'));
    const broken = join(dir, 'brokenWorker.mts');
    writeFileSync(
      broken,
      [
        `import { runFieldWorker as real } from ${JSON.stringify(realWorker)};`,
        '// Fields the worker does not start with get impossible solver options, so taking one over fails.',
        'export function runFieldWorker(data: any, port: any): void {',
        '  const owner = new Int32Array(data.owner);',
        '  data.options = data.options.map((o: any, f: number) => (owner[f] ? o : { ...o, nx: 1 }));',
        '  real(data, port);',
        '}',
      ].join('\n'),
    );
    const r = backendFor(smallDemo(0.0625), [], undefined, { threads: 1 });
    const scales = exchangeScales(buildPhenotypeTables(r.setup.model.compiled, r.setup.values));
    const fields = toSharedFields(createInitialState(r.setup).fields);
    const stepper = new ParallelFieldStepper(r.setup, scales, fields, pathToFileURL(broken).href);
    await stepper.ready;
    const zeros = () => new Int32Array(fields.length);
    stepper.step(fields, zeros(), zeros());
    stepper.assign([0, 1]);
    expect(() => stepper.step(fields, zeros(), zeros())).toThrow(/the field worker failed: .*at least 2×2/);
    expect(() => stepper.step(fields, zeros(), zeros())).toThrow(/the field worker failed/);
    stepper.dispose();
    await untilNoWorkers();
  });

  it('lets the backend fail loudly, or fall back to one thread with the same results when asked', async () => {
    const module = '../../../src/sim/cpu/parallelFieldStepper.ts';
    vi.resetModules();
    vi.doMock(module, async (importOriginal) => {
      const original = await importOriginal<typeof import('../../../src/sim/cpu/parallelFieldStepper.ts')>();
      class FailingStepper extends original.ParallelFieldStepper {
        constructor(...args: ConstructorParameters<typeof original.ParallelFieldStepper>) {
          super(args[0], args[1], args[2], MISSING_WORKER);
        }
      }
      return { ...original, ParallelFieldStepper: FailingStepper };
    });
    try {
      const { CpuBackend: Backend } = await import('../../../src/sim/cpu/CpuBackend.ts');
      const { liveFieldWorkers: live } = await import(module);
      const make = (options: CpuBackendOptions) => {
        const parsed = validateScenario(smallDemo(0.0625), 'test');
        const setup = resolveRun(parsed, 'baseline');
        const table = new ReadoutTable(setup.readouts, setup.model.compiled.readoutByName);
        return new Backend(setup, createInitialState(setup), table.base, options);
      };
      const loud = make({ threads: 2 });
      await expect(loud.advance(1)).rejects.toThrow(/field worker could not start/);
      loud.dispose();

      const notices: string[] = [];
      const fallen = make({ threads: 2, onSingleThread: (reason) => notices.push(reason) });
      await fallen.advance(5);
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatch(/field worker could not start/);
      expect(fallen.fieldThreads).toBe(1);
      const reference = make({ threads: 1 });
      await reference.advance(5);
      expect(stateBytes(await fallen.readState())).toEqual(stateBytes(await reference.readState()));
      fallen.dispose();
      reference.dispose();
      await vi.waitFor(() => expect(live()).toBe(0), { timeout: 10_000, interval: 20 });
    } finally {
      vi.doUnmock(module);
      vi.resetModules();
    }
  });
});

describe('thread choice of the CLI backend', () => {
  it('uses two threads on two or more cores and large grids unless EXOREPAIR_THREADS says otherwise', () => {
    const big = { voxels: 360 * 360, fields: 14 };
    expect(cpuFieldThreads({}, 2, big, true)).toBe(2);
    expect(cpuFieldThreads({}, 16, big, true)).toBe(2);
    expect(cpuFieldThreads({}, 1, big, true)).toBe(1);
    expect(cpuFieldThreads({}, 8, big, false)).toBe(1);
    expect(cpuFieldThreads({}, 8, { voxels: 100 * 100, fields: 2 }, true)).toBe(1);
    expect(cpuFieldThreads({}, 8, { voxels: MIN_PARALLEL_VOXELS, fields: 1 }, true)).toBe(1);
    expect(cpuFieldThreads({}, 8, { voxels: MIN_PARALLEL_VOXELS, fields: 2 }, true)).toBe(2);
    expect(cpuFieldThreads({ EXOREPAIR_THREADS: '1' }, 8, big, true)).toBe(1);
    expect(cpuFieldThreads({ EXOREPAIR_THREADS: '2' }, 1, { voxels: 4, fields: 1 }, true)).toBe(2);
    expect(cpuFieldThreads({ EXOREPAIR_THREADS: '' }, 2, big, true)).toBe(2);
    expect(() => cpuFieldThreads({ EXOREPAIR_THREADS: 'four' }, 8, big, true)).toThrow(/EXOREPAIR_THREADS: expected 1 or 2, found "four"/);
  });

  it('writes the same outputs with EXOREPAIR_THREADS=1 and 2, resumed or not, without notices', () => {
    const dir = mkdtempSync(join(tmpdir(), 'exorepair-threads-'));
    const cli = (threads: string, ...args: string[]) => {
      const r = spawnSync(process.execPath, ['bin/exorepair.js', ...args, '--quiet'], {
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, EXOREPAIR_THREADS: threads, FORCE_COLOR: '0' },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe('');
    };
    const outputs = (out: string) => ({
      csv: readFileSync(join(dir, out, 'timeseries.csv'), 'utf8'),
      summary: { ...JSON.parse(readFileSync(join(dir, out, 'summary.json'), 'utf8')), wall_seconds: 0 },
    });
    const run = ['run', 'scenarios/engine-demo.json', '--days', '0.125'];
    cli('1', ...run, '--out', join(dir, 'one'));
    cli('2', ...run, '--out', join(dir, 'two'), '--snapshot-at', '0.0625');
    cli('2', 'resume', join(dir, 'two', 'snapshot-day-0.0625.exosnap'), '--out', join(dir, 'resumed'));
    expect(outputs('two')).toEqual(outputs('one'));
    expect(outputs('resumed')).toEqual(outputs('one'));
  });
});
