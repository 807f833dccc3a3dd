import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { issueLines, readScenarioFile } from '../../src/app/scenarioFile.ts';

const skinText = readFileSync('scenarios/skin-wound.json', 'utf8');
const skin = () => JSON.parse(skinText);

/** The failure of a file that must be rejected. */
function rejected(text: string) {
  const result = readScenarioFile('bad.json', text);
  if (result.ok) throw new Error('expected the file to be rejected');
  return result;
}

describe('reading a scenario file', () => {
  it('gives a run of a valid file, untreated against treated', () => {
    const result = readScenarioFile('skin-wound.json', skinText);
    expect(result).toEqual({ ok: true, run: { scenario: skin(), source: 'skin-wound.json', sets: [], arms: ['untreated', 'treated'] } });
  });

  it('takes the first two arms, or the only arm twice', () => {
    const doc = skin();
    doc.arms = { low: doc.arms.treated, none: doc.arms.untreated, high: doc.arms.treated };
    const two = readScenarioFile('x.json', JSON.stringify(doc));
    expect(two.ok && two.run.arms).toEqual(['low', 'none']);
    doc.arms = { only: doc.arms.none };
    const one = readScenarioFile('x.json', JSON.stringify(doc));
    expect(one.ok && one.run.arms).toEqual(['only', 'only']);
  });

  it('reports malformed JSON with its position', () => {
    const result = rejected('{\n  "seed": 1,\n  "model": "skin",\n}'); // a trailing comma
    expect(result.title).toBe('bad.json is not valid JSON');
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0].path).toBe('');
    expect(result.issues[0].found).toMatch(/line 4, column 1/);
  });

  it('reports a schema error by path', () => {
    const doc = skin();
    doc.arms.treated.doses[0].amount = -5;
    const result = rejected(JSON.stringify(doc));
    expect(result.title).toBe('bad.json is not a valid scenario');
    expect(result.issues).toContainEqual({ path: 'arms.treated.doses.0.amount', expected: 'a number >= 0', found: '-5' });
    expect(issueLines(result.issues)).toContain('at arms.treated.doses.0.amount: expected a number >= 0, found -5');
  });

  it('reports a semantic error by path', () => {
    const doc = skin();
    doc.initial.agents[1].type = 'keratinocite';
    const result = rejected(JSON.stringify(doc));
    expect(result.issues.map((i) => i.path)).toEqual(['initial.agents.1.type']);
    expect(result.issues[0].found).toBe('"keratinocite"');
  });

  it('formats a top-level issue', () => {
    expect(issueLines([{ path: '', expected: 'an object', found: 'null' }])).toEqual(['at (top level): expected an object, found null']);
  });
});
