/**
 * The run's columnar read-out table. Backends evaluate the base reductions (counts, means, areas...);
 * this table derives the rest from its own history: percentReduction (against the first row) and
 * timeTo (first crossing of a threshold, linearly interpolated between output times; NaN until reached,
 * i.e. censored). It holds every read-out the requested ones depend on; only the requested are output.
 */
import { readoutDependencies } from '../model/readoutDependencies.ts';
import type { ReadoutSpec } from '../model/types.ts';

const DERIVED = new Set(['percentReduction', 'timeTo', 'sumOf', 'ratioOf', 'eventRate', 'frontSpeed']);

/** Read-outs whose values a backend computes from the state (the rest derive from the table). */
export function isBaseReadout(r: ReadoutSpec): boolean {
  return !DERIVED.has(r.reduction.kind);
}

/** The requested read-outs plus everything they derive from, in dependency order. */
export function readoutClosure(requested: readonly ReadoutSpec[], byName: ReadonlyMap<string, ReadoutSpec>): ReadoutSpec[] {
  const out: ReadoutSpec[] = [];
  const seen = new Set<string>();
  const visit = (r: ReadoutSpec) => {
    if (seen.has(r.name)) return;
    seen.add(r.name);
    for (const dep of readoutDependencies(r)) visit(byName.get(dep)!);
    out.push(r);
  };
  requested.forEach(visit);
  return out;
}

export interface ReadoutTableData {
  names: string[];
  days: number[];
  /** columns[k][row]; null stands for NaN (JSON has no NaN). */
  columns: (number | null)[][];
}

export class ReadoutTable {
  readonly all: readonly ReadoutSpec[];
  readonly base: readonly ReadoutSpec[];
  readonly days: number[] = [];
  readonly columns: number[][];
  private readonly index: Map<string, number>;

  constructor(
    readonly requested: readonly ReadoutSpec[],
    byName: ReadonlyMap<string, ReadoutSpec>,
  ) {
    this.all = readoutClosure(requested, byName);
    this.base = this.all.filter(isBaseReadout);
    this.columns = this.all.map(() => []);
    this.index = new Map(this.all.map((r, k) => [r.name, k]));
  }

  get rows(): number {
    return this.days.length;
  }

  /** Appends a row at `day` from the base values (in the order of `base`). */
  append(day: number, baseValues: ArrayLike<number>): void {
    const row = this.days.length;
    this.days.push(day);
    let b = 0;
    for (let k = 0; k < this.all.length; k++) {
      const red = this.all[k].reduction;
      const col = this.columns[k];
      if (red.kind === 'percentReduction') {
        const of = this.columns[this.index.get(red.of)!];
        col.push(of[0] === 0 ? 0 : (100 * (of[0] - of[row])) / of[0]);
      } else if (red.kind === 'timeTo') {
        const of = this.columns[this.index.get(red.of)!];
        col.push(row === 0 ? this.crossingAtStart(red, of[0], day) : this.crossing(red, col[row - 1], of, row));
      } else if (red.kind === 'sumOf') {
        col.push(red.of.reduce((sum, name) => sum + this.columns[this.index.get(name)!][row], 0));
      } else if (red.kind === 'ratioOf') {
        const denominator = this.columns[this.index.get(red.denominator)!][row];
        col.push(denominator === 0 ? 0 : this.columns[this.index.get(red.numerator)!][row] / denominator);
      } else if (red.kind === 'eventRate') {
        const of = this.columns[this.index.get(red.of)!];
        col.push(row === 0 ? 0 : (of[row] - of[row - 1]) / (day - this.days[row - 1]));
      } else if (red.kind === 'frontSpeed') {
        const of = this.columns[this.index.get(red.of)!];
        const radius = (a: number) => Math.sqrt(Math.max(a, 0) / Math.PI) * 1000;
        col.push(row === 0 ? 0 : (radius(of[row - 1]) - radius(of[row])) / (day - this.days[row - 1]));
      } else {
        col.push(baseValues[b++]);
      }
    }
  }

  private crossingAtStart(red: { threshold: number; direction: 'rising' | 'falling' }, v: number, day: number): number {
    const reached = red.direction === 'rising' ? v >= red.threshold : v <= red.threshold;
    return reached ? day : Number.NaN;
  }

  private crossing(red: { threshold: number; direction: 'rising' | 'falling' }, previous: number, of: number[], row: number): number {
    if (!Number.isNaN(previous)) return previous;
    const a = of[row - 1];
    const b = of[row];
    const thr = red.threshold;
    const reached = red.direction === 'rising' ? b >= thr : b <= thr;
    if (!reached) return Number.NaN;
    const t0 = this.days[row - 1];
    const t1 = this.days[row];
    const frac = b === a ? 1 : (thr - a) / (b - a);
    return t0 + Math.min(Math.max(frac, 0), 1) * (t1 - t0);
  }

  /** The column of a read-out by name. */
  column(name: string): readonly number[] {
    const k = this.index.get(name);
    if (k === undefined) throw new Error(`no read-out column "${name}"`);
    return this.columns[k];
  }

  /** Last value of every requested read-out (NaN for an unreached time-to-event). */
  finalValues(): Map<string, number> {
    return new Map(this.requested.map((r) => [r.name, this.column(r.name)[this.rows - 1]]));
  }

  /** Serialisable copy (for snapshots). */
  toData(): ReadoutTableData {
    return {
      names: this.all.map((r) => r.name),
      days: [...this.days],
      columns: this.columns.map((c) => c.map((v) => (Number.isNaN(v) ? null : v))),
    };
  }

  /** Restores rows saved by toData (same read-out list). */
  load(data: ReadoutTableData): void {
    const names = this.all.map((r) => r.name);
    if (data.names.join(',') !== names.join(',')) throw new Error('snapshot read-outs differ from the scenario');
    this.days.splice(0, this.days.length, ...data.days);
    data.columns.forEach((c, k) => this.columns[k].splice(0, this.columns[k].length, ...c.map((v) => (v === null ? Number.NaN : v))));
  }
}
