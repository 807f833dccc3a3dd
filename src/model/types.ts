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

/** Chemotaxis or haptotaxis: a bias of the migration direction up (or, if negative, down) a field's gradient. */
export interface TaxisSpec {
  field: string;
  /** Weight of the gradient direction against the random direction, in [-1, 1]; negative moves down the gradient. */
  bias: ParameterSpec;
}

/** Release of a substance into a field by each cell: an amount per minute (field unit × µm³ / min). */
export interface SecretionSpec {
  field: string;
  /** Amount released per minute per cell, field unit·µm³/min; the voxel gains amount / (dx²·depth). */
  rate: ParameterSpec;
  /**
   * Radius (µm) of the patch the cell lays the field over: the voxels whose centres lie within it share the
   * amount equally (the voxel under the cell when none does). What a cell covers then does not depend on
   * the grid spacing once the spacing is below the radius. Absent: the voxel under the cell.
   */
  footprint?: ParameterSpec;
  /** A field that fills up: each voxel of the patch gains its share × max(0, 1 − value/cap) (field units). */
  cap?: ParameterSpec;
}

/** First-order uptake of a field by each cell, as a clearance (volume cleared per minute). */
export interface UptakeSpec {
  field: string;
  /** Clearance, µm³/min per cell: the voxel loses c·clearance / (dx²·depth) per minute. */
  rate: ParameterSpec;
  /** Agent variable that receives the amount taken up, if the cell keeps it: clearance × c × dt × scale each step. */
  internalize?: {
    variable: string;
    /** Converts field unit × µm³ into the variable's unit (e.g. µg/mL × µm³ = 1e-3 fg, so 1e-3 for fg). */
    scale: number;
  };
}

/**
 * Entry of new cells from perfused vessels (model.md §2 "recruited from vessels"). A cell type may have
 * several routes (e.g. monocytes called by inflammation and, later, by RANKL to bone surfaces): the first's
 * parameters are `<type>.recruitment.rate` and `.halfSaturation`, a further route's
 * `<type>.recruitment.<route>.rate` and `.halfSaturation`.
 */
