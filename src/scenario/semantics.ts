/**
 * The semantic half of scenario validation: names and values that only make sense against the model
 * (cell types, states, fields, parameters and their ranges, hosts, read-outs, regions, products),
 * plus the arithmetic the engine relies on (dx divides the domain, dt divides the output interval).
 */
import { readoutClosure } from '../analysis/readoutTable.ts';
import type { CompiledModel } from '../model/compile.ts';
import type { ModelDefinition } from '../model/rules.ts';
import type { ReadoutReduction, ReadoutRegion } from '../model/types.ts';
import { describeFound, type ScenarioIssue } from './errors.ts';
import type { Arm, Product, Scenario } from './schema.ts';
import { CARGO_CHANNELS, PRODUCT_CATALOGUE } from '../model/catalogue/products.ts';
import { armProduct, doseProduct, resolveInhibitor } from '../sim/armContext.ts';
import { describeRegionCycle, findRegionCycles } from './regions.ts';

const RESERVED_REGIONS = new Set(['domain']);

/** Levenshtein distance, for "did you mean" hints. */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length];
}

/** "one of a, b, c" with the closest names first when the list is long. */
export function oneOf(candidates: readonly string[], got: string): string {
  if (candidates.length === 0) return 'nothing (none is defined)';
  // Candidates containing what was typed come first, then by edit distance.
  const score = (c: string) => (got.length > 0 && c.includes(got) ? 0 : 1000) + distance(got, c);
  const sorted = [...candidates].sort((x, y) => score(x) - score(y));
  const shown = sorted.slice(0, 8).join(', ');
  return candidates.length > 8 ? `one of ${shown}, ... (${candidates.length} in all)` : `one of ${shown}`;
}

/** True when a/b is an integer to within round-off. */
export function divides(b: number, a: number): boolean {
  const q = a / b;
  return Math.abs(q - Math.floor(q + 0.5)) < 1e-9 * Math.max(1, q);
}

class Collector {
  readonly issues: ScenarioIssue[] = [];
  add(path: string, expected: string, found: unknown): void {
    this.issues.push({ path, expected, found: describeFound(found) });
  }
}

function checkParameters(c: Collector, compiled: CompiledModel, path: string, overrides: Readonly<Record<string, number>> | undefined): void {
  for (const [name, value] of Object.entries(overrides ?? {})) {
    const p = compiled.parameters.get(name);
    if (!p) {
      c.add(`${path}.${name}`, `a parameter of model ${compiled.spec.id}: ${oneOf([...compiled.parameters.keys()], name)}`, name);
    } else if (!(p.min <= value && value <= p.max)) {
      c.add(`${path}.${name}`, `a value in [${p.min}, ${p.max}] ${p.unit}`, value);
    }
  }
}

function checkRegions(c: Collector, s: Scenario): void {
  const names = Object.keys(s.regions);
  for (const [name, region] of Object.entries(s.regions)) {
    if (RESERVED_REGIONS.has(name)) c.add(`regions.${name}`, 'a region name other than "domain" (reserved for the whole domain)', name);
    for (const link of ['plus', 'minus'] as const) {
      (region[link] ?? []).forEach((m, i) => {
        if (!Object.hasOwn(s.regions, m)) c.add(`regions.${name}.${link}.${i}`, `a region of this scenario: ${oneOf(names, m)}`, m);
      });
    }
  }
  // A cycle of plus/minus references would never finish rasterising; reported at the region that starts it.
  for (const cycle of findRegionCycles(s.regions)) {
    c.add(`regions.${cycle[0].from}.${cycle[0].link}`, 'regions that do not add or subtract each other in a cycle', describeRegionCycle(cycle));
  }
}

function regionRef(c: Collector, s: Scenario, path: string, name: string): void {
  if (!(name in s.regions) && name !== 'domain') c.add(path, `a region: ${oneOf([...Object.keys(s.regions), 'domain'], name)}`, name);
}

function checkCargo(c: Collector, path: string, product: Product): void {
  for (const channel of Object.keys(product.cargo)) {
    if (!(CARGO_CHANNELS as readonly string[]).includes(channel)) c.add(`${path}.${channel}`, `a cargo channel: ${oneOf(CARGO_CHANNELS, channel)}`, channel);
  }
}

