/**
 * packAgentSprites (the CPU worker's sprites) against the GPU sprite copy (shaders/pack_agent_sprites.wgsl,
 * spritePack.ts) on Dawn, for the agents of a short reduced skin-wound run: the GPU sprites are read back
 * (the page never does) and must equal the CPU's bit for bit; slots past the live count must be zero, and the
 * indirect draw arguments (shaders/size_sprite_draw.wgsl) must draw exactly the live agents.
 */
import { describe, expect, it } from 'vitest';
import { packAgentSprites, SPRITE_FLOATS, spriteRadii } from '../../src/render/spriteData.ts';
import { createSpritePack, DRAW_ARGS_BYTES, SPRITE_BYTES, SPRITE_QUAD_INDICES } from '../../src/render/spritePack.ts';
import { gpuForTests } from '../gpu/gpuTestSupport.ts';
import { readBuffer } from './gpuReadBack.ts';
import { reducedSkinBackend } from './reducedSkinGpu.ts';

describe('agent sprites (Dawn)', () => {
  it('packAgentSprites equals the GPU sprite copy bit for bit', async (ctx) => {
    const { device } = await gpuForTests(ctx);
    const backend = await reducedSkinBackend(device, 6);
    const { run } = backend;
    const target = device.createBuffer({ size: run.capacity * SPRITE_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    const drawArgs = device.createBuffer({ size: DRAW_ARGS_BYTES, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.INDIRECT | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    // Junk everywhere, so the kernels must write every word (zeros past the live count).
    device.queue.writeBuffer(target, 0, new Uint32Array(target.size / 4).fill(0xffffffff));
    device.queue.writeBuffer(drawArgs, 0, new Uint32Array(DRAW_ARGS_BYTES / 4).fill(0xffffffff));
    try {
      const setup = run.setup;
      const compiled = setup.model.compiled;
      // A few steps leave every cell in its first state: move every 5th cell of a type with more states to
      // its last state (uploaded, so the kernel sees it too) to cover the dimmed colours.
      const state = await backend.readState();
      const o = compiled.layout.offset;
      for (let a = 0; a < state.count; a += 5) {
        const states = compiled.spec.cellTypes[state.u[a * state.stride + o.cellType]].states.length;
        state.u[a * state.stride + o.cellState] = states - 1;
      }
      run.upload(state);
      const pack = await createSpritePack(run, spriteRadii(setup), target, drawArgs);
      const encoder = device.createCommandEncoder();
      pack.encode(encoder);
      device.queue.submit([encoder.finish()]);
      const gpu = new Uint32Array(await readBuffer(device, target, target.size));
      const args = new Uint32Array(await readBuffer(device, drawArgs, DRAW_ARGS_BYTES));
      const cpu = new Uint32Array(packAgentSprites(state, compiled, spriteRadii(setup)).buffer);

      const live = state.count * SPRITE_FLOATS;
      expect(cpu.length).toBe(live);
      let firstMismatch = -1;
      for (let k = 0; k < live && firstMismatch < 0; k++) if (gpu[k] !== cpu[k]) firstMismatch = k;
      expect(firstMismatch, firstMismatch < 0 ? '' : `sprite ${Math.floor(firstMismatch / SPRITE_FLOATS)}, float ${firstMismatch % SPRITE_FLOATS}`).toBe(-1);
      expect(gpu.subarray(live, run.capacity * SPRITE_FLOATS).every((w) => w === 0), 'slots past the live count are zero').toBe(true);
      // drawIndexedIndirect: one quad per live agent.
      expect([...args]).toEqual([SPRITE_QUAD_INDICES, state.count, 0, 0, 0]);

      // The run exercises what the sprites encode: several types and cells past their first state (dimmed).
      const sprites = new Float32Array(cpu.buffer);
      const colours = new Set<string>();
      let dimmed = 0;
      for (let s = 0; s < live; s += SPRITE_FLOATS) {
        colours.add(String(sprites.subarray(s + 4, s + 7)));
        if (sprites[s + 3] !== 0) dimmed++;
      }
      expect(state.count).toBeGreaterThan(1000);
      expect(colours.size, 'distinct sprite colours').toBeGreaterThan(3);
      expect(dimmed).toBeGreaterThan(0);
    } finally {
      target.destroy();
      drawArgs.destroy();
      backend.dispose();
    }
  });
});
