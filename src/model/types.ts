/**
 * Types of the declarative model spec: cell types, agent variables, fields, parameters and read-outs.
 * A model is data; `compileModel` turns it into memory layouts (CPU typed arrays, TypeGPU structs),
 * parameter tables and read-out definitions. Units: space in µm, time in minutes unless a name says otherwise.
 */

/** How a parameter value is supported (parameters.md): measured, taken from a published model, chosen, or tuned. */
export type Evidence = 'literature' | 'model' | 'assumed' | 'calibrated';

/** A number with its unit, allowed range, source and evidence label. */
export interface ParameterSpec {
  value: number;
  unit: string;
  /** Inclusive allowed range; a scenario override outside it is rejected. */
  min: number;
  max: number;
  /** Citation (paper, model.md line, parameters.md row) or the reasoning behind an assumption. */
  source: string;
  evidence: Evidence;
}

/** Scalar kinds of agent variables: 32-bit, so the CPU layout equals the WGSL struct layout word for word. */
export type ScalarKind = 'f32' | 'u32' | 'i32';

/** One per-agent variable (a member of the agent struct). */
export interface AgentVariableSpec {
  name: string;
  kind: ScalarKind;
  unit: string;
  doc: string;
}

/** Chemotaxis or haptotaxis: a bias of the migration direction up the gradient of a field. */
export interface TaxisSpec {
  field: string;
  /** Weight of the gradient direction against the random direction, in [0, 1]. */
  bias: ParameterSpec;
}

/** Release of a substance into a field by each cell (PhysiCell convention: scaled by cell/voxel volume). */
export interface SecretionSpec {
  field: string;
  /** Rate at which the cell raises the concentration of its own volume, field unit per minute. */
  rate: ParameterSpec;
}

/** First-order uptake of a field by each cell (scaled by cell/voxel volume). */
export interface UptakeSpec {
  field: string;
  /** 1/min. */
  rate: ParameterSpec;
}

/** The generic phenotype of a cell type, read by the engine's generic phases. */
export interface PhenotypeSpec {
  /** Cell radius, µm (mechanics and volume). */
  radius: ParameterSpec;
  /** Random-motility speed, µm/min. */
  speed: ParameterSpec;
  /** Mean time between random turns, min. */
  persistence: ParameterSpec;
  /** Repulsion velocity at full overlap, µm/min. */
  repulsion: ParameterSpec;
  /** Adhesion velocity between touching cells, µm/min. */
  adhesion: ParameterSpec;
  /** Cell-cycle duration, h; 0 = does not divide. */
  cycle: ParameterSpec;
  /** Division is blocked when at least this many neighbours touch the cell. */
  contactInhibition: ParameterSpec;
  /** Death hazard, 1/day. */
  death: ParameterSpec;
  chemotaxis?: readonly TaxisSpec[];
  haptotaxis?: readonly TaxisSpec[];
  secretion?: readonly SecretionSpec[];
  uptake?: readonly UptakeSpec[];
}

/** A cell type: its states, the model variables it uses, how it is drawn, and its phenotype. */
export interface CellTypeSpec {
  name: string;
  label: string;
  /** Discrete states; the first is the initial state. */
  states: readonly string[];
  /** Names of model-specific agent variables this type uses (all types share the struct). */
  variables: readonly string[];
  /** Colour for frames and the page, as #rrggbb. */
  color: string;
  phenotype: PhenotypeSpec;
}

/** Boundary condition of a field on the domain edge. */
export type BoundarySpec = { kind: 'noflux' } | { kind: 'fixed'; value: number };

/** A grid field: diffusing (solved each step) or structural (D = 0: only reactions and deposits). */
export interface FieldSpec {
  name: string;
  label: string;
  unit: string;
  /** µm²/min; structural fields have none. */
  diffusion?: ParameterSpec;
  /** First-order decay (or degradation), 1/min. */
  decay: ParameterSpec;
  boundary: BoundarySpec;
  /** Value everywhere at t = 0 unless the scenario says otherwise. */
  initial: number;
  /** What produces and removes it (documentation: cells, vessels, doses). */
  source: string;
  /** Largest plausible value, used to size fixed-point accumulators and colour scales. */
  typicalMax: number;
}

/** Selects agents by type and, optionally, state. */
export interface AgentSelector {
  types: readonly string[];
  states?: readonly string[];
}

/** Where a reduction is taken: the scenario's defect region (default), the whole domain, or a named region. */
export type ReadoutRegion = 'defect' | 'domain' | { region: string };

/** A declared reduction evaluated at every output time. */
export type ReadoutReduction =
  | { kind: 'count'; agents: AgentSelector; region?: ReadoutRegion }
  | { kind: 'fraction'; of: AgentSelector; among: AgentSelector; region?: ReadoutRegion }
  | { kind: 'fieldMean'; field: string; region?: ReadoutRegion; scale?: number }
  | { kind: 'fieldSum'; field: string; region?: ReadoutRegion; scale?: number }
  | { kind: 'agentMean'; variable: string; agents: AgentSelector; region?: ReadoutRegion }
  | { kind: 'area'; field: string; below?: number; atLeast?: number; region?: ReadoutRegion }
  | { kind: 'areaPercent'; field: string; below?: number; atLeast?: number; region?: ReadoutRegion }
  | { kind: 'percentReduction'; of: string }
  | { kind: 'timeTo'; of: string; threshold: number; direction: 'rising' | 'falling' };

/** A read-out: a named, documented reduction with its unit. */
export interface ReadoutSpec {
  name: string;
  unit: string;
  definition: string;
  reduction: ReadoutReduction;
}

/** A host variant (normal, diabetic...): a documented set of parameter changes, never an outcome. */
export interface HostSpec {
  label: string;
  description: string;
  /** Parameter values that differ from the defaults, by flattened parameter name. */
  overrides: Readonly<Record<string, number>>;
}

/** A whole model: the single source of layouts, parameter tables and read-out names. */
export interface ModelSpec {
  id: string;
  title: string;
  /** Model-specific agent variables (pathway activations, cargo...); the engine adds its own. */
  agentVariables: readonly AgentVariableSpec[];
  cellTypes: readonly CellTypeSpec[];
  fields: readonly FieldSpec[];
  /** Rule parameters not tied to one cell type or field, by dotted name. */
  parameters: Readonly<Record<string, ParameterSpec>>;
  readouts: readonly ReadoutSpec[];
  /** Host variants by id; must contain "normal". */
  hosts: Readonly<Record<string, HostSpec>>;
  /** Read-outs recorded when a scenario does not list its own. */
  defaultReadouts: readonly string[];
}
