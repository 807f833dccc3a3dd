/**
 * The page's downloads: the twins' read-outs as CSV (src/app/twinCsv.ts), the effective scenario as JSON
 * (so `npx exorepair run file.json` reproduces the page's run), a canvas as PNG, and the one DOM helper
 * that saves a Blob as a file.
 */
import { applySet } from '../scenario/setPath.ts';
import type { PageRun } from './pageRun.ts';

export { twinReadoutsCsv } from './twinCsv.ts';

/** How long the object URL of a download stays valid after the click (ms); the browser reads it asynchronously. */
const REVOKE_AFTER_MS = 10_000;

/** The scenario document the page runs: the run's document with its `--set` lines applied, pretty-printed. */
export function scenarioJson(run: PageRun): string {
  const document = structuredClone(run.scenario);
  for (const assignment of run.sets) applySet(document, assignment, run.source);
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** Saves `blob` as a file named `name` (through a temporary `<a download>`). */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

/** The canvas's current pixels as a PNG. */
export function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error(`cannot encode the ${canvas.width}×${canvas.height} canvas as PNG`))), 'image/png');
  });
}
