/**
 * Report figures as SVG (Vega-Lite rendered headless by Vega) and PNG (resvg): ensemble time courses
 * with CI bands, dose–response curves with CI error bars, and forest plots of estimates against 0.
 * Rendering is offline and deterministic: data are inline, the loader refuses every fetch, text widths
 * are estimated (no canvas, no font files), and SVG ids are renamed from a hash of the content.
 * Non-finite values are left out and break lines and bands (gaps), never drawn as zeros.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** One arm's ensemble time course: mean and 95% CI band per output day (NaN = no value: a gap). */
export interface Band {
  arm: string;
  day: readonly number[];
  mean: readonly number[];
  lo: readonly number[];
  hi: readonly number[];
}

/** One grid value of a dose–response curve: mean and 95% CI of the readout, optionally in a series. */
export interface DosePoint {
  x: number | string;
  mean: number;
  lo: number;
  hi: number;
  series?: string;
}

/** One row of a forest plot: estimate and 95% CI, and whether it passes its criterion. */
export interface ForestRow {
  label: string;
  mean: number;
  lo: number;
  hi: number;
  pass: boolean;
}

const FONT = 'DejaVu Sans, Liberation Sans, sans-serif';
/** Plot area (px, without axes, title and legend). */
const WIDTH = 640;
const HEIGHT = 360;
/** Forest plot row pitch (px) once the rows no longer fit in HEIGHT. */
const ROW_STEP = 24;
const SINGLE_COLOUR = '#4c78a8';
const PASS_COLOUR = '#1a9641';
const FAIL_COLOUR = '#d7191c';
const NO_SERIES = '(none)';

const CONFIG = {
  font: FONT,
  background: 'white',
  view: { stroke: '#cccccc' },
  title: { fontSize: 16, fontWeight: 'bold' as const, anchor: 'start' as const, offset: 12 },
  axis: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal' as const, gridColor: '#e8e8e8' },
  legend: { labelFontSize: 12, titleFontSize: 13, titleFontWeight: 'normal' as const, labelLimit: 240 },
};

const finite = (x: number | undefined): x is number => Number.isFinite(x);
const withUnit = (readout: string, unit: string): string => (unit ? `${readout} (${unit})` : readout);

/** Runs of consecutive positions 0..n-1 where ok holds; a position where it fails is a gap. */
function runs(n: number, ok: (k: number) => boolean): number[][] {
  const out: number[][] = [];
  let run: number[] = [];
  for (let k = 0; k < n; k++) {
    if (ok(k)) run.push(k);
    else if (run.length > 0) {
      out.push(run);
      run = [];
    }
  }
  if (run.length > 0) out.push(run);
  return out;
}

/** Ensemble time courses: a line per arm (mean) over a shaded band (CI); x "day", y "readout (unit)". */
export function timeSeriesSvg(opts: { title: string; readout: string; unit: string; bands: readonly Band[] }): Promise<string> {
  const arms = [...new Set(opts.bands.map((b) => b.arm))];
  const lines: Record<string, unknown>[] = [];
  const dots: Record<string, unknown>[] = [];
  const areas: Record<string, unknown>[] = [];
  const whiskers: Record<string, unknown>[] = [];
  opts.bands.forEach((band, b) => {
    // Rows in day order; a row without a finite day has no place on the axis and is dropped.
    const rows = [...band.day.keys()].filter((k) => finite(band.day[k])).sort((i, j) => band.day[i] - band.day[j]);
    const row = (k: number) => {
      const i = rows[k];
      return { arm: band.arm, day: band.day[i], mean: band.mean[i], lo: band.lo[i], hi: band.hi[i] };
    };
    runs(rows.length, (k) => finite(band.mean[rows[k]])).forEach((run, r) => {
      if (run.length === 1) dots.push(row(run[0])); // a lone value: a dot, since a one-point line is invisible
      else for (const k of run) lines.push({ ...row(k), seg: `${b}:${r}` });
    });
    runs(rows.length, (k) => finite(band.lo[rows[k]]) && finite(band.hi[rows[k]])).forEach((run, r) => {
      if (run.length === 1) whiskers.push(row(run[0]));
      else for (const k of run) areas.push({ ...row(k), seg: `${b}:${r}` });
    });
  });
  // Nothing to draw: unit axes rather than infinite extents.
  const unit = lines.length + dots.length + areas.length + whiskers.length === 0 ? { domain: [0, 1] } : {};
  const x = { field: 'day', type: 'quantitative', title: 'day', scale: { zero: false, nice: false, ...unit } } as const;
  const yTitle = withUnit(opts.readout, opts.unit);
  const y = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: { zero: false, ...unit } }) as const;
  // Every layer carries the same legend: Vega-Lite merges them into one (a null in one layer would drop it).
  const colour = {
    field: 'arm',
    type: 'nominal',
    scale: { domain: arms, scheme: 'tableau10' },
    legend: { title: 'arm', symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  return renderSvg({
    title: opts.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: areas },
        mark: { type: 'area', opacity: 0.2 },
        encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: colour, detail: { field: 'seg' }, description: { field: 'arm' } },
      },
      {
        data: { values: whiskers },
        mark: { type: 'rule', opacity: 0.4, strokeWidth: 3 },
        encoding: { x, y: y('lo'), y2: { field: 'hi' }, color: colour },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: { x, y: y('mean'), color: colour, detail: { field: 'seg' }, description: { field: 'arm' } },
      },
      {
        data: { values: dots },
        mark: { type: 'point', filled: true, size: 40, opacity: 1 },
        encoding: { x, y: y('mean'), color: colour },
      },
    ],
  });
}

