/**
 * The bone rules on hand-built agents (boneRules.ts): each pathway node's activators and repressors, the
 * MSC fate by mechanical stimulus, oxygen and vessels, Smad1/Runx2 scaling, the endochondral route,
 * osteoclast formation needing RANKL over OPG, an inhibitor clamp, and the matrix bookkeeping.
 *
 * The agent sits in uniform fields (sample and patchMean return the field's value). pathway.tau is 1 min and
 * dt 60 min, so a node reaches its target in one update; random words are chosen per test (WORD_NEVER: no
 * event fires; word(u): uniform01 = u).
 */
import { describe, expect, it } from 'vitest';
import { MODELS } from '../../src/model/models/index.ts';
import { bindBoneRules } from '../../src/model/models/boneRules.ts';
import { chance } from '../../src/model/models/pathwayMath.ts';
import { RuleFate, type AgentView, type BoundRules, type VoxelContext } from '../../src/model/rules.ts';

const bone = MODELS.bone.compiled;
const F = bone.fieldIndex;
const o = bone.layout.offset;
const DT = 60;
const WORD_NEVER = 0xffffffff;
/** A random word whose uniform01 is u (to 2^-24). */
const word = (u: number) => (Math.floor(u * 2 ** 24) << 8) >>> 0;
const value = (name: string) => bone.parameters.get(name)!.value;
const perMin = (name: string) => value(name) / 1440;

interface Setup {
  /** Field values around the agent, by field name. */
  fields?: Record<string, number>;
  /** Agent variables at the start, by name (cargo in fg). */
  vars?: Record<string, number>;
  state?: string;
  potency?: Record<string, number>;
  clamps?: Record<string, number>;
  /** The four random words of stream STATE. */
  words?: [number, number, number, number];
  parameters?: Record<string, number>;
  /** Neutralised share of a field (an inhibitor such as anti-VEGF), by field name. */
  neutralised?: Record<string, number>;
}

interface Agent {
  view: AgentView;
  rules: BoundRules;
  type: () => string;
  state: () => string;
  get: (name: string) => number;
}

function rulesFor(s: Setup): BoundRules {
  const values = new Map([...bone.parameters].map(([name, p]) => [name, p.value]));
  values.set('pathway.tau', 1);
  for (const [name, v] of Object.entries(s.parameters ?? {})) values.set(name, v);
  return bindBoneRules(bone, values, {
    potency: s.potency ?? {},
    clamps: new Map(Object.entries(s.clamps ?? {})),
    availability: new Float64Array(bone.spec.fields.length).map((_, k) => 1 - (s.neutralised?.[bone.spec.fields[k].name] ?? 0)),
    defectCentre: [0, 0],
  });
}

/** An agent of `type` in uniform fields, with bound rules. */
function agent(type: string, s: Setup = {}): Agent {
  const f = new Float32Array(bone.layout.stride);
  const u = new Uint32Array(f.buffer);
  u[o.cellType] = bone.cellTypeIndex[type];
  u[o.cellState] = bone.stateIndex[type][s.state ?? bone.spec.cellTypes[bone.cellTypeIndex[type]].states[0]];
  u[o.id] = 1;
  for (const [name, v] of Object.entries(s.vars ?? {})) f[o[name]] = v;
  const env = new Float64Array(bone.spec.fields.length);
  for (const [name, v] of Object.entries(s.fields ?? {})) env[F[name]] = v;
  const words = Uint32Array.from(s.words ?? [WORD_NEVER, WORD_NEVER, WORD_NEVER, WORD_NEVER]);
  const view: AgentView = { f, u, off: o, sample: (k) => env[k], patchMean: (k) => env[k], random: () => words, dt: DT };
  const typeName = () => bone.spec.cellTypes[u[o.cellType]].name;
  return {
    view,
    rules: rulesFor(s),
    type: typeName,
    state: () => bone.spec.cellTypes[u[o.cellType]].states[u[o.cellState]],
    get: (name) => f[o[name]],
  };
}

/** Updates an agent once; returns it and the fate its rule asked for. */
function updated(type: string, s: Setup = {}): Agent & { fate: number } {
  const a = agent(type, s);
  const fate = a.rules.updateAgent!(a.view, 0, bone.cellTypeIndex[type]) ?? RuleFate.NONE;
  return { ...a, fate };
}

const node = (type: string, name: string, s: Setup = {}) => updated(type, s).get(name);
const or = (...xs: number[]) => 1 - xs.reduce((p, x) => p * (1 - x), 1);
const CARGO = { cargo: 1e9 }; // saturating: C ≈ 1
const OXYGENATED = { oxygen: 40, vessel: 0.1 };

