/**
 * The page's control panel: a form that edits a PageRun (scenario, the compared arm's treatment,
 * inhibitors and host, the seed, preview scale, scenario-level parameters). Nothing changes until "Apply":
 * the panel then builds a whole new run with the pure edits of scenarioEdits.ts, validates it and hands it
 * to the page, or lists what is wrong and flags the inputs concerned. Elements carry stable ids
 * (#scenario, #product, #amount, #unit, #route, #points, #at-day, #every-days, #until-day, #host, #seed,
 * #preview, #apply, #controls-errors), inhibitor checkboxes are input[name=inhibitor][value=<id>] and
 * parameter inputs input[data-parameter=<name>]. Styling is left to the page (class names only).
 */
import { PRODUCT_CATALOGUE } from '../model/catalogue/products.ts';
import { ScenarioError } from '../scenario/errors.ts';
import type { Dose, Product } from '../scenario/schema.ts';
import { applySet } from '../scenario/setPath.ts';
import { BUNDLED_SCENARIOS, findBundled, runSets, type BundledScenario } from './bundledScenarios.ts';
import { parsePageRun, type PageRun } from './pageRun.ts';
import { createParameterTable, markInvalid, type ParameterTable } from './parameterTable.ts';
import {
  applyHost,
  applyInhibitors,
  applyParameters,
  applySeed,
  applyTreatment,
  INLINE_PRODUCT,
  readHost,
  readInhibitors,
  readParameters,
  readTreatment,
  ROUTE_LABELS,
  treatmentOptions,
  UNIT_LABELS,
  type TreatmentOptions,
  type TreatmentSettings,
} from './scenarioEdits.ts';

export interface ControlPanelOptions {
  /** A new, validated run the user applied, and whether it is at preview scale. */
  onApply(run: PageRun, preview: boolean): void;
  /** The user picked another bundled scenario; the form now shows its defaults (Apply runs it). */
  onScenarioChange?(scenario: BundledScenario): void;
}

export interface ControlPanel {
  /** Shows a run in the form. Without preview, its `--set` lines are folded into the document shown. */
  setRun(run: PageRun, preview: boolean): void;
  /** The run the form describes now (not validated). */
  readRun(): PageRun;
  /** Whether the preview scale is ticked (and available). */
  readPreview(): boolean;
  /** Disables (or enables) every control, e.g. while a run starts. */
  setDisabled(disabled: boolean): void;
}

/** The option value of a scenario loaded from a link or file rather than bundled. */
const LOADED = '__loaded__';
/** The product option meaning "no dose". */
const NO_DOSE = '';
/** What the dose inputs show for an arm without a dose (skin-wound.json's treated dose). */
const DEFAULT_TREATMENT: TreatmentSettings = {
  product: 'bmsc-exos', amount: 100, unit: 'ug', route: 'margin_injection', atDay: 0, everyDays: null, untilDay: null, points: 8,
};

interface Loaded {
  doc: unknown;
  source: string;
  arms: [string, string];
}

type Child = Node | string;