function checkDoses(c: Collector, s: Scenario, model: ModelDefinition, armName: string, arm: Arm): void {
  const doses = arm.doses ?? [];
  const path = `arms.${armName}.doses`;
  if (!model.compiled.spec.dosing) {
    doses.forEach((_d, i) => c.add(`${path}.${i}`, `no dose: model ${model.compiled.spec.id} has no exosome field to deliver into`, 'a dose'));
    return;
  }
  const ids = [...Object.keys(s.products), ...Object.keys(PRODUCT_CATALOGUE)];
  let halfLife: number | undefined;
  doses.forEach((dose, i) => {
    const at = `${path}.${i}`;
    if (typeof dose.product === 'string') {
      if (!doseProduct(dose, s)) c.add(`${at}.product`, `a product of the catalogue or the scenario: ${oneOf(ids, dose.product)}`, dose.product);
    } else checkCargo(c, `${at}.product.cargo`, dose.product);
    if (dose.region !== undefined) regionRef(c, s, `${at}.region`, dose.region);
    if (dose.until_day !== undefined && dose.until_day < dose.at_day) c.add(`${at}.until_day`, `a day >= at_day (${dose.at_day})`, dose.until_day);
    if (dose.route === 'topical' || dose.route === 'carrier') {
      const h = dose.release_half_life_h ?? -1;
      if (halfLife !== undefined && h !== halfLife) c.add(`${at}.release_half_life_h`, `the same release half-life as the arm's other carrier doses (${halfLife < 0 ? 'the default' : halfLife})`, dose.release_half_life_h);
      halfLife = h;
    }
  });
  if (doses.every((d) => doseProduct(d, s)) && armProduct(arm, s) === undefined) {
    c.add(path, 'doses of one product per arm (the model has one exosome field)', doses.map((d) => (typeof d.product === 'string' ? d.product : 'inline')).join(', '));
  }
}

function checkInhibitors(c: Collector, model: ModelDefinition, armName: string, arm: Arm): void {
  const spec = model.compiled.spec;
  const known = Object.keys(spec.inhibitors ?? {});
  (arm.inhibitors ?? []).forEach((entry, i) => {
    const at = `arms.${armName}.inhibitors.${i}`;
    const inh = resolveInhibitor(entry, model);
    if (!inh) {
      c.add(at, `an inhibitor of model ${spec.id}: ${oneOf(known, String(entry))}`, entry);
      return;
    }
    if (typeof entry === 'string') return;
    if (inh.kind === 'clamp_node' && !(inh.node in model.compiled.layout.offset)) c.add(`${at}.node`, `an agent variable of model ${spec.id}`, inh.node);
    if (inh.kind === 'neutralise_field' && !(inh.field in model.compiled.fieldIndex)) c.add(`${at}.field`, `a field: ${oneOf(spec.fields.map((f) => f.name), inh.field)}`, inh.field);
    if (inh.kind === 'remove_cargo' && !(CARGO_CHANNELS as readonly string[]).includes(inh.cargo)) c.add(`${at}.cargo`, `a cargo channel: ${oneOf(CARGO_CHANNELS, inh.cargo)}`, inh.cargo);
  });
}

/** Checks a structurally valid scenario against its model; returns every issue (empty when valid). */
export function checkScenarioSemantics(s: Scenario, model: ModelDefinition | undefined, knownModels: readonly string[]): ScenarioIssue[] {
  const c = new Collector();
  if (!model) {
    c.add('model', oneOf(knownModels, s.model), s.model);
    return c.issues;
  }
  const compiled = model.compiled;
  const spec = compiled.spec;

  if (!divides(s.domain.dx_um, s.domain.width_um)) c.add('domain.width_um', `a multiple of dx_um (${s.domain.dx_um})`, s.domain.width_um);
  if (!divides(s.domain.dx_um, s.domain.height_um)) c.add('domain.height_um', `a multiple of dx_um (${s.domain.dx_um})`, s.domain.height_um);
  const cells = (s.domain.width_um / s.domain.dx_um) * (s.domain.height_um / s.domain.dx_um);
  if (cells > 4096 * 4096) c.add('domain', 'at most 4096 x 4096 voxels', `${s.domain.width_um / s.domain.dx_um} x ${s.domain.height_um / s.domain.dx_um}`);
  if (!divides(s.time.dt_min, s.time.output_every_h * 60)) c.add('time.output_every_h', `a multiple of dt_min (${s.time.dt_min} min)`, s.time.output_every_h);
  if (!divides(s.time.dt_min, s.time.days * 1440)) c.add('time.days', `a whole number of steps of dt_min (${s.time.dt_min} min)`, s.time.days);

  checkRegions(c, s);
  regionRef(c, s, 'defect_region', s.defect_region);
  if (s.domain.mirror?.length) {
    // A mirror edge passes nothing across it: only a no-flux field mirrors.
    const fixed = spec.fields.filter((f) => f.boundary.kind !== 'noflux').map((f) => f.name);
    if (fixed.length) c.add('domain.mirror', `no mirror edge: model ${spec.id} holds fields at a fixed value on the edges (${fixed.join(', ')})`, s.domain.mirror);
  }

  const hosts = Object.keys(spec.hosts);
  if (!(s.host in spec.hosts)) c.add('host', `a host of model ${spec.id}: ${oneOf(hosts, s.host)}`, s.host);

  const types = spec.cellTypes.map((t) => t.name);
  s.initial.agents.forEach((pop, i) => {
    const path = `initial.agents.${i}`;
    if (!(pop.type in compiled.cellTypeIndex)) c.add(`${path}.type`, `a cell type: ${oneOf(types, pop.type)}`, pop.type);
    else if (pop.state !== undefined && !(pop.state in compiled.stateIndex[pop.type])) {
      c.add(`${path}.state`, `a state of ${pop.type}: ${oneOf(Object.keys(compiled.stateIndex[pop.type]), pop.state)}`, pop.state);
    }
    regionRef(c, s, `${path}.region`, pop.region);
  });
  const fields = spec.fields.map((f) => f.name);
  s.initial.fields.forEach((init, i) => {
    if (!(init.field in compiled.fieldIndex)) c.add(`initial.fields.${i}.field`, `a field: ${oneOf(fields, init.field)}`, init.field);
    regionRef(c, s, `initial.fields.${i}.region`, init.region);
  });

  checkParameters(c, compiled, 'parameters', s.parameters);

  for (const [armName, arm] of Object.entries(s.arms)) {
    const path = `arms.${armName}`;
    if (arm.host !== undefined && !(arm.host in spec.hosts)) c.add(`${path}.host`, `a host of model ${spec.id}: ${oneOf(hosts, arm.host)}`, arm.host);
    checkParameters(c, compiled, `${path}.parameters`, arm.parameters);
    checkDoses(c, s, model, armName, arm);
    checkInhibitors(c, model, armName, arm);
  }

  for (const [id, product] of Object.entries(s.products)) checkCargo(c, `products.${id}.cargo`, product);

  const readoutNames = [...compiled.readoutByName.keys()];
  (s.readouts ?? []).forEach((r, i) => {
    if (!compiled.readoutByName.has(r)) c.add(`readouts.${i}`, `a read-out of model ${spec.id}: ${oneOf(readoutNames, r)}`, r);
  });
  checkReadoutRegions(c, s, compiled);
  checkExperiment(c, s, compiled);
  return c.issues;
}

