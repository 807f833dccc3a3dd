/**
 * The GPU sprite copy (shaders/pack_agent_sprites.wgsl): one 32-byte sprite per agent slot of a run,
 * written into a buffer the caller owns (pixi's vertex buffer on the page, a plain storage buffer in tests).
 * Same values as packAgentSprites (spriteData.ts) for the live slots, zeros past the live count. Optionally
 * also the indirect draw arguments (shaders/size_sprite_draw.wgsl) that draw only the live slots.
 */
import type { GpuRun } from '../sim/gpu/gpuRun.ts';
import { loadShader } from '../sim/gpu/shaderSource.ts';
import { f32Literal, u32Const } from '../sim/gpu/wgslLiterals.ts';
import { SPRITE_FLOATS, spriteColours } from './spriteData.ts';

/** Bytes per sprite. */
export const SPRITE_BYTES = SPRITE_FLOATS * 4;
/** Indices of the quad each sprite is drawn as (two triangles). */
export const SPRITE_QUAD_INDICES = 6;
/** Bytes of drawIndexedIndirect arguments: five u32. */
export const DRAW_ARGS_BYTES = 20;

/** Records the sprite copy of the run's current agents (and their draw arguments). */
export interface SpritePack {
  encode(encoder: GPUCommandEncoder): void;
}

/**
 * Compiles the sprite copy of `run` into `sprites` (≥ capacity × SPRITE_BYTES, storage usage); `radii` by
 * type, µm. With `drawArgs` (≥ DRAW_ARGS_BYTES, storage and indirect usage) each encode also writes the
 * indexed indirect draw arguments of the live sprites there.
 */
export async function createSpritePack(run: GpuRun, radii: readonly number[], sprites: GPUBuffer, drawArgs: GPUBuffer | null = null): Promise<SpritePack> {
  if (sprites.size < run.capacity * SPRITE_BYTES) throw new Error(`sprite buffer of ${sprites.size} bytes is smaller than capacity ${run.capacity} × ${SPRITE_BYTES}`);
  if (drawArgs && drawArgs.size < DRAW_ARGS_BYTES) throw new Error(`draw argument buffer of ${drawArgs.size} bytes is smaller than ${DRAW_ARGS_BYTES}`);
  if (radii.length !== run.types) throw new Error(`createSpritePack: ${radii.length} radii for ${run.types} cell types`);
  const colours = spriteColours(run.setup.model.compiled);
  const vec4s = Array.from({ length: run.types }, (_, t) => `vec4<f32>(${[...colours.subarray(t * 4, t * 4 + 4)].map(f32Literal).join(', ')})`);
  const constants = [
    `const SPRITE_COLOURS = array<vec4<f32>, ${run.types}>(${vec4s.join(', ')});`,
    `const SPRITE_RADII = array<f32, ${run.types}>(${radii.map(f32Literal).join(', ')});`,
  ].join('\n');
  const pack = await run.kernel('pack_agent_sprites', [run.compose(), constants, loadShader('pack_agent_sprites.wgsl')].join('\n'), [run.agents, run.counters, sprites]);
  const size = drawArgs
    ? await run.kernel('size_sprite_draw', [run.compose(), u32Const('SPRITE_QUAD_INDICES', SPRITE_QUAD_INDICES), loadShader('size_sprite_draw.wgsl')].join('\n'), [run.counters, drawArgs])
    : null;
  const [gx, gy] = run.groupsFor(run.capacity);
  return {
    encode(encoder) {
      const pass = encoder.beginComputePass({ label: 'pack agent sprites' });
      pack.dispatch(pass, gx, gy);
      size?.dispatch(pass, 1);
      pass.end();
    },
  };
}
