/**
 * Judging an experiment's checks (scenario `experiment.checks`) on an ensemble, with the rules fixed in the
 * scenario before any tuning:
 * - effect: the paired difference treated - reference (seed k against seed k) has a 95% CI that excludes 0
 *   in the expected direction;
 * - inhibitor_removes: treated beats treated-plus-inhibitor (paired 95% CI excludes 0 in the expected
 *   direction) and the inhibited arm's mean gain over the reference is at most max_fraction of the treated
 *   arm's (which must itself be a gain).
 * A run's value is the read-out at the end ("final"; a time-to-event read-out counts a censored run as
 * the run's length: the restricted mean) or its mean over the output times in the window.
 */
import { excludesZero, meanCI, pairedDifference, type Estimate, type PairedDifference } from '../analysis/statistics.ts';
import { windowMean } from '../analysis/twinComparison.ts';
import type { Check } from '../scenario/schema.ts';
import { restrictedFinal, type RunResult } from './runJob.ts';

export interface CheckResult {
  kind: Check['kind'];
  readout: string;
  window: Check['window'];
  direction: Check['direction'];
  reference: string;
  treated: string;
  inhibited?: string;
  description?: string;
  /** Per arm (reference, treated, inhibited) the mean and CI of the runs' values. */
  arms: Record<string, Estimate>;
  /** treated - reference, paired. */
  effect: PairedDifference;
  /** treated - inhibited, paired (inhibitor_removes only). */
  inhibitor_effect?: PairedDifference;
  /** Mean gain of the inhibited arm over the reference as a fraction of the treated arm's (inhibitor_removes only). */
  retained_fraction?: number;
  pass: boolean;
  /** Why it passed or failed, in words. */
  verdict: string;
}

/** The value a check judges for one run. */
export function runValue(run: RunResult, readout: string, window: Check['window'], isEvent: boolean): number {
  if (window === 'final') return restrictedFinal(run, readout, isEvent);
  const k = run.names.indexOf(readout);
  if (k < 0) throw new Error(`arm ${run.arm}, seed ${run.seed}: read-out ${readout} was not recorded`);
  return windowMean(run.days, run.columns[k], { from_day: window.from_day, to_day: window.to_day }) ?? Number.NaN;
}

const fmt = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const ci = (d: Estimate) => `${fmt(d.mean)} [${fmt(d.lo)}, ${fmt(d.hi)}]`;

/** Judges one check on the runs of its arms (same seeds in the same order in every arm). */
export function judgeCheck(check: Check, runs: ReadonlyMap<string, readonly RunResult[]>, isEvent: boolean): CheckResult {
  const values = (arm: string) => {
    const list = runs.get(arm);
    if (!list) throw new Error(`no runs of arm ${arm}`);
    const v = list.map((r) => runValue(r, check.readout, check.window, isEvent));
    const bad = v.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) throw new Error(`${check.readout} of arm ${arm}, seed ${list[bad].seed} is undefined in the window`);
    return v;
  };
  const ref = values(check.reference);
  const treated = values(check.treated);
  const arms: Record<string, Estimate> = { [check.reference]: meanCI(ref), [check.treated]: meanCI(treated) };
  const effect = pairedDifference(treated, ref);
  const base = {
    kind: check.kind,
    readout: check.readout,
    window: check.window,
    direction: check.direction,
    reference: check.reference,
    treated: check.treated,
    ...(check.kind === 'inhibitor_removes' ? { inhibited: check.inhibited } : {}),
    ...(check.description ? { description: check.description } : {}),
  };
  const sign = check.direction === 'increase' ? 1 : -1;
  if (check.kind === 'effect') {
    const pass = excludesZero(effect, check.direction);
    const verdict = `${check.treated} - ${check.reference} = ${ci(effect)}: ${pass ? 'the CI excludes 0' : 'the CI does not exclude 0'} in the expected direction (${check.direction})`;
    return { ...base, arms, effect, pass, verdict };
  }
  const inhibited = values(check.inhibited);
  arms[check.inhibited] = meanCI(inhibited);
  const inhibitorEffect = pairedDifference(treated, inhibited);
  const gainTreated = sign * effect.mean;
  const gainInhibited = sign * (meanCI(inhibited).mean - meanCI(ref).mean);
  const retained = gainTreated > 0 ? gainInhibited / gainTreated : Number.NaN;
  const beats = excludesZero(inhibitorEffect, check.direction);
  const removed = gainTreated > 0 && retained <= check.max_fraction;
  const pass = beats && removed;
  const verdict = [
    `${check.treated} - ${check.inhibited} = ${ci(inhibitorEffect)} (${beats ? 'CI excludes 0' : 'CI does not exclude 0'} in the expected direction)`,
    gainTreated > 0
      ? `the inhibited arm keeps ${fmt(100 * retained)}% of the treated arm's gain (at most ${fmt(100 * check.max_fraction)}% allowed)`
      : `the treated arm shows no gain over ${check.reference} (${ci(effect)}), so there is no effect to remove`,
  ].join('; ');
  return { ...base, arms, effect, inhibitor_effect: inhibitorEffect, retained_fraction: retained, pass, verdict };
}
