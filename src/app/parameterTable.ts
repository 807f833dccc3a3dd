/**
 * The control panel's collapsible table of a model's parameters: one row per parameter with an override
 * input, unit, allowed range, evidence label and source. An empty input means no override (its placeholder
 * shows the value the compared arm gets from the defaults and its host); a typed value becomes a
 * scenario-level override (it applies to both arms). Values that are not numbers or lie outside the range
 * are flagged on the input as they are typed.
 */
import type { NamedParameter } from '../model/compile.ts';
import { hostValue, parameterList, parameterProblem } from './scenarioEdits.ts';

export interface ParameterTable {
  /** The `<details>` element holding the table. */
  readonly element: HTMLDetailsElement;
  /** The model whose parameters are listed. */
  readonly modelId: string;
  /** Shows the document's scenario-level overrides, with placeholders for the compared arm's host. */
  show(overrides: Readonly<Record<string, number>>, host: string): void;
  /** Updates the placeholders for another host of the compared arm. */
  setHost(host: string): void;
  /** Every parameter's override: a number (NaN for text that is not one), or null for an empty input. */
  read(): Record<string, number | null>;
  /** Marks a parameter's input invalid with a message; false when the model has no such parameter. */
  flag(name: string, message: string): boolean;
}

/** The number typed in an override input: null when empty, NaN when not a number. */
function inputValue(input: HTMLInputElement): number | null {
  const text = input.value.trim();
  return text === '' ? null : Number(text);
}

/** Sets or clears an input's invalid state (native validity, aria-invalid, a class and a tooltip). */
export function markInvalid(input: HTMLInputElement | HTMLSelectElement, message: string | null): void {
  input.setCustomValidity(message ?? '');
  input.classList.toggle('invalid', message !== null);
  if (message === null) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('title');
  } else {
    input.setAttribute('aria-invalid', 'true');
    input.title = message;
  }
}

/** Builds the table for a model; the caller places `element` in the page. */
export function createParameterTable(doc: Document, modelId: string): ParameterTable {
  const parameters = parameterList(modelId);
  const inputs = new Map<string, { input: HTMLInputElement; spec: NamedParameter }>();
  const cell = (tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement => {
    const c = doc.createElement(tag);
    c.textContent = text;
    if (className) c.className = className;
    return c;
  };

  const element = doc.createElement('details');
  element.id = 'parameters';
  element.className = 'parameter-table';
  const summary = doc.createElement('summary');
  summary.textContent = `Model parameters (${parameters.length}; a value typed here overrides the default in both arms)`;
  const table = doc.createElement('table');
  const head = table.createTHead().insertRow();
  for (const title of ['Parameter', 'Override', 'Unit', 'Allowed range', 'Evidence', 'Source']) head.append(cell('th', title));
  const body = table.createTBody();

  parameters.forEach((p, i) => {
    const id = `parameter-${i}`;
    const row = body.insertRow();
    row.dataset.row = p.name;
    const nameCell = doc.createElement('th');
    nameCell.scope = 'row';
    const label = doc.createElement('label');
    label.htmlFor = id;
    label.textContent = p.name;
    nameCell.append(label);
    const input = doc.createElement('input');
    Object.assign(input, { id, type: 'text', inputMode: 'decimal', autocomplete: 'off', className: 'parameter-value' });
    input.dataset.parameter = p.name;
    input.setAttribute('aria-describedby', `${id}-range`);
    input.addEventListener('input', () => {
      const v = inputValue(input);
      markInvalid(input, v === null ? null : parameterProblem(p, v));
      row.classList.toggle('overridden', v !== null);
    });
    const valueCell = doc.createElement('td');
    valueCell.append(input);
    const range = cell('td', `${p.min} to ${p.max}`, 'range');
    range.id = `${id}-range`;
    row.append(nameCell, valueCell, cell('td', p.unit, 'unit'), range, cell('td', p.evidence, `evidence evidence-${p.evidence}`), cell('td', p.source, 'source'));
    inputs.set(p.name, { input, spec: p });
  });
  element.append(summary, table);

  const setHost = (host: string): void => {
    for (const [name, { input }] of inputs) input.placeholder = String(hostValue(modelId, host, name));
  };

  return {
    element,
    modelId,
    show(overrides, host) {
      for (const [name, { input, spec }] of inputs) {
        const v = Object.hasOwn(overrides, name) ? overrides[name] : null;
        input.value = v === null ? '' : String(v);
        markInvalid(input, v === null ? null : parameterProblem(spec, v));
        input.closest('tr')?.classList.toggle('overridden', v !== null);
      }
      setHost(host);
    },
    setHost,
    read() {
      const out: Record<string, number | null> = {};
      for (const [name, { input }] of inputs) out[name] = inputValue(input);
      return out;
    },
    flag(name, message) {
      const entry = inputs.get(name);
      if (!entry) return false;
      markInvalid(entry.input, message);
      // Open the table so the flagged input can be seen.
      element.open = true;
      return true;
    },
  };
}
