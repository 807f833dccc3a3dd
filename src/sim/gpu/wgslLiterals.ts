/**
 * Exact WGSL literals for values computed in TypeScript. An abstract-float literal that f32 cannot
 * represent may round either way (WGSL spec), so f32 values are written as the bit pattern of
 * Math.fround(x): the GPU then sees exactly the f32 the CPU stores.
 */
const bits = new Uint32Array(1);
const float = new Float32Array(bits.buffer);

/** WGSL expression of Math.fround(x) as an exact f32: `bitcast<f32>(0x3f800000u)`. */
export function f32Literal(x: number): string {
  float[0] = x;
  return `bitcast<f32>(0x${bits[0].toString(16).padStart(8, '0')}u)`;
}

/** WGSL u32 literal (x must be an integer in [0, 2^32)). */
export function u32Literal(x: number): string {
  if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw new RangeError(`u32 literal out of range: ${x}`);
  return `${x}u`;
}

/** `const NAME: f32 = ...;` with the exact f32 of x. */
export function f32Const(name: string, x: number): string {
  return `const ${name}: f32 = ${f32Literal(x)}; // ${x}`;
}

/** `const NAME: u32 = ...;`. */
export function u32Const(name: string, x: number): string {
  return `const ${name}: u32 = ${u32Literal(x)};`;
}

/** An identifier for WGSL from a spec name: 'antiinflammatory' → 'ANTIINFLAMMATORY', 'mature_at' → 'MATURE_AT'. */
export function constName(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toUpperCase();
}
