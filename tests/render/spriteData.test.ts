/** packAgentSprites on the CPU: the sprite layout of src/render (8 floats per live agent). */
import { describe, expect, it } from 'vitest';
import { packAgentSprites, SPRITE_DIM, SPRITE_FLOATS, spriteRadii } from '../../src/render/spriteData.ts';
import { makeRun, smallDemo } from '../sim/helpers.ts';

describe('packAgentSprites', () => {
  it('writes place, radius, state and colour of each live agent, dimmed past the first state', () => {
    const { setup, state } = makeRun(smallDemo());
    const compiled = setup.model.compiled;
    const o = compiled.layout.offset;
    state.u[o.cellState] = 1; // agent 0 in its second state
    const radii = spriteRadii(setup);
    const sprites = packAgentSprites(state, compiled, radii);
    expect(state.count).toBeGreaterThan(100);
    expect(sprites.length).toBe(state.count * SPRITE_FLOATS);
    for (const a of [0, 1, state.count - 1]) {
      const base = a * state.stride;
      const type = state.u[base + o.cellType];
      const hex = compiled.spec.cellTypes[type].color;
      const rgb = [1, 3, 5].map((k) => Math.fround(parseInt(hex.slice(k, k + 2), 16) / 255));
      const dim = state.u[base + o.cellState] === 0 ? 1 : SPRITE_DIM;
      const s = sprites.subarray(a * SPRITE_FLOATS, (a + 1) * SPRITE_FLOATS);
      expect([...s]).toEqual([
        state.f[base + o.x],
        state.f[base + o.y],
        Math.fround(radii[type]),
        state.u[base + o.cellState],
        ...rgb.map((c) => Math.fround(c * dim)),
        1,
      ]);
    }
  });

  it('reuses a long enough output array and leaves the rest of it alone', () => {
    const { setup, state } = makeRun(smallDemo());
    const out = new Float32Array(state.count * SPRITE_FLOATS + 5).fill(-1);
    const sprites = packAgentSprites(state, setup.model.compiled, spriteRadii(setup), out);
    expect(sprites).toBe(out);
    expect([...out.subarray(state.count * SPRITE_FLOATS)]).toEqual([-1, -1, -1, -1, -1]);
    const fresh = packAgentSprites(state, setup.model.compiled, spriteRadii(setup), new Float32Array(3));
    expect(fresh.length).toBe(state.count * SPRITE_FLOATS);
  });

  it('names missing radii', () => {
    const { setup, state } = makeRun(smallDemo());
    expect(() => packAgentSprites(state, setup.model.compiled, [5])).toThrow(/1 radii for 3 cell types/);
  });
});
