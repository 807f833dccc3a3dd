/**
 * Compiles a declarative ModelSpec: checks its internal references, flattens every parameter into one
 * named table (cell-type phenotype, field constants and rule parameters alike) and fixes the agent
 * layout and the indices of cell types, states and fields. Everything downstream reads this.
 */
import { buildAgentLayout, type AgentLayout } from './agentLayout.ts';
import { readoutDependencies } from './readoutDependencies.ts';
import { recruitmentRoutes } from './recruitmentRoutes.ts';
import type { CellTypeSpec, FieldSpec, ModelSpec, ParameterSpec, PhenotypeSpec, ReadoutSpec } from './types.ts';

/** A parameter with its flattened name. */
export interface NamedParameter extends ParameterSpec {
  name: string;
}

export interface CompiledModel {
  spec: ModelSpec;
  layout: AgentLayout;
  /** Every parameter by flattened name (`cell.speed`, `field.diffusion`, rule names), in declaration order. */
  parameters: ReadonlyMap<string, NamedParameter>;
  cellTypeIndex: Readonly<Record<string, number>>;
  /** State index by cell type, then state name. */
  stateIndex: Readonly<Record<string, Readonly<Record<string, number>>>>;
  fieldIndex: Readonly<Record<string, number>>;
  readoutByName: ReadonlyMap<string, ReadoutSpec>;
}

/** An inconsistency inside a model spec (a programming error, not bad user input). */
export class ModelSpecError extends Error {
  override name = 'ModelSpecError';
}

/** The phenotype keys every cell type declares; flattened as `<cell>.<key>`. */
export const PHENOTYPE_KEYS = [
  'radius',
  'speed',
  'persistence',
  'repulsion',
  'adhesion',
  'cycle',
  'contactInhibition',
  'death',
] as const satisfies readonly (keyof PhenotypeSpec)[];

function checkParameter(name: string, p: ParameterSpec): void {
  if (!(p.min <= p.value && p.value <= p.max)) {
    throw new ModelSpecError(`parameter ${name}: default ${p.value} outside its range [${p.min}, ${p.max}] ${p.unit}`);
  }
  if (!p.source.trim()) throw new ModelSpecError(`parameter ${name}: no source`);
}

function cellParameters(cell: CellTypeSpec, fields: ReadonlySet<string>): [string, ParameterSpec][] {
  const out: [string, ParameterSpec][] = PHENOTYPE_KEYS.map((k) => [`${cell.name}.${k}`, cell.phenotype[k]]);
  const lists = [
    ['chemotaxis', cell.phenotype.chemotaxis, 'bias'],
    ['haptotaxis', cell.phenotype.haptotaxis, 'bias'],
    ['secretion', cell.phenotype.secretion, 'rate'],
    ['uptake', cell.phenotype.uptake, 'rate'],
  ] as const;
  for (const [group, list, key] of lists) {
    for (const entry of list ?? []) {
      if (!fields.has(entry.field)) throw new ModelSpecError(`${cell.name}.${group} names unknown field "${entry.field}"`);
      out.push([`${cell.name}.${group}.${entry.field}`, (entry as unknown as Record<string, ParameterSpec>)[key]]);
    }
  }
  for (const entry of cell.phenotype.secretion ?? []) {
    if (entry.footprint) out.push([`${cell.name}.footprint.${entry.field}`, entry.footprint]);
    if (entry.cap) out.push([`${cell.name}.cap.${entry.field}`, entry.cap]);
  }
  return out;
}

function fieldParameters(field: FieldSpec): [string, ParameterSpec][] {
  const out: [string, ParameterSpec][] = [[`${field.name}.decay`, field.decay]];
  if (field.diffusion) out.push([`${field.name}.diffusion`, field.diffusion]);
  return out;
}

/**
 * The mechanical environment's parameters, flattened as `mechanics.<key>` and `mechanics.modulus.<field>`,
 * after checking its fields: strain fields structural (no diffusion, zero decay) and distinct from the
 * tissue fields, tissue fields declared once, and ranges the solver can take.
 */
