/**
 * The pixi mesh that draws agent sprites as instanced discs, for both renderers (WebGPU: WGSL GpuProgram;
 * WebGL2: GLSL ES 3.0 GlProgram). One instance per sprite of a pixi Buffer laid out as spriteData.ts says
 * (place vec4 then colour vec4, 32 bytes); radius 0 draws nothing. A disc is at least 1.5 px across,
 * however small the cell is on screen. Coordinates are the domain's, µm.
 */
import { Geometry, GlProgram, GpuProgram, Mesh, Shader, type Buffer } from 'pixi.js';
import { SPRITE_BYTES, SPRITE_QUAD_INDICES } from './spritePack.ts';

const WGSL = /* wgsl */ `
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

const GLSL_VERTEX = /* glsl */ `#version 300 es
in vec2 aCorner;
in vec4 aPlace;
in vec4 aColour;
uniform mat3 uProjectionMatrix;
uniform mat3 uWorldTransformMatrix;
uniform vec4 uWorldColorAlpha;
uniform vec2 uResolution;
uniform mat3 uTransformMatrix;
uniform vec4 uColor;
out vec2 vCorner;
out vec4 vColour;

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

const GLSL_FRAGMENT = /* glsl */ `#version 300 es
precision mediump float;
in vec2 vCorner;
in vec4 vColour;
out vec4 finalColor;

void main() {
  if (dot(vCorner, vCorner) > 1.0) discard;
  finalColor = vec4(vColour.rgb * vColour.a, vColour.a);
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
