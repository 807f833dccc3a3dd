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
  /** Value of field `field` (index) in the voxel under (x, y) µm. */
  sample(field: number, x: number, y: number): number;
  /** Four fresh random words for (step, agent id, stream). */
  random(id: number, stream: number): Uint32Array;
  /** Time step, min. */
  dt: number;
}

/** Rules bound to one run's parameter values (closures over numbers, so hot loops stay fast). */
export interface BoundRules {
  /** Updates state and model variables of the agent at `base` (its type index is given). */
  updateAgent?(view: AgentView, base: number, type: number): void;
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

/** A model: its spec and its rules. */
export interface ModelDefinition {
  compiled: CompiledModel;
  bindRules(values: ParameterValues): BoundRules;
}
