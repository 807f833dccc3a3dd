/**
 * The bone model's spec: it compiles and is registered, every parameter has a source and an evidence label
 * (also through `exorepair params --model bone`), the names other parts rely on exist, and it has WGSL rules
 * for the GPU backend (compiled and compared with the CPU in tests/conformance/boneRules.conformance.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.ts';
import { boneModel } from '../../src/model/models/bone.ts';
import { MODELS } from '../../src/model/models/index.ts';
import { f32QuotientAbove, f32QuotientBelow } from '../../src/model/models/boneRulesGpu.ts';
import { buildPhenotypeTables } from '../../src/sim/phenotypeTables.ts';
import { exchangeScales } from '../../src/sim/fixedPoint.ts';
import { GpuRun } from '../../src/sim/gpu/gpuRun.ts';
import { exorepair } from '../cli/exorepair.ts';
import { loadScenario, makeRun } from '../sim/helpers.ts';

const EVIDENCE = ['literature', 'model', 'assumed', 'calibrated'];

describe('bone model spec', () => {
  it('compiles and is registered as "bone"', () => {
    const c = compileModel(boneModel);
    expect(MODELS.bone.compiled.spec).toBe(boneModel);
    expect(Object.keys(c.cellTypeIndex)).toEqual(['neutrophil', 'macrophage', 'msc', 'chondrocyte', 'osteoblast', 'osteoclast', 'fibroblast', 'endothelial']);
    expect(c.stateIndex.chondrocyte).toEqual({ proliferative: 0, hypertrophic: 1 });
    expect(c.stateIndex.macrophage).toEqual({ M1: 0, M2: 1 });
    expect(c.stateIndex.endothelial).toEqual({ tip: 0, stalk: 1 });
  });

  it('declares the fields, nodes, hosts and inhibitors of docs/bone-model.md §4-5', () => {
    const c = MODELS.bone.compiled;
    const diffusing = ['oxygen', 'vegf', 'bmp2', 'rankl', 'opg', 'proinflammatory', 'antiinflammatory', 'chemoattractant', 'exosomes'];
    const structural = ['fibrin', 'damage', 'cartilage', 'woven_bone', 'lamellar_bone', 'fibrous', 'calcified', 'vessel', 'immature_vessel', 'venules', 'carrier', 'apoptotic', 'msc_niche', 'strain', 'axial_strain'];
    for (const name of diffusing) expect(boneModel.fields.find((f) => f.name === name)?.diffusion, name).toBeDefined();
    for (const name of structural) {
      const field = boneModel.fields.find((f) => f.name === name);
      expect(field, name).toBeDefined();
      expect(field!.diffusion, name).toBeUndefined();
    }
    for (const node of ['smad', 'akt', 'erk', 'hif', 'nfkb', 'itgb1', 'sox9', 'cargo']) expect(c.layout.offset[node], node).toBeGreaterThan(0);
    expect(Object.keys(boneModel.hosts)).toEqual(expect.arrayContaining(['normal', 'persistent_inflammation']));
    expect(boneModel.inhibitors).toMatchObject({
      bmp2_inhibitor: { kind: 'neutralise_field', field: 'bmp2', fraction: 0.9 },
      anti_vegf: { kind: 'neutralise_field', field: 'vegf', fraction: 0.9 },
      pi3k_inhibitor: { kind: 'clamp_node', node: 'akt', value: 0 },
    });
  });

  it('declares the mechanics of docs/bone-model.md §8: strains into strain and axial_strain, moduli of the matrix fractions', () => {
    const m = boneModel.mechanics!;
    expect([m.shearStrainField, m.axialStrainField]).toEqual(['strain', 'axial_strain']);
    expect(Object.fromEntries(m.tissues.map((t) => [t.field, t.modulus.value]))).toEqual({ cartilage: 10, woven_bone: 1000, lamellar_bone: 17000, fibrous: 2 });
    expect([m.softModulus.value, m.poissonRatio.value, m.updateInterval.value]).toEqual([1, 0.3, 24]);
    // load and fixator of the slab keep the whole bone's ratio: 4 N on 100 N/mm
    expect(m.load.value / m.fixatorStiffness.value).toBeCloseTo(0.04, 12);
    expect(MODELS.bone.compiled.parameters.get('mechanics.modulus.lamellar_bone')?.value).toBe(17000);
  });

  it('has the read-outs of issue 7 by their exact names', () => {
    const names = [
      'bone_fraction_gap',
      'cartilage_fraction_gap',
      'fibrous_fraction_gap',
      'bridged',
      'osteoclast_count',
      'vessel_density_pct',
      'smad_runx2_mean',
      'm1_count',
      'm2_count',
      'm2_fraction',
      'interfragmentary_strain_pct',
      't_bridge_days',
    ];
    for (const name of names) expect(MODELS.bone.compiled.readoutByName.has(name), name).toBe(true);
    expect(MODELS.bone.compiled.readoutByName.get('bridged')!.reduction).toMatchObject({ kind: 'bridged', from: { region: 'proximal' }, to: { region: 'distal' }, atLeast: 0.5 });
  });

  it('gives every parameter a unit, a source and an evidence label; shared ones cite the skin model', () => {
    const c = MODELS.bone.compiled;
    for (const p of c.parameters.values()) {
      expect(p.source.trim().length, p.name).toBeGreaterThan(10);
      expect(p.unit.length, p.name).toBeGreaterThan(0);
      expect(EVIDENCE, p.name).toContain(p.evidence);
    }
    const shared = c.parameters.get('macrophage.switch_rate')!;
    expect(shared.source).toMatch(/^as the skin model's macrophage.switch_rate/);
    expect(shared.value).toBe(MODELS.skin.compiled.parameters.get('macrophage.switch_rate')!.value);
  });

  it('`exorepair params --model bone` lists every parameter with its source and evidence', () => {
    const r = exorepair('params', '--model', 'bone');
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toBe('model,name,value,unit,min,max,evidence,source');
    const listed = new Set(lines.slice(1).map((l) => l.split(',')[1]));
    const names = [...MODELS.bone.compiled.parameters.keys()];
    expect(listed).toEqual(new Set(names));
    expect(lines.some((l) => /^bone,mechano\.a,0\.0375,1,0\.0001,1,model,/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('bone,msc.differentiation,1.5,1/day,0,100,calibrated,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('bone,msc.drift_smad_half,0.15,1,0.001,1,assumed,'))).toBe(true);
  });

  it('has WGSL rules: every rule function, finite constants, strain thresholds that decide as the CPU\'s stimulus', () => {
    const { setup } = makeRun(loadScenario('tests/fixtures/bone-small-gap.json'));
    const rules = MODELS.bone.gpuRules!(setup.values, setup.armContext, setup.dt);
    for (const fn of ['rule_update', 'rule_speed_scale', 'rule_growth_scale', 'rule_death_scale', 'rule_secretion_scale']) expect(rules.agent, fn).toContain(`fn ${fn}(`);
    expect(rules.voxel).toContain('fn rule_voxel_exchange(');
    expect(rules.agent).toContain('const GT_STRAIN_FIBROUS: f32');
    expect(rules.agent, 'a NaN constant').not.toContain('0x7fc00000u');
    // S = v / a > t ⇔ v > f32QuotientBelow(t, a), S < t ⇔ v < f32QuotientAbove(t, a), for every f32 v (its neighbours decide)
    const bits = new Int32Array(1);
    const float = new Float32Array(bits.buffer);
    const next = (v: number, by: number) => ((float[0] = v), (bits[0] += by), float[0]);
    const a = MODELS.bone.compiled.parameters.get('mechano.a')!.value;
    for (const t of [3, 1, 0.45, 0.01, 1 / 3]) {
      const below = f32QuotientBelow(t, a);
      expect(below / a <= t && next(below, 1) / a > t, `below ${t}`).toBe(true);
      const above = f32QuotientAbove(t, a);
      expect(above / a >= t && next(above, -1) / a < t, `above ${t}`).toBe(true);
    }
  });

  it('the GPU backend refuses a model without WGSL rules, saying so', () => {
    const { setup } = makeRun(loadScenario('tests/fixtures/bone-small-gap.json'));
    const tables = buildPhenotypeTables(setup.model.compiled, setup.values);
    const withoutRules = { ...setup, model: { ...setup.model, gpuRules: undefined } };
    // The check comes before any use of the device, so none is needed to see it.
    expect(() => new GpuRun(undefined as unknown as GPUDevice, withoutRules, tables, exchangeScales(tables))).toThrow('model "bone" has no WGSL rules: it cannot run on the GPU backend');
  });
});