describe('bone pathway nodes', () => {
  it('hif: raised by low oxygen, VEGF-inducing and hypoxia-mimetic cargo', () => {
    expect(node('msc', 'hif', { fields: { oxygen: 0 } })).toBeCloseTo(1, 6);
    const normoxic = node('msc', 'hif', { fields: { oxygen: 1e4 } });
    expect(normoxic).toBeLessThan(1e-4);
    expect(node('msc', 'hif', { fields: { oxygen: 1e4 }, vars: CARGO, potency: { vegf_induction: 1 } })).toBeCloseTo(or(normoxic, value('hif.cargo_gain')), 4);
    expect(node('msc', 'hif', { fields: { oxygen: 1e4 }, vars: CARGO, potency: { pten_down: 1 } })).toBeCloseTo(or(normoxic, value('hif.mimetic_gain')), 4);
  });

  it('akt: basal, AKT and anti-apoptotic cargo, PTEN-lowering cargo; VEGF only in endothelial cells', () => {
    const basal = value('akt.basal');
    expect(node('msc', 'akt')).toBeCloseTo(basal, 6);
    expect(node('msc', 'akt', { vars: CARGO, potency: { akt: 1 } })).toBeCloseTo(or(basal, value('akt.cargo_gain')), 4);
    expect(node('osteoblast', 'akt', { vars: CARGO, potency: { antiapoptotic: 1 } })).toBeCloseTo(or(basal, value('akt.cargo_gain')), 4);
    expect(node('chondrocyte', 'akt', { vars: CARGO, potency: { pten_down: 1 } })).toBeCloseTo(or(basal, value('akt.pten_gain')), 4);
    const vegf = value('endothelial.recruitment.halfSaturation');
    expect(node('msc', 'akt', { fields: { vegf } })).toBeCloseTo(basal, 6);
    expect(node('endothelial', 'akt', { fields: { vegf } })).toBeCloseTo(or(basal, 0.5 * value('akt.vegf_gain')), 5);
  });

  it('erk (endothelial): VEGF and SPRED1-lowering cargo', () => {
    const basal = value('erk.basal');
    expect(node('endothelial', 'erk')).toBeCloseTo(basal, 6);
    expect(node('endothelial', 'erk', { fields: { vegf: value('endothelial.recruitment.halfSaturation') } })).toBeCloseTo(or(basal, 0.5 * value('erk.vegf_gain')), 5);
    expect(node('endothelial', 'erk', { vars: CARGO, potency: { spred1_down: 1 } })).toBeCloseTo(or(basal, value('erk.cargo_gain')), 4);
  });

  it('nfkb (macrophage): raised by cytokine and damage, lowered by IL-10, efferocytosis, nfkb_down and miR-223 cargo', () => {
    expect(node('macrophage', 'nfkb')).toBeCloseTo(value('nfkb.basal'), 6);
    const inflamed = { proinflammatory: 100, damage: 1 };
    const high = node('macrophage', 'nfkb', { fields: inflamed });
    expect(high).toBeCloseTo(or(value('nfkb.basal'), value('nfkb.cytokine_gain') * (100 / (100 + value('nfkb.cytokine_half'))), value('nfkb.damage_gain')), 5);
    expect(node('macrophage', 'nfkb', { fields: { ...inflamed, antiinflammatory: 100 } })).toBeLessThan(high * 0.5);
    expect(node('macrophage', 'nfkb', { fields: { ...inflamed, apoptotic: 100 } })).toBeLessThan(high * 0.5);
    expect(node('macrophage', 'nfkb', { fields: inflamed, vars: CARGO, potency: { nfkb_down: 1 } })).toBeCloseTo(high * (1 - value('nfkb.cargo_gain')), 4);
    expect(node('macrophage', 'nfkb', { fields: inflamed, vars: CARGO, potency: { mir223: 1 } })).toBeCloseTo(high * (1 - value('nfkb.mir223_gain')), 4);
  });

  it('itgb1 (macrophage): raised by RANKL, lowered by OPG, raised by MALAT1 cargo', () => {
    const basal = value('itgb1.basal');
    const K = value('itgb1.rankl_half');
    expect(node('macrophage', 'itgb1')).toBeCloseTo(basal, 6);
    const rankl = node('macrophage', 'itgb1', { fields: { rankl: K } });
    expect(rankl).toBeCloseTo(or(basal, 0.5 * value('itgb1.rankl_gain')), 5);
    expect(node('macrophage', 'itgb1', { fields: { rankl: K, opg: 10 } })).toBeLessThan(basal + 0.5 * (rankl - basal));
    expect(node('macrophage', 'itgb1', { vars: CARGO, potency: { malat1: 1 } })).toBeCloseTo(or(basal, value('itgb1.malat1_gain')), 4);
  });

  it('smad (msc, osteoblast): raised by BMP-2, lowered by inflammation; osteogenic cargo acts through BMP-2 expression', () => {
    const basal = value('smad.basal');
    const K = value('smad.bmp_half');
    expect(node('msc', 'smad')).toBeCloseTo(basal, 6);
    const bmp = or(basal, 0.5 * value('smad.bmp_gain'));
    expect(node('osteoblast', 'smad', { fields: { bmp2: K } })).toBeCloseTo(bmp, 5);
    expect(node('msc', 'smad', { fields: { bmp2: K, proinflammatory: value('inflammation.half') } })).toBeCloseTo(bmp * (1 - 0.5 * value('smad.inflammation_gain')), 5);
    // Osteogenic cargo does not raise smad without BMP-2, it raises the cell's BMP-2 secretion.
    const treated = agent('msc', { vars: CARGO, potency: { osteogenic: 1 } });
    treated.rules.updateAgent!(treated.view, 0, bone.cellTypeIndex.msc);
    expect(treated.get('smad')).toBeCloseTo(basal, 6);
    expect(treated.rules.secretionScale!(treated.view, 0, bone.cellTypeIndex.msc, F.bmp2)).toBeCloseTo(1 + value('bmp2.cargo_gain'), 4);
    const untreated = agent('msc');
    expect(untreated.rules.secretionScale!(untreated.view, 0, bone.cellTypeIndex.msc, F.bmp2)).toBe(1);
  });

  it('sox9 (msc, chondrocyte): raised by TGF-β and chondrogenic cargo, lowered by inflammation', () => {
    const basal = value('sox9.basal');
    expect(node('chondrocyte', 'sox9')).toBeCloseTo(basal, 6);
    const tgf = or(basal, 0.5 * value('sox9.tgf_gain'));
    expect(node('msc', 'sox9', { fields: { antiinflammatory: value('sox9.tgf_half') } })).toBeCloseTo(tgf, 5);
    expect(node('chondrocyte', 'sox9', { vars: CARGO, potency: { chondrogenic: 1 } })).toBeCloseTo(or(basal, value('sox9.cargo_gain')), 4);
    expect(node('msc', 'sox9', { fields: { antiinflammatory: value('sox9.tgf_half'), proinflammatory: value('inflammation.half') } })).toBeCloseTo(
      tgf * (1 - 0.5 * value('sox9.inflammation_gain')),
      5,
    );
  });

  it('an inhibitor clamp holds its node whatever drives it (PI3K inhibitor: akt = 0)', () => {
    const clamp = bone.spec.inhibitors!.pi3k_inhibitor;
    expect(clamp).toMatchObject({ kind: 'clamp_node', node: 'akt', value: 0 });
    expect(node('msc', 'akt', { vars: { ...CARGO, akt: 0.7 }, potency: { akt: 1, pten_down: 1 } })).toBeGreaterThan(0.9);
    expect(node('msc', 'akt', { vars: { ...CARGO, akt: 0.7 }, potency: { akt: 1, pten_down: 1 }, clamps: { akt: 0 } })).toBe(0);
    expect(node('osteoblast', 'smad', { fields: { bmp2: 100 }, clamps: { smad: 0.25 } })).toBe(0.25);
  });
});

