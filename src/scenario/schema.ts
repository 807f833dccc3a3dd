/**
 * The scenario file format as a zod schema: the structural half of scenario validation (types, ranges,
 * unknown keys). Names that depend on the model (cell types, fields, parameters, read-outs, products)
 * are checked afterwards by semantics.ts against the compiled model. Units are in the key names:
 * µm (`_um`), minutes (`_min`), hours (`_h`), days (`day`/`days`).
 * The JSON Schema in scenarios/scenario.schema.json is exported from this file (`npm run schema`).
 */
import { z } from 'zod';

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a snake_case name');
const id = z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'an id of lower-case letters, digits, "-" and "_"');
const point = z.tuple([z.number(), z.number()]).describe('[x, y] in µm from the top-left corner');

const regionBase = {
  /** Regions added to this shape (e.g. the cortex = one wall plus the other). */
  plus: z.array(name).optional().describe('names of regions added to this shape (before minus is applied)'),
  /** Regions to subtract (e.g. intact skin = domain minus defect). */
  minus: z.array(name).optional().describe('names of regions removed from this one (after plus is applied)'),
};

/**
 * A tissue region: a shape on the plane, plus other regions, minus other regions, in that order:
 * (shape ∪ every `plus` region) \ every `minus` region. The regions named are the finished ones (with their
 * own plus and minus applied).
 */
export const regionSchema = z.discriminatedUnion('shape', [
  z.strictObject({ shape: z.literal('circle'), center_um: point, radius_um: z.number().positive(), ...regionBase }),
  z.strictObject({
    shape: z.literal('ellipse'),
    center_um: point,
    radii_um: z.tuple([z.number().positive(), z.number().positive()]),
    ...regionBase,
  }),
  z.strictObject({ shape: z.literal('rect'), min_um: point, max_um: point, ...regionBase }),
  z.strictObject({ shape: z.literal('polygon'), points_um: z.array(point).min(3), ...regionBase }),
  z.strictObject({ shape: z.literal('domain'), ...regionBase }),
]);

/** Agents placed at t = 0 in a region, by count or by areal density. */
export const populationSchema = z
  .strictObject({
    type: name,
    state: name.optional(),
    region: name,
    count: z.int().min(0).optional(),
    density_per_mm2: z.number().min(0).optional(),
  })
  .refine((p) => (p.count === undefined) !== (p.density_per_mm2 === undefined), {
    message: 'give exactly one of count and density_per_mm2',
  });

/** A field value set in a region at t = 0 (later entries overwrite earlier ones). */
export const fieldInitSchema = z.strictObject({ field: name, region: name, value: z.number().min(0) });

/** An exosome product defined inline (the built-in catalogue has the same shape). */
export const productSchema = z.strictObject({
  label: z.string().min(1),
  source_cell: z.string().min(1).describe('cell of origin, e.g. "bone-marrow MSC"'),
  cargo: z.record(name, z.number().min(0)).describe('potency on each effect channel (dimensionless, 1 = BMSC-exos reference)'),
  basis: z.string().min(1).describe('citation or reasoning behind the potencies'),
  evidence: z.enum(['literature', 'model', 'assumed', 'calibrated']),
  isolation: z
    .enum(['ultracentrifugation', 'density_gradient', 'ultrafiltration', 'peg_precipitation', 'chromatography', 'immunoaffinity', 'kit'])
    .optional(),
  purity: z.number().min(0).max(1).optional().describe('fraction of the dose that is exosomes'),
  depleted: z.boolean().optional().describe('exosome release blocked in the source cells: delivers nothing'),
  flags: z.array(z.string()).optional(),
});

/** A dosing event: product, amount with unit, route and region, schedule. */
export const doseSchema = z
  .strictObject({
    product: z.union([id, productSchema]).describe('a catalogue id or an inline product'),
    amount: z.number().min(0).describe('dose per administration; 0 is a valid sham dose'),
    unit: z.enum(['ug', 'particles']),
    route: z.enum(['margin_injection', 'topical', 'carrier', 'local_injection', 'intra_articular', 'systemic']),
    region: name.optional().describe('target region; default: the defect region'),
    points: z.int().min(1).max(64).optional().describe('injection points (margin_injection)'),
    release_half_life_h: z.number().positive().optional().describe('release half-life from a hydrogel or carrier'),
    at_day: z.number().min(0),
    every_days: z.number().positive().optional(),
    until_day: z.number().min(0).optional(),
  })
  .refine((d) => d.until_day === undefined || d.every_days !== undefined, {
    message: 'until_day needs every_days',
    path: ['until_day'],
  });

/** An inhibitor: a catalogue id or an inline definition that clamps a node, neutralises a field or removes cargo. */
export const inhibitorSchema = z.union([
  id,
  z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('clamp_node'), label: z.string(), node: name, value: z.number().min(0).max(1) }),
    z.strictObject({ kind: z.literal('neutralise_field'), label: z.string(), field: name, fraction: z.number().min(0).max(1) }),
    z.strictObject({ kind: z.literal('remove_cargo'), label: z.string(), cargo: name }),
  ]),
]);