function mechanicsParameters(spec: ModelSpec): [string, ParameterSpec][] {
  const m = spec.mechanics!;
  const byName = new Map(spec.fields.map((f) => [f.name, f]));
  const tissues = new Set<string>();
  for (const t of m.tissues) {
    if (!byName.has(t.field)) throw new ModelSpecError(`mechanics: tissue field "${t.field}" is not a field of the model`);
    if (tissues.has(t.field)) throw new ModelSpecError(`mechanics: tissue field "${t.field}" is listed twice`);
    tissues.add(t.field);
  }
  for (const name of [m.shearStrainField, m.axialStrainField]) {
    const f = byName.get(name);
    if (!f) throw new ModelSpecError(`mechanics: strain field "${name}" is not a field of the model`);
    if (f.diffusion || f.decay.value !== 0) throw new ModelSpecError(`mechanics: strain field "${name}" must be structural (no diffusion, decay 0)`);
    if (tissues.has(name)) throw new ModelSpecError(`mechanics: strain field "${name}" is also a tissue field`);
  }
  if (m.shearStrainField === m.axialStrainField) throw new ModelSpecError(`mechanics: the two strain fields are both "${m.shearStrainField}"`);
  const params: [string, ParameterSpec][] = [
    ['mechanics.softModulus', m.softModulus],
    ...m.tissues.map((t): [string, ParameterSpec] => [`mechanics.modulus.${t.field}`, t.modulus]),
    ['mechanics.poissonRatio', m.poissonRatio],
    ['mechanics.updateInterval', m.updateInterval],
    ['mechanics.load', m.load],
    ['mechanics.fixatorStiffness', m.fixatorStiffness],
    ['mechanics.gridFactor', m.gridFactor],
    ['mechanics.tolerance', m.tolerance],
  ];
  // Moduli, interval and tolerance must stay positive; ν below 0.5; load and fixator not negative.
  const allowed = (name: string, p: ParameterSpec): boolean => {
    if (name === 'mechanics.poissonRatio') return p.min >= 0 && p.max < 0.5;
    if (name === 'mechanics.load' || name === 'mechanics.fixatorStiffness') return p.min >= 0;
    if (name === 'mechanics.gridFactor') return p.min >= 1 && Number.isInteger(p.value);
    if (name === 'mechanics.tolerance') return p.min > 0 && p.max < 1;
    return p.min > 0;
  };
  for (const [name, p] of params) {
    if (!allowed(name, p)) throw new ModelSpecError(`parameter ${name}: range [${p.min}, ${p.max}] (default ${p.value}) is not one the mechanics solver can take`);
  }
  return params;
}

function indexByName<T extends { name: string }>(items: readonly T[], what: string): Record<string, number> {
  const index: Record<string, number> = {};
  items.forEach((item, i) => {
    if (!/^[a-z][a-z0-9_]*$/.test(item.name)) throw new ModelSpecError(`${what} name "${item.name}" must be snake_case`);
    if (item.name in index) throw new ModelSpecError(`${what} "${item.name}" is declared twice`);
    index[item.name] = i;
  });
  return index;
}

function checkReadouts(spec: ModelSpec, compiled: Omit<CompiledModel, 'readoutByName'>): Map<string, ReadoutSpec> {
  const byName = new Map<string, ReadoutSpec>();
  const checkSelector = (r: string, types: readonly string[], states?: readonly string[]) => {
    for (const t of types) {
      if (!(t in compiled.cellTypeIndex)) throw new ModelSpecError(`read-out ${r} names unknown cell type "${t}"`);
      for (const s of states ?? []) {
        if (!(s in compiled.stateIndex[t])) throw new ModelSpecError(`read-out ${r}: type ${t} has no state "${s}"`);
      }
    }
  };
  for (const r of spec.readouts) {
    if (byName.has(r.name)) throw new ModelSpecError(`read-out "${r.name}" is declared twice`);
    const red = r.reduction;
    switch (red.kind) {
      case 'count':
      case 'agentMean':
        checkSelector(r.name, red.agents.types, red.agents.states);
        if (red.kind === 'agentMean' && !(red.variable in compiled.layout.offset)) {
          throw new ModelSpecError(`read-out ${r.name} averages unknown agent variable "${red.variable}"`);
        }
        break;
      case 'fraction':
        checkSelector(r.name, red.of.types, red.of.states);
        checkSelector(r.name, red.among.types, red.among.states);
        break;
      case 'fieldMean':
      case 'fieldSum':
      case 'area':
      case 'areaPercent':
      case 'bridged':
        for (const field of typeof red.field === 'string' ? [red.field] : red.field) {
          if (!(field in compiled.fieldIndex)) throw new ModelSpecError(`read-out ${r.name} uses unknown field "${field}"`);
        }
        break;
      case 'agentSum':
        checkSelector(r.name, red.agents.types, red.agents.states);
        if (!(red.variable in compiled.layout.offset)) throw new ModelSpecError(`read-out ${r.name} sums unknown agent variable "${red.variable}"`);
        break;
      case 'eventCount':
        checkSelector(r.name, red.types);
        break;
      case 'percentReduction':
      case 'timeTo':
      case 'eventRate':
      case 'frontSpeed':
      case 'sumOf':
      case 'ratioOf':
        for (const dep of readoutDependencies(r)) {
          if (!byName.has(dep)) throw new ModelSpecError(`read-out ${r.name} refers to "${dep}", which must be declared before it`);
        }
        if (red.kind === 'eventRate' && byName.get(red.of)!.reduction.kind !== 'eventCount') {
          throw new ModelSpecError(`read-out ${r.name}: eventRate needs an eventCount read-out, "${red.of}" is not one`);
        }
        break;
    }
    byName.set(r.name, r);
  }
  for (const name of spec.defaultReadouts) {
    if (!byName.has(name)) throw new ModelSpecError(`default read-out "${name}" is not declared`);
  }
  return byName;
}

