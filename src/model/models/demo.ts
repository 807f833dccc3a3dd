/**
 * The engine demonstration model: beacon cells secrete an attractant; follower cells chemotax up its
 * gradient, consume it, proliferate under contact inhibition and lay a structural trail; wanderers
 * walk randomly, follow the trail by haptotaxis and settle where the attractant is high.
 * It exercises every generic phase (motility, taxis, mechanics, division, death, secretion, uptake,
 * diffusion, structural deposits, state switches) before the tissue biology exists. Its numbers are
 * illustrative ("assumed") except where a source is given.
 */
import { param } from '../parameter.ts';
import type { CellTypeSpec, ModelSpec, ParameterSpec } from '../types.ts';

const DEMO = 'engine demo value, chosen to show the behaviour within two simulated days';

function phenotypeDefaults(over: Partial<Record<'radius' | 'speed' | 'persistence' | 'cycle' | 'death', ParameterSpec>>) {
  return {
    radius: param(8, 'µm', [2, 30], 'projected mechanical radius of a cell in the plane (model.md §1: agents are cells of the tissue column); assumed', 'assumed'),
    speed: param(0.3, 'µm/min', [0, 5], DEMO, 'assumed'),
    persistence: param(15, 'min', [0.1, 1440], DEMO, 'assumed'),
    repulsion: param(4, 'µm/min', [0, 20], 'soft repulsion of the PhysiCell potential (Ghaffarizadeh et al. 2018), scaled for dt of minutes; assumed', 'assumed'),
    adhesion: param(0.1, 'µm/min', [0, 10], DEMO, 'assumed'),
    cycle: param(0, 'h', [0, 1000], DEMO, 'assumed'),
    contactInhibition: param(6, 'neighbours', [0, 20], 'division stops in a packed neighbourhood (about 6 touching cells); assumed', 'assumed'),
    death: param(0, '1/day', [0, 50], DEMO, 'assumed'),
    ...over,
  };
}

const beacon: CellTypeSpec = {
  name: 'beacon',
  label: 'Beacon',
  states: ['active'],
  variables: [],
  color: '#e4572e',
  phenotype: {
    ...phenotypeDefaults({ speed: param(0.02, 'µm/min', [0, 5], DEMO, 'assumed') }),
    secretion: [{ field: 'attractant', rate: param(2e4, 'a.u.·µm³/min per cell', [0, 1e7], DEMO, 'assumed') }],
  },
};

const follower: CellTypeSpec = {
  name: 'follower',
  label: 'Follower',
  states: ['migrating', 'settled'],
  variables: ['sensed'],
  color: '#8ecae6',
  phenotype: {
    ...phenotypeDefaults({
      speed: param(0.5, 'µm/min', [0, 5], 'fibroblast-like speed in 3D matrix, 10-30 µm/h (parameters.md §3, MEM); demo', 'assumed'),
      cycle: param(24, 'h', [0, 1000], 'about one division per day (fibroblast doubling 0.75 d, Jin et al. 2011; parameters.md §5); demo', 'assumed'),
      death: param(0.1, '1/day', [0, 50], 'fibroblast apoptosis 0.12/day (Jin et al. 2011, parameters.md §6); demo', 'assumed'),
    }),
    chemotaxis: [{ field: 'attractant', bias: param(0.8, '1', [-1, 1], DEMO, 'assumed') }],
    secretion: [{ field: 'trail', rate: param(1e3, 'a.u.·µm³/min per cell', [0, 1e7], DEMO, 'assumed') }],
    uptake: [{ field: 'attractant', rate: param(500, 'µm³/min per cell (clearance)', [0, 1e6], DEMO, 'assumed') }],
  },
};

const wanderer: CellTypeSpec = {
  name: 'wanderer',
  label: 'Wanderer',
  states: ['roaming', 'settled'],
  variables: ['sensed'],
  color: '#f3a712',
  phenotype: {
    ...phenotypeDefaults({
      speed: param(1, 'µm/min', [0, 5], 'macrophage-like speed 1-3 µm/min (parameters.md §3, MEM); demo', 'assumed'),
      persistence: param(5, 'min', [0.1, 1440], DEMO, 'assumed'),
      cycle: param(36, 'h', [0, 1000], DEMO, 'assumed'),
      death: param(0.2, '1/day', [0, 50], DEMO, 'assumed'),
    }),
    haptotaxis: [{ field: 'trail', bias: param(0.5, '1', [0, 1], DEMO, 'assumed') }],
  },
};

