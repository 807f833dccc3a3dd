/**
 * Ensemble statistics over seeds: means with Student t confidence intervals, paired (same-seed) differences
 * with a standardised effect size, and time-to-event summaries (Kaplan–Meier median, restricted mean) for
 * runs that all end at the same day tau. Intervals are two-sided, 95 % by default, with n - 1 degrees of
 * freedom. Inputs must be finite; a non-finite value throws, naming its index.
 */
import jstat from 'jstat';

/** Mean with a t confidence interval over n values; sd is the sample sd (n-1). For n < 2, lo = hi = NaN and sd = NaN. */
export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  lo: number;
  hi: number;
}

/** Paired difference treated[k] - reference[k] (same seed k): mean, t CI over the differences, and a standardised effect size. */
export interface PairedDifference extends Estimate {
  /**
   * Cohen's d_z (mean difference / sd of the differences) with Hedges' small-sample correction
   * J = 1 - 3/(4(n-1)-1); 0 when all differences are 0; null when the sd of the differences is 0 but the
   * mean is not (an infinite standardised effect) or n < 3 (at n = 2, J = 0: the corrected size says nothing).
   */
  effect_size: number | null;
}

/**
 * Time-to-event over an ensemble of runs that all end at day tau: null = not reached by tau (censored).
 * All censoring is administrative at tau, so the Kaplan–Meier estimate reduces to the empirical one and the
 * restricted mean time up to tau is the plain mean of min(T, tau). Times are in days.
 */
export interface TimeToEventSummary {
  n: number;
  events: number;
  censored: number;
  tau: number;
  /** Kaplan–Meier median: the smallest event time t with S(t) <= 0.5 (the usual convention); null when not reached (more than half censored). */
  km_median: number | null;
  /** Restricted mean time to event up to tau (mean of min(T, tau)) with its t CI. */
  restricted_mean: Estimate;
}

/** One step of a Kaplan–Meier curve: S drops to `survival` at `time` after `events` events among `at_risk` runs. */
export interface KaplanMeierStep {
  time: number;
  at_risk: number;
  events: number;
  survival: number;
}

/** Slack for S(t) <= 0.5 so that a product of ratios that is 0.5 in exact arithmetic counts as reached. */
const SURVIVAL_TOLERANCE = 1e-12;

function checkLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new Error(`confidence level must lie in (0, 1), got ${level}`);
}

/** Two-sided t quantile for a confidence level: t with P(|T| <= t) = level, df degrees of freedom. */
export function tQuantile(level: number, df: number): number {
  checkLevel(level);
  return jstat.jStat.studentt.inv(1 - (1 - level) / 2, df);
}

