/** The length of a scale bar: a round length (1, 2 or 5 × a power of ten, µm) near a quarter of the view. */

export interface ScaleBar {
  /** Length, µm. */
  um: number;
  /** e.g. "0.5 mm", "1 mm", "50 µm" (mm from 0.1 mm up). */
  label: string;
}

/** The round length closest (by ratio) to a quarter of `widthUm`, µm. */
export function scaleBarFor(widthUm: number): ScaleBar {
  if (!(widthUm > 0) || !Number.isFinite(widthUm)) throw new Error(`scale bar: the view's width must be a positive number of µm, not ${widthUm}`);
  const target = widthUm / 4;
  let best = 1;
  for (let p = Math.floor(Math.log10(target)) - 1; p <= Math.ceil(Math.log10(target)); p++) {
    for (const m of [1, 2, 5]) {
      const um = m * 10 ** p;
      if (Math.abs(Math.log(um / target)) < Math.abs(Math.log(best / target))) best = um;
    }
  }
  // Undo the float noise of 10 ** p for negative p (e.g. 0.5 µm).
  const um = Number(best.toPrecision(1));
  return { um, label: um >= 100 ? `${Number((um / 1000).toPrecision(1))} mm` : `${um} µm` };
}
