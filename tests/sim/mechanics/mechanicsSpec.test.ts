/** MechanicsSpec in a model: flattened parameters, range checks against scenarios, and the spec's own checks. */
import { describe, expect, it } from 'vitest';
import { compileModel, ModelSpecError } from '../../../src/model/compile.ts';
import { param } from '../../../src/model/parameter.ts';
import type { MechanicsSpec, ModelSpec } from '../../../src/model/types.ts';
import { validateScenario } from '../../../src/scenario/parse.ts';
import { checkScenarioSemantics } from '../../../src/scenario/semantics.ts';
import { smallDemo } from '../helpers.ts';
import { testMechanics, testModel, testModelSpec } from './mechanicsTestModel.ts';

function withMechanics(over: Partial<MechanicsSpec>, fields = testModelSpec.fields): ModelSpec {
  return { ...testModelSpec, fields, mechanics: { ...testMechanics, ...over } };
}

describe('MechanicsSpec', () => {
  it('flattens its parameters as mechanics.<key> and mechanics.modulus.<field>, with unit, range and source', () => {
    const compiled = compileModel(testModelSpec);
    const names = [...compiled.parameters.keys()].filter((n) => n.startsWith('mechanics.'));
    expect(names).toEqual([
      'mechanics.softModulus',
      'mechanics.modulus.woven',
      'mechanics.modulus.lamellar',
      'mechanics.poissonRatio',
      'mechanics.updateInterval',
      'mechanics.load',
      'mechanics.fixatorStiffness',
      'mechanics.gridFactor',
      'mechanics.tolerance',
    ]);
    const lamellar = compiled.parameters.get('mechanics.modulus.lamellar')!;
    expect(lamellar).toMatchObject({ value: 17000, unit: 'MPa', evidence: 'assumed' });
    expect(lamellar.source).toMatch(/Lacroix & Prendergast 2002/);
  });

  it('lets a scenario override them within their ranges and rejects values outside', () => {
    const model = testModel();
    const { scenario } = validateScenario(smallDemo(), 'test');
    const ok = checkScenarioSemantics({ ...scenario, parameters: { 'mechanics.load': 50, 'mechanics.gridFactor': 2 } }, model, ['demo']);
    expect(ok).toEqual([]);
    const bad = checkScenarioSemantics({ ...scenario, parameters: { 'mechanics.load': -1, 'mechanics.poissonRatio': 0.5 } }, model, ['demo']);
    expect(bad.map((i) => i.path)).toEqual(['parameters.mechanics.load', 'parameters.mechanics.poissonRatio']);
  });

  it('rejects specs the solver cannot take, naming what is wrong', () => {
    const cases: [ModelSpec, RegExp][] = [
      [withMechanics({ tissues: [{ field: 'osteoid', modulus: param(100, 'MPa', [1, 1e3], 's', 'assumed') }] }), /tissue field "osteoid" is not a field/],
      [withMechanics({ tissues: [testMechanics.tissues[0], testMechanics.tissues[0]] }), /tissue field "woven" is listed twice/],
      [withMechanics({ shearStrainField: 'attractant' }), /strain field "attractant" must be structural/],
      [withMechanics({ axialStrainField: 'woven' }), /strain field "woven" is also a tissue field/],
      [withMechanics({ axialStrainField: 'shear_strain' }), /the two strain fields are both "shear_strain"/],
      [withMechanics({ poissonRatio: param(0.3, '1', [0, 0.5], 's', 'assumed') }), /mechanics.poissonRatio: range \[0, 0.5\]/],
      [withMechanics({ softModulus: param(1, 'MPa', [0, 10], 's', 'assumed') }), /mechanics.softModulus: range \[0, 10\]/],
      [withMechanics({ gridFactor: param(1.5, 'voxels', [1, 4], 's', 'assumed') }), /mechanics.gridFactor/],
      [withMechanics({ load: param(1, 'N', [-5, 5], 's', 'assumed') }), /mechanics.load/],
    ];
    for (const [spec, message] of cases) {
      expect(() => compileModel(spec)).toThrow(ModelSpecError);
      expect(() => compileModel(spec)).toThrow(message);
    }
  });
});
