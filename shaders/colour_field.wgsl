// Heat map of one field for drawing (src/render/fieldColouring.ts), not a simulation phase: voxel (i, j)
// of fields[offset + j·NX + i] becomes one RGBA8 texel (r | g << 8 | b << 16 | a << 24) of row j of `rgba`,
// rows ROW_WORDS words apart (256-byte aligned, as copyBufferToTexture needs). t = value × scale clamped to
// [0, 1] on the ramp RAMP (RAMP_STOPS evenly spaced RGB points, 0..255). Each step is the f32 operation that
// colourField (src/render/fieldColours.ts) mirrors on the CPU.
// Expects, prepended by the caller: NX, NY, ROW_WORDS (u32), RAMP_STOPS (u32), RAMP (array<vec3<f32>, RAMP_STOPS>).
struct Params { offset: u32, scale: f32 }

@group(0) @binding(0) var<storage, read> fields: array<f32>;
@group(0) @binding(1) var<uniform> params: Params;
@group(0) @binding(2) var<storage, read_write> rgba: array<u32>;

fn ramp_byte(a: f32, b: f32, w: f32) -> u32 {
  return u32(floor(a + (b - a) * w + 0.5));
}

@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) id: vec3<u32>) {
  if (id.x >= NX || id.y >= NY) {
    return;
  }
  let v = fields[params.offset + id.y * NX + id.x] * params.scale;
  let t = select(0.0, min(v, 1.0), v > 0.0);
  let x = t * f32(RAMP_STOPS - 1u);
  let k = min(u32(floor(x)), RAMP_STOPS - 2u);
  let w = x - f32(k);
  let a = RAMP[k];
  let b = RAMP[k + 1u];
  let r = ramp_byte(a.x, b.x, w);
  let g = ramp_byte(a.y, b.y, w);
  let bl = ramp_byte(a.z, b.z, w);
  rgba[id.y * ROW_WORDS + id.x] = r | (g << 8u) | (bl << 16u) | (255u << 24u);
}
