/**
 * Ensemble statistics of an experiment: arms run over the same N seeds (seed k of every arm draws the same
 * random numbers), summarised per output time (mean and 95% CI over seeds), at the end and over day
 * windows, with the paired difference of every arm from the reference (first) arm, its CI and effect size.
 *
 * Time-to-event read-outs are censored at the run's end (tau): per arm the Kaplan–Meier median and the
 * restricted mean time up to tau; differences are paired restricted-mean differences (statistics.ts). In
 * the time series a time-to-event column holds, per output day d, the restricted mean up to d
 * (mean over seeds of min(T, d)), which ends at the final restricted mean.
 */
import type { ReadoutSpec } from '../model/types.ts';
import { meanCI, pairedDifference, pairedTimeToEvent, timeToEvent, type Estimate, type PairedDifference, type TimeToEventSummary } from '../analysis/statistics.ts';
import { windowMean, type DayWindow } from '../analysis/twinComparison.ts';
import type { RunResult } from './runJob.ts';

/** One arm's runs, in seed order (the same seeds in every arm). */
export interface ArmRuns {
  arm: string;
  runs: readonly RunResult[];
}

export interface EnsembleArmSummary {
  final: Estimate | TimeToEventSummary | null;
  windows: (DayWindow & { estimate: Estimate | null })[];
}

export interface EnsembleDifference {
  final: PairedDifference | null;
  windows: (DayWindow & { difference: PairedDifference | null })[];
}

export interface EnsembleReadout {
  unit: string;
  definition: string;
  kind: string;
  /** How the arms' values are summarised. */
  estimator: string;
  arms: Record<string, EnsembleArmSummary>;
  difference_from_reference: Record<string, EnsembleDifference>;
}

export interface EnsembleComparison {
  reference_arm: string;
  arms: string[];
  seeds: number[];
  /** Run length in days (the censoring time of time-to-event read-outs). */
  tau_days: number;
  confidence_level: number;
  effect_size: string;
  windows: DayWindow[];
  readouts: Record<string, EnsembleReadout>;
}

const isEvent = (r: ReadoutSpec) => r.reduction.kind === 'timeTo';

/** Column `name` of every run of an arm. */
function columns(arm: ArmRuns, name: string): number[][] {
  return arm.runs.map((run) => {
    const k = run.names.indexOf(name);
    if (k < 0) throw new Error(`arm ${arm.arm}, seed ${run.seed}: no read-out ${name}`);
    return run.columns[k];
  });
}

/** Mean and CI of values that must all be finite; null when one is not (an undefined read-out). */
function estimate(values: readonly number[]): Estimate | null {
  return values.every(Number.isFinite) ? meanCI(values) : null;
}

function difference(treated: readonly number[], reference: readonly number[]): PairedDifference | null {
  return treated.every(Number.isFinite) && reference.every(Number.isFinite) ? pairedDifference(treated, reference) : null;
}

const eventTime = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Checks that every run of every arm has the same output days and seeds; returns the days. */
export function commonDays(arms: readonly ArmRuns[]): number[] {
  const days = arms[0].runs[0].days;
  const seeds = arms[0].runs.map((r) => r.seed).join(',');
  for (const arm of arms) {
    if (arm.runs.map((r) => r.seed).join(',') !== seeds) throw new Error(`arm ${arm.arm} ran seeds ${arm.runs.map((r) => r.seed)}, expected ${seeds}`);
    for (const run of arm.runs) {
      if (run.days.length !== days.length || run.days.some((d, k) => d !== days[k])) throw new Error(`arm ${arm.arm}, seed ${run.seed}: output days differ from the other runs`);
    }
  }
  return days;
}

