import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/scenario/errors.ts';
import { scenarioJsonSchemaText } from '../../src/scenario/jsonSchema.ts';
import { findModel } from '../../src/model/models/index.ts';
import { parseScenarioText, validateScenario } from '../../src/scenario/parse.ts';
import { checkScenarioSemantics } from '../../src/scenario/semantics.ts';

const demoText = readFileSync('scenarios/engine-demo.json', 'utf8');
const demo = () => JSON.parse(demoText) as Record<string, unknown>;

/** The issues of a scenario that must fail. */
function issuesOf(doc: unknown, sets: string[] = []) {
  try {
    validateScenario(doc, 'test.json', sets);
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return (e as ScenarioError).issues;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario validation', () => {
  it('accepts every bundled scenario', () => {
    for (const file of readdirSync('scenarios').filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')) {
      expect(() => parseScenarioText(readFileSync(`scenarios/${file}`, 'utf8'), file)).not.toThrow();
    }
  });

  it('rejects unknown keys, naming the path', () => {
    const doc = demo();
    (doc.domain as Record<string, unknown>).dx = 20;
    const issues = issuesOf(doc);
    expect(issues).toContainEqual(expect.objectContaining({ path: 'domain.dx', expected: expect.stringContaining('no such key') }));
  });

  it('reports path, expected and found for a wrong type', () => {
    const doc = demo();
    (doc.time as Record<string, unknown>).dt_min = 'five';
    const [issue] = issuesOf(doc);
    expect(issue).toEqual({ path: 'time.dt_min', expected: 'a number', found: '"five"' });
  });

  it('reports missing keys as found nothing', () => {
    const doc = demo();
    delete doc.seed;
    expect(issuesOf(doc)).toContainEqual({ path: 'seed', expected: 'a number', found: 'nothing (missing)' });
  });

  it('rejects a negative dose amount structurally, by path', () => {
    const doc = demo();
    (doc.arms as Record<string, unknown>).treated = {
      doses: [{ product: 'bmsc-exos', amount: -1, unit: 'ug', route: 'margin_injection', at_day: 0 }],
    };
    expect(issuesOf(doc)).toContainEqual(expect.objectContaining({ path: 'arms.treated.doses.0.amount', expected: 'a number >= 0', found: '-1' }));
  });

  it('names the closest cell types for an unknown one', () => {
    const doc = demo();
    ((doc.initial as Record<string, unknown>).agents as Record<string, unknown>[])[1].type = 'folower';
    const [issue] = issuesOf(doc);
    expect(issue.path).toBe('initial.agents.1.type');
    expect(issue.expected).toMatch(/^a cell type: one of follower/);
  });

  it('rejects an out-of-range parameter with its range and unit', () => {
    const doc = demo();
    doc.parameters = { 'follower.speed': 99 };
    const [range] = issuesOf(doc);
    expect(range).toEqual({ path: 'parameters.follower.speed', expected: 'a value in [0, 5] µm/min', found: '99' });
  });

  it('rejects an unknown parameter with suggestions', () => {
    const doc = demo();
    doc.parameters = { 'follower.sped': 1 };
    expect(issuesOf(doc)[0].expected).toContain('follower.speed');
  });

  it('checks the grid and output arithmetic', () => {
    const doc = demo();
    (doc.domain as Record<string, unknown>).dx_um = 30;
    (doc.time as Record<string, unknown>).output_every_h = 0.1;
    const paths = issuesOf(doc).map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['domain.width_um', 'domain.height_um', 'time.output_every_h']));
  });

  it('reports a JSON syntax error with line and column', () => {
    expect(() => parseScenarioText('{\n  "id": "x",\n  oops\n}', 'bad.json')).toThrow(/line 3, column 3/);
  });

  it('applies --set before validation, creating keys, and reports bad paths', () => {
    const { scenario } = validateScenario(demo(), 'demo', ['seed=42', 'arms.baseline.parameters.follower.speed=0.7', 'parameters.wanderer.speed=2']);
    expect(scenario.seed).toBe(42);
    expect(scenario.arms.baseline.parameters).toEqual({ 'follower.speed': 0.7 });
    expect(scenario.parameters).toEqual({ 'wanderer.speed': 2 });
    expect(issuesOf(demo(), ['parameters.follower.speed=9'])[0]).toMatchObject({ path: 'parameters.follower.speed', found: '9' });
    expect(issuesOf(demo(), ['initial.agents.7.count=3'])[0]).toMatchObject({ path: 'initial.agents.7', expected: 'an index from 0 to 3' });
    expect(issuesOf(demo(), ['seed.x=1'])[0]).toMatchObject({ path: 'seed', expected: 'an object or array to set "x" in' });
  });

  it('takes mirror side edges, and refuses them for a model that holds a field at a fixed value on the edges', () => {
    const doc = JSON.parse(readFileSync('scenarios/fracture-gap.json', 'utf8')) as unknown;
    const { scenario } = validateScenario(doc, 'fracture-gap.json', ['domain.mirror=["right"]']);
    expect(scenario.domain.mirror).toEqual(['right']);
    expect(issuesOf(doc, ['domain.mirror=["top"]'])[0]).toMatchObject({ path: 'domain.mirror.0' });
    const bone = findModel('bone')!;
    const spec = bone.compiled.spec;
    const fixed = { ...bone, compiled: { ...bone.compiled, spec: { ...spec, fields: spec.fields.map((f, i) => (i === 0 ? { ...f, boundary: { kind: 'fixed' as const, value: 1 } } : f)) } } };
    expect(checkScenarioSemantics(scenario, fixed, ['bone']).map((i) => i.path)).toEqual(['domain.mirror']);
    expect(checkScenarioSemantics(scenario, bone, ['bone'])).toEqual([]);
  });

  it('rejects a region that subtracts itself', () => {
    const doc = demo();
    (doc.regions as Record<string, Record<string, unknown>>).inner.minus = ['ring'];
    expect(issuesOf(doc).map((i) => i.path)).toContain('regions.ring.minus');
  });
});

describe('scenario JSON Schema', () => {
  it('is up to date in scenarios/scenario.schema.json (run npm run schema)', () => {
    expect(readFileSync('scenarios/scenario.schema.json', 'utf8')).toBe(scenarioJsonSchemaText());
  });
});
