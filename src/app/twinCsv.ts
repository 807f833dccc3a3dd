/**
 * The twins' read-outs as one CSV: one row per output time present in both tables, `day`, then for each
 * requested read-out `<name>_<reference arm>`, `<name>_<compared arm>` and `<name>_difference` (compared
 * minus reference). Numbers are written as in the CLI's timeseries.csv (src/cli/outputs.ts): JavaScript's
 * shortest round-trip form, and an empty cell for NaN (an unreached time-to-event).
 */
import type { ReadoutTable } from '../analysis/readoutTable.ts';

/** Days closer than this are the same output time (days). */
const SAME_DAY = 1e-9;

/** A CSV cell for a number, as in timeseries.csv. */
function cell(x: number): string {
  return Number.isNaN(x) ? '' : String(x);
}

/** CSV text comparing the two arms' tables (requested read-outs of the reference table). */
export function twinReadoutsCsv(armNames: readonly [string, string], tables: readonly [ReadoutTable, ReadoutTable]): string {
  const [reference, compared] = tables;
  const names = reference.requested.map((r) => r.name);
  const header = ['day', ...names.flatMap((n) => [`${n}_${armNames[0]}`, `${n}_${armNames[1]}`, `${n}_difference`])];
  const refCols = names.map((n) => reference.column(n));
  const cmpCols = names.map((n) => compared.column(n));
  const lines = [header.join(',')];
  let j = 0;
  for (let i = 0; i < reference.rows; i++) {
    const day = reference.days[i];
    while (j < compared.rows && compared.days[j] < day - SAME_DAY) j++;
    if (j >= compared.rows) break;
    if (compared.days[j] > day + SAME_DAY) continue;
    const values = names.flatMap((_, k) => [refCols[k][i], cmpCols[k][j], cmpCols[k][j] - refCols[k][i]]);
    lines.push([String(day), ...values.map(cell)].join(','));
  }
  return `${lines.join('\n')}\n`;
}
