import { describe, expect, it } from 'vitest';
import { ReadoutTable } from '../../src/analysis/readoutTable.ts';
import { defaultChartReadouts, fitLabel, formatTicks, formatValue, phaseBands, twinSeries, yExtent } from '../../src/app/chartData.ts';
import { healingPhases } from '../../src/model/phases.ts';
import type { ReadoutSpec } from '../../src/model/types.ts';

const area: ReadoutSpec = { name: 'area', unit: 'mm²', definition: 'a', reduction: { kind: 'fieldMean', field: 'f' } };
const closure: ReadoutSpec = { name: 'closure', unit: '%', definition: 'c', reduction: { kind: 'percentReduction', of: 'area' } };
const t50: ReadoutSpec = { name: 't50', unit: 'day', definition: 't', reduction: { kind: 'timeTo', of: 'closure', threshold: 50, direction: 'rising' } };
const byName = new Map([area, closure, t50].map((r) => [r.name, r]));

/** A table of area, closure and t50 with `areas[k]` at day k / 2. */
function table(areas: number[]): ReadoutTable {
  const t = new ReadoutTable([area, closure, t50], byName);
  areas.forEach((a, k) => t.append(k / 2, [a]));
  return t;
}

describe('twinSeries', () => {
  it('charts both arms and compared − reference over the common rows', () => {
    const reference = table([10, 9, 8, 7]);
    const compared = table([10, 8, 6]); // one row behind
    const s = twinSeries([reference, compared], 'area');
    expect(s.days).toEqual([0, 0.5, 1]);
    expect(s.reference).toEqual([10, 9, 8]);
    expect(s.compared).toEqual([10, 8, 6]);
    expect(s.difference).toEqual([0, -1, -2]);
  });

  it('charts an unreached time-to-event as a gap (null), also in the difference', () => {
    const reference = table([10, 9, 8, 7]); // closure stays under 50 %: t50 never reached
    const compared = table([10, 8, 2, 1]); // closure 80 % at day 1: t50 = 0.5 + 0.5·(50-20)/(80-20) = 0.75
    const s = twinSeries([reference, compared], 't50');
    expect(s.reference).toEqual([null, null, null, null]);
    expect(s.compared[0]).toBeNull();
    expect(s.compared[1]).toBeNull();
    expect(s.compared[2]).toBeCloseTo(0.75, 12);
    expect(s.compared[3]).toBeCloseTo(0.75, 12);
    expect(s.difference).toEqual([null, null, null, null]);
    expect(JSON.stringify(s)).not.toContain('NaN');
  });

  it('has no rows while either table is empty', () => {
    const s = twinSeries([table([10, 9]), table([])], 'closure');
    expect(s).toEqual({ days: [], reference: [], compared: [], difference: [] });
  });

  it('rejects arms whose output times differ, naming the row and days', () => {
    const reference = table([10, 9]);
    const compared = new ReadoutTable([area], byName);
    compared.append(0, [10]);
    compared.append(0.75, [9]);
    expect(() => twinSeries([reference, compared], 'area')).toThrow(/row 1 of "area" is at day 0.5 .* day 0.75/);
  });

  it('names a read-out the tables do not have', () => {
    expect(() => twinSeries([table([10]), table([10])], 'vessels')).toThrow(/vessels/);
  });
});

describe('phaseBands', () => {
  const skin = healingPhases('skin');

  it('clips the phases to the charted days and keeps their index', () => {
    expect(phaseBands(skin, 0, 7)).toEqual([
      { name: 'hemostasis', fromDay: 0, toDay: 0.25, index: 0 },
      { name: 'inflammation', fromDay: 0.25, toDay: 4, index: 1 },
      { name: 'proliferation', fromDay: 4, toDay: 7, index: 2 },
    ]);
  });

  it('ends the open last phase at the right edge', () => {
    const bands = phaseBands(skin, 10, 28);
    expect(bands.map((b) => [b.name, b.fromDay, b.toDay, b.index])).toEqual([
      ['proliferation', 10, 14, 2],
      ['remodelling', 14, 28, 3],
    ]);
  });

  it('has no bands without phases', () => {
    expect(phaseBands(healingPhases('demo'), 0, 10)).toEqual([]);
  });
});

