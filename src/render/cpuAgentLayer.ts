/**
 * Draws agents from sprites computed on the CPU (packAgentSprites, spriteData.ts; sent by the CPU
 * backend's worker) as instanced discs, on either pixi renderer (WebGL2 where WebGPU is missing, or WebGPU).
 * Coordinates are the domain's, µm. update() copies the sprites into a vertex buffer that grows as needed.
 */
import { Buffer, BufferUsage, type Geometry, type Mesh, type Shader } from 'pixi.js';
import { SPRITE_FLOATS } from './spriteData.ts';
import { createSpriteGeometry, createSpriteMesh } from './spriteShader.ts';

export interface CpuAgentLayer {
  readonly view: Mesh<Geometry, Shader>;
  /** Draws the first `count` sprites of `sprites` (SPRITE_FLOATS floats each) from now on. */
  update(sprites: Float32Array, count: number): void;
  destroy(): void;
}

export function createCpuAgentLayer(): CpuAgentLayer {
  let data = new Float32Array(SPRITE_FLOATS);
  const buffer = new Buffer({ data, usage: BufferUsage.VERTEX | BufferUsage.COPY_DST, label: 'agent sprites', shrinkToFit: false });
  const geometry = createSpriteGeometry(buffer, 0);
  const view = createSpriteMesh(geometry);
  return {
    view,
    update(sprites, count) {
      const floats = count * SPRITE_FLOATS;
      if (!Number.isInteger(count) || count < 0 || sprites.length < floats) {
        throw new Error(`cpu agent layer: ${count} sprites asked for, ${sprites.length} floats given (${SPRITE_FLOATS} per sprite)`);
      }
      if (floats > data.length) {
        // Grow by half again at least, so a growing population does not reallocate every frame.
        data = new Float32Array(Math.max(floats, Math.ceil(data.length * 1.5)));
        buffer.data = data;
      }
      data.set(sprites.subarray(0, floats));
      if (floats > 0) buffer.setDataWithSize(data, floats, true);
      geometry.instanceCount = count;
    },
    destroy() {
      const shader = view.shader;
      view.destroy();
      shader?.destroy();
      geometry.destroy();
      buffer.destroy();
    },
  };
}
