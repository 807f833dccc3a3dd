/**
 * Small DOM pieces of the twin page: the legend (cell types and their colours, the heat map's scale) and
 * the picked cell's details (type, state, pathway activations and other variables, with units).
 */
import type { RunSetup } from '../sim/runSetup.ts';
import type { PickedCell } from './pickAgent.ts';

function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (className) el.className = className;
  return el;
}

/** Fills `root` with the legend of a run: one swatch per cell type, then the field's colour scale. */
export function renderLegend(root: HTMLElement, setup: RunSetup, field: number): void {
  const spec = setup.model.compiled.spec;
  const items: HTMLElement[] = spec.cellTypes.map((c) => {
    const item = element('span');
    const swatch = element('span', undefined, 'swatch');
    swatch.style.background = c.color;
    item.append(swatch, c.name);
    return item;
  });
  items.push(element('span', '(darker: past the first state, e.g. M2, myofibroblast, apoptotic)', 'hint'));
  const f = spec.fields[field];
  if (f) {
    const scale = element('span');
    scale.append(`${f.name}: 0`, element('span', undefined, 'ramp'), `${f.typicalMax} ${f.unit}`);
    scale.title = `${f.label}: ${f.source}`;
    items.push(scale);
  }
  items.push(element('span', 'white outline: the original defect', 'hint'));
  root.replaceChildren(...items);
}

/** Pathway nodes first (the skin model's signalling layer), then the other variables. */
const PATHWAY_NODES = ['akt', 'erk', 'hif', 'bcat', 'nfkb', 'smad', 'runx2'];

/** Shows the cell picked in arm `armName` at (x, y) µm, or that there is none there. */
export function showCell(root: HTMLElement, armName: string, at: { x: number; y: number }, cell: PickedCell | null): void {
  const where = `${armName} at (${at.x.toFixed(0)}, ${at.y.toFixed(0)}) µm`;
  if (!cell) {
    root.replaceChildren(element('p', `No cell at ${where}.`, 'hint'));
    return;
  }
  const heading = element('p');
  heading.append(element('strong', `${cell.type}`), ` — state ${cell.state}, id ${cell.id}, ${armName} at (${cell.x.toFixed(0)}, ${cell.y.toFixed(0)}) µm`);
  const table = element('table');
  table.setAttribute('aria-label', `variables of cell ${cell.id}`);
  const rank = (name: string) => {
    const k = PATHWAY_NODES.indexOf(name);
    return k < 0 ? PATHWAY_NODES.length : k;
  };
  const variables = [...cell.variables].sort((a, b) => rank(a.name) - rank(b.name));
  for (const v of variables) {
    const row = element('tr');
    const pathway = rank(v.name) < PATHWAY_NODES.length;
    row.append(element('th', pathway ? `${v.name} (pathway)` : v.name), element('td', Number.isInteger(v.value) ? String(v.value) : v.value.toPrecision(4)), element('td', v.unit));
    table.append(row);
  }
  root.replaceChildren(heading, table);
}