/** A control panel rendered into `root` (its previous content is replaced). */
export function createControlPanel(root: HTMLElement, options: ControlPanelOptions): ControlPanel {
  const doc = root.ownerDocument;

  function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
    const e = Object.assign(doc.createElement(tag), props);
    e.append(...children);
    return e;
  }
  /** A labelled control in its own row. */
  function field(label: string, control: HTMLInputElement | HTMLSelectElement, ...after: Child[]): HTMLElement {
    return el('div', { className: 'field' }, el('label', { htmlFor: control.id }, label), control, ...after);
  }
  function numberInput(id: string, min?: number, step = 'any'): HTMLInputElement {
    const input = el('input', { id, name: id, type: 'number', step });
    if (min !== undefined) input.min = String(min);
    return input;
  }
  function fill(select: HTMLSelectElement, choices: readonly { value: string; label: string }[]): void {
    select.replaceChildren(...choices.map((c) => el('option', { value: c.value }, c.label)));
  }

  const scenario = el('select', { id: 'scenario', name: 'scenario' });
  const product = el('select', { id: 'product', name: 'product' });
  const evidence = el('span', { className: 'evidence' });
  const basis = el('span', { className: 'basis' });
  const provenance = el('p', { id: 'product-provenance', className: 'provenance' }, evidence, ' ', basis);
  const amount = numberInput('amount', 0);
  const unit = el('select', { id: 'unit', name: 'unit' });
  fill(unit, Object.entries(UNIT_LABELS).map(([value, label]) => ({ value, label })));
  const amountNote = el('span', { id: 'amount-preview', className: 'note' });
  const route = el('select', { id: 'route', name: 'route' });
  const points = numberInput('points', 1, '1');
  points.max = '64';
  const atDay = numberInput('at-day', 0);
  const everyDays = numberInput('every-days', 0);
  everyDays.placeholder = 'once';
  const untilDay = numberInput('until-day', 0);
  untilDay.placeholder = 'end of run';
  const treatmentLegend = el('legend');
  const noDoses = el('p', { className: 'note', hidden: true });
  const treatment = el(
    'fieldset',
    { className: 'treatment' },
    treatmentLegend,
    noDoses,
    field('Product', product),
    provenance,
    el('div', { className: 'field amount' }, el('label', { htmlFor: 'amount' }, 'Amount per dose'), amount, el('label', { htmlFor: 'unit' }, 'Unit'), unit, amountNote),
    field('Route', route),
    field('Injection points', points),
    field('First dose on day', atDay),
    field('Repeat every (days)', everyDays),
    field('Repeat until day', untilDay),
  );
  const inhibitorsLegend = el('legend');
  const inhibitorList = el('div', { className: 'inhibitor-list' });
  const inlineInhibitors = el('p', { className: 'note', hidden: true });
  const inhibitors = el('fieldset', { className: 'inhibitors', id: 'inhibitors' }, inhibitorsLegend, inhibitorList, inlineInhibitors);
  const host = el('select', { id: 'host', name: 'host' });
  const hostLabel = el('label', { htmlFor: 'host' });
  const referenceHost = el('span', { className: 'note' });
  const seed = numberInput('seed', 0, '1');
  seed.max = String(0xffffffff);
  const preview = el('input', { id: 'preview', name: 'preview', type: 'checkbox' });
  const previewLabel = el('span', { className: 'note' });
  const tableSlot = el('div', { className: 'parameter-slot' });
  const apply = el('button', { id: 'apply', type: 'submit', className: 'apply' }, 'Apply');
  const errors = el('ul', { id: 'controls-errors', className: 'errors' });
  errors.setAttribute('role', 'alert');
  const all = el(
    'fieldset',
    { className: 'controls-all' },
    field('Scenario', scenario),
    treatment,
    inhibitors,
    el('div', { className: 'field' }, hostLabel, host, referenceHost),
    field('Seed', seed),
    el('div', { className: 'field preview' }, preview, el('label', { htmlFor: 'preview' }, 'Preview scale'), previewLabel),
    tableSlot,
    el('div', { className: 'actions' }, apply),
    errors,
  );
  const form = el('form', { className: 'control-panel', noValidate: true }, all);
  form.setAttribute('aria-label', 'Run settings');
  root.replaceChildren(form);

  let loaded: Loaded = { doc: BUNDLED_SCENARIOS[0].document, source: BUNDLED_SCENARIOS[0].source, arms: BUNDLED_SCENARIOS[0].arms };
  let current: Loaded = loaded;
  let choices: TreatmentOptions = treatmentOptions(modelOf(current.doc));
  let table: ParameterTable | null = null;

  /** A number input's value: NaN when empty or unreadable (the scenario check then names the path). */
  const required = (input: HTMLInputElement): number => (input.value.trim() === '' ? Number.NaN : Number(input.value));
  /** An optional number input's value: null when empty. */
  const optional = (input: HTMLInputElement): number | null => (input.value.trim() === '' ? null : Number(input.value));

  /** The product behind an id: the catalogue's, the scenario's own, or the first dose's inline one. */
  function productInfo(id: string): Product | undefined {
    if (Object.hasOwn(PRODUCT_CATALOGUE, id)) return PRODUCT_CATALOGUE[id];
    const d = current.doc as { products?: Record<string, Product>; arms?: Record<string, { doses?: { product?: unknown }[] }> };
    if (d.products && Object.hasOwn(d.products, id)) return d.products[id];
    const inline = d.arms?.[current.arms[1]]?.doses?.[0]?.product;
    return id === INLINE_PRODUCT && typeof inline === 'object' && inline !== null ? (inline as Product) : undefined;
  }

  function showProvenance(): void {
    const p = productInfo(product.value);
    provenance.hidden = !p;
    evidence.textContent = p ? `evidence: ${p.evidence}` : '';
    evidence.className = p ? `evidence evidence-${p.evidence}` : 'evidence';
    basis.textContent = p?.basis ?? '';
  }

  /** Enables the dose inputs when a product is chosen, and the points for margin injections. */
  function syncTreatment(): void {
    const dosing = product.value !== NO_DOSE;
    for (const input of [amount, unit, route, atDay, everyDays, untilDay]) input.disabled = !dosing;
    points.disabled = !dosing || route.value !== 'margin_injection';
    untilDay.disabled = !dosing || everyDays.value.trim() === '';
    showProvenance();
    showPreviewDose();
  }

  /** At preview scale, the dose that actually runs (the amount typed is the full-scale one). */
  function showPreviewDose(): void {
    const scale = findBundled(current.doc)?.preview?.doseScale;
    const shown = preview.checked && scale !== undefined && product.value !== NO_DOSE && amount.value.trim() !== '';
    amountNote.hidden = !shown;
    amountNote.textContent = shown ? `(the preview runs ${Number((Number(amount.value) * scale).toPrecision(6))} ${UNIT_LABELS[unit.value as Dose['unit']]}, scaled to the preview's smaller tissue)` : '';
  }

  function showTreatment(t: TreatmentSettings | null): void {
    const extra = t && !choices.products.some((p) => p.id === t.product) ? [{ value: t.product, label: t.product === INLINE_PRODUCT ? 'inline product (defined in the scenario)' : `${t.product} (defined in the scenario)` }] : [];
    fill(product, [{ value: NO_DOSE, label: 'none (no dose)' }, ...choices.products.map((p) => ({ value: p.id, label: p.label })), ...extra]);
    const shown = t ?? DEFAULT_TREATMENT;
    product.value = t ? t.product : NO_DOSE;
    amount.value = String(shown.amount);
    unit.value = shown.unit;
    route.value = shown.route;
    points.value = shown.points === null ? '' : String(shown.points);
    atDay.value = String(shown.atDay);
    everyDays.value = shown.everyDays === null ? '' : String(shown.everyDays);
    untilDay.value = shown.untilDay === null ? '' : String(shown.untilDay);
    syncTreatment();
  }

  function showInhibitors(ids: readonly string[]): void {
    inhibitorList.replaceChildren(
      ...choices.inhibitors.map((inh) => {
        const box = el('input', { type: 'checkbox', name: 'inhibitor', value: inh.id, id: `inhibitor-${inh.id}`, checked: ids.includes(inh.id) });
        return el('div', { className: 'inhibitor' }, box, el('label', { htmlFor: box.id }, inh.label));
      }),
    );
    const arm = (current.doc as { arms: Record<string, { inhibitors?: unknown[] }> }).arms[current.arms[1]];
    const inline = (arm.inhibitors ?? []).filter((e) => typeof e !== 'string').length;
    inlineInhibitors.hidden = inline === 0;
    inlineInhibitors.textContent = `plus ${inline} inhibitor${inline === 1 ? '' : 's'} defined in the scenario (kept)`;
    inhibitors.hidden = choices.inhibitors.length === 0 && inline === 0;
  }

  /** Shows a document in every control. */
  /** The user's wish for the preview scale, kept across scenarios that have none (whose box is off and disabled). */
  let wantPreview = false;

  function load(next: Loaded, previewOn: boolean): void {
    current = next;
    const modelId = modelOf(next.doc);
    choices = treatmentOptions(modelId);
    const [reference, compared] = next.arms;
    const bundled = findBundled(next.doc);

    fill(scenario, [
      ...BUNDLED_SCENARIOS.map((b) => ({ value: b.id, label: b.title })),
      ...(bundled ? [] : [{ value: LOADED, label: `${titleOf(loaded.doc)} (loaded)` }]),
    ]);
    scenario.value = bundled ? bundled.id : LOADED;

    treatmentLegend.textContent = `Treatment of the "${compared}" arm`;
    noDoses.hidden = choices.doses;
    noDoses.textContent = `Model "${modelId}" takes no exosome doses.`;
    treatment.disabled = !choices.doses;
    fill(route, choices.routes.map((r: Dose['route']) => ({ value: r, label: ROUTE_LABELS[r] })));
    showTreatment(choices.doses ? readTreatment(next.doc, compared) : null);

    inhibitorsLegend.textContent = `Inhibitors (on the "${compared}" arm)`;
    showInhibitors(readInhibitors(next.doc, compared));

    hostLabel.textContent = `Host of the "${compared}" arm`;
    fill(host, choices.hosts.map((h) => ({ value: h.id, label: h.label })));
    host.value = readHost(next.doc, compared);
    referenceHost.textContent = `("${reference}" arm: ${readHost(next.doc, reference)})`;

    seed.value = String((next.doc as { seed?: unknown }).seed ?? '');
    preview.disabled = !bundled?.preview;
    preview.checked = previewOn && !preview.disabled;
    previewLabel.textContent = bundled?.previewLabel ? `(${bundled.previewLabel})` : '(none for this scenario)';
    showPreviewDose();

    if (!table || table.modelId !== modelId) {
      table = createParameterTable(doc, modelId);
      tableSlot.replaceChildren(table.element);
    }
    table.show(readParameters(next.doc), host.value);
    clearErrors();
    form.classList.remove('pending');
  }

  function readRun(): PageRun {
    const compared = current.arms[1];
    let d = current.doc;
    if (choices.doses) {
      const settings: TreatmentSettings | null =
        product.value === NO_DOSE
          ? null
          : {
              product: product.value,
              amount: required(amount),
              unit: unit.value as Dose['unit'],
              route: route.value as Dose['route'],
              atDay: required(atDay),
              everyDays: optional(everyDays),
              untilDay: optional(untilDay),
              points: route.value === 'margin_injection' ? optional(points) : null,
            };
      d = applyTreatment(d, compared, settings);
    }
    if (choices.inhibitors.length > 0) {
      const ids = [...inhibitorList.querySelectorAll<HTMLInputElement>('input[name=inhibitor]')].filter((b) => b.checked).map((b) => b.value);
      d = applyInhibitors(d, compared, ids);
    }
    if (host.value !== readHost(current.doc, compared)) d = applyHost(d, compared, host.value);
    d = applySeed(d, required(seed));
    if (table) d = applyParameters(d, table.read());
    return { scenario: d, source: current.source, sets: runSets(d, preview.checked), arms: [...current.arms] };
  }

  function clearErrors(): void {
    errors.replaceChildren();
    for (const input of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>('[aria-invalid]')) {
      // Parameter inputs keep their live range flags; Apply-time flags on the others are cleared.
      if (!(input instanceof HTMLInputElement && input.dataset.parameter !== undefined)) markInvalid(input, null);
    }
  }

  /** The control a scenario path belongs to, if the panel has one. */
  function controlFor(path: string): HTMLInputElement | HTMLSelectElement | null {
    if (path === 'seed') return seed;
    const arm = `arms.${current.arms[1]}.`;
    if (!path.startsWith(arm)) return null;
    const rest = path.slice(arm.length);
    if (rest === 'host') return host;
    const dose = /^doses\.0\.([a-z_]+)/.exec(rest)?.[1];
    const byKey: Record<string, HTMLInputElement | HTMLSelectElement> = {
      product: product, amount, unit, route, points, at_day: atDay, every_days: everyDays, until_day: untilDay,
    };
    return dose !== undefined && Object.hasOwn(byKey, dose) ? byKey[dose] : null;
  }

  function showErrors(e: unknown): void {
    const issues = e instanceof ScenarioError ? e.issues : [{ path: '', expected: '', found: (e as Error).message ?? String(e) }];
    errors.replaceChildren(
      ...issues.map((i) => {
        const text = i.expected ? `${i.path || '(scenario)'}: expected ${i.expected}, found ${i.found}` : i.found;
        if (i.path.startsWith('parameters.')) table?.flag(i.path.slice('parameters.'.length), text);
        else {
          const control = controlFor(i.path);
          if (control) markInvalid(control, text);
        }
        return el('li', {}, text);
      }),
    );
  }

  scenario.addEventListener('change', () => {
    const b = BUNDLED_SCENARIOS.find((s) => s.id === scenario.value);
    load(b ? { doc: b.document, source: b.source, arms: b.arms } : loaded, wantPreview);
    form.classList.add('pending');
    if (b) options.onScenarioChange?.(b);
  });
  product.addEventListener('change', syncTreatment);
  route.addEventListener('change', syncTreatment);
  everyDays.addEventListener('input', syncTreatment);
  for (const control of [amount, unit, preview]) control.addEventListener('input', showPreviewDose);
  preview.addEventListener('input', () => (wantPreview = preview.checked));
  host.addEventListener('change', () => table?.setHost(host.value));
  form.addEventListener('input', () => form.classList.add('pending'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors();
    let run: PageRun;
    try {
      run = readRun();
      parsePageRun(run);
    } catch (e) {
      showErrors(e);
      return;
    }
    current = { ...current, doc: run.scenario };
    form.classList.remove('pending');
    options.onApply(run, preview.checked);
  });

  load(current, false);

  return {
    setRun(run, previewOn) {
      if (findBundled(run.scenario)?.preview) wantPreview = previewOn;
      const scaled = previewOn && findBundled(run.scenario)?.preview;
      const next = { doc: scaled ? run.scenario : foldSets(run), source: run.source, arms: [...run.arms] as [string, string] };
      if (!findBundled(next.doc)) loaded = next;
      load(next, previewOn);
    },
    readRun,
    readPreview: () => preview.checked,
    setDisabled(disabled) {
      all.disabled = disabled;
    },
  };
}

/** The document with a run's `--set` lines applied, so the controls show what actually runs. */
function foldSets(run: PageRun): unknown {
  const d = structuredClone(run.scenario);
  for (const line of run.sets) applySet(d, line, run.source);
  return d;
}

function modelOf(doc: unknown): string {
  const model = (doc as { model?: unknown }).model;
  if (typeof model !== 'string') throw new Error('scenario document: "model" should name a model');
  return model;
}

function titleOf(doc: unknown): string {
  const title = (doc as { title?: unknown }).title;
  return typeof title === 'string' ? title : 'scenario';
}