/** Checks a model spec and derives its layout, indices and flattened parameter table. */
export function compileModel(spec: ModelSpec): CompiledModel {
  const fieldIndex = indexByName(spec.fields, 'field');
  const cellTypeIndex = indexByName(spec.cellTypes, 'cell type');
  const layout = buildAgentLayout(spec.agentVariables);
  const fieldNames = new Set(spec.fields.map((f) => f.name));

  const stateIndex: Record<string, Record<string, number>> = {};
  for (const cell of spec.cellTypes) {
    if (cell.states.length === 0) throw new ModelSpecError(`cell type ${cell.name} has no states`);
    stateIndex[cell.name] = Object.fromEntries(cell.states.map((s, i) => [s, i]));
    for (const v of cell.variables) {
      if (!(v in layout.offset)) throw new ModelSpecError(`cell type ${cell.name} uses undeclared variable "${v}"`);
    }
    if (!/^#[0-9a-f]{6}$/i.test(cell.color)) throw new ModelSpecError(`cell type ${cell.name}: colour must be #rrggbb`);
  }

  const parameters = new Map<string, NamedParameter>();
  const add = (name: string, p: ParameterSpec) => {
    if (parameters.has(name)) throw new ModelSpecError(`parameter "${name}" is declared twice`);
    checkParameter(name, p);
    parameters.set(name, { name, ...p });
  };
  for (const field of spec.fields) for (const [n, p] of fieldParameters(field)) add(n, p);
  for (const cell of spec.cellTypes) for (const [n, p] of cellParameters(cell, fieldNames)) add(n, p);
  for (const [n, p] of Object.entries(spec.parameters)) add(n, p);
  if (spec.dosing) {
    const d = spec.dosing;
    for (const f of [d.exosomeField, d.carrierField, d.vesselField]) {
      if (!fieldNames.has(f)) throw new ModelSpecError(`dosing names unknown field "${f}"`);
    }
    add('dosing.injectionRadius', d.injectionRadius);
    add('dosing.defaultPoints', d.defaultPoints);
    add('dosing.particlesPerUg', d.particlesPerUg);
    add('dosing.systemicFraction', d.systemicFraction);
    add('dosing.carrierHalfLife', d.carrierHalfLife);
  }
  if (spec.mechanics) for (const [n, p] of mechanicsParameters(spec)) add(n, p);
  for (const [id, inh] of Object.entries(spec.inhibitors ?? {})) {
    if (inh.kind === 'clamp_node' && !(inh.node in layout.offset)) throw new ModelSpecError(`inhibitor ${id} clamps unknown node "${inh.node}"`);
    if (inh.kind === 'neutralise_field' && !fieldNames.has(inh.field)) throw new ModelSpecError(`inhibitor ${id} neutralises unknown field "${inh.field}"`);
    if (inh.kind === 'remove_cargo' && !spec.dosing?.channels.includes(inh.cargo)) throw new ModelSpecError(`inhibitor ${id} removes unknown cargo "${inh.cargo}"`);
  }
  for (const cell of spec.cellTypes) {
    recruitmentRoutes(cell).forEach(({ spec: r, prefix }, k) => {
      if (k > 0 && !(r.route && /^[a-z][a-z0-9_]*$/.test(r.route))) throw new ModelSpecError(`${cell.name}.recruitment[${k}]: a further route needs a name (lower case, digits, _), found "${r.route}"`);
      for (const f of [r.from, r.signal]) if (!fieldNames.has(f)) throw new ModelSpecError(`${prefix} names unknown field "${f}"`);
      if (r.state !== undefined && !cell.states.includes(r.state)) throw new ModelSpecError(`${prefix}: no state "${r.state}"`);
      add(`${prefix}.rate`, r.rate);
      add(`${prefix}.halfSaturation`, r.halfSaturation);
    });
    for (const up of cell.phenotype.uptake ?? []) {
      if (up.internalize !== undefined && !(up.internalize.variable in layout.offset)) {
        throw new ModelSpecError(`${cell.name}.uptake.${up.field} internalizes into unknown variable "${up.internalize.variable}"`);
      }
    }
  }

  if (!('normal' in spec.hosts)) throw new ModelSpecError(`model ${spec.id} has no "normal" host`);
  for (const [hostId, host] of Object.entries(spec.hosts)) {
    for (const [name, value] of Object.entries(host.overrides)) {
      const p = parameters.get(name);
      if (!p) throw new ModelSpecError(`host ${hostId} overrides unknown parameter "${name}"`);
      if (!(p.min <= value && value <= p.max)) throw new ModelSpecError(`host ${hostId}: ${name} = ${value} outside [${p.min}, ${p.max}]`);
    }
  }

  const partial = { spec, layout, parameters, cellTypeIndex, stateIndex, fieldIndex };
  return { ...partial, readoutByName: checkReadouts(spec, partial) };
}
