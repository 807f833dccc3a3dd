/**
 * Twin comparison: arms of one scenario run on common random numbers (same seed), compared read-out by
 * read-out at the final time and as the mean over day windows, and as differences from the first arm.
 * A window mean is the mean of the output rows whose day lies in [from, to] (inclusive). Time-to-event
 * read-outs have a final value (null when censored) and no window mean.
 */
import type { ReadoutTable } from './readoutTable.ts';

export interface DayWindow {
  from_day: number;
  to_day: number;
}

export interface ArmSummary {
  final: number | null;
  windows: (DayWindow & { mean: number | null })[];
}

export interface ReadoutComparison {
  unit: string;
  definition: string;
  arms: Record<string, ArmSummary>;
  /** Arm minus the reference (first) arm; null where either side is null. */
  difference_from_reference: Record<string, ArmSummary>;
}

export interface TwinComparison {
  reference_arm: string;
  arms: string[];
  windows: DayWindow[];
  readouts: Record<string, ReadoutComparison>;
}

const finite = (x: number): number | null => (Number.isFinite(x) ? x : null);

/** Mean of the column's rows with day in the window (null when none, or for time-to-event columns). */
export function windowMean(days: readonly number[], column: readonly number[], w: DayWindow): number | null {
  let n = 0;
  let sum = 0;
  for (let k = 0; k < days.length; k++) {
    if (days[k] < w.from_day - 1e-9 || days[k] > w.to_day + 1e-9) continue;
    if (!Number.isFinite(column[k])) return null;
    sum += column[k];
    n++;
  }
  return n > 0 ? sum / n : null;
}

/** Compares the tables of several arms (the first is the reference). */
export function compareTwins(tables: ReadonlyMap<string, ReadoutTable>, windows: readonly DayWindow[]): TwinComparison {
  const arms = [...tables.keys()];
  const reference = arms[0];
  const first = tables.get(reference)!;
  const readouts: Record<string, ReadoutComparison> = {};
  for (const spec of first.requested) {
    const isEvent = spec.reduction.kind === 'timeTo';
    const summaries: Record<string, ArmSummary> = {};
    for (const [arm, table] of tables) {
      const column = table.column(spec.name);
      summaries[arm] = {
        final: finite(column[column.length - 1]),
        windows: windows.map((w) => ({ ...w, mean: isEvent ? null : windowMean(table.days, column, w) })),
      };
    }
    const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : a - b);
    const differences: Record<string, ArmSummary> = {};
    for (const arm of arms.slice(1)) {
      differences[arm] = {
        final: diff(summaries[arm].final, summaries[reference].final),
        windows: summaries[arm].windows.map((w, k) => ({ ...windows[k], mean: diff(w.mean, summaries[reference].windows[k].mean) })),
      };
    }
    readouts[spec.name] = { unit: spec.unit, definition: spec.definition, arms: summaries, difference_from_reference: differences };
  }
  return { reference_arm: reference, arms, windows: [...windows], readouts };
}

/** Parses "A-B" (days) into a window. */
export function parseWindow(text: string): DayWindow | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*-\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = Number(m[2]);
  return from <= to ? { from_day: from, to_day: to } : undefined;
}
