/**
 * The contract between the generic engine and a model's own rules. The engine runs the generic phases
 * (motility, taxis, mechanics, cycle, death, secretion, diffusion, division); a model adds small rules
 * that change an agent's state and model variables, and scale its generic phenotype. Rules see one agent
 * at a time and write only that agent's slot, so they map one-to-one onto a WGSL kernel.
 */
import type { CompiledModel } from './compile.ts';

/** What a rule may read and write while the engine updates agent `base` (word offset of its slot). */
export interface AgentView {
  /** The agent buffer as floats and as unsigned words (same memory). */
  f: Float32Array;
  u: Uint32Array;
  /** Word offset of each variable within a slot. */
  off: Readonly<Record<string, number>>;
  /** Value of field `field` (index) in the voxel under (x, y) µm, as cells sense it (after neutralisation). */
  sample(field: number, x: number, y: number): number;
  /** Mean of field `field` over the voxels whose centres lie within radius µm of (x, y) (the voxel under it if none), as cells sense it. */
  patchMean(field: number, x: number, y: number, radius: number): number;
  /** Four fresh random words for (step, agent id, stream). */
  random(id: number, stream: number): Uint32Array;
  /** Time step, min. */
  dt: number;
}

/** What a rule may ask of the engine for the agent it updated: nothing, apoptosis, or leaving the population. */
export const RuleFate = {
  NONE: 0,
  /** The cell dies (counted as a death). */
  DIE: 2,
  /** The cell leaves the simulated population alive (differentiation, emigration; counted as a departure). */
  LEAVE: 3,
} as const;

/** Per-voxel extra sources and uptakes a model adds before the field solve (vessels, damage signals...). */
export interface VoxelContext {
  /** All fields, field·cells + cell, as they stand before this step's solve (read only). */
  fields: Float32Array;
  cells: number;
  /** Time step, min. */
  dt: number;
  /** Grid columns and voxel edge (µm), to place voxel k at ((k mod nx) + 0.5, floor(k / nx) + 0.5) · dx. */
  nx: number;
  dx: number;
  /** Per-voxel source of a field to add to (field unit/min); allocated on first request. */
  source(field: number): Float32Array;
  /** Per-voxel first-order uptake rate of a field to add to (1/min); allocated on first request. */
  uptake(field: number): Float32Array;
}

/** Rules bound to one run's parameter values (closures over numbers, so hot loops stay fast). */
export interface BoundRules {
  /** Updates state and model variables of the agent at `base` (type index given); may return a RuleFate. */
  updateAgent?(view: AgentView, base: number, type: number): number | void;
  /** Adds per-voxel sources and uptakes for this step (runs over all voxels, before the solve). */
  voxelExchange?(voxels: VoxelContext): void;
  /** Multiplier of the type's migration speed (default 1). */
  speedScale?(view: AgentView, base: number, type: number): number;
  /** Multiplier of the cell-cycle progression rate (default 1). */
  growthScale?(view: AgentView, base: number, type: number): number;
  /** Multiplier of the death hazard (default 1). */
  deathScale?(view: AgentView, base: number, type: number): number;
  /** Multiplier of secretion into field `field` (default 1). */
  secretionScale?(view: AgentView, base: number, type: number, field: number): number;
}

/** Parameter values of a run by flattened name. */
export type ParameterValues = ReadonlyMap<string, number>;

/** What an arm sets besides parameters: the dosed product's cargo potencies, node clamps, field neutralisation. */
export interface ArmContext {
  /** Potency of each cargo channel of the arm's product (0 for channels it lacks or had removed). */
  potency: Readonly<Record<string, number>>;
  /** Agent variables (pathway nodes) held at a value by inhibitors. */
  clamps: ReadonlyMap<string, number>;
  /** Fraction of each field (by index) that cells sense: 1 - neutralised fraction. */
  availability: Float64Array;
  /** Centre of the defect region (its voxels' centroid), µm: the run's geometry, for rules that need it. */
  defectCentre: readonly [number, number];
}

/**
 * The WGSL twin of a model's rules for the GPU backend (shaders/<model>_*_rules.wgsl with the run's
 * parameter values prepended as constants). It must compute what BoundRules computes, in f32.
 */
export interface GpuRules {
  /**
   * Defines `rule_update(i: u32, cell_type: u32) -> u32` (a RuleFate), `rule_speed_scale`, `rule_growth_scale`,
   * `rule_death_scale` (same arguments, -> f32) and `rule_secretion_scale(i, cell_type, field: u32) -> f32` for agent
   * `agents[i]`; may use the bindings `agents`, `fields`, `tables`, `step` and the helpers of locate_cells.wgsl,
   * sense_fields.wgsl, draw_random.wgsl and rng.wgsl.
   */
  agent: string;
  /** Defines `rule_voxel_exchange(k: u32)`, adding into `source` and `uptake` of voxel k from `fields` (read only). */
  voxel: string;
}

/** A model: its spec, its rules, and the exosome products and inhibitors it knows. */
export interface ModelDefinition {
  compiled: CompiledModel;
  bindRules(values: ParameterValues, arm: ArmContext): BoundRules;
  /** The rules' WGSL twin for a run with time step dt (min); absent for a model the GPU backend cannot run. */
  gpuRules?(values: ParameterValues, arm: ArmContext, dt: number): GpuRules;
}
