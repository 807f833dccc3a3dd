/**
 * The pixi mesh that draws agent sprites as instanced discs, for both renderers (WebGPU: WGSL GpuProgram;
 * WebGL: GLSL ES 1.0 GlProgram, for WebGL1 and WebGL2). One instance per sprite of a pixi Buffer laid out as spriteData.ts says
 * (place vec4 then colour vec4, 32 bytes); radius 0 draws nothing. A disc is at least 1.5 px across,
 * however small the cell is on screen. Coordinates are the domain's, µm.
 */
import { Geometry, GlProgram, GpuProgram, Mesh, Shader, type Buffer } from 'pixi.js';
import { SPRITE_BYTES, SPRITE_QUAD_INDICES } from './spritePack.ts';

/** The rim of a disc (squared radius beyond RIM_FROM, as a fraction of the radius²) is drawn at RIM of its colour. */
const RIM_FROM = '0.5';
const RIM = '0.45';

const WGSL = /* wgsl */ `
const RIM_FROM: f32 = ${RIM_FROM};
const RIM: f32 = ${RIM};
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
  let r2 = dot(v.corner, v.corner);
  if (r2 > 1.0) {
    discard;
  }
  // A darker rim, so a cell shows on a heat map of its own colour.
  let rgb = v.colour.rgb * select(1.0, RIM, r2 > RIM_FROM);
  return vec4<f32>(rgb * v.colour.a, v.colour.a);
}
`;

// GLSL ES 1.0, so the discs draw on WebGL1 too (a browser without WebGPU may offer no WebGL2; pixi then
// instances through ANGLE_instanced_arrays). WebGL2 runs GLSL ES 1.0 as well.
const GLSL_VERTEX = /* glsl */ `
precision highp float;
attribute vec2 aCorner;
attribute vec4 aPlace;
attribute vec4 aColour;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform vec4 uWorldColorAlpha;
uniform vec2 uResolution;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
varying vec2 vCorner;
varying vec4 vColour;

void main() {
  mat3 m = uProjectionMatrix * uWorldTransformMatrix * uTransformMatrix;
  // At least 1.5 px across, however small the cell is on screen.
  float pxPerUnit = length((m * vec3(1.0, 0.0, 0.0)).xy) * 0.5 * uResolution.x;
  float radius = aPlace.z > 0.0 ? max(aPlace.z, 0.75 / max(pxPerUnit, 1e-6)) : 0.0;
  vec3 p = m * vec3(aPlace.xy + aCorner * radius, 1.0);
  gl_Position = vec4(p.xy, 0.0, 1.0);
  vCorner = aCorner;
  vColour = aColour * uWorldColorAlpha * uColor;
}
`;

const GLSL_FRAGMENT = /* glsl */ `
precision mediump float;
const float RIM_FROM = ${RIM_FROM};
const float RIM = ${RIM};
varying vec2 vCorner;
varying vec4 vColour;

void main() {
  float r2 = dot(vCorner, vCorner);
  if (r2 > 1.0) discard;
  vec3 rgb = vColour.rgb * (r2 > RIM_FROM ? RIM : 1.0);
  gl_FragColor = vec4(rgb * vColour.a, vColour.a);
}
`;

/** The disc shader, with both programs (pixi picks the one of its renderer). */
export function createSpriteShader(): Shader {
  return new Shader({
    gpuProgram: GpuProgram.from({
      name: 'agent-sprites',
      vertex: { source: WGSL, entryPoint: 'mainVertex' },
      fragment: { source: WGSL, entryPoint: 'mainFragment' },
    }),
    glProgram: GlProgram.from({ name: 'agent-sprites', vertex: GLSL_VERTEX, fragment: GLSL_FRAGMENT }),
    resources: {},
  });
}

/** Two triangles over the corners (±1, ±1). */
const QUAD_INDICES = new Uint32Array([0, 1, 2, 0, 2, 3]);
if (QUAD_INDICES.length !== SPRITE_QUAD_INDICES) throw new Error('sprite quad: index count differs from SPRITE_QUAD_INDICES');

/** A quad per instance over the sprites of `sprites`, `instances` of them drawn. */
export function createSpriteGeometry(sprites: Buffer, instances: number): Geometry {
  return new Geometry({
    attributes: {
      aCorner: { buffer: new Float32Array([-1, -1, 1, -1, 1, 1, -1, 1]), format: 'float32x2' },
      aPlace: { buffer: sprites, format: 'float32x4', stride: SPRITE_BYTES, offset: 0, instance: true },
      aColour: { buffer: sprites, format: 'float32x4', stride: SPRITE_BYTES, offset: 16, instance: true },
    },
    indexBuffer: QUAD_INDICES.slice(),
    instanceCount: instances,
  });
}

/** The mesh of a sprite geometry, labelled 'agents'. */
export function createSpriteMesh(geometry: Geometry): Mesh<Geometry, Shader> {
  const mesh = new Mesh({ geometry, shader: createSpriteShader() });
  mesh.label = 'agents';
  return mesh;
}
