import { describe, expect, it } from 'vitest';
import { HEALING_PHASES, healingPhases } from '../../src/model/phases.ts';

/** shared/design/model.md lines 160-163 (the design docs live outside the repository), verbatim. */
const MODEL_MD: Readonly<Record<number, string>> = {
  160: 'Untreated controls must follow the known phase timing: hemostasis within hours, neutrophil influx',
  161: 'in the first day, macrophages peaking in the first days, proliferation and angiogenesis in the first',
  162: 'two weeks, remodelling over weeks; fracture: haematoma and inflammation in week 1, soft callus in',
  163: 'weeks 1-2, hard callus in weeks 2-6, remodelling after.',
};

describe('healing phases', () => {
  it('has the skin and bone phases in order', () => {
    expect(healingPhases('skin').map((p) => p.name)).toEqual(['hemostasis', 'inflammation', 'proliferation', 'remodelling']);
    expect(healingPhases('bone').map((p) => p.name)).toEqual(['haematoma', 'soft callus', 'hard callus', 'remodelling']);
  });

  it('returns no phases for a model without them or an unknown id', () => {
    expect(healingPhases('demo')).toEqual([]);
    expect(healingPhases('nope')).toEqual([]);
    expect(healingPhases('toString')).toEqual([]); // not an inherited property
  });

  for (const [model, phases] of Object.entries(HEALING_PHASES)) {
    it(`${model}: contiguous from day 0 to Infinity`, () => {
      expect(phases[0].fromDay).toBe(0);
      expect(phases[phases.length - 1].toDay).toBe(Infinity);
      for (let k = 0; k < phases.length; k++) {
        expect(phases[k].toDay, phases[k].name).toBeGreaterThan(phases[k].fromDay);
        if (k > 0) expect(phases[k].fromDay, phases[k].name).toBe(phases[k - 1].toDay);
      }
    });

    it(`${model}: every phase cites model.md lines that mention it`, () => {
      for (const p of phases) {
        const cite = /^model\.md:(\d+)(?:-(\d+))? "([^"]+)"/.exec(p.source);
        expect(cite, `${model}/${p.name}: ${p.source}`).not.toBeNull();
        const from = Number(cite![1]);
        const to = Number(cite![2] ?? cite![1]);
        const lines: string[] = [];
        for (let line = from; line <= to; line++) {
          expect(MODEL_MD[line], `${model}/${p.name}: model.md:${line} is not the phase-timing paragraph`).toBeDefined();
          lines.push(MODEL_MD[line]);
        }
        const cited = lines.join(' ');
        expect(cited, `${model}/${p.name}`).toContain(cite![3]);
        expect(['literature', 'model', 'assumed']).toContain(p.evidence);
        if (p.evidence === 'assumed') expect(p.source, `${model}/${p.name}`).toMatch(/assumed/);
      }
    });
  }

  it('bone boundaries are the weeks model.md gives (1, 2, 6)', () => {
    expect(healingPhases('bone').map((p) => p.toDay)).toEqual([7, 14, 42, Infinity]);
  });

  it('skin proliferation ends at two weeks, as model.md says', () => {
    expect(healingPhases('skin').find((p) => p.name === 'proliferation')?.toDay).toBe(14);
  });
});
