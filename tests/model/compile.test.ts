import { d } from 'typegpu';
import { describe, expect, it } from 'vitest';
import { agentStruct, resolveWithAgent } from '../../src/model/gpuLayout.ts';
import { compileModel, ModelSpecError } from '../../src/model/compile.ts';
import { demoModel } from '../../src/model/models/demo.ts';
import { MODELS } from '../../src/model/models/index.ts';
import type { ModelSpec } from '../../src/model/types.ts';

describe('model spec compilation', () => {
  it('flattens every phenotype, field and rule parameter with provenance', () => {
    const c = compileModel(demoModel);
    expect(c.parameters.get('follower.speed')).toMatchObject({ unit: 'µm/min', evidence: 'assumed' });
    expect(c.parameters.get('attractant.diffusion')).toMatchObject({ value: 5e3, evidence: 'model' });
    expect(c.parameters.get('follower.chemotaxis.attractant')?.value).toBe(0.8);
    expect(c.parameters.get('beacon.secretion.attractant')).toBeDefined();
    expect(c.parameters.get('follower.uptake.attractant')).toBeDefined();
    expect(c.parameters.get('follower.settle_threshold')).toBeDefined();
    for (const p of c.parameters.values()) {
      expect(p.source.length).toBeGreaterThan(0);
      expect(p.min).toBeLessThanOrEqual(p.value);
      expect(p.value).toBeLessThanOrEqual(p.max);
    }
  });

  it('adding a cell type is an edit to the spec only', () => {
    const extra: ModelSpec = {
      ...demoModel,
      cellTypes: [...demoModel.cellTypes, { ...demoModel.cellTypes[1], name: 'scout', label: 'Scout', color: '#00ff00' }],
    };
    const c = compileModel(extra);
    expect(c.cellTypeIndex.scout).toBe(3);
    expect(c.parameters.get('scout.speed')).toBeDefined();
  });

  it('rejects inconsistent specs', () => {
    const badField: ModelSpec = { ...demoModel, readouts: [{ name: 'x', unit: '1', definition: 'x', reduction: { kind: 'fieldMean', field: 'nope' } }], defaultReadouts: [] };
    expect(() => compileModel(badField)).toThrow(ModelSpecError);
    const badRange: ModelSpec = { ...demoModel, parameters: { p: { value: 5, unit: '1', min: 0, max: 1, source: 's', evidence: 'assumed' } } };
    expect(() => compileModel(badRange)).toThrow(/outside its range/);
    const noSource: ModelSpec = { ...demoModel, parameters: { p: { value: 0.5, unit: '1', min: 0, max: 1, source: ' ', evidence: 'assumed' } } };
    expect(() => compileModel(noSource)).toThrow(/no source/);
    const dupType: ModelSpec = { ...demoModel, cellTypes: [...demoModel.cellTypes, demoModel.cellTypes[0]] };
    expect(() => compileModel(dupType)).toThrow(/declared twice/);
  });

  it('names the parameters of a type\'s further recruitment routes after the route, and refuses an unnamed one', () => {
    const c = MODELS.bone.compiled;
    expect(c.parameters.get('macrophage.recruitment.rate')).toBeDefined();
    expect(c.parameters.get('macrophage.recruitment.rankl.rate')).toMatchObject({ unit: 'cells/mm² vessel/day', evidence: 'assumed' });
    expect(c.parameters.get('macrophage.recruitment.rankl.halfSaturation')?.unit).toBe('ng/mL');
    const mac = MODELS.bone.compiled.spec.cellTypes.find((t) => t.name === 'macrophage')!;
    const routes = mac.phenotype.recruitment as readonly { route?: string }[];
    const unnamed = { ...mac, phenotype: { ...mac.phenotype, recruitment: routes.map((r) => ({ ...r, route: undefined })) } };
    const spec: ModelSpec = { ...MODELS.bone.compiled.spec, cellTypes: MODELS.bone.compiled.spec.cellTypes.map((t) => (t.name === 'macrophage' ? unnamed : t)) } as ModelSpec;
    expect(() => compileModel(spec)).toThrow(/macrophage.recruitment\[1\]: a further route needs a name/);
  });

  it('every registered model compiles', () => {
    expect(Object.keys(MODELS).length).toBeGreaterThan(0);
  });
});

describe('agent memory layout', () => {
  it('the TypeGPU struct has the CPU word offsets, for every model', () => {
    for (const model of Object.values(MODELS)) {
      const layout = model.compiled.layout;
      const S = agentStruct(layout);
      expect(d.sizeOf(S)).toBe(layout.stride * 4);
      for (const v of layout.variables) {
        const info = d.memoryLayoutOf(S, (a) => (a as Record<string, unknown>)[v.name]);
        expect(info.offset, v.name).toBe(layout.offset[v.name] * 4);
      }
    }
  });

  it('emits the WGSL struct declaration from the spec', () => {
    const wgsl = resolveWithAgent(MODELS.demo.compiled.layout, 'fn f(a: Agent) -> f32 { return a.sensed; }');
    expect(wgsl).toMatch(/struct Agent \{[^}]*id: u32,[^}]*x: f32,[^}]*sensed: f32/s);
  });
});
