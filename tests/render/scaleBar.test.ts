/** scaleBarFor: a round length near a quarter of the view's width. */
import { describe, expect, it } from 'vitest';
import { scaleBarFor } from '../../src/render/scaleBar.ts';

describe('scaleBarFor', () => {
  it('picks 1, 2 or 5 × a power of ten near a quarter of the width, labelled in mm', () => {
    expect(scaleBarFor(2400)).toEqual({ um: 500, label: '0.5 mm' }); // reduced skin wound
    expect(scaleBarFor(7200)).toEqual({ um: 2000, label: '2 mm' }); // full skin wound
    expect(scaleBarFor(4000)).toEqual({ um: 1000, label: '1 mm' });
    expect(scaleBarFor(1000)).toEqual({ um: 200, label: '0.2 mm' });
    expect(scaleBarFor(300)).toEqual({ um: 100, label: '0.1 mm' });
    expect(scaleBarFor(200)).toEqual({ um: 50, label: '50 µm' });
  });

  it('stays within a factor of 1.6 of a quarter of the width', () => {
    for (let w = 100; w < 1e5; w *= 1.07) {
      const ratio = scaleBarFor(w).um / (w / 4);
      expect(ratio).toBeGreaterThan(1 / 1.6);
      expect(ratio).toBeLessThan(1.6);
    }
  });

  it('rejects a width that is not positive', () => {
    expect(() => scaleBarFor(0)).toThrow(/positive/);
  });
});
