/**
 * Live uPlot charts of the twin arms' read-outs: per read-out a figure with both arms' curves (legend with
 * the arm names, y axis in the read-out's unit) and, under it, a small chart of the difference
 * (compared − reference) around a zero line. The healing phases are shaded bands, labelled on the upper
 * chart. All charts of one TwinCharts share the cursor, so hovering shows one day everywhere.
 * Each figure carries aria-label (the read-out name), data-readout and data-rows (rows charted).
 */
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { ReadoutTable } from '../analysis/readoutTable.ts';
import type { HealingPhase } from '../model/phases.ts';
import type { ReadoutSpec } from '../model/types.ts';
import { fitLabel, formatTicks, formatValue, phaseBands, twinSeries, yExtent, type ChartTable } from './chartData.ts';

export interface TwinChartsOptions {
  /** Read-outs to chart, one figure each, in this order. */
  readouts: readonly ReadoutSpec[];
  /** [reference arm, compared arm] names for the legend. */
  armLabels: [string, string];
  /** Phases shaded on every chart ([] for none). */
  phases: readonly HealingPhase[];
  /** The x axis spans 0..days (days after injury). */
  days: number;
  /** Width of each figure in CSS pixels (default 420). */
  width?: number;
}

export interface TwinCharts {
  /** Charts the rows both tables have, [reference, compared]. */
  update(tables: readonly [ReadoutTable, ReadoutTable]): void;
  /** Replaces the charted read-outs (keeps the last tables). */
  setReadouts(readouts: readonly ReadoutSpec[]): void;
  /** Sets every figure's width in CSS pixels. */
  resize(width: number): void;
  /** Removes the charts from the container. */
  destroy(): void;
}

const DEFAULT_WIDTH = 420;
/** Heights of the arms' chart and of the difference chart (plot area + x axis), CSS pixels. */
const MAIN_HEIGHT = 160;
const DIFFERENCE_HEIGHT = 110;
/** Width of the y axes' values and ticks, so the two stacked plot areas line up. */
const Y_AXIS_SIZE = 56;
/** x axes: height of the values, and of the "day" label under the difference chart, CSS pixels. */
const X_AXIS_SIZE = 26;
const X_LABEL_SIZE = 18;
/** Okabe-Ito colours (colour-blind safe): reference, compared, difference. */
const COLOURS = ['#0072B2', '#D55E00', '#009E73'] as const;
const PHASE_SHADES = ['rgba(0, 0, 0, 0.035)', 'rgba(0, 0, 0, 0.085)'] as const;
const PHASE_LABEL_COLOUR = 'rgba(0, 0, 0, 0.55)';
const ZERO_LINE_COLOUR = 'rgba(0, 0, 0, 0.45)';

let nextSyncKey = 0;

/** Shades the phases (and labels those that fit) behind the series, inside the plot area. */
function drawPhases(u: uPlot, phases: readonly HealingPhase[], labelled: boolean): void {
  const { min, max } = u.scales.x;
  if (min == null || max == null || phases.length === 0) return;
  const { ctx, bbox } = u;
  const pad = 4 * uPlot.pxRatio;
  ctx.save();
  ctx.beginPath();
  ctx.rect(bbox.left, bbox.top, bbox.width, bbox.height);
  ctx.clip();
  ctx.font = `${Math.round(10 * uPlot.pxRatio)}px system-ui, sans-serif`;
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  for (const band of phaseBands(phases, min, max)) {
    const x0 = u.valToPos(band.fromDay, 'x', true);
    const x1 = u.valToPos(band.toDay, 'x', true);
    ctx.fillStyle = PHASE_SHADES[band.index % 2];
    ctx.fillRect(x0, bbox.top, x1 - x0, bbox.height);
    const label = labelled ? fitLabel(band.name, x1 - x0 - 2 * pad, (text) => ctx.measureText(text).width) : null;
    if (label !== null) {
      ctx.fillStyle = PHASE_LABEL_COLOUR;
      ctx.fillText(label, x0 + pad, bbox.top + pad);
    }
  }
  ctx.restore();
}

/** Draws y = 0 across the plot area when 0 is in view. */
function drawZeroLine(u: uPlot): void {
  const { min, max } = u.scales.y;
  if (min == null || max == null || min > 0 || max < 0) return;
  const { ctx, bbox } = u;
  const y = Math.round(u.valToPos(0, 'y', true));
  ctx.save();
  ctx.strokeStyle = ZERO_LINE_COLOUR;
  ctx.lineWidth = uPlot.pxRatio;
  ctx.beginPath();
  ctx.moveTo(bbox.left, y);
  ctx.lineTo(bbox.left + bbox.width, y);
  ctx.stroke();
  ctx.restore();
}

function phasePlugin(phases: readonly HealingPhase[], labelled: boolean): uPlot.Plugin {
  return { hooks: { drawClear: (u: uPlot) => drawPhases(u, phases, labelled) } };
}

/** A y scale padded by uPlot's numeric rule, [0, 1] without data; `withZero` keeps 0 in view. */
function yScale(withZero: boolean): uPlot.Scale {
  return {
    auto: true,
    range: (_u, min, max) => {
      const [lo, hi] = yExtent(min, max, withZero);
      return uPlot.rangeNum(lo, hi, 0.1, true);
    },
  };
}

function value(_u: uPlot, v: number | null): string {
  return formatValue(v);
}

function ticks(_u: uPlot, splits: number[], _axis: number, _space: number, increment: number): string[] {
  return formatTicks(splits, increment);
}