/** Mean with a t confidence interval; sd exactly 0 when all values are equal. Throws on a non-finite value. */
export function meanCI(values: readonly number[], level = 0.95): Estimate {
  checkLevel(level);
  const n = values.length;
  values.forEach((v, k) => {
    if (!Number.isFinite(v)) throw new Error(`meanCI: value at index ${k} is not finite (${v})`);
  });
  if (n === 0) return { n, mean: NaN, sd: NaN, lo: NaN, hi: NaN };
  if (values.every((v) => v === values[0])) {
    const mean = values[0];
    return n < 2 ? { n, mean, sd: NaN, lo: NaN, hi: NaN } : { n, mean, sd: 0, lo: mean, hi: mean };
  }
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const half = tQuantile(level, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

/** Hedges' small-sample correction for an effect size with df degrees of freedom: 1 - 3/(4 df - 1). */
export function hedgesCorrection(df: number): number {
  return 1 - 3 / (4 * df - 1);
}

/** Paired difference treated[k] - reference[k]; throws on a length mismatch, no pairs, or a non-finite value. */
export function pairedDifference(treated: readonly number[], reference: readonly number[], level = 0.95): PairedDifference {
  if (treated.length !== reference.length) {
    throw new Error(`pairedDifference: ${treated.length} treated values but ${reference.length} reference values`);
  }
  if (treated.length === 0) throw new Error('pairedDifference: no pairs');
  const differences = treated.map((t, k) => {
    if (!Number.isFinite(t)) throw new Error(`pairedDifference: treated value at index ${k} is not finite (${t})`);
    if (!Number.isFinite(reference[k])) throw new Error(`pairedDifference: reference value at index ${k} is not finite (${reference[k]})`);
    return t - reference[k];
  });
  const estimate = meanCI(differences, level);
  let effect_size: number | null;
  if (estimate.n < 3) effect_size = null;
  else if (estimate.sd === 0) effect_size = estimate.mean === 0 ? 0 : null;
  else effect_size = (estimate.mean / estimate.sd) * hedgesCorrection(estimate.n - 1);
  return { ...estimate, effect_size };
}

function checkTimes(times: readonly (number | null)[], tau: number, what: string): void {
  if (!Number.isFinite(tau) || tau < 0) throw new Error(`${what}: tau must be finite and >= 0, got ${tau}`);
  times.forEach((t, k) => {
    if (t === null) return;
    if (!Number.isFinite(t) || t < 0 || t > tau) {
      throw new Error(`${what}: time at index ${k} must be finite and in [0, tau = ${tau}] (null when not reached), got ${t}`);
    }
  });
}

/** min(T, tau) with a censored (null) time at tau. */
const restrictedTimes = (times: readonly (number | null)[], tau: number): number[] => times.map((t) => (t === null ? tau : Math.min(t, tau)));

/**
 * Kaplan–Meier product-limit curve: one step per distinct event time, S(t) = Π (1 - d_i / n_i) over event
 * times t_i <= t, with n_i the runs whose event is at or after t_i or that are censored (null, at tau).
 */
export function kaplanMeier(times: readonly (number | null)[], tau: number): KaplanMeierStep[] {
  checkTimes(times, tau, 'kaplanMeier');
  const eventTimes = times.filter((t): t is number => t !== null).sort((a, b) => a - b);
  const censored = times.length - eventTimes.length;
  const steps: KaplanMeierStep[] = [];
  let survival = 1;
  let i = 0;
  while (i < eventTimes.length) {
    const time = eventTimes[i];
    let events = 0;
    while (i + events < eventTimes.length && eventTimes[i + events] === time) events++;
    const at_risk = eventTimes.length - i + censored;
    survival *= 1 - events / at_risk;
    steps.push({ time, at_risk, events, survival });
    i += events;
  }
  return steps;
}

/** Summary of a time-to-event read-out over an ensemble (null = not reached by tau). */
export function timeToEvent(times: readonly (number | null)[], tau: number, level = 0.95): TimeToEventSummary {
  const curve = kaplanMeier(times, tau);
  const events = curve.reduce((s, step) => s + step.events, 0);
  const median = curve.find((step) => step.survival <= 0.5 + SURVIVAL_TOLERANCE);
  return {
    n: times.length,
    events,
    censored: times.length - events,
    tau,
    km_median: median ? median.time : null,
    restricted_mean: meanCI(restrictedTimes(times, tau), level),
  };
}

/** Paired difference of min(T, tau) (restricted mean difference), same conventions as pairedDifference. */
export function pairedTimeToEvent(
  treated: readonly (number | null)[],
  reference: readonly (number | null)[],
  tau: number,
  level = 0.95,
): PairedDifference {
  checkTimes(treated, tau, 'pairedTimeToEvent (treated)');
  checkTimes(reference, tau, 'pairedTimeToEvent (reference)');
  return pairedDifference(restrictedTimes(treated, tau), restrictedTimes(reference, tau), level);
}

/** Whether a CI excludes 0 in the expected direction ('increase': lo > 0; 'decrease': hi < 0). False for a NaN bound. */
export function excludesZero(e: { lo: number; hi: number }, direction: 'increase' | 'decrease'): boolean {
  return direction === 'increase' ? e.lo > 0 : e.hi < 0;
}

/**
 * Welch's two-sample t test of equal means (unequal variances): two-sided p value, with the
 * Welch–Satterthwaite degrees of freedom. Two samples with zero variance give p = 1 when their means
 * are equal and 0 otherwise. Each sample needs at least 2 finite values.
 */
export function welchTest(a: readonly number[], b: readonly number[]): { t: number; df: number; p: number } {
  const ea = meanCI(a);
  const eb = meanCI(b);
  if (ea.n < 2 || eb.n < 2) throw new Error(`welchTest: needs at least 2 values per sample, got ${ea.n} and ${eb.n}`);
  const va = (ea.sd * ea.sd) / ea.n;
  const vb = (eb.sd * eb.sd) / eb.n;
  const diff = ea.mean - eb.mean;
  if (va + vb === 0) return { t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: ea.n + eb.n - 2, p: diff === 0 ? 1 : 0 };
  const t = diff / Math.sqrt(va + vb);
  const df = (va + vb) ** 2 / ((va * va) / (ea.n - 1) + (vb * vb) / (eb.n - 1));
  return { t, df, p: 2 * (1 - jstat.jStat.studentt.cdf(Math.abs(t), df)) };
}

/**
 * Holm's step-down adjustment of p values for multiple tests (controls the family-wise error rate):
 * sorted ascending, p_(k) becomes max over j ≤ k of min(1, (m − j + 1)·p_(j)); returned in input order.
 */
export function holmAdjust(p: readonly number[]): number[] {
  const m = p.length;
  const order = p.map((_, k) => k).sort((x, y) => p[x] - p[y]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach((k, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p[k]));
    out[k] = running;
  });
  return out;
}