describe('MSC fate (docs/bone-model.md §6)', () => {
  const a = value('mechano.a');
  const fire: Setup['words'] = [0, WORD_NEVER, WORD_NEVER, WORD_NEVER];
  /** Saturating injury signal (activation C/(C + K) ≈ 1) and VEGF (the osteoblast fate's gate V/(V + K) ≈ 1). */
  const ACTIVATED = { chemoattractant: 1e9, vegf: 1e9 };
  const fate = (fields: Record<string, number>, s: Setup = {}) => updated('msc', { words: fire, ...s, fields: { ...ACTIVATED, ...fields } }).type();

  it('commits only where the injury signal activates it: hazard × C/(C + K)', () => {
    const K = value('msc.activation_half');
    const rate = perMin('msc.differentiation');
    const full = chance(rate, DT);
    const half: Setup['words'] = [word((chance(rate * 0.5, DT) + full) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const loaded = { ...OXYGENATED, strain: 0.5 * a };
    expect(fate({ ...loaded, chemoattractant: 0 })).toBe('msc');
    expect(fate(loaded, { words: half, clamps: { smad: 1 } })).toBe('osteoblast');
    expect(fate({ ...loaded, chemoattractant: K }, { words: half, clamps: { smad: 1 } })).toBe('msc');
  });

  it('follows the stimulus S = strain / a: fibroblast above 3, chondrocyte between 1 and 3, osteoblast below 1', () => {
    expect(fate({ ...OXYGENATED, strain: 4 * a })).toBe('fibroblast');
    expect(fate({ ...OXYGENATED, strain: 2 * a })).toBe('chondrocyte');
    expect(fate({ ...OXYGENATED, strain: 0.5 * a })).toBe('osteoblast');
  });

  it('takes the chondrocyte fate at low strain when hypoxic or avascular', () => {
    expect(fate({ oxygen: 0.5 * value('msc.o2_bone'), vessel: 0.1, strain: 0.5 * a })).toBe('chondrocyte');
    expect(fate({ oxygen: 40, vessel: 0.5 * value('msc.vessel_bone'), strain: 0.5 * a })).toBe('chondrocyte');
  });

  it('does not change type when the draw misses, and restarts state and cycle when it does', () => {
    expect(updated('msc', { fields: { ...ACTIVATED, ...OXYGENATED, strain: 0.5 * a } }).type()).toBe('msc');
    const changed = updated('msc', { words: fire, fields: { ...ACTIVATED, ...OXYGENATED, strain: 2 * a }, vars: { cycle: 0.7 } });
    expect([changed.type(), changed.state(), changed.get('cycle'), changed.fate]).toEqual(['chondrocyte', 'proliferative', 0, RuleFate.NONE]);
  });

  it('scales the osteoblast fate by Smad1/Runx2 (floor + (1 - floor)·smad) and slows it under disuse', () => {
    const floor = value('msc.fate_floor');
    const rate = perMin('msc.differentiation');
    const lo = chance(rate * floor, DT);
    const hi = chance(rate, DT);
    const between: Setup['words'] = [word((lo + hi) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const loaded = { ...OXYGENATED, strain: 0.5 * a };
    expect(fate(loaded, { words: between, clamps: { smad: 1 } })).toBe('osteoblast');
    expect(fate(loaded, { words: between, clamps: { smad: 0 } })).toBe('msc');
    const disuse = chance(rate * value('mechano.disuse_factor'), DT);
    const betweenDisuse: Setup['words'] = [word((disuse + hi) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    expect(fate(loaded, { words: betweenDisuse, clamps: { smad: 1 } })).toBe('osteoblast');
    expect(fate({ ...OXYGENATED, strain: 0.1 * value('mechano.disuse_below') * a }, { words: betweenDisuse, clamps: { smad: 1 } })).toBe('msc');
  });

  it('gates the Smad1/Runx2 drive of the osteoblast fate by VEGF: floor + (1 - floor)·smad·V/(V + K)', () => {
    const floor = value('msc.fate_floor');
    const K = value('osteogenesis.vegf_half');
    const rate = perMin('msc.differentiation');
    const halfGate = chance(rate * (floor + (1 - floor) * 0.5), DT);
    const between: Setup['words'] = [word((halfGate + chance(rate, DT)) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const loaded = { ...OXYGENATED, strain: 0.5 * a };
    expect(fate(loaded, { words: between, clamps: { smad: 1 } })).toBe('osteoblast');
    expect(fate({ ...loaded, vegf: K }, { words: between, clamps: { smad: 1 } })).toBe('msc');
    // without VEGF only the floor is left: a draw just above it misses, one just below it commits
    const floorChance = chance(rate * floor, DT);
    const justBelow: Setup['words'] = [word(floorChance * 0.99), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const justAbove: Setup['words'] = [word(floorChance * 1.01), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    expect(fate({ ...loaded, vegf: 0 }, { words: justBelow, clamps: { smad: 1 } })).toBe('osteoblast');
    expect(fate({ ...loaded, vegf: 0 }, { words: justAbove, clamps: { smad: 1 } })).toBe('msc');
  });

  it('scales the chondrocyte fate by Sox9', () => {
    const floor = value('msc.fate_floor');
    const rate = perMin('msc.differentiation') * value('msc.chondro_factor');
    const between: Setup['words'] = [word((chance(rate * floor, DT) + chance(rate, DT)) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const avascular = { oxygen: 40, vessel: 0, strain: 0 };
    expect(fate(avascular, { words: between, clamps: { sox9: 1, smad: 1 } })).toBe('chondrocyte');
    expect(fate(avascular, { words: between, clamps: { sox9: 0, smad: 1 } })).toBe('msc');
  });

  it('scales the chondrocyte fate by Smad1/Runx2 as well (floor + (1 - floor)·smad): BMP-2 starts cartilage too', () => {
    const floor = value('msc.chondro_bmp_floor');
    expect(floor).toBeLessThan(1);
    const rate = perMin('msc.differentiation') * value('msc.chondro_factor');
    const between: Setup['words'] = [word((chance(rate * floor, DT) + chance(rate, DT)) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    const avascular = { oxygen: 40, vessel: 0, strain: 0 };
    expect(fate(avascular, { words: between, clamps: { sox9: 1, smad: 1 } })).toBe('chondrocyte');
    expect(fate(avascular, { words: between, clamps: { sox9: 1, smad: 0 } })).toBe('msc');
    expect(fate(avascular, { words: between, clamps: { sox9: 1, smad: 0 }, parameters: { 'msc.chondro_bmp_floor': 1 } })).toBe('chondrocyte');
  });

  it('drifts to the fibroblast fate without Smad1/Runx2 (hazard × drift × K²/(K² + smad²)), unless its fate comes first or strain is fibrous', () => {
    const K = value('msc.drift_smad_half');
    const drift = perMin('msc.differentiation') * value('msc.fibrous_drift');
    const hiSmad = 0.5;
    const u = (chance((drift * K * K) / (K * K + hiSmad * hiSmad), DT) + chance(drift, DT)) / 2;
    const driftOnly: Setup['words'] = [WORD_NEVER, word(u), WORD_NEVER, WORD_NEVER];
    const loaded = { ...OXYGENATED, strain: 0.5 * a };
    expect(fate(loaded, { words: driftOnly, clamps: { smad: 0 } })).toBe('fibroblast');
    expect(fate(loaded, { words: driftOnly, clamps: { smad: hiSmad } })).toBe('msc');
    expect(fate({ ...loaded, chemoattractant: 0 }, { words: driftOnly, clamps: { smad: 0 } })).toBe('msc'); // needs the injury's activation
    expect(fate(loaded, { words: driftOnly, clamps: { smad: 0 }, parameters: { 'msc.fibrous_drift': 0 } })).toBe('msc');
    expect(fate(loaded, { words: [0, word(u), WORD_NEVER, WORD_NEVER], clamps: { smad: 0 } })).toBe('osteoblast'); // the fate's draw first
  });

  it('activated progenitors express BMP-2 × (1 + injury_gain·A); osteoblasts do not', () => {
    const gain = value('bmp2.injury_gain');
    expect(gain).toBeGreaterThan(0);
    const scale = (type: string, fields: Record<string, number>) => {
      const x = agent(type, { fields });
      return x.rules.secretionScale!(x.view, 0, bone.cellTypeIndex[type], F.bmp2);
    };
    expect(scale('msc', ACTIVATED)).toBeCloseTo(1 + gain, 4);
    expect(scale('msc', { chemoattractant: value('msc.activation_half') })).toBeCloseTo(1 + 0.5 * gain, 5);
    expect(scale('msc', {})).toBe(1);
    expect(scale('osteoblast', ACTIVATED)).toBe(1);
  });
});

describe('endochondral route, bone formation and resorption', () => {
  const fire: Setup['words'] = [0, 0, 0, 0];

  it('a chondrocyte hypertrophies once surrounded by cartilage, later with high Sox9', () => {
    expect(updated('chondrocyte', { words: fire, fields: { cartilage: 0 } }).state()).toBe('proliferative');
    expect(updated('chondrocyte', { words: fire, fields: { cartilage: 0.8 } }).state()).toBe('hypertrophic');
    const rate = perMin('chondrocyte.hypertrophy');
    const held = chance(rate * (1 - value('chondrocyte.sox9_hold')), DT);
    const between: Setup['words'] = [word((held + chance(rate, DT)) / 2), WORD_NEVER, WORD_NEVER, WORD_NEVER];
    expect(updated('chondrocyte', { words: between, fields: { cartilage: 1 }, clamps: { sox9: 0 } }).state()).toBe('hypertrophic');
    expect(updated('chondrocyte', { words: between, fields: { cartilage: 1 }, clamps: { sox9: 1 } }).state()).toBe('proliferative');
  });

  it('hypertrophic chondrocytes die or become osteoblasts when vessels invade, secrete VEGF and RANKL, calcify their matrix, and stop laying cartilage', () => {
    const invaded = value('endochondral.vessel');
    const share = 0.5;
    const invade = (choice: number) =>
      updated('chondrocyte', {
        state: 'hypertrophic',
        words: [word(choice), 0, 0, 0],
        fields: { vessel: invaded },
        vars: { lineage_age: 5000 },
        parameters: { 'chondrocyte.osteoblast_share': share },
      });
    expect(updated('chondrocyte', { state: 'hypertrophic', words: fire, fields: { vessel: 0.5 * invaded } }).fate).toBe(RuleFate.NONE);
    expect(invade(share + 0.01).fate).toBe(RuleFate.DIE);
    const converted = invade(share - 0.01);
    expect([converted.fate, converted.type(), converted.state(), converted.get('lineage_age')]).toEqual([RuleFate.NONE, 'osteoblast', 'active', 0]);
    const h = agent('chondrocyte', { state: 'hypertrophic' });
    const p = agent('chondrocyte', { vars: { hif: 0 } });
    const scale = (x: Agent, field: number) => x.rules.secretionScale!(x.view, 0, bone.cellTypeIndex.chondrocyte, field);
    expect([scale(h, F.vegf), scale(h, F.rankl), scale(h, F.calcified), scale(h, F.cartilage)]).toEqual([1, 1, 1, 0]);
    expect([scale(p, F.vegf), scale(p, F.rankl), scale(p, F.calcified)]).toEqual([0, 0, 0]);
    expect(scale(p, F.cartilage)).toBeGreaterThan(0);
  });

  it('osteoblasts lay woven bone into free room, lamellar bone where bone stands at low strain, scaled by smad', () => {
    const OB = bone.cellTypeIndex.osteoblast;
    /** Deposition scale; VEGF saturates the gate on smad unless `fields` sets it. */
    const deposit = (fields: Record<string, number>, smad: number, field: number) => {
      const x = agent('osteoblast', { fields: { vegf: 1e9, ...fields }, vars: { smad } });
      return x.rules.secretionScale!(x.view, 0, OB, field);
    };
    const a = value('mechano.a');
    const floor = value('osteoblast.activity_floor');
    const fresh = { strain: 0.5 * a, fibrous: 0.25 };
    expect(deposit(fresh, 1, F.woven_bone)).toBeCloseTo(0.75, 6);
    expect(deposit(fresh, 0, F.woven_bone)).toBeCloseTo(0.75 * floor, 6);
    // Smad1/Runx2's share is gated by VEGF: × V/(V + osteogenesis.vegf_half)
    const K = value('osteogenesis.vegf_half');
    expect(deposit({ ...fresh, vegf: K }, 1, F.woven_bone)).toBeCloseTo(0.75 * (floor + (1 - floor) * 0.5), 6);
    expect(deposit({ ...fresh, vegf: 0 }, 1, F.woven_bone)).toBeCloseTo(0.75 * floor, 6);
    expect(deposit(fresh, 1, F.lamellar_bone)).toBe(0);
    const framework = { strain: 0.5 * a, woven_bone: 0.6 };
    expect(deposit(framework, 1, F.woven_bone)).toBe(0);
    expect(deposit(framework, 1, F.lamellar_bone)).toBeCloseTo(0.4, 6);
    expect(deposit({ ...framework, strain: 2 * a }, 1, F.lamellar_bone)).toBe(0);
    expect(deposit({ strain: 0.5 * a, lamellar_bone: 1 }, 1, F.woven_bone)).toBe(0);
    // a site of woven and lamellar bone together (resorbed woven, say) is refilled as lamellar bone
    const mixed = { strain: 0.5 * a, woven_bone: 0.3, lamellar_bone: 0.2 };
    expect(deposit(mixed, 1, F.woven_bone)).toBe(0);
    expect(deposit(mixed, 1, F.lamellar_bone)).toBeCloseTo(0.5, 6);
    expect(deposit({ ...mixed, lamellar_bone: 0.1 }, 1, F.woven_bone)).toBeCloseTo(0.6, 6);
    // the sum as f32 (the WGSL twin's): 0.5 - 2^-26 is a tie between 0.5 - 2^-25 and 0.5, rounded to even 0.5
    const tie = { strain: 0.5 * a, woven_bone: 0.25, lamellar_bone: 0.25 - 2 ** -26 };
    expect(deposit(tie, 1, F.lamellar_bone)).toBeGreaterThan(0);
  });

  it('osteoblasts embed as osteocytes (leave) only where there is bone', () => {
    expect(updated('osteoblast', { words: [WORD_NEVER, 0, WORD_NEVER, WORD_NEVER], fields: { woven_bone: 0 } }).fate).toBe(RuleFate.NONE);
    expect(updated('osteoblast', { words: [WORD_NEVER, 0, WORD_NEVER, WORD_NEVER], fields: { woven_bone: 0.8 } }).fate).toBe(RuleFate.LEAVE);
  });

  it('a macrophage becomes an osteoclast only under RANKL, less so against OPG', () => {
    const form: Setup['words'] = [WORD_NEVER, WORD_NEVER, 0, WORD_NEVER];
    const none = updated('macrophage', { words: form, fields: {} });
    expect([none.type(), none.fate]).toEqual(['macrophage', RuleFate.NONE]);
    const rankl = updated('macrophage', { words: form, fields: { rankl: 2 } });
    expect([rankl.type(), rankl.state(), rankl.fate]).toEqual(['osteoclast', 'active', RuleFate.NONE]);
    // Against OPG the hazard falls: a draw between the two hazards forms an osteoclast only without OPG.
    const hazard = (opg: number) => {
      const rho = 2 / (2 + value('itgb1.rankl_half') + value('itgb1.opg_weight') * opg);
      return chance(perMin('osteoclast.formation') * or(value('itgb1.basal'), value('itgb1.rankl_gain') * rho) * rho, DT);
    };
    const between: Setup['words'] = [WORD_NEVER, WORD_NEVER, word((hazard(0) + hazard(20)) / 2), WORD_NEVER];
    expect(updated('macrophage', { words: between, fields: { rankl: 2 } }).type()).toBe('osteoclast');
    expect(updated('macrophage', { words: between, fields: { rankl: 2, opg: 20 } }).type()).toBe('macrophage');
    // MALAT1 cargo raises ITGB1, not RANKL: without RANKL still no osteoclast.
    expect(updated('macrophage', { words: form, vars: CARGO, potency: { malat1: 1 } }).type()).toBe('macrophage');
  });
});

describe('proliferation (growth scale)', () => {
  const growth = (type: string, fields: Record<string, number>) => {
    const x = agent(type, { fields, vars: { akt: 0 } });
    return x.rules.growthScale!(x.view, 0, bone.cellTypeIndex[type]);
  };
  const o2 = (level: number) => level / (level + value('growth.hypoxia_half'));
  const K = value('msc.activation_half');

  it('msc and fibroblasts divide only where the injury signal activates them and the matrix leaves room', () => {
    for (const type of ['msc', 'fibroblast']) {
      expect(growth(type, { oxygen: 40, chemoattractant: 0 })).toBe(0);
      expect(growth(type, { oxygen: 40, chemoattractant: K })).toBeCloseTo(0.5 * o2(40), 12);
      expect(growth(type, { oxygen: 40, chemoattractant: K, woven_bone: 0.6, fibrous: 0.2 })).toBeCloseTo(0.5 * 0.2 * o2(40), 6);
      expect(growth(type, { oxygen: 40, chemoattractant: K, lamellar_bone: 1 })).toBe(0);
    }
  });

  it('osteoblasts and proliferative chondrocytes need free room; hypertrophic chondrocytes do not divide', () => {
    expect(growth('osteoblast', { oxygen: 40, cartilage: 0.5 })).toBeCloseTo(0.5 * o2(40), 6);
    expect(growth('chondrocyte', { cartilage: 0.75 })).toBeCloseTo(0.25, 6);
    const h = agent('chondrocyte', { state: 'hypertrophic' });
    expect(h.rules.growthScale!(h.view, 0, bone.cellTypeIndex.chondrocyte)).toBe(0);
  });

  it('osteoblasts divide only within their proliferative window, whose clock each update advances by dt', () => {
    const window = value('osteoblast.proliferative_window') * 1440;
    const aged = (lineage_age: number) => {
      const x = agent('osteoblast', { fields: { oxygen: 40 }, vars: { akt: 0, lineage_age } });
      return x.rules.growthScale!(x.view, 0, bone.cellTypeIndex.osteoblast);
    };
    expect(aged(window - DT)).toBeCloseTo(o2(40), 6);
    expect(aged(window)).toBe(0);
    expect(updated('osteoblast', { vars: { lineage_age: 100 } }).get('lineage_age')).toBe(100 + DT);
  });
});

describe('matrix bookkeeping (voxel rule)', () => {
  /** A VoxelContext over `cells` voxels with the given matrix fractions and agent deposits (per minute). */
  function voxels(matrix: Record<string, number[]>, deposits: Record<string, number[]>) {
    const cells = matrix.cartilage.length;
    const fields = new Float32Array(bone.spec.fields.length * cells);
    for (const [name, values] of Object.entries(matrix)) values.forEach((v, k) => (fields[F[name] * cells + k] = v));
    const sources = new Map<number, Float32Array>();
    const uptakes = new Map<number, Float32Array>();
    for (const [name, values] of Object.entries(deposits)) sources.set(F[name], Float32Array.from(values));
    const get = (map: Map<number, Float32Array>, k: number) => map.get(k) ?? map.set(k, new Float32Array(cells)).get(k)!;
    const vx: VoxelContext = { fields, cells, dt: DT, nx: cells, dx: 20, source: (k) => get(sources, k), uptake: (k) => get(uptakes, k) };
    return { vx, source: (name: string) => get(sources, F[name]), uptake: (name: string) => get(uptakes, F[name]) };
  }

  it('scales deposits to the free room and takes an excess back in proportion', () => {
    const { vx, source, uptake } = voxels(
      { cartilage: [0.5, 0.2, 0.6], woven_bone: [0.4, 0, 0.6], lamellar_bone: [0, 0, 0], fibrous: [0, 0, 0] },
      { cartilage: [2 / DT, 0.1 / DT, 1 / DT], woven_bone: [3 / DT, 0.1 / DT, 0] },
    );
    rulesFor({}).voxelExchange!(vx);
    // voxel 0: 0.9 filled, 5 offered: 0.1 of room shared 2:3
    expect(source('cartilage')[0] * DT).toBeCloseTo(0.04, 6);
    expect(source('woven_bone')[0] * DT).toBeCloseTo(0.06, 6);
    // voxel 1: room enough, deposits untouched
    expect(source('cartilage')[1] * DT).toBeCloseTo(0.1, 6);
    expect(source('woven_bone')[1] * DT).toBeCloseTo(0.1, 6);
    // voxel 2: 1.2 filled: no deposit, each fraction decays by ln(1.2)/dt more
    expect(source('cartilage')[2]).toBe(0);
    const extra = Math.log(1.2) / DT;
    expect(uptake('woven_bone')[2]).toBeCloseTo(extra, 6);
    expect(uptake('fibrous')[2]).toBeCloseTo(extra, 6);
    expect(uptake('cartilage')[2] - uptake('cartilage')[0]).toBeCloseTo(extra, 6);
  });

  it('vessels resorb cartilage up to full rate at the invasion density (in a callus: calcified or not)', () => {
    const { vx, uptake } = voxels({ cartilage: [1, 1, 1], calcified: [0, 1, 0.5], woven_bone: [0, 0, 0], lamellar_bone: [0, 0, 0], fibrous: [0, 0, 0] }, {});
    const invaded = value('endochondral.vessel');
    [0, 0.5 * invaded, 2 * invaded].forEach((v, k) => (vx.fields[F.vessel * 3 + k] = v));
    rulesFor({}).voxelExchange!(vx);
    const full = value('cartilage.vascular_resorption');
    expect(Array.from(uptake('cartilage')).map((x) => x / full)).toEqual([0, expect.closeTo(0.5, 6), expect.closeTo(1, 6)]);
  });

  it('cartilage binds exosomes: a loss exosomes.cartilage_binding × the cartilage fraction', () => {
    const { vx, uptake } = voxels({ cartilage: [0, 0.5, 1], woven_bone: [0, 0, 0], lamellar_bone: [0, 0, 0], fibrous: [0, 0, 0] }, {});
    rulesFor({ parameters: { 'exosomes.cartilage_binding': 0.02 } }).voxelExchange!(vx);
    expect(Array.from(uptake('exosomes'))).toEqual([0, expect.closeTo(0.01, 8), expect.closeTo(0.02, 8)]);
  });

  it('immature vessels (the sprouts\' deposits) mature, or regress without VEGF taking their area out of vessel; mature ones stay', () => {
    const { vessel, immature } = { vessel: [0.1, 0.1, 0.1, 0.1], immature: [0, 0.05, 0.05, 0.2] };
    const vegf = [0, 0, 1e9, 0]; // voxel 2: saturating VEGF; voxel 3: more immature than vessel counts as all of it
    const run = (s: Setup) => {
      const { vx, source, uptake } = voxels({ cartilage: [0, 0, 0, 0], woven_bone: [0, 0, 0, 0], lamellar_bone: [0, 0, 0, 0], fibrous: [0, 0, 0, 0], vessel, immature_vessel: immature, vegf }, { vessel: [1e-4, 0, 0, 0] });
      rulesFor(s).voxelExchange!(vx);
      return { source, uptake };
    };
    const { source, uptake } = run({});
    const [mature, regress] = [perMin('vessel.maturation'), perMin('vessel.immature_regression')];
    expect(source('immature_vessel')[0], 'deposits are immature').toBeCloseTo(1e-4, 10);
    expect(Array.from(uptake('immature_vessel'))).toEqual([mature + regress, mature + regress, mature, mature + regress].map((x) => expect.closeTo(x, 10)));
    // vessel loses regress × u (u = min(immature, vessel)) as the uptake regress × u / vessel
    expect(Array.from(uptake('vessel'))).toEqual([0, regress * 0.5, 0, regress].map((x) => expect.closeTo(x, 10)));
    // anti-VEGF: the VEGF survival signal is the sensed share, so saturating VEGF no longer protects
    const vegfHalf = value('endothelial.recruitment.halfSaturation');
    const sensed = { neutralised: { vegf: 0.9 } };
    vegf[2] = 9 * vegfHalf; // sensed: 0.9 K, so regression × K/(K + 0.9 K)
    expect(run({}).uptake('immature_vessel')[2] - mature).toBeCloseTo(regress / 10, 10);
    expect(run(sensed).uptake('immature_vessel')[2] - mature).toBeCloseTo(regress / 1.9, 10);
  });

  it('in a joint uncalcified cartilage resists invading vessels: resorption × (1 - R·(1 - calcified share))', () => {
    const resorbed = (resistance: number) => {
      const { vx, uptake } = voxels({ cartilage: [1, 1, 1], calcified: [0, 0.25, 1], woven_bone: [0, 0, 0], lamellar_bone: [0, 0, 0], fibrous: [0, 0, 0] }, {});
      for (let k = 0; k < 3; k++) vx.fields[F.vessel * 3 + k] = 2 * value('endochondral.vessel');
      rulesFor({ parameters: { 'cartilage.uncalcified_resistance': resistance } }).voxelExchange!(vx);
      return Array.from(uptake('cartilage')).map((x) => x / value('cartilage.vascular_resorption'));
    };
    expect(resorbed(1)).toEqual([0, expect.closeTo(0.25, 6), expect.closeTo(1, 6)]);
    expect(resorbed(0.5)).toEqual([expect.closeTo(0.5, 6), expect.closeTo(0.625, 6), expect.closeTo(1, 6)]);
  });
});