const parameterOverrides = z.record(z.string(), z.number()).describe('parameter values by flattened name');

/** One arm of the experiment: its own host, parameter overrides, doses and inhibitors. */
export const armSchema = z.strictObject({
  description: z.string().optional(),
  host: name.optional(),
  parameters: parameterOverrides.optional(),
  doses: z.array(doseSchema).optional(),
  inhibitors: z.array(inhibitorSchema).optional(),
});

const windowSchema = z
  .union([z.literal('final'), z.strictObject({ from_day: z.number().min(0), to_day: z.number().min(0) })])
  .describe('"final" (the value at the end of the run) or the mean over output times in [from_day, to_day]');

const checkBase = {
  readout: name.describe('the read-out judged'),
  window: windowSchema,
  reference: id.describe('the control arm'),
  treated: id.describe('the arm expected to differ from the control'),
  direction: z.enum(['increase', 'decrease']).describe('expected sign of treated - reference'),
  description: z.string().optional(),
};

/** One pass rule of an experiment, fixed before any tuning. */
export const checkSchema = z.discriminatedUnion('kind', [
  z
    .strictObject({ kind: z.literal('effect'), ...checkBase })
    .describe('passes when the paired difference treated - reference has a 95% CI that excludes 0 in the expected direction'),
  z
    .strictObject({
      kind: z.literal('inhibitor_removes'),
      ...checkBase,
      inhibited: id.describe('the treated arm with the inhibitor'),
      max_fraction: z.number().min(0).max(1).default(0.5).describe("the inhibited arm's gain over the reference may be at most this fraction of the treated arm's"),
    })
    .describe("passes when treated beats inhibited (paired 95% CI excludes 0 in the expected direction) and the inhibited arm keeps at most max_fraction of the treated arm's mean gain over the reference"),
]);

/** A claim of the review as an in-silico experiment: what is judged, how, and with how many seeds. */
export const experimentSchema = z.strictObject({
  claim: z.string().min(1).describe("the review's claim in words"),
  mechanism: z.string().min(1).describe('the model mechanism the experiment exercises'),
  evidence: z.string().min(1).describe('the evidence level of the claim\'s sources (and any retraction)'),
  seeds: z.int().min(2).describe('default number of seeds per arm'),
  reduced: z
    .strictObject({ description: z.string().min(1), set: z.array(z.string()).min(1) })
    .describe('the reduced configuration validate runs by default: --set assignments applied to this file (the file itself is the full configuration)'),
  checks: z.array(checkSchema).min(1),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id,
    title: z.string().min(1),
    description: z.string().optional(),
    model: id.describe('the model this scenario runs (e.g. "demo", "skin")'),
    seed: z.int().min(0).max(0xffffffff),
    domain: z.strictObject({
      width_um: z.number().positive(),
      height_um: z.number().positive(),
      dx_um: z.number().min(1).max(200).describe('grid spacing of the fields'),
      depth_um: z.number().positive().describe('tissue depth represented by the plane (agents are the cells of that column)'),
      mirror: z
        .array(z.enum(['left', 'right']))
        .optional()
        .describe(
          'side edges that are mirror planes (a symmetric section cut along its axis): the mechanics holds them against displacement across; fields (no flux) and cells (held inside) treat every edge alike',
        ),
    }),
    time: z.strictObject({
      days: z.number().positive(),
      dt_min: z.number().min(0.01).max(60),
      output_every_h: z.number().positive(),
    }),
    regions: z.record(name, regionSchema),
    defect_region: name.default('defect'),
    host: name.default('normal'),
    initial: z.strictObject({
      agents: z.array(populationSchema),
      fields: z.array(fieldInitSchema).default([]),
    }),
    parameters: parameterOverrides.default({}),
    products: z.record(id, productSchema).default({}),
    arms: z.record(id, armSchema).refine((a) => Object.keys(a).length > 0, 'at least one arm'),
    readouts: z.array(name).optional().describe("read-outs to record; default: the model's default list"),
    max_agents: z.int().positive().optional().describe('agent capacity; births beyond it are blocked'),
    experiment: experimentSchema.optional().describe('the pass rules that make this scenario a validation experiment (exorepair validate)'),
  })
  .describe('An exorepair scenario: geometry, initial state, arms and read-outs of one in-silico experiment');

export type Scenario = z.output<typeof scenarioSchema>;
export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Region = z.output<typeof regionSchema>;
export type Dose = z.output<typeof doseSchema>;
export type Product = z.output<typeof productSchema>;
export type Inhibitor = z.output<typeof inhibitorSchema>;
export type Arm = z.output<typeof armSchema>;
export type Experiment = z.output<typeof experimentSchema>;
export type Check = z.output<typeof checkSchema>;