describe('fitLabel', () => {
  const measure = (text: string) => 6 * text.length; // 6 px per character

  it('keeps a name that fits, shortens one that does not, drops it below 3 characters', () => {
    expect(fitLabel('proliferation', 78, measure)).toBe('proliferation'); // 13 characters, 78 px
    expect(fitLabel('proliferation', 77, measure)).toBe('proliferati…'); // 12 characters with the ellipsis: 72 px
    expect(fitLabel('soft callus', 36, measure)).toBe('soft…'); // 'soft ' trimmed
    expect(fitLabel('inflammation', 24, measure)).toBe('inf…');
    expect(fitLabel('inflammation', 23, measure)).toBeNull();
  });
});

describe('yExtent', () => {
  it('is [0, 1] without data', () => {
    expect(yExtent(null, null, false)).toEqual([0, 1]);
    expect(yExtent(null, null, true)).toEqual([0, 1]);
  });

  it('passes a data range through, or stretches it to 0 for the difference', () => {
    expect(yExtent(2, 5, false)).toEqual([2, 5]);
    expect(yExtent(2, 5, true)).toEqual([0, 5]);
    expect(yExtent(-3, -1, true)).toEqual([-3, 0]);
  });

  it('opens a constant into a range around it', () => {
    expect(yExtent(10, 10, false)).toEqual([9, 11]);
    expect(yExtent(0, 0, true)).toEqual([-0.5, 0.5]);
  });
});

describe('formatValue', () => {
  it('shows 4 significant digits and a dash for a missing value', () => {
    expect(formatValue(12.34567)).toBe('12.35');
    expect(formatValue(0.000123456)).toBe('0.0001235');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(Number.NaN)).toBe('—');
  });
});

describe('defaultChartReadouts', () => {
  it('skin: the chosen read-outs the run records, in the chosen order', () => {
    const available = ['t50_closure_days', 'exosome_total', 'closure_pct', 'wound_area_mm2', 'm2_fraction', 'neutrophil_count'];
    expect(defaultChartReadouts('skin', available)).toEqual(['closure_pct', 'neutrophil_count', 'm2_fraction', 'exosome_total']);
  });

  it('bone: the callus composition first, then vessels, osteoclasts, macrophages and strain', () => {
    const available = ['m2_fraction', 'bridged', 'cartilage_fraction_gap', 'bone_fraction_gap', 'interfragmentary_strain_pct'];
    expect(defaultChartReadouts('bone', available)).toEqual(['bone_fraction_gap', 'cartilage_fraction_gap', 'm2_fraction', 'interfragmentary_strain_pct']);
  });

  it('other models: the first four available', () => {
    expect(defaultChartReadouts('demo', ['a', 'b', 'c', 'd', 'e'])).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('formatTicks', () => {
  it('labels ordinary ticks as formatValue does', () => {
    expect(formatTicks([0, 0.1 + 0.2, 0.6], 0.3)).toEqual(['0', '0.3', '0.6']);
    expect(formatTicks([0, 20000, 40000], 20000)).toEqual(['0', '20000', '40000']);
  });

  it('tells ticks closer than 1e-3 apart in exponent notation instead of rounding them all to 0', () => {
    expect(formatTicks([0, 2e-6, 4e-6], 2e-6)).toEqual(['0', '2e-6', '4e-6']);
    expect(formatTicks([1e-5, 1.5e-5, 2e-5], 5e-6)).toEqual(['1.0e-5', '1.5e-5', '2.0e-5']);
    expect(formatTicks([-4e-4, 0, 4e-4], 4e-4)).toEqual(['-4e-4', '0', '4e-4']);
  });
});
