/**
 * Draws a GPU run's agents with pixi.js 8 (WebGPU renderer) on the simulation's own GPUDevice, with no
 * read-back: update() records a compute pass (shaders/pack_agent_sprites.wgsl) that copies each agent slot
 * of GpuRun.agents into a vertex buffer pixi owns (position, radius, colour; radius 0 past the live count),
 * and pixi then draws one instanced disc per slot with a small custom shader.
 *
 * The pixi Application must run the WebGPU renderer on the backend's device:
 *   await app.init({ preference: 'webgpu', gpu: { adapter, device } })
 * Its stage coordinates are the domain's, µm (scale the returned container to the canvas).
 */
import { Buffer, BufferUsage, Geometry, GpuProgram, Mesh, Shader, type Application, type WebGPURenderer } from 'pixi.js';
import type { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import type { Kernel } from '../sim/gpu/gpuRun.ts';
import { loadShader } from '../sim/gpu/shaderSource.ts';

/** Bytes per sprite: place (x, y, radius, state) and colour (RGBA), two vec4<f32>. */
const SPRITE_BYTES = 32;

const SPRITE_PROGRAM = /* wgsl */ `
struct GlobalUniforms {
  uProjectionMatrix: mat3x3<f32>,
  uWorldTransformMatrix: mat3x3<f32>,
  uWorldColorAlpha: vec4<f32>,
  uResolution: vec2<f32>,
}
struct LocalUniforms {
  uTransformMatrix: mat3x3<f32>,
  uColor: vec4<f32>,
  uRound: f32,
}
@group(0) @binding(0) var<uniform> globalUniforms: GlobalUniforms;
@group(1) @binding(0) var<uniform> localUniforms: LocalUniforms;

struct Varyings {
  @builtin(position) position: vec4<f32>,
  @location(0) corner: vec2<f32>,
  @location(1) colour: vec4<f32>,
}

@vertex
fn mainVertex(@location(0) aCorner: vec2<f32>, @location(1) aPlace: vec4<f32>, @location(2) aColour: vec4<f32>) -> Varyings {
  let m = globalUniforms.uProjectionMatrix * globalUniforms.uWorldTransformMatrix * localUniforms.uTransformMatrix;
  // At least 1.5 px across, however small the cell is on screen.
  let pxPerUnit = length((m * vec3<f32>(1.0, 0.0, 0.0)).xy) * 0.5 * globalUniforms.uResolution.x;
  let radius = select(0.0, max(aPlace.z, 0.75 / max(pxPerUnit, 1e-6)), aPlace.z > 0.0);
  let p = m * vec3<f32>(aPlace.xy + aCorner * radius, 1.0);
  var out: Varyings;
  out.position = vec4<f32>(p.xy, 0.0, 1.0);
  out.corner = aCorner;
  out.colour = aColour * globalUniforms.uWorldColorAlpha * localUniforms.uColor;
  return out;
}

@fragment
fn mainFragment(v: Varyings) -> @location(0) vec4<f32> {
  if (dot(v.corner, v.corner) > 1.0) {
    discard;
  }
  return vec4<f32>(v.colour.rgb * v.colour.a, v.colour.a);
}
`;

/** A pixi container of the run's agents; update() records the GPU copy for the current state. */
export interface AgentLayer {
  readonly view: Mesh<Geometry, Shader>;
  /** Submits the sprite copy of the backend's current agents (call after advance, before rendering). */
  update(): void;
  destroy(): void;
}

function f32Literal(v: number): string {
  const s = String(Math.fround(v));
  return /[.eE]/.test(s) ? s : `${s}.0`;
}

/** RGBA in 0..1 from '#rrggbb'. */
function rgba(hex: string): [number, number, number, number] {
  return [parseInt(hex.slice(1, 3), 16) / 255, parseInt(hex.slice(3, 5), 16) / 255, parseInt(hex.slice(5, 7), 16) / 255, 1];
}

/**
 * Builds the agent layer of `backend` for `app` (a WebGPU pixi Application on the backend's device).
 * `radii` are the cell radii by type (µm); colours come from the model spec.
 */
export async function createAgentLayer(app: Application, backend: GpuBackend, radii: readonly number[]): Promise<AgentLayer> {
  const renderer = app.renderer as WebGPURenderer;
  const run = backend.run;
  if (renderer.type !== 2 /* RendererType.WEBGPU */ || renderer.gpu?.device !== run.device) {
    throw new Error('createAgentLayer needs a pixi WebGPU renderer on the simulation\'s GPUDevice (app.init({ preference: "webgpu", gpu: { adapter, device } }))');
  }
  const spec = run.setup.model.compiled.spec;
  const colours = spec.cellTypes.map((c) => rgba(c.color));

  const sprites = new Buffer({
    size: run.capacity * SPRITE_BYTES,
    usage: BufferUsage.VERTEX | BufferUsage.STORAGE | BufferUsage.COPY_DST,
    label: 'agent sprites',
    shrinkToFit: false,
  });
  // The compute bind group holds pixi's GPUBuffer: pixi must never drop and recreate it.
  sprites.autoGarbageCollect = false;
  const spriteGpuBuffer = renderer.buffer.getGPUBuffer(sprites);

  const constants = [
    `const SPRITE_COLOURS = array<vec4<f32>, ${colours.length}>(${colours.map((c) => `vec4<f32>(${c.map(f32Literal).join(', ')})`).join(', ')});`,
    `const SPRITE_RADII = array<f32, ${radii.length}>(${radii.map(f32Literal).join(', ')});`,
  ].join('\n');
  const pack: Kernel = await run.kernel('pack_agent_sprites', [run.compose(), constants, loadShader('pack_agent_sprites.wgsl')].join('\n'), [run.agents, run.counters, spriteGpuBuffer]);
  const [gx, gy] = run.groupsFor(run.capacity);

  const geometry = new Geometry({
    attributes: {
      aCorner: { buffer: new Float32Array([-1, -1, 1, -1, 1, 1, -1, 1]), format: 'float32x2' },
      aPlace: { buffer: sprites, format: 'float32x4', stride: SPRITE_BYTES, offset: 0, instance: true },
      aColour: { buffer: sprites, format: 'float32x4', stride: SPRITE_BYTES, offset: 16, instance: true },
    },
    indexBuffer: new Uint32Array([0, 1, 2, 0, 2, 3]),
    instanceCount: run.capacity,
  });
  const shader = new Shader({
    gpuProgram: GpuProgram.from({
      name: 'agent-sprites',
      vertex: { source: SPRITE_PROGRAM, entryPoint: 'mainVertex' },
      fragment: { source: SPRITE_PROGRAM, entryPoint: 'mainFragment' },
    }),
    resources: {},
  });
  const view = new Mesh({ geometry, shader });
  view.label = 'agents';

  return {
    view,
    update() {
      const encoder = run.device.createCommandEncoder({ label: 'pack agent sprites' });
      const pass = encoder.beginComputePass({ label: 'pack agent sprites' });
      pack.dispatch(pass, gx, gy);
      pass.end();
      run.device.queue.submit([encoder.finish()]);
    },
    destroy() {
      view.destroy();
      geometry.destroy();
      sprites.destroy();
    },
  };
}
