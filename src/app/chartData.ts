/**
 * Pure data assembly for the twin charts (src/app/charts.ts), testable without a DOM: the two arms'
 * columns of one read-out over their common rows, their difference, the phase bands inside the x range,
 * and the read-outs charted by default.
 */
import type { ReadoutTable } from '../analysis/readoutTable.ts';
import type { HealingPhase } from '../model/phases.ts';

/** What the charts read from a run's read-out table. */
export type ChartTable = Pick<ReadoutTable, 'days' | 'column'>;

/** One read-out of both arms over their common rows; null where a value is missing (NaN, e.g. a time-to-event not yet reached). */
export interface TwinSeries {
  /** Output times, days after injury. */
  days: number[];
  reference: (number | null)[];
  compared: (number | null)[];
  /** compared − reference; null where either is null. */
  difference: (number | null)[];
}

/** Output times of the two arms may differ by rounding only (both arms run in lockstep). */
const DAY_TOLERANCE = 1e-9;

function finiteOrNull(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

/**
 * The read-out `name` of [reference, compared] over the rows both tables have (the tables may differ by a
 * row while a step is in flight). Throws when a common row's output times differ (arms out of lockstep).
 */
export function twinSeries(tables: readonly [ChartTable, ChartTable], name: string): TwinSeries {
  const [ref, cmp] = tables;
  const rows = Math.min(ref.days.length, cmp.days.length);
  const refColumn = ref.column(name);
  const cmpColumn = cmp.column(name);
  const days = ref.days.slice(0, rows);
  const reference: (number | null)[] = [];
  const compared: (number | null)[] = [];
  const difference: (number | null)[] = [];
  for (let row = 0; row < rows; row++) {
    if (Math.abs(ref.days[row] - cmp.days[row]) > DAY_TOLERANCE) {
      throw new Error(`twin charts: row ${row} of "${name}" is at day ${ref.days[row]} in the reference arm but day ${cmp.days[row]} in the compared arm`);
    }
    const a = finiteOrNull(refColumn[row]);
    const b = finiteOrNull(cmpColumn[row]);
    reference.push(a);
    compared.push(b);
    difference.push(a === null || b === null ? null : b - a);
  }
  return { days, reference, compared, difference };
}

/** A phase clipped to the charted x range; `index` is its place in the model's phase list (for alternating shades). */
export interface PhaseBand {
  name: string;
  fromDay: number;
  toDay: number;
  index: number;
}

/** The phases overlapping [minDay, maxDay], clipped to it (an Infinity end becomes maxDay). */
export function phaseBands(phases: readonly HealingPhase[], minDay: number, maxDay: number): PhaseBand[] {
  const bands: PhaseBand[] = [];
  phases.forEach((p, index) => {
    const fromDay = Math.max(p.fromDay, minDay);
    const toDay = Math.min(p.toDay, maxDay);
    if (toDay > fromDay) bands.push({ name: p.name, fromDay, toDay, index });
  });
  return bands;
}

/**
 * A phase label that fits `maxWidth` (measured by `measure`, e.g. the canvas's text width): the whole name,
 * else its longest prefix of at least 3 characters followed by "…", else null (no label).
 */
export function fitLabel(name: string, maxWidth: number, measure: (text: string) => number): string | null {
  if (measure(name) <= maxWidth) return name;
  for (let n = name.length - 1; n >= 3; n--) {
    const short = `${name.slice(0, n).trimEnd()}…`;
    if (measure(short) <= maxWidth) return short;
  }
  return null;
}

/**
 * A y range for data spanning [min, max] (null when there is no data): [0, 1] without data, a unit-wide
 * range around a constant, else [min, max] unchanged (the caller pads it). `withZero` keeps 0 in view
 * (for the difference, whose sign matters).
 */
export function yExtent(min: number | null, max: number | null, withZero: boolean): [number, number] {
  if (min === null || max === null || !Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  let lo = withZero ? Math.min(min, 0) : min;
  let hi = withZero ? Math.max(max, 0) : max;
  if (lo === hi) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 0.5;
    lo -= half;
    hi += half;
  }
  return [lo, hi];
}

/** A value for the chart legend: 4 significant digits, "—" when missing. */
export function formatValue(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return '—';
  return String(Number(v.toPrecision(4)));
}

/**
 * Labels of an axis's ticks (`splits`, `increment` apart): as formatValue, or in exponent notation with just
 * enough digits to tell neighbours apart when the ticks are closer than 1e-3 (early bone fractions of order
 * 1e-6 would all read "0").
 */
export function formatTicks(splits: readonly number[], increment: number): string[] {
  if (!(Math.abs(increment) > 0 && Math.abs(increment) < 1e-3)) return splits.map((v) => formatValue(v));
  const largest = Math.max(...splits.map((v) => Math.abs(v)));
  const digits = Math.max(0, Math.floor(Math.log10(largest)) - Math.floor(Math.log10(Math.abs(increment))));
  return splits.map((v) => (v === 0 ? '0' : Number.isFinite(v) ? v.toExponential(digits) : '—'));
}

/** Read-outs the page charts first, by model, when the run records them (issue 7 names the bone ones). */
const MODEL_CHARTS: Readonly<Record<string, readonly string[]>> = {
  skin: ['closure_pct', 'neutrophil_count', 'm2_fraction', 'vessel_density_pct', 'collagen_mean', 'exosome_total'],
  bone: ['bone_fraction_gap', 'cartilage_fraction_gap', 'new_bone_area_pct', 'vessel_density_pct', 'osteoclast_count', 'm2_fraction', 'interfragmentary_strain_pct'],
};
const FIRST_N = 4;

/** The read-outs charted by default for a model, chosen from those the run records (`available`, in table order). */
export function defaultChartReadouts(modelId: string, available: readonly string[]): string[] {
  const preferred = MODEL_CHARTS[modelId];
  if (preferred) return preferred.filter((name) => available.includes(name));
  return available.slice(0, FIRST_N);
}