/**
 * Dose–response: one point per grid value with its CI as an error bar, joined by a line (broken where
 * the mean is not finite), one colour per series. All-numeric x: a linear scale, or a log one when logX
 * and every plotted x is > 0; any string x: an ordinal scale in first-appearance order (numbers as text).
 */
export function doseResponseSvg(opts: {
  title: string;
  xLabel: string;
  readout: string;
  unit: string;
  points: readonly DosePoint[];
  logX?: boolean;
}): Promise<string> {
  const numeric = opts.points.every((p) => typeof p.x === 'number');
  const placed = opts.points.filter((p) => typeof p.x === 'string' || finite(p.x));
  const xs = placed.map((p) => (numeric ? p.x : String(p.x)));
  const domain = numeric ? [] : [...new Set(xs as string[])];
  const hasSeries = placed.some((p) => p.series !== undefined);
  const seriesNames = [...new Set(placed.map((p) => p.series ?? NO_SERIES))];
  const logX = numeric && opts.logX === true && placed.length > 0 && placed.every((p) => (p.x as number) > 0);

  const points: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const bars: Record<string, unknown>[] = [];
  seriesNames.forEach((name, s) => {
    const order = (k: number) => (numeric ? (xs[k] as number) : domain.indexOf(xs[k] as string));
    const ks = [...placed.keys()].filter((k) => (placed[k].series ?? NO_SERIES) === name);
    ks.sort((i, j) => order(i) - order(j));
    const row = (k: number) => ({ x: xs[k], mean: placed[k].mean, lo: placed[k].lo, hi: placed[k].hi, series: name, i: order(k) });
    for (const k of ks) {
      if (finite(placed[k].mean)) points.push(row(k));
      if (finite(placed[k].lo) && finite(placed[k].hi)) bars.push(row(k));
    }
    runs(ks.length, (n) => finite(placed[ks[n]].mean)).forEach((run, r) => {
      if (run.length > 1) for (const n of run) lines.push({ ...row(ks[n]), seg: `${s}:${r}` });
    });
  });

  // Nothing to draw: unit axes rather than infinite extents.
  const empty = points.length + bars.length === 0;
  const unit = empty ? { domain: [0, 1] } : {};
  const xScale = logX
    ? ({ type: 'log', nice: false, padding: 16, ...(empty ? { domain: [1, 10] } : {}) } as const)
    : ({ type: 'linear', zero: false, padding: 16, ...unit } as const);
  const x = numeric
    ? ({ field: 'x', type: 'quantitative', title: opts.xLabel, scale: xScale } as const)
    : ({ field: 'x', type: 'ordinal', title: opts.xLabel, sort: domain, scale: { domain }, axis: { labelAngle: 0 } } as const);
  const yTitle = withUnit(opts.readout, opts.unit);
  const y = (field: string) => ({ field, type: 'quantitative', title: yTitle, scale: { zero: false, ...unit } }) as const;
  const legend = { title: 'series', symbolOpacity: 1, labelLimit: 360 };
  const colour = hasSeries ? { color: { field: 'series', type: 'nominal', scale: { domain: seriesNames, scheme: 'tableau10' }, legend } as const } : {};
  const fixed = hasSeries ? {} : { color: SINGLE_COLOUR };
  return renderSvg({
    title: opts.title,
    width: WIDTH,
    height: HEIGHT,
    config: CONFIG,
    layer: [
      {
        data: { values: bars },
        mark: { type: 'errorbar', ticks: { size: 10 }, ...fixed },
        encoding: { x, y: y('lo'), y2: { field: 'hi' }, ...colour },
      },
      {
        data: { values: lines },
        mark: { type: 'line', strokeWidth: 2, ...fixed },
        encoding: { x, y: y('mean'), order: { field: 'i' }, detail: { field: 'seg' }, description: { field: 'series' }, ...colour },
      },
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 50, opacity: 1, ...fixed },
        encoding: { x, y: y('mean'), ...colour },
      },
    ],
  });
}

