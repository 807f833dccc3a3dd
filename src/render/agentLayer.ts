/**
 * Draws a GPU run's agents with pixi.js 8 (WebGPU renderer) on the simulation's own GPUDevice, with no
 * read-back: encode()/update() record a compute pass (spritePack.ts: shaders/pack_agent_sprites.wgsl and
 * size_sprite_draw.wgsl) that copies each agent slot of GpuRun.agents into a vertex buffer pixi owns
 * (position, radius, colour) and writes indirect draw arguments for the live count; pixi then draws one
 * instanced disc per live agent (spriteShader.ts) with drawIndexedIndirect, from a RenderContainer.
 *
 * The pixi Application must run the WebGPU renderer on the backend's device:
 *   await app.init({ preference: 'webgpu', gpu: { adapter, device } })
 * The view's coordinates are the domain's, µm (scale it, or a parent, to the canvas).
 */
import { Buffer, BufferUsage, color32BitToUniform, Matrix, RenderContainer, State, UniformGroup, type Application, type WebGPURenderer } from 'pixi.js';
import type { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import { createSpritePack, DRAW_ARGS_BYTES, SPRITE_BYTES } from './spritePack.ts';
import { createSpriteGeometry, createSpriteShader } from './spriteShader.ts';

/** A pixi container of the run's agents; update() records the GPU copy for the current state. */
export interface AgentLayer {
  readonly view: RenderContainer;
  /** Records the sprite copy of the backend's current agents into `encoder` (submit it before rendering). */
  encode(encoder: GPUCommandEncoder): void;
  /** Submits the sprite copy of the backend's current agents (call after advance, before rendering). */
  update(): void;
  destroy(): void;
}

/** Throws unless `app` renders with WebGPU on `device`; returns its renderer. */
export function sharedWebGpuRenderer(app: Application, device: GPUDevice, who: string): WebGPURenderer {
  const renderer = app.renderer as WebGPURenderer;
  if (renderer.type !== 2 /* RendererType.WEBGPU */ || renderer.gpu?.device !== device) {
    throw new Error(`${who} needs a pixi WebGPU renderer on the simulation's GPUDevice (app.init({ preference: "webgpu", gpu: { adapter, device } }))`);
  }
  return renderer;
}

/**
 * Builds the agent layer of `backend` for `app` (a WebGPU pixi Application on the backend's device).
 * `radii` are the cell radii by type (µm, spriteRadii()); colours come from the model spec.
 */
export async function createAgentLayer(app: Application, backend: GpuBackend, radii: readonly number[]): Promise<AgentLayer> {
  const run = backend.run;
  const renderer = sharedWebGpuRenderer(app, run.device, 'createAgentLayer');

  const sprites = new Buffer({
    size: run.capacity * SPRITE_BYTES,
    usage: BufferUsage.VERTEX | BufferUsage.STORAGE | BufferUsage.COPY_DST,
    label: 'agent sprites',
    shrinkToFit: false,
  });
  // The compute bind group holds pixi's GPUBuffer: pixi must never drop and recreate it.
  sprites.autoGarbageCollect = false;
  const drawArgs = run.device.createBuffer({ label: 'agent sprite draw', size: DRAW_ARGS_BYTES, usage: GPUBufferUsage.INDIRECT | GPUBufferUsage.STORAGE });
  const pack = await createSpritePack(run, radii, renderer.buffer.getGPUBuffer(sprites), drawArgs);
  const geometry = createSpriteGeometry(sprites, run.capacity);
  const shader = createSpriteShader();
  const state = State.for2d();
  // The uniforms pixi's mesh pipe gives a mesh: its transform within the render group, its tint and alpha.
  const localUniforms = new UniformGroup({
    uTransformMatrix: { value: new Matrix(), type: 'mat3x3<f32>' },
    uColor: { value: new Float32Array([1, 1, 1, 1]), type: 'vec4<f32>' },
    uRound: { value: 0, type: 'f32' },
  });
  const view = new RenderContainer({
    label: 'agents',
    render(r) {
      const gpu = r as WebGPURenderer;
      localUniforms.uniforms.uTransformMatrix = view.groupTransform;
      color32BitToUniform(view.groupColorAlpha, localUniforms.uniforms.uColor, 0);
      localUniforms.update();
      shader.groups[0] = gpu.globalUniforms.bindGroup;
      shader.groups[1] = gpu.renderPipes.uniformBatch.getUniformBindGroup(localUniforms, true);
      gpu.encoder.drawIndirect({ geometry, shader, state, indirectBuffer: drawArgs, indirectOffset: 0 });
    },
  });

  return {
    view,
    encode: (encoder) => pack.encode(encoder),
    update() {
      const encoder = run.device.createCommandEncoder({ label: 'pack agent sprites' });
      pack.encode(encoder);
      run.device.queue.submit([encoder.finish()]);
    },
    destroy() {
      view.destroy();
      shader.destroy();
      geometry.destroy();
      sprites.destroy();
      drawArgs.destroy();
    },
  };
}
