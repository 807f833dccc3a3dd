import { describe, expect, it } from 'vitest';
import { runArm } from '../../src/sim/runArm.ts';
import { decodeSnapshot, encodeSnapshot, restoreState } from '../../src/sim/snapshot.ts';
import { emptyState } from '../../src/sim/initialState.ts';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { CpuBackend } from '../../src/sim/cpu/CpuBackend.ts';
import { makeRun, smallDemo, stateBytes } from './helpers.ts';

async function runToEnd(doc: unknown, sets: string[] = [], arm?: string) {
  const run = makeRun(doc, sets, arm);
  const final = await runArm(run.setup, run.backend, run.table);
  return { run, final };
}

describe('determinism', () => {
  it('same scenario and seed give identical read-outs and state', async () => {
    const a = await runToEnd(smallDemo());
    const b = await runToEnd(smallDemo());
    expect(a.run.table.toData()).toEqual(b.run.table.toData());
    expect(stateBytes(a.final)).toEqual(stateBytes(b.final));
    expect(a.final.step).toBe(144);
    expect(a.final.nextId).toBeGreaterThan(a.final.count - 1); // ids were issued for births
  });

  it('another seed gives a different run', async () => {
    const a = await runToEnd(smallDemo());
    const b = await runToEnd(smallDemo(), ['seed=4']);
    expect(stateBytes(a.final).agents).not.toEqual(stateBytes(b.final).agents);
    expect(a.run.table.toData().columns).not.toEqual(b.run.table.toData().columns);
  });

  it('ids stay unique through births and deaths', async () => {
    const { final, run } = await runToEnd(smallDemo(1));
    const o = run.setup.model.compiled.layout.offset;
    const ids = new Set<number>();
    for (let a = 0; a < final.count; a++) ids.add(final.u[a * final.stride + o.id]);
    expect(ids.size).toBe(final.count);
    expect(Math.max(...ids)).toBeLessThan(final.nextId);
  });

  it('a resumed snapshot continues byte for byte like the uninterrupted run', async () => {
    const whole = await runToEnd(smallDemo());
    const first = makeRun(smallDemo());
    let saved: Uint8Array | undefined;
    const layout = first.setup.model.compiled.layout.variables.map((v) => v.name);
    await runArm(first.setup, first.backend, first.table, {
      stopSteps: [61],
      onStop: (_step, state, table) => {
        saved = encodeSnapshot(state, smallDemo(), first.setup.armName, layout, table.toData());
      },
    });
    expect(saved).toBeDefined();
    const snap = decodeSnapshot(saved!);
    expect(snap.header.step).toBe(61);
    const resumed = makeRun(snap.header.scenario);
    const state = emptyState(resumed.setup, snap.header.capacity);
    restoreState(snap, state);
    const table = new ReadoutTable(resumed.setup.readouts, resumed.setup.model.compiled.readoutByName);
    table.load(snap.header.table);
    const final = await runArm(resumed.setup, new CpuBackend(resumed.setup, state, table.base), table);
    expect(table.toData()).toEqual(whole.run.table.toData());
    expect(stateBytes(final)).toEqual(stateBytes(whole.final));
  });

  it('rejects a damaged snapshot', () => {
    expect(() => decodeSnapshot(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]))).toThrow(/not an exorepair snapshot/);
  });
});
