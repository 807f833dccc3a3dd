/**
 * sweep.csv and sweep.json. sweep.csv has one row per (grid point, seed) in canonical order: a column per
 * varied path (its value), `seed`, then the final value of each read-out (empty where undefined: an
 * unreached time-to-event). sweep.json (the manifest) records what the sweep is — scenario hash, arm,
 * overrides, the varied paths and values, seeds, read-outs, run length — and which shard a folder holds,
 * so that `merge` can check that shards belong together and that none is missing.
 */
import { parse } from 'csv-parse/sync';
import { sweepJobs, valueText, type Shard, type SweepJob, type Vary } from './sweepGrid.ts';

export interface SweepManifest {
  scenario: string;
  scenario_sha256: string;
  arm: string;
  overrides: string[];
  vary: Vary[];
  seeds: number[];
  readouts: string[];
  /** Unit of each read-out, and the time-to-event ones (for plots). */
  units: Record<string, string>;
  time_to_event: string[];
  /** Run length (days): the censoring time of time-to-event read-outs. */
  tau_days: number;
  jobs_total: number;
  /** null for a whole (or merged) sweep. */
  shard: Shard | null;
}

export interface SweepRow {
  job: SweepJob;
  /** Final read-out values in manifest order (NaN where undefined). */
  finals: number[];
}

const quote = (cell: string) => (/[",\n\r]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell);

/** The CSV text of rows (sorted into canonical order). */
export function sweepCsv(manifest: SweepManifest, rows: readonly SweepRow[]): string {
  const header = [...manifest.vary.map((v) => v.path), 'seed', ...manifest.readouts];
  const lines = [header.map(quote).join(',')];
  for (const row of [...rows].sort((a, b) => a.job.index - b.job.index)) {
    const cells = [...row.job.values.map(valueText), String(row.job.seed), ...row.finals.map((v) => (Number.isFinite(v) ? String(v) : ''))];
    lines.push(cells.map(quote).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Reads sweep.csv back into rows, matched to the manifest's jobs; throws naming the problem. */
export function readSweepCsv(manifest: SweepManifest, text: string, source: string): SweepRow[] {
  const records = parse(text, { relax_column_count: false }) as string[][];
  const header = [...manifest.vary.map((v) => v.path), 'seed', ...manifest.readouts];
  if (records.length === 0 || records[0].join('\u0000') !== header.join('\u0000')) {
    throw new Error(`${source}: expected the header ${header.join(',')}, found ${records[0]?.join(',') ?? 'nothing'}`);
  }
  const byKey = new Map(sweepJobs(manifest.vary, manifest.seeds).map((j) => [[...j.values.map(valueText), String(j.seed)].join('\u0000'), j]));
  const nv = manifest.vary.length;
  return records.slice(1).map((cells, r) => {
    const job = byKey.get(cells.slice(0, nv + 1).join('\u0000'));
    if (!job) throw new Error(`${source}, row ${r + 2}: (${cells.slice(0, nv + 1).join(', ')}) is not a point and seed of this sweep`);
    return { job, finals: cells.slice(nv + 1).map((c) => (c === '' ? Number.NaN : Number(c))) };
  });
}

/** The manifest fields that must agree between shards of one sweep. */
function identity(m: SweepManifest): string {
  return JSON.stringify([m.scenario, m.scenario_sha256, m.arm, m.overrides, m.vary, m.seeds, m.readouts, m.tau_days, m.jobs_total]);
}

/** Merges shards (manifest and rows each) into the whole sweep; throws if they differ, overlap or leave jobs out. */
export function mergeSweeps(parts: readonly { source: string; manifest: SweepManifest; rows: SweepRow[] }[]): { manifest: SweepManifest; rows: SweepRow[] } {
  if (parts.length === 0) throw new Error('merge: give at least one sweep folder');
  const first = parts[0];
  const seen = new Map<number, string>();
  const rows: SweepRow[] = [];
  for (const part of parts) {
    if (identity(part.manifest) !== identity(first.manifest)) throw new Error(`merge: ${part.source} is not a shard of the same sweep as ${first.source} (scenario, arm, overrides, grid, seeds or read-outs differ)`);
    for (const row of part.rows) {
      const other = seen.get(row.job.index);
      if (other !== undefined) throw new Error(`merge: grid point ${row.job.sets.join(' ')} seed ${row.job.seed} appears in both ${other} and ${part.source}`);
      seen.set(row.job.index, part.source);
      rows.push(row);
    }
  }
  const total = first.manifest.jobs_total;
  if (seen.size !== total) {
    const missing = sweepJobs(first.manifest.vary, first.manifest.seeds).filter((j) => !seen.has(j.index));
    const shards = first.manifest.shard ? ` (shards of ${first.manifest.shard.count}; a shard may be missing)` : '';
    throw new Error(`merge: ${missing.length} of ${total} runs are missing${shards}, e.g. ${missing[0].sets.join(' ')} seed ${missing[0].seed}`);
  }
  return { manifest: { ...first.manifest, shard: null }, rows: rows.sort((a, b) => a.job.index - b.job.index) };
}