/** Ensemble time series of one arm: `day`, then per read-out its mean and `<name>_lo`, `<name>_hi` (95% CI). */
export function ensembleTimeseriesCsv(arm: ArmRuns, readouts: readonly ReadoutSpec[]): string {
  const bands = readouts.map((r) => ensembleBand(arm, r));
  const days = bands.length > 0 ? bands[0].day : commonDays([arm]);
  const cell = (x: number) => (Number.isFinite(x) ? String(x) : '');
  const lines = [['day', ...readouts.flatMap((r) => [r.name, `${r.name}_lo`, `${r.name}_hi`])].join(',')];
  for (let row = 0; row < days.length; row++) {
    lines.push([String(days[row]), ...bands.flatMap((b) => [cell(b.mean[row]), cell(b.lo[row]), cell(b.hi[row])])].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** Mean and 95% band per output day of one read-out of one arm, as plotted (time-to-event: restricted mean up to the day). */
export function ensembleBand(arm: ArmRuns, readout: ReadoutSpec): { arm: string; day: number[]; mean: number[]; lo: number[]; hi: number[] } {
  const days = commonDays([arm]);
  const cols = columns(arm, readout.name);
  const band = { arm: arm.arm, day: days, mean: [] as number[], lo: [] as number[], hi: [] as number[] };
  days.forEach((day, row) => {
    const values = cols.map((c) => c[row]);
    const e = isEvent(readout) ? meanCI(values.map((v) => (Number.isFinite(v) ? Math.min(v, day) : day))) : estimate(values);
    band.mean.push(e?.mean ?? Number.NaN);
    band.lo.push(e?.lo ?? Number.NaN);
    band.hi.push(e?.hi ?? Number.NaN);
  });
  return band;
}

/** The comparison of arms (the first is the reference) at the end and over windows. */
export function compareEnsembles(arms: readonly ArmRuns[], readouts: readonly ReadoutSpec[], windows: readonly DayWindow[]): EnsembleComparison {
  const days = commonDays(arms);
  const tau = days[days.length - 1];
  const reference = arms[0];
  const out: Record<string, EnsembleReadout> = {};
  for (const r of readouts) {
    const byArm = new Map(arms.map((a) => [a.arm, columns(a, r.name)]));
    const finals = (arm: string) => byArm.get(arm)!.map((c) => c[c.length - 1]);
    const windowValues = (arm: string, w: DayWindow) => byArm.get(arm)!.map((c) => windowMean(days, c, w) ?? Number.NaN);
    const summaries: Record<string, EnsembleArmSummary> = {};
    for (const a of arms) {
      summaries[a.arm] = {
        final: isEvent(r) ? timeToEvent(finals(a.arm).map(eventTime), tau) : estimate(finals(a.arm)),
        windows: windows.map((w) => ({ ...w, estimate: isEvent(r) ? null : estimate(windowValues(a.arm, w)) })),
      };
    }
    const differences: Record<string, EnsembleDifference> = {};
    for (const a of arms.slice(1)) {
      differences[a.arm] = {
        final: isEvent(r)
          ? pairedTimeToEvent(finals(a.arm).map(eventTime), finals(reference.arm).map(eventTime), tau)
          : difference(finals(a.arm), finals(reference.arm)),
        windows: windows.map((w) => ({ ...w, difference: isEvent(r) ? null : difference(windowValues(a.arm, w), windowValues(reference.arm, w)) })),
      };
    }
    out[r.name] = {
      unit: r.unit,
      definition: r.definition,
      kind: r.reduction.kind,
      estimator: isEvent(r)
        ? `censored at the run end (${tau} d): Kaplan–Meier median and restricted mean time up to ${tau} d; differences are paired restricted-mean differences`
        : 'mean over seeds with a Student t 95% CI; differences are paired (seed k against seed k)',
      arms: summaries,
      difference_from_reference: differences,
    };
  }
  return {
    reference_arm: reference.arm,
    arms: arms.map((a) => a.arm),
    seeds: reference.runs.map((r) => r.seed),
    tau_days: tau,
    confidence_level: 0.95,
    effect_size: "Cohen's d_z of the paired differences with Hedges' small-sample correction",
    windows: [...windows],
    readouts: out,
  };
}

/** JSON text with non-finite numbers written as null. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v), 2)}\n`;
}