export const demoModel: ModelSpec = {
  id: 'demo',
  title: 'Engine demo: chemotaxis up a secreted attractant',
  agentVariables: [{ name: 'sensed', kind: 'f32', unit: 'a.u.', doc: 'attractant concentration sensed at the last update' }],
  cellTypes: [beacon, follower, wanderer],
  fields: [
    {
      name: 'attractant',
      label: 'Attractant',
      unit: 'a.u.',
      diffusion: param(5e3, 'µm²/min', [0, 1e6], 'cytokine-like D, TNF-α 6.55e-2 cm²/day = 4.5e3 µm²/min (Hao & Friedman 2016; parameters.md §1)', 'model'),
      decay: param(0.02, '1/min', [0, 10], 'half-life about 35 min, close to VEGF in plasma (Eppler et al. 2002; parameters.md §2); demo', 'assumed'),
      boundary: { kind: 'noflux' },
      initial: 0,
      source: 'secreted by beacons, consumed by followers',
      typicalMax: 1,
    },
    {
      name: 'trail',
      label: 'Trail',
      unit: 'a.u.',
      decay: param(1e-3, '1/min', [0, 10], 'a structural deposit that fades over about half a day; demo', 'assumed'),
      boundary: { kind: 'noflux' },
      initial: 0,
      source: 'laid by followers; wanderers follow it (haptotaxis)',
      typicalMax: 5,
    },
  ],
  parameters: {
    'follower.settle_threshold': param(0.3, 'a.u.', [0, 100], 'followers stop migrating above this attractant level; demo', 'assumed'),
    'settled.speed_scale': param(0.1, '1', [0, 1], 'speed of settled cells relative to migrating ones; demo', 'assumed'),
    'wanderer.settle_threshold': param(0.6, 'a.u.', [0, 100], 'wanderers settle above this attractant level; demo', 'assumed'),
  },
  readouts: [
    { name: 'agent_count', unit: 'cells', definition: 'all agents inside the defect region', reduction: { kind: 'count', agents: { types: ['beacon', 'follower', 'wanderer'] } } },
    { name: 'follower_count', unit: 'cells', definition: 'followers inside the defect region', reduction: { kind: 'count', agents: { types: ['follower'] } } },
    { name: 'follower_total', unit: 'cells', definition: 'followers in the whole domain', reduction: { kind: 'count', agents: { types: ['follower'] }, region: 'domain' } },
    { name: 'wanderer_total', unit: 'cells', definition: 'wanderers in the whole domain', reduction: { kind: 'count', agents: { types: ['wanderer'] }, region: 'domain' } },
    {
      name: 'settled_fraction',
      unit: '1',
      definition: 'settled followers and wanderers over all followers and wanderers, whole domain (0 when there are none)',
      reduction: {
        kind: 'fraction',
        of: { types: ['follower', 'wanderer'], states: ['settled'] },
        among: { types: ['follower', 'wanderer'] },
        region: 'domain',
      },
    },
    { name: 'attractant_mean', unit: 'a.u.', definition: 'mean attractant over the defect region', reduction: { kind: 'fieldMean', field: 'attractant' } },
    { name: 'trail_mean', unit: 'a.u.', definition: 'mean trail over the whole domain', reduction: { kind: 'fieldMean', field: 'trail', region: 'domain' } },
    {
      name: 'sensed_mean',
      unit: 'a.u.',
      definition: 'mean attractant sensed by followers in the whole domain',
      reduction: { kind: 'agentMean', variable: 'sensed', agents: { types: ['follower'] }, region: 'domain' },
    },
    {
      name: 'trail_area_mm2',
      unit: 'mm²',
      definition: 'area of the whole domain where the trail is at least 0.05 a.u.',
      reduction: { kind: 'area', field: 'trail', atLeast: 0.05, region: 'domain' },
    },
    {
      name: 't_half_settled_days',
      unit: 'day',
      definition: 'first time the settled fraction reaches 0.5 (linear interpolation between output times; null if never)',
      reduction: { kind: 'timeTo', of: 'settled_fraction', threshold: 0.5, direction: 'rising' },
    },
  ],
  hosts: {
    normal: { label: 'Normal', description: 'default parameters', overrides: {} },
    sluggish: {
      label: 'Sluggish',
      description: 'slower followers and weaker chemotaxis: shows a host variant as a set of parameter changes',
      overrides: { 'follower.speed': 0.25, 'follower.chemotaxis.attractant': 0.4 },
    },
  },
  defaultReadouts: [
    'agent_count',
    'follower_count',
    'follower_total',
    'wanderer_total',
    'settled_fraction',
    'attractant_mean',
    'trail_mean',
    'sensed_mean',
    'trail_area_mm2',
    't_half_settled_days',
  ],
};