export interface RecruitmentSpec {
  /** Name of the route; required for every route but the first of a type. */
  route?: string;
  /** Structural field of perfused vessel density (area fraction) the cells come from. */
  from: string;
  /** Field whose level calls them (chemokine, damage signal); the call saturates as s / (s + K). */
  signal: string;
  /** Cells per mm² of vessel area per day at a saturating signal. */
  rate: ParameterSpec;
  /** K of the saturating call, in the signal field's unit. */
  halfSaturation: ParameterSpec;
  /** State the recruits start in (default: the first). */
  state?: string;
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
  /** One route, or several (recruitmentRoutes in recruitmentRoutes.ts lists them with their parameter names). */
  recruitment?: RecruitmentSpec | readonly RecruitmentSpec[];
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
  /**
   * Tissue layer of the projected column (e.g. "epidermis", "dermis"); cells of different layers lie at
   * different depths and do not touch, so they exert no contact forces on each other. Default "tissue".
   */
  layer?: string;
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

/** Cell events counted per type since t = 0. */
export type CellEvent = 'births' | 'deaths' | 'departures' | 'recruits';

/** Where a reduction is taken: the scenario's defect region (default), the whole domain, or a named region. */
export type ReadoutRegion = 'defect' | 'domain' | { region: string };

/** A declared reduction evaluated at every output time. */
export type ReadoutReduction =
  | { kind: 'count'; agents: AgentSelector; region?: ReadoutRegion }
  | { kind: 'fraction'; of: AgentSelector; among: AgentSelector; region?: ReadoutRegion }
  | { kind: 'fieldMean'; field: string; region?: ReadoutRegion; scale?: number }
  | { kind: 'fieldSum'; field: string | readonly string[]; region?: ReadoutRegion; scale?: number }
  | { kind: 'agentSum'; variable: string; agents: AgentSelector; region?: ReadoutRegion; scale?: number }
  | { kind: 'eventCount'; event: CellEvent; types: readonly string[] }
  | { kind: 'agentMean'; variable: string; agents: AgentSelector; region?: ReadoutRegion }
  /** Voxels whose value (the fields summed in f32, in the listed order) lies in [atLeast, below): their area, mm². */
  | { kind: 'area'; field: string | readonly string[]; below?: number; atLeast?: number; region?: ReadoutRegion }
  /** The same voxels as a percentage of the region's voxels. */
  | { kind: 'areaPercent'; field: string | readonly string[]; below?: number; atLeast?: number; region?: ReadoutRegion }
  /**
   * Bridging (0/1): 1 when a 4-connected path of voxels joins a voxel of `from` to a voxel of `to`, every
   * voxel of it in `region` (default: the defect), `from` or `to`, with `field` (several: their f32 sum in
   * the listed order) >= `atLeast`; else 0. Diagonal contact does not join, and tissue outside these
   * regions never counts: callus beyond the defect bridges only where the defect region includes it.
   * A timeTo (threshold 0.5, rising) on it gives the middle of the output interval in which it turns 1.
   */
  | { kind: 'bridged'; field: string | readonly string[]; atLeast: number; from: ReadoutRegion; to: ReadoutRegion; region?: ReadoutRegion }
  | { kind: 'percentReduction'; of: string }
  | { kind: 'sumOf'; of: readonly string[] }
  /** numerator / denominator of two read-outs in the same row; 0 when the denominator is 0. */
  | { kind: 'ratioOf'; numerator: string; denominator: string }
  /** Change of an eventCount read-out per day since the previous output row (0 in the first row). */
  | { kind: 'eventRate'; of: string }
  /** Advance of the edge of an area read-out (mm²) as the radius of an equal circle shrinks, µm/day. */
  | { kind: 'frontSpeed'; of: string }
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

/** An inhibitor or knockout (model.md §5): clamps a pathway node, neutralises a field, or removes a cargo item. */
export type InhibitorSpec =
  | { kind: 'clamp_node'; label: string; node: string; value: number }
  | { kind: 'neutralise_field'; label: string; field: string; fraction: number }
  | { kind: 'remove_cargo'; label: string; cargo: string };

/** How exosome doses enter the model (model.md §4). Parameters are flattened as `dosing.<key>`. */
export interface DosingSpec {
  /** Diffusing field of free exosomes (µg/mL). */
  exosomeField: string;
  /** Structural field of exosomes held by a carrier (hydrogel, collagen sponge), released into exosomeField. */
  carrierField: string;
  /** Structural field of perfused vessels: systemic doses arrive in proportion to it. */
  vesselField: string;
  /** Cargo channels a product can have a potency on (the pathway inputs the rules read). */
  channels: readonly string[];
  /** Radius of the bolus around each injection point, µm. */
  injectionRadius: ParameterSpec;
  /** Injection points around the margin when a dose does not say. */
  defaultPoints: ParameterSpec;
  /** Exosome particles per µg of exosomal protein. */
  particlesPerUg: ParameterSpec;
  /** Fraction of a systemic dose that reaches the tissue. */
  systemicFraction: ParameterSpec;
  /** Release half-life of a carrier when the dose does not say, h. */
  carrierHalfLife: ParameterSpec;
}

/** A load-bearing tissue of the mechanical environment: the structural field of its volume fraction and its modulus. */
export interface MechanicsTissueSpec {
  /** Structural field holding the tissue's volume fraction (0..1 per voxel). */
  field: string;
  /** Young's modulus, MPa; flattened as `mechanics.modulus.<field>`. */
  modulus: ParameterSpec;
}

/**
 * The mechanical environment (model.md §3; src/sim/mechanics): a 2D linear-elastic solve over the tissue,
 * whose stiffness follows its composition, under an axial load shared with a fixator; it writes a strain
 * field the rules read. Updated every `updateInterval`, not every step. Parameters are flattened as
 * `mechanics.<key>`.
 */
export interface MechanicsSpec {
  /** Structural field (no diffusion, no decay) the update writes: octahedral shear strain, dimensionless, ≥ 0. */
  shearStrainField: string;
  /** Structural field the update writes: axial compressive strain −εyy (dimensionless; positive in compression). */
  axialStrainField: string;
  /** Load-bearing tissues; the rest of each voxel is soft tissue (granulation, haematoma). */
  tissues: readonly MechanicsTissueSpec[];
  /** Young's modulus of the soft rest, MPa. */
  softModulus: ParameterSpec;
  /** Poisson ratio of every tissue (plane stress), dimensionless, in [0, 0.5). */
  poissonRatio: ParameterSpec;
  /** Time between updates, h. */
  updateInterval: ParameterSpec;
  /** Axial compressive load on the modelled slab (thickness domain.depth_um), N. */
  load: ParameterSpec;
  /** Stiffness of the fixator, in parallel with the tissue, for the modelled slab, N/mm. */
  fixatorStiffness: ParameterSpec;
  /** Field voxels per mechanics element side (a whole number ≥ 1). */
  gridFactor: ParameterSpec;
  /** Relative residual at which the elastic solve stops, dimensionless. */
  tolerance: ParameterSpec;
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
  /** Exosome dosing, if the model takes doses. */
  dosing?: DosingSpec;
  /** Inhibitors a scenario can name by id. */
  inhibitors?: Readonly<Record<string, InhibitorSpec>>;
  /** The mechanical environment, if the model has one (bone). */
  mechanics?: MechanicsSpec;
}
