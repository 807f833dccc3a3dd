import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { doseResponseSvg, forestPlotSvg, svgToPng, timeSeriesSvg, type Band } from '../../src/analysis/plots.ts';

const days = [0, 1, 2, 3, 4, 5, 6];
const band = (arm: string, slope: number, holes: readonly number[] = []): Band => {
  const mean = days.map((d) => (holes.includes(d) ? NaN : 100 - slope * d));
  return { arm, day: days, mean, lo: mean.map((m) => m - 4), hi: mean.map((m) => m + 4) };
};
/** Path data of each mark of a type ("line", "area", …) in drawing order, keyed by its aria label. */
const marks = (svg: string, type: string) =>
  [...svg.matchAll(new RegExp(`<path aria-label="([^"]*)"[^>]*aria-roledescription="${type} mark" d="([^"]*)"`, 'g'))].map((m) => ({ label: m[1], d: m[2] }));
const legendLabels = (svg: string) => [...svg.matchAll(/role-legend-label"[^>]*><text[^>]*>([^<]*)</g)].map((m) => m[1]);
const axisLabel = (svg: string, axis: 'X' | 'Y') => svg.match(new RegExp(`aria-label="${axis}-axis ([^"]*)"`))?.[1];

describe('timeSeriesSvg', () => {
  it('draws a line and a band per arm, with the arms in the legend and the readout and unit on y', async () => {
    const svg = await timeSeriesSvg({ title: 'Wound area', readout: 'area', unit: 'mm²', bands: [band('control', 4), band('exosome', 6)] });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('>Wound area</text>');
    expect(marks(svg, 'line').map((m) => m.label)).toEqual(['control', 'exosome']);
    expect(marks(svg, 'area').map((m) => m.label)).toEqual(['control', 'exosome']);
    expect(legendLabels(svg)).toEqual(['control', 'exosome']);
    expect(axisLabel(svg, 'X')).toMatch(/^titled 'day'/);
    expect(axisLabel(svg, 'Y')).toMatch(/^titled 'area \(mm²\)'/);
    expect(svg).toContain('font-family="DejaVu Sans, Liberation Sans, sans-serif"');
    expect(svg).toMatch(/^<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/);
    const [, w, h] = svg.match(/^<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/)!;
    expect(Number(w)).toBeGreaterThan(640);
    expect(Number(h)).toBeGreaterThan(360);
  });

  it('breaks the line and the band at non-finite values instead of drawing them or zeros', async () => {
    const gappy = band('exosome', 6, [3]);
    const withInf = { ...gappy, hi: gappy.hi.map((v, k) => (k === 5 ? Infinity : v)) };
    const svg = await timeSeriesSvg({ title: 'Gaps', readout: 'area', unit: 'mm²', bands: [band('control', 4), withInf] });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(marks(svg, 'line').map((m) => m.label)).toEqual(['control', 'exosome', 'exosome']); // days 0-2 and 4-6
    // Band: days 0-2 and 4 (a lone day: a bar), 6 (lone) — only the first run is an area.
    expect(marks(svg, 'area').map((m) => m.label)).toEqual(['control', 'exosome']);
    expect(marks(svg, 'line')[1].d.split('L')).toHaveLength(3); // days 0, 1, 2
  });

  it('shows a lone value as a dot and survives bands with nothing finite or ragged arrays', async () => {
    const svg = await timeSeriesSvg({
      title: 'Edge',
      readout: 'r',
      unit: '',
      bands: [
        { arm: 'lone', day: [0, 1, 2], mean: [NaN, 5, NaN], lo: [NaN, 4, NaN], hi: [NaN, 6, NaN] },
        { arm: 'none', day: [0, 1], mean: [NaN, NaN], lo: [NaN, NaN], hi: [NaN, NaN] },
        { arm: 'ragged', day: [0, 1, 2], mean: [1, 2], lo: [0], hi: [] },
      ],
    });
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    expect(svg).toContain('aria-label="day: 1; r: 5; arm: lone"');
    expect(legendLabels(svg)).toEqual(['lone', 'none', 'ragged']);
    expect(axisLabel(svg, 'Y')).toMatch(/^titled 'r' /); // no "()" without a unit
    const empty = await timeSeriesSvg({ title: 'Empty', readout: 'r', unit: 'u', bands: [] });
    expect(empty).not.toMatch(/NaN|Infinity/);
  });

  it('renders the same input to the same bytes, whatever was rendered before', async () => {
    const opts = { title: 'Same', readout: 'area', unit: 'mm²', bands: [band('a', 4, [2]), band('b', 5)] };
    const first = await timeSeriesSvg(opts);
    await forestPlotSvg({ title: 'other', xLabel: 'x', rows: [{ label: 'r', mean: 1, lo: 0, hi: 2, pass: true }] });
    expect(await timeSeriesSvg(opts)).toBe(first);
    expect(first).not.toMatch(/\sid="(clip|gradient_)\d+"/);
  });
});

describe('doseResponseSvg', () => {
  const doses = [1, 10, 100, 1000];
  const curve = (series: string, gain: number) =>
    doses.map((x) => ({ x, mean: gain * Math.log10(x), lo: gain * Math.log10(x) - 1, hi: gain * Math.log10(x) + 1, series }));

  it('uses a log x scale when asked and every x is positive, else a linear one', async () => {
    const opts = { title: 'Dose', xLabel: 'dose (µg)', readout: 'closure', unit: '%', points: curve('day 7', 10) };
    const log = await doseResponseSvg({ ...opts, logX: true });
    expect(axisLabel(log, 'X')).toMatch(/^titled 'dose \(µg\)' for a log scale/);
    expect(axisLabel(await doseResponseSvg(opts), 'X')).toMatch(/for a linear scale/);
    const withZero = [{ x: 0, mean: 0, lo: 0, hi: 1 }, ...opts.points];
    expect(axisLabel(await doseResponseSvg({ ...opts, points: withZero, logX: true }), 'X')).toMatch(/for a linear scale/);
    // On the log scale the decades are evenly spaced.
    const xs = [...log.matchAll(/aria-roledescription="point" transform="translate\(([\d.]+),/g)].map((m) => Number(m[1]));
    expect(xs).toHaveLength(4);
    expect(xs[2] - xs[1]).toBeCloseTo(xs[1] - xs[0], 6);
    expect(xs[3] - xs[2]).toBeCloseTo(xs[1] - xs[0], 6);
  });

  it('draws one coloured line and legend entry per series, with error bars, and gaps for NaN', async () => {
    const late = curve('day 14', 12);
    late[2] = { ...late[2], mean: NaN, lo: NaN };
    const svg = await doseResponseSvg({ title: 'Dose', xLabel: 'dose', readout: 'closure', unit: '%', points: [...curve('day 7', 10), ...late], logX: true });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(legendLabels(svg)).toEqual(['day 7', 'day 14']);
    const lines = marks(svg, 'line');
    expect(lines.map((m) => m.label)).toEqual(['day 7', 'day 14']); // day 14: doses 1-10; 1000 alone
    expect(lines[1].d.split('L')).toHaveLength(2);
    const stroke = (label: string) => svg.match(new RegExp(`aria-label="${label}"[^>]*stroke="(#[0-9a-f]{6})"`))![1];
    expect(stroke('day 7')).not.toBe(stroke('day 14'));
    expect([...svg.matchAll(/aria-roledescription="point"/g)]).toHaveLength(7);
  });

  it('puts string x on an ordinal axis in the given order, without a legend when there are no series', async () => {
    const svg = await doseResponseSvg({
      title: 'Schedule',
      xLabel: 'schedule',
      readout: 'closure',
      unit: '%',
      points: [
        { x: 'single', mean: 3, lo: 2, hi: 4 },
        { x: 'daily', mean: 5, lo: 4, hi: 6 },
        { x: 'weekly', mean: 4, lo: 3, hi: 5 },
      ],
    });
    expect(axisLabel(svg, 'X')).toBe("titled 'schedule' for a discrete scale with 3 values: single, daily, weekly");
    expect(legendLabels(svg)).toEqual([]);
    expect(marks(svg, 'line')).toHaveLength(1);
  });

  it('is deterministic and survives no points at all', async () => {
    const opts = { title: 'D', xLabel: 'x', readout: 'r', unit: 'u', points: curve('s', 2), logX: true };
    expect(await doseResponseSvg(opts)).toBe(await doseResponseSvg(opts));
    const empty = await doseResponseSvg({ ...opts, points: [] });
    expect(empty.startsWith('<svg')).toBe(true);
    expect(empty).not.toMatch(/NaN|Infinity/);
  });
});

describe('forestPlotSvg', () => {
  const rows = [
    { label: 'closure day 7', mean: 12, lo: 4, hi: 20, pass: true },
    { label: 'angiogenesis', mean: -2, lo: -8, hi: 3, pass: false },
    { label: 'collagen', mean: 3, lo: 1, hi: 5, pass: true },
  ];

  it('colours each estimate and CI by pass (green) or fail (red), with a dashed rule at 0', async () => {
    const svg = await forestPlotSvg({ title: 'Validation', xLabel: 'difference (%)', rows });
    expect(svg).toContain('>Validation</text>');
    const dots = [...svg.matchAll(/aria-label="[^"]*label: ([^;"]*); verdict: \w+"[^>]*fill="(#[0-9a-f]{6})"/g)].map((m) => [m[1], m[2]]);
    expect(dots).toEqual([
      ['closure day 7', '#1a9641'],
      ['angiogenesis', '#d7191c'],
      ['collagen', '#1a9641'],
    ]);
    const bars = [...svg.matchAll(/aria-roledescription="rule mark"[^>]*stroke="(#[0-9a-f]{6})" stroke-width="2.5"/g)].map((m) => m[1]);
    expect(bars).toEqual(['#1a9641', '#d7191c', '#1a9641']);
    expect(svg).toMatch(/aria-label="difference \(%\): 0"[^>]*stroke-dasharray/);
    expect(legendLabels(svg)).toEqual(['pass', 'fail']);
    expect(axisLabel(svg, 'Y')).toContain('closure day 7, angiogenesis, collagen');
  });

  it('keeps rows with non-finite values and repeated labels in place, and is deterministic', async () => {
    const odd = [...rows, { label: 'angiogenesis', mean: NaN, lo: 1, hi: Infinity, pass: true }];
    const svg = await forestPlotSvg({ title: 'Odd', xLabel: 'x', rows: odd });
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(axisLabel(svg, 'Y')).toContain('4 values: closure day 7, angiogenesis, collagen, angiogenesis (2)');
    expect(await forestPlotSvg({ title: 'Odd', xLabel: 'x', rows: odd })).toBe(svg);
  });
});

describe('svgToPng', () => {
  const ihdr = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

  it('rasterises to a PNG of the requested width, 800 px by default, on white', async () => {
    const svg = await timeSeriesSvg({ title: 'PNG', readout: 'area', unit: 'mm²', bands: [band('a', 4)] });
    const png = svgToPng(svg);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [, w, h] = svg.match(/^<svg[^>]*width="(\d+)"[^>]*height="(\d+)"/)!.map(Number);
    expect(ihdr(png).width).toBe(800);
    expect(ihdr(png).height).toBeCloseTo((800 * h) / w, -1);
    const image = PNG.sync.read(png);
    expect([...image.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]); // top-left corner
    expect(ihdr(svgToPng(svg, 400)).width).toBe(400);
    expect(() => svgToPng(svg, 0)).toThrow(RangeError);
  });
});
