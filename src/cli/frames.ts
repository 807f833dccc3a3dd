/** PNG frames of the tissue for `run --frames N` (pngjs; no browser needed). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { renderTissue } from '../analysis/tissueImage.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';
import { dayOfStep } from '../sim/runArm.ts';

/** The steps at which N frames are taken: evenly spaced, the last at the final step. */
export function frameSteps(totalSteps: number, frames: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= frames; k++) out.push(Math.max(1, Math.floor((k * totalSteps) / frames)));
  return [...new Set(out)];
}

/** Encodes the state as PNG into `dir/frames/frame-NNN-day-D.png`; returns the file path. */
export function writeFrame(dir: string, index: number, setup: RunSetup, state: SimState, field: number): string {
  const radii = setup.model.compiled.spec.cellTypes.map((c) => setup.values.get(`${c.name}.radius`)!);
  const ppv = Math.max(1, Math.floor(800 / Math.max(setup.grid.nx, setup.grid.ny)));
  const img = renderTissue(setup.model.compiled, setup.grid, state, field, setup.defectMask, radii, ppv);
  const png = new PNG({ width: img.width, height: img.height });
  png.data = Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength);
  const framesDir = join(dir, 'frames');
  mkdirSync(framesDir, { recursive: true });
  const file = join(framesDir, `frame-${String(index).padStart(3, '0')}-day-${dayOfStep(setup, state.step).toFixed(2)}.png`);
  writeFileSync(file, PNG.sync.write(png));
  return file;
}