/**
 * Forest plot: one row per item (in the given order; a repeated label gets " (2)", " (3)", …), the
 * estimate as a dot and its CI as a horizontal bar, green when it passes and red when not, and a dashed
 * vertical rule at 0. A row with a non-finite estimate or CI keeps its place and loses that mark.
 */
export function forestPlotSvg(opts: { title: string; xLabel: string; rows: readonly ForestRow[] }): Promise<string> {
  const seen = new Map<string, number>();
  const labels = opts.rows.map((r) => {
    const n = (seen.get(r.label) ?? 0) + 1;
    seen.set(r.label, n);
    return n === 1 ? r.label : `${r.label} (${n})`;
  });
  const data = opts.rows.map((r, k) => ({ label: labels[k], mean: r.mean, lo: r.lo, hi: r.hi, verdict: r.pass ? 'pass' : 'fail' }));
  const y = { field: 'label', type: 'nominal', title: null, sort: labels, scale: { domain: labels } } as const;
  const colour = {
    field: 'verdict',
    type: 'nominal',
    scale: { domain: ['pass', 'fail'], range: [PASS_COLOUR, FAIL_COLOUR] },
    legend: { title: null, symbolOpacity: 1 },
  } as const;
  return renderSvg({
    title: opts.title,
    width: WIDTH,
    height: Math.max(HEIGHT, ROW_STEP * opts.rows.length),
    config: { ...CONFIG, axis: { ...CONFIG.axis, labelLimit: 240 } },
    layer: [
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: 'rule', color: '#555555', strokeDash: [5, 4] },
        encoding: { x: { field: 'zero', type: 'quantitative', title: opts.xLabel } },
      },
      {
        data: { values: data.filter((d) => finite(d.lo) && finite(d.hi)) },
        mark: { type: 'rule', strokeWidth: 2.5 },
        encoding: { x: { field: 'lo', type: 'quantitative', title: opts.xLabel }, x2: { field: 'hi' }, y, color: colour },
      },
      {
        data: { values: data.filter((d) => finite(d.mean)) },
        mark: { type: 'point', filled: true, size: 70, opacity: 1 },
        encoding: { x: { field: 'mean', type: 'quantitative', title: opts.xLabel }, y, color: colour },
      },
    ],
  });
}

/** PNG bytes of an SVG rasterised by resvg at width px (height to scale) on white; text from the installed fonts. */
export function svgToPng(svg: string, width = 800): Buffer {
  if (!Number.isInteger(width) || width < 1) throw new RangeError(`PNG width must be a positive integer of px, got ${width}`);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: 'white',
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}

const refuse = (what: string): Promise<never> => Promise.reject(new Error(`plots render offline; refused to load ${what}`));
const OFFLINE: vega.Loader = { load: refuse, sanitize: refuse, http: refuse, file: refuse };
// Not in vega's typings: switches text measurement between a canvas (if installed) and the estimate.
const textMetrics = (vega as unknown as { textMetrics: { canvas(use: boolean): void } }).textMetrics;

/** Compiles and renders a Vega-Lite spec to SVG without a DOM, network or files. */
async function renderSvg(spec: TopLevelSpec): Promise<string> {
  textMetrics.canvas(false); // estimated widths: the same layout whether or not node-canvas is present
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none', loader: OFFLINE, logLevel: vega.Error });
  try {
    return stableIds(await view.toSVG());
  } finally {
    view.finalize();
  }
}

/** 32-bit FNV-1a hash of a string's UTF-16 code units, as 8 hex digits. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Renames the SVG's ids (Vega numbers clip paths and gradients from process-wide counters) to
 * "v<hash>-<n>" in order of first appearance, where hash is that of the SVG with the ids numbered: the same
 * figure gets the same ids, and different figures inlined in one page do not share any.
 */
function stableIds(svg: string): string {
  const ref = /(\sid="|url\(#|href="#)([^")]+)/g;
  const index = new Map<string, number>();
  for (const m of svg.matchAll(ref)) if (m[1].endsWith('id="') && !index.has(m[2])) index.set(m[2], index.size);
  if (index.size === 0) return svg;
  const rename = (to: (n: number) => string) =>
    svg.replace(ref, (all, pre: string, id: string) => (index.has(id) ? pre + to(index.get(id)!) : all));
  const hash = fnv1a(rename((n) => String(n)));
  return rename((n) => `v${hash}-${n}`);
}
