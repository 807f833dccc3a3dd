/**
 * Agent sprites on the CPU: the twin of shaders/pack_agent_sprites.wgsl, for the CPU backend's worker to
 * send the page what to draw. 8 float32 per agent: x, y (µm), radius (µm; 0 = not drawn), cellState (as a
 * float); r, g, b, a (straight RGBA 0..1 from the cell type's colour, rgb × 0.6 past the first state).
 * Every value is the f32 the GPU kernel writes for the same agent (tests/render/spriteData.gpu.test.ts).
 */
import type { CompiledModel } from '../model/compile.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';

/** Floats per sprite: place (x, y, radius, state) then colour (RGBA). */
export const SPRITE_FLOATS = 8;

/** Factor on rgb of cells past their first state (the kernel's `colour.rgb * 0.6`, an f32). */
export const SPRITE_DIM = Math.fround(0.6);

/** Straight RGBA (0..1, as f32) of each cell type from its '#rrggbb' colour: types × 4 floats. */
export function spriteColours(compiled: CompiledModel): Float32Array {
  const types = compiled.spec.cellTypes;
  const out = new Float32Array(types.length * 4);
  types.forEach((c, t) => {
    if (!/^#[0-9a-fA-F]{6}$/.test(c.color)) throw new Error(`cell type "${c.name}": colour "${c.color}" is not #rrggbb`);
    for (let k = 0; k < 3; k++) out[t * 4 + k] = parseInt(c.color.slice(1 + 2 * k, 3 + 2 * k), 16) / 255;
    out[t * 4 + 3] = 1;
  });
  return out;
}

/** The cell radius of each type, µm (the `<type>.radius` parameter of the run). */
export function spriteRadii(setup: RunSetup): number[] {
  return setup.model.compiled.spec.cellTypes.map((c) => {
    const r = setup.values.get(`${c.name}.radius`);
    if (r === undefined) throw new Error(`run of arm "${setup.armName}" has no parameter ${c.name}.radius`);
    return r;
  });
}

/**
 * Sprites of the state's live agents (count × SPRITE_FLOATS floats, the rest of `out` untouched); `radii`
 * by cell type, µm. `out` is reused when it is long enough, else a new array is returned.
 */
export function packAgentSprites(state: SimState, compiled: CompiledModel, radii: ArrayLike<number>, out?: Float32Array): Float32Array {
  const n = state.count * SPRITE_FLOATS;
  const sprites = out && out.length >= n ? out : new Float32Array(n);
  const colours = spriteColours(compiled);
  const types = compiled.spec.cellTypes.length;
  if (radii.length < types) throw new Error(`packAgentSprites: ${radii.length} radii for ${types} cell types`);
  const o = compiled.layout.offset;
  const { f, u, stride } = state;
  for (let a = 0, base = 0, s = 0; a < state.count; a++, base += stride, s += SPRITE_FLOATS) {
    // As the kernel: an out-of-range type is drawn as the last type.
    const t = Math.min(u[base + o.cellType], types - 1);
    const cellState = u[base + o.cellState];
    const dim = cellState === 0 ? 1 : SPRITE_DIM;
    sprites[s] = f[base + o.x];
    sprites[s + 1] = f[base + o.y];
    sprites[s + 2] = radii[t];
    sprites[s + 3] = cellState;
    // f32 × f32 is exact in f64; storing rounds it once, as the GPU's f32 multiply does.
    sprites[s + 4] = colours[t * 4] * dim;
    sprites[s + 5] = colours[t * 4 + 1] * dim;
    sprites[s + 6] = colours[t * 4 + 2] * dim;
    sprites[s + 7] = colours[t * 4 + 3];
  }
  return sprites;
}
