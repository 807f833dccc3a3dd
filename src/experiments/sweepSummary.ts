/**
 * Per grid point of a sweep, the mean and 95% CI over seeds of each read-out (time-to-event read-outs as
 * the restricted mean up to the run's end, censored runs counting as tau), as points for a dose-response
 * or timing plot: x is the first varied path's value, the other varied paths name the series.
 */
import { meanCI } from '../analysis/statistics.ts';
import type { DosePoint } from '../analysis/plots.ts';
import { valueText } from './sweepGrid.ts';
import type { SweepManifest, SweepRow } from './sweepTable.ts';

/** A varied path as a legend shows it: a parameter's name without `parameters.` (or `arms.X.parameters.`). */
export function shortPath(path: string): string {
  const k = path.indexOf('parameters.');
  return k >= 0 ? path.slice(k + 'parameters.'.length) : path;
}

/** Points of read-out `name` (one per grid point; a point whose values are not all finite is left out). */
export function sweepPoints(manifest: SweepManifest, rows: readonly SweepRow[], name: string, isEvent: boolean): DosePoint[] {
  const r = manifest.readouts.indexOf(name);
  if (r < 0) throw new Error(`the sweep has no read-out ${name}`);
  const byPoint = new Map<number, SweepRow[]>();
  for (const row of rows) byPoint.set(row.job.point, [...(byPoint.get(row.job.point) ?? []), row]);
  const points: DosePoint[] = [];
  for (const [, group] of [...byPoint].sort((a, b) => a[0] - b[0])) {
    const values = group.map((g) => (isEvent && !Number.isFinite(g.finals[r]) ? manifest.tau_days : g.finals[r]));
    if (!values.every(Number.isFinite)) continue;
    const e = meanCI(values);
    const x = group[0].job.values[0];
    const series = manifest.vary
      .slice(1)
      .map((v, d) => `${shortPath(v.path)}=${valueText(group[0].job.values[d + 1])}`)
      .join(', ');
    points.push({ x: typeof x === 'number' ? x : valueText(x), mean: e.mean, lo: e.lo, hi: e.hi, ...(series ? { series } : {}) });
  }
  return points;
}