/** Options shared by the arms' chart and the difference chart: x is 0..days, no zoom, one shared cursor. */
function baseOptions(width: number, height: number, days: number, syncKey: string, withZero: boolean): uPlot.Options {
  return {
    width,
    height,
    scales: { x: { time: false, range: [0, days] }, y: yScale(withZero) },
    cursor: { sync: { key: syncKey, setSeries: false }, drag: { x: false, y: false }, y: false },
    series: [{ label: 'day', value: (_u, v) => (v == null ? '—' : v.toFixed(2)) }],
  };
}

/** A smaller legend; `withoutDay` hides its day entry (the difference chart's, which repeats the one above). */
function compactLegend(u: uPlot, withoutDay: boolean): void {
  const legend = u.root.querySelector<HTMLElement>('.u-legend');
  if (!legend) return;
  legend.style.fontSize = '12px';
  const day = legend.querySelector<HTMLElement>('.u-series');
  if (withoutDay && day) day.style.display = 'none';
}

/** Identifies the rows charted from these tables: the common row count and the last common day. */
function chartedRowsKey(tables: readonly [ChartTable, ChartTable]): string {
  const rows = Math.min(tables[0].days.length, tables[1].days.length);
  return rows === 0 ? '0' : `${rows}@${tables[0].days[rows - 1]}`;
}

/** One read-out's figure: the arms' chart over the difference chart. */
class TwinFigure {
  readonly root: HTMLElement;
  private readonly main: uPlot;
  private readonly difference: uPlot;
  /** The tables and rows last charted. */
  private charted: readonly [ChartTable, ChartTable] | undefined;
  private chartedKey = '';

  constructor(
    readonly readout: ReadoutSpec,
    container: HTMLElement,
    armLabels: [string, string],
    phases: readonly HealingPhase[],
    days: number,
    width: number,
    syncKey: string,
  ) {
    this.root = document.createElement('figure');
    this.root.className = 'twin-chart';
    this.root.style.margin = '0';
    this.root.setAttribute('aria-label', readout.name);
    this.root.dataset.readout = readout.name;
    this.root.dataset.rows = '0';
    const caption = document.createElement('figcaption');
    caption.textContent = `${readout.name} (${readout.unit})`;
    caption.title = readout.definition;
    Object.assign(caption.style, { fontWeight: '600', fontSize: '0.9rem', textAlign: 'center' });
    this.root.append(caption);
    container.append(this.root);

    const mainOptions = baseOptions(width, MAIN_HEIGHT, days, syncKey, false);
    this.main = new uPlot(
      {
        ...mainOptions,
        axes: [{ size: X_AXIS_SIZE }, { label: readout.unit, size: Y_AXIS_SIZE, values: ticks }],
        series: [
          ...mainOptions.series,
          { label: armLabels[0], stroke: COLOURS[0], width: 1.5, value },
          { label: armLabels[1], stroke: COLOURS[1], width: 1.5, value },
        ],
        plugins: [phasePlugin(phases, true)],
      },
      [[], [], []],
      this.root,
    );

    const differenceOptions = baseOptions(width, DIFFERENCE_HEIGHT, days, syncKey, true);
    this.difference = new uPlot(
      {
        ...differenceOptions,
        axes: [
          { size: X_AXIS_SIZE, label: 'day', labelSize: X_LABEL_SIZE, labelGap: 0 },
          { label: `Δ ${readout.unit}`, size: Y_AXIS_SIZE, values: ticks },
        ],
        series: [
          ...differenceOptions.series,
          { label: `${armLabels[1]} − ${armLabels[0]}`, stroke: COLOURS[2], width: 1.5, value },
        ],
        plugins: [phasePlugin(phases, false), { hooks: { draw: drawZeroLine } }],
      },
      [[], []],
      this.root,
    );
    compactLegend(this.main, false);
    compactLegend(this.difference, true);
  }

  /** Charts this read-out of [reference, compared] over their common rows (nothing to do when no row was added). */
  update(tables: readonly [ChartTable, ChartTable]): void {
    const key = chartedRowsKey(tables);
    if (tables[0] === this.charted?.[0] && tables[1] === this.charted[1] && key === this.chartedKey) return;
    this.charted = tables;
    this.chartedKey = key;
    const s = twinSeries(tables, this.readout.name);
    this.main.setData([s.days, s.reference, s.compared]);
    this.difference.setData([s.days, s.difference]);
    this.root.dataset.rows = String(s.days.length);
  }

  resize(width: number): void {
    this.main.setSize({ width, height: MAIN_HEIGHT });
    this.difference.setSize({ width, height: DIFFERENCE_HEIGHT });
  }

  destroy(): void {
    this.main.destroy();
    this.difference.destroy();
    this.root.remove();
  }
}

/** Creates the twin charts of `options.readouts` inside `container` (appended; empty until the first update). */
export function createTwinCharts(container: HTMLElement, options: TwinChartsOptions): TwinCharts {
  if (!(options.days > 0)) throw new Error(`twin charts: days must be > 0, got ${options.days}`);
  const syncKey = `twin-charts-${nextSyncKey++}`;
  let width = options.width ?? DEFAULT_WIDTH;
  let tables: readonly [ReadoutTable, ReadoutTable] | undefined;
  let figures: TwinFigure[] = [];

  const build = (readouts: readonly ReadoutSpec[]) => {
    figures.forEach((f) => f.destroy());
    figures = readouts.map((r) => new TwinFigure(r, container, options.armLabels, options.phases, options.days, width, syncKey));
    if (tables) figures.forEach((f) => f.update(tables!));
  };
  build(options.readouts);

  return {
    update(next) {
      tables = next;
      figures.forEach((f) => f.update(next));
    },
    setReadouts: build,
    resize(next) {
      width = next;
      figures.forEach((f) => f.resize(next));
    },
    destroy() {
      figures.forEach((f) => f.destroy());
      figures = [];
      tables = undefined;
    },
  };
}
