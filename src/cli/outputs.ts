/**
 * The files a run writes: timeseries.csv (one row per output time: `day`, then each read-out by name),
 * summary.json (exactly: scenario, arm, seed, backend, steps, simulated_days, wall_seconds, peak_agents,
 * readouts, censored) and readouts.json (unit and definition of each read-out). Numbers are written in
 * JavaScript's shortest round-trip form, so equal runs give byte-identical files; an unreached
 * time-to-event is an empty CSV cell and null in JSON.
 */
import type { ReadoutTable } from '../analysis/readoutTable.ts';
import type { ReadoutSpec } from '../model/types.ts';
import type { BackendKind } from '../sim/SimBackend.ts';

/** CSV text of the requested read-outs. */
export function timeseriesCsv(table: ReadoutTable): string {
  const names = table.requested.map((r) => r.name);
  const cols = names.map((n) => table.column(n));
  const lines = [['day', ...names].join(',')];
  for (let row = 0; row < table.rows; row++) {
    lines.push([String(table.days[row]), ...cols.map((c) => (Number.isNaN(c[row]) ? '' : String(c[row])))].join(','));
  }
  return `${lines.join('\n')}\n`;
}

export interface SummaryInput {
  scenario: string;
  arm: string;
  seed: number;
  backend: BackendKind;
  steps: number;
  simulatedDays: number;
  wallSeconds: number;
  peakAgents: number;
}

/** summary.json content with its fixed key set. */
export function summaryJson(s: SummaryInput, table: ReadoutTable): string {
  const readouts: Record<string, number | null> = {};
  const censored: string[] = [];
  for (const [name, value] of table.finalValues()) {
    readouts[name] = Number.isFinite(value) ? value : null;
  }
  for (const r of table.requested) {
    if (r.reduction.kind === 'timeTo' && readouts[r.name] === null) censored.push(r.name);
  }
  const summary = {
    scenario: s.scenario,
    arm: s.arm,
    seed: s.seed,
    backend: s.backend,
    steps: s.steps,
    simulated_days: s.simulatedDays,
    wall_seconds: s.wallSeconds,
    peak_agents: s.peakAgents,
    readouts,
    censored,
  };
  return `${JSON.stringify(summary, null, 2)}\n`;
}

/** readouts.json content: unit, definition and reduction of every requested read-out. */
export function readoutsJson(readouts: readonly ReadoutSpec[]): string {
  const out: Record<string, { unit: string; definition: string; kind: string }> = {};
  for (const r of readouts) out[r.name] = { unit: r.unit, definition: r.definition, kind: r.reduction.kind };
  return `${JSON.stringify(out, null, 2)}\n`;
}