/** The scenario regions a reduction names, with the key naming each (region; from and to of bridged). */
function namedRegions(red: ReadoutReduction): [key: string, region: string][] {
  const refs: [string, ReadoutRegion | undefined][] = [['region', 'region' in red ? red.region : undefined]];
  if (red.kind === 'bridged') refs.push(['from', red.from], ['to', red.to]);
  return refs.flatMap(([key, region]) => (typeof region === 'object' ? [[key, region.region] as [string, string]] : []));
}

/** The recorded read-outs (and those they derive from) take their named regions from the scenario. */
function checkReadoutRegions(c: Collector, s: Scenario, compiled: CompiledModel): void {
  const requested = s.readouts ?? compiled.spec.defaultReadouts;
  requested.forEach((name, i) => {
    const r = compiled.readoutByName.get(name);
    if (!r) return;
    for (const used of readoutClosure([r], compiled.readoutByName)) {
      for (const [key, region] of namedRegions(used.reduction)) {
        if (Object.hasOwn(s.regions, region) || region === 'domain') continue;
        const path = s.readouts ? `readouts.${i}` : 'regions';
        c.add(path, `regions that include "${region}" (read-out ${used.name} names it as its ${key})`, Object.keys(s.regions));
      }
    }
  });
}

/** The experiment's checks name arms and read-outs that exist, and windows inside the run. */
function checkExperiment(c: Collector, s: Scenario, compiled: CompiledModel): void {
  if (!s.experiment) return;
  const arms = Object.keys(s.arms);
  const recorded = s.readouts ?? compiled.spec.defaultReadouts;
  s.experiment.checks.forEach((check, i) => {
    const path = `experiment.checks.${i}`;
    const armRef = (key: string, arm: string) => {
      if (!arms.includes(arm)) c.add(`${path}.${key}`, `an arm of this scenario: ${oneOf(arms, arm)}`, arm);
    };
    armRef('reference', check.reference);
    armRef('treated', check.treated);
    if (check.kind === 'inhibitor_removes') armRef('inhibited', check.inhibited);
    if (!recorded.includes(check.readout)) c.add(`${path}.readout`, `a recorded read-out: ${oneOf(recorded, check.readout)}`, check.readout);
    else if (compiled.readoutByName.get(check.readout)?.reduction.kind === 'timeTo' && check.window !== 'final') {
      c.add(`${path}.window`, '"final" for a time-to-event read-out', check.window);
    }
    // (validate checks the window against the run length it actually uses: runs may be shortened)
    if (check.window !== 'final' && !(check.window.from_day <= check.window.to_day)) {
      c.add(`${path}.window`, 'from_day <= to_day', `${check.window.from_day}-${check.window.to_day}`);
    }
  });
}
