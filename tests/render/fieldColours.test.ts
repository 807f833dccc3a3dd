/** The CPU heat-map colours (colourField): the ramp of rampColor at t = value / typicalMax, clamped, RGBA8. */
import { describe, expect, it } from 'vitest';
import { rampColor } from '../../src/analysis/tissueImage.ts';
import { colourField, fieldScale, RAMP_STOPS } from '../../src/render/fieldColours.ts';

/** Colours of `values` on one row, as [r, g, b, a] per value. */
function colours(values: number[], typicalMax: number): number[][] {
  const out = colourField(Float32Array.from(values), fieldScale(typicalMax), values.length, 1, new Uint8Array(values.length * 4));
  return values.map((_, k) => [...out.subarray(k * 4, k * 4 + 4)]);
}

describe('colourField', () => {
  it('follows rampColor (rounded to bytes) everywhere in [0, 1]', () => {
    const n = 4001;
    const values = Array.from({ length: n }, (_, k) => (2 * k) / (n - 1));
    const got = colours(values, 2);
    let worst = 0;
    values.forEach((v, k) => {
      const want = rampColor(v / 2);
      for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(got[k][c] - want[c]));
      expect(got[k][3]).toBe(255);
    });
    // Rounding to the nearest byte: at most half a level from the exact ramp.
    expect(worst).toBeLessThanOrEqual(0.5 + 1e-4);
  });

  it('is exactly the ramp stops at t = 0, 1/4, ..., 1', () => {
    expect(colours([0, 15, 30, 45, 60], 60).map((c) => c.slice(0, 3))).toEqual(RAMP_STOPS.map((s) => [...s]));
    expect(RAMP_STOPS[0]).toEqual(rampColor(0));
    expect(RAMP_STOPS[RAMP_STOPS.length - 1]).toEqual(rampColor(1));
  });

  it('clamps below 0 (and NaN) to the first colour and above typicalMax to the last', () => {
    const [neg, nan, zero, top, over, inf] = colours([-3, NaN, 0, 5, 50, Infinity], 5);
    expect(neg).toEqual(zero);
    expect(nan).toEqual(zero);
    expect(over).toEqual(top);
    expect(inf).toEqual(top);
    expect(zero).not.toEqual(top);
  });

  it('writes rows rowBytes apart and leaves the padding alone', () => {
    const out = new Uint8Array(2 * 16).fill(7);
    colourField(Float32Array.from([0, 1, 1, 0]), fieldScale(1), 2, 2, out, 16);
    expect([...out.subarray(0, 8)]).toEqual([...RAMP_STOPS[0], 255, ...RAMP_STOPS[4], 255]);
    expect([...out.subarray(8, 16)]).toEqual(new Array(8).fill(7));
    expect([...out.subarray(16, 24)]).toEqual([...RAMP_STOPS[4], 255, ...RAMP_STOPS[0], 255]);
  });

  it('uses scale 1 for a field without a positive typicalMax, and names a short input', () => {
    expect(fieldScale(0)).toBe(1);
    expect(fieldScale(4)).toBe(0.25);
    expect(() => colourField(new Float32Array(3), 1, 2, 2, new Uint8Array(16))).toThrow(/3 values for a 2 × 2 grid/);
    expect(() => colourField(new Float32Array(4), 1, 2, 2, new Uint8Array(15))).toThrow(/15 bytes/);
  });
});
