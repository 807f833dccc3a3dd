/**
 * Scenario semantics: the named regions of the recorded read-outs (and of those they derive from) must be
 * regions of the scenario; checked on a demo model that declares a bridged read-out and a timeTo on it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../src/model/compile.ts';
import { MODELS } from '../../src/model/models/index.ts';
import { demoModel } from '../../src/model/models/demo.ts';
import type { ModelDefinition } from '../../src/model/rules.ts';
import { scenarioSchema } from '../../src/scenario/schema.ts';
import { checkScenarioSemantics } from '../../src/scenario/semantics.ts';

const model: ModelDefinition = {
  ...MODELS.demo,
  compiled: compileModel({
    ...demoModel,
    readouts: [
      ...demoModel.readouts,
      {
        name: 'bridged',
        unit: '1',
        definition: 'trail >= 0.5 joining the two fragments',
        reduction: { kind: 'bridged', field: 'trail', atLeast: 0.5, from: { region: 'proximal' }, to: { region: 'distal' } },
      },
      { name: 't_bridge_days', unit: 'day', definition: 'first bridging', reduction: { kind: 'timeTo', of: 'bridged', threshold: 0.5, direction: 'rising' } },
    ],
  }),
};

/** The engine demo with `regions` added and `readouts` recorded. */
function issues(regions: Record<string, unknown>, readouts: string[]) {
  const doc = JSON.parse(readFileSync('scenarios/engine-demo.json', 'utf8')) as Record<string, Record<string, unknown>>;
  Object.assign(doc.regions, regions);
  const scenario = scenarioSchema.parse({ ...doc, readouts });
  return checkScenarioSemantics(scenario, model, ['demo']);
}

const fragment = (y0: number, y1: number) => ({ shape: 'rect', min_um: [0, y0], max_um: [2000, y1] });

describe('read-out regions in scenario semantics', () => {
  it('accepts a bridged read-out whose fragments the scenario defines', () => {
    expect(issues({ proximal: fragment(0, 500), distal: fragment(1500, 2000) }, ['bridged', 't_bridge_days'])).toEqual([]);
  });

  it('names the read-out, its key and the missing region', () => {
    const found = issues({ proximal: fragment(0, 500) }, ['agent_count', 'bridged']);
    expect(found).toEqual([{ path: 'readouts.1', expected: 'regions that include "distal" (read-out bridged names it as its to)', found: 'array ["defect","ring","inner","proximal"]' }]);
  });

  it('follows a derived read-out to the regions of what it derives from', () => {
    const found = issues({}, ['t_bridge_days']);
    expect(found.map((i) => [i.path, i.expected])).toEqual([
      ['readouts.0', 'regions that include "proximal" (read-out bridged names it as its from)'],
      ['readouts.0', 'regions that include "distal" (read-out bridged names it as its to)'],
    ]);
  });

  it('does not ask for regions of read-outs that are not recorded', () => {
    expect(issues({}, ['agent_count', 'trail_mean'])).toEqual([]);
  });
});
