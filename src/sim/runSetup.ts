/**
 * Everything one run of one arm needs, resolved from a validated scenario: parameter values (defaults,
 * then host, then scenario, then arm overrides), grid, region masks, step counts and read-out list.
 */
import type { ParsedScenario } from '../scenario/parse.ts';
import { rasterizeRegions, type RegionMasks } from '../scenario/regions.ts';
import type { Arm, Scenario } from '../scenario/schema.ts';
import type { ReadoutSpec } from '../model/types.ts';
import type { ArmContext, BoundRules, ModelDefinition } from '../model/rules.ts';
import { armContext } from './armContext.ts';
import { planDosing, type DosingPlan } from './dosing.ts';
import { makeGrid, type Grid } from './grid.ts';
import { mixSeed } from './rng.ts';

export interface RunSetup {
  scenario: Scenario;
  armName: string;
  arm: Arm;
  model: ModelDefinition;
  /** The scenario's seed, as the user gave it. */
  seed: number;
  /** The seed word of every counter-based draw: mixSeed(seed). */
  rngSeed: number;
  /** Parameter values by flattened name. */
  values: ReadonlyMap<string, number>;
  /** The arm's product potencies, node clamps and field availability. */
  armContext: ArmContext;
  rules: BoundRules;
  /** The arm's dosing events. */
  dosing: DosingPlan;
  grid: Grid;
  regions: RegionMasks;
  defectMask: Uint8Array;
  /** Time step, min. */
  dt: number;
  totalSteps: number;
  /** Steps between output rows. */
  outputEvery: number;
  readouts: readonly ReadoutSpec[];
  /** Agent capacity: births beyond it are blocked. */
  capacity: number;
}

/** Integer quotient a/b for values already checked to divide. */
function exactSteps(a: number, b: number): number {
  return Math.floor(a / b + 0.5);
}

/** The arm a run uses by default: `untreated` if present, else the first. */
export function defaultArm(scenario: Scenario): string {
  return 'untreated' in scenario.arms ? 'untreated' : Object.keys(scenario.arms)[0];
}

/** Parameter values of an arm: defaults, host overrides, scenario overrides, arm overrides. */
export function parameterValues(model: ModelDefinition, scenario: Scenario, arm: Arm): Map<string, number> {
  const values = new Map<string, number>();
  for (const [name, p] of model.compiled.parameters) values.set(name, p.value);
  const host = model.compiled.spec.hosts[arm.host ?? scenario.host];
  for (const [name, v] of Object.entries(host.overrides)) values.set(name, v);
  for (const [name, v] of Object.entries(scenario.parameters)) values.set(name, v);
  for (const [name, v] of Object.entries(arm.parameters ?? {})) values.set(name, v);
  return values;
}

/** Estimated agent capacity when the scenario sets none: generous room for growth. */
function defaultCapacity(grid: Grid): number {
  // One agent per 25 µm² of plane is denser than any packed tissue of cells a few µm across.
  return Math.max(1024, Math.ceil((grid.width * grid.height) / 25));
}

/** Resolves one arm of a parsed scenario into a run setup. */
export function resolveRun(parsed: ParsedScenario, armName: string): RunSetup {
  const { scenario, model } = parsed;
  const arm = scenario.arms[armName];
  if (!arm) throw new Error(`scenario ${scenario.id} has no arm "${armName}" (arms: ${Object.keys(scenario.arms).join(', ')})`);
  const grid = makeGrid(scenario.domain.width_um, scenario.domain.height_um, scenario.domain.dx_um, scenario.domain.depth_um);
  const regions = rasterizeRegions(grid, scenario.regions);
  const values = parameterValues(model, scenario, arm);
  const names = scenario.readouts ?? model.compiled.spec.defaultReadouts;
  const context = armContext(model, scenario, arm, grid, regions.get(scenario.defect_region)!);
  const dt = scenario.time.dt_min;
  const totalSteps = exactSteps(scenario.time.days * 1440, dt);
  return {
    scenario,
    armName,
    arm,
    model,
    seed: scenario.seed >>> 0,
    rngSeed: mixSeed(scenario.seed),
    values,
    armContext: context,
    rules: model.bindRules(values, context),
    dosing: planDosing(model, values, scenario, arm.doses ?? [], grid, regions, dt, totalSteps),
    grid,
    regions,
    defectMask: regions.get(scenario.defect_region)!,
    dt,
    totalSteps,
    outputEvery: exactSteps(scenario.time.output_every_h * 60, scenario.time.dt_min),
    readouts: names.map((n) => model.compiled.readoutByName.get(n)!),
    capacity: scenario.max_agents ?? defaultCapacity(grid),
  };
}
