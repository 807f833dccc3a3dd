/**
 * Heat-map colours of one field on the GPU (shaders/colour_field.wgsl): the field, read in place from the
 * run's field buffer (field-major, fields[field·cells + cell]), becomes RGBA8 texels in a buffer whose rows
 * are 256-byte aligned, ready for copyBufferToTexture. Nothing is read back. Same bytes as colourField
 * (fieldColours.ts) on the CPU.
 */
import type { Grid } from '../sim/grid.ts';
import { compileKernel } from '../sim/gpu/compileKernel.ts';
import { loadShader } from '../sim/gpu/shaderSource.ts';
import { f32Literal, u32Const } from '../sim/gpu/wgslLiterals.ts';
import { fieldScale, RAMP_STOPS } from './fieldColours.ts';

/** Row alignment of a buffer-to-texture copy, bytes (WebGPU). */
const COPY_ROW_ALIGNMENT = 256;
const WORKGROUP = 8;

export interface FieldColouring {
  /** RGBA8 texels, row j at j·rowBytes (storage, copy source). */
  readonly rgba: GPUBuffer;
  /** Bytes per row of `rgba`: nx·4 rounded up to 256. */
  readonly rowBytes: number;
  /** The field coloured, index into the model's fields. */
  readonly field: number;
  /** Colours field `index` from the next encode() on. */
  setField(index: number): void;
  /** Records the colouring of the current field values into `encoder`. */
  encode(encoder: GPUCommandEncoder): void;
  destroy(): void;
}

/**
 * Colouring of `fields` (a storage buffer of typicalMaxes.length fields over `grid`) on `device`;
 * `typicalMaxes` are the fields' colour-scale maxima (model spec), `field` the one coloured first.
 */
export async function createFieldColouring(device: GPUDevice, grid: Grid, fields: GPUBuffer, typicalMaxes: readonly number[], field: number): Promise<FieldColouring> {
  const { nx, ny, cells } = grid;
  if (fields.size < typicalMaxes.length * cells * 4) throw new Error(`field buffer of ${fields.size} bytes is smaller than ${typicalMaxes.length} fields × ${cells} voxels`);
  const rowBytes = Math.ceil((nx * 4) / COPY_ROW_ALIGNMENT) * COPY_ROW_ALIGNMENT;
  const constants = [
    u32Const('NX', nx),
    u32Const('NY', ny),
    u32Const('ROW_WORDS', rowBytes / 4),
    u32Const('RAMP_STOPS', RAMP_STOPS.length),
    `const RAMP = array<vec3<f32>, ${RAMP_STOPS.length}>(${RAMP_STOPS.map((c) => `vec3<f32>(${c.map(f32Literal).join(', ')})`).join(', ')});`,
  ].join('\n');
  const pipeline = await compileKernel(device, `${constants}\n${loadShader('colour_field.wgsl')}`, 'main', 'colour_field');
  const rgba = device.createBuffer({ label: 'heat map texels', size: rowBytes * ny, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
  const params = device.createBuffer({ label: 'heat map field', size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const bindGroup = device.createBindGroup({
    label: 'colour_field',
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: { buffer: fields } },
      { binding: 1, resource: { buffer: params } },
      { binding: 2, resource: { buffer: rgba } },
    ],
  });
  const words = new ArrayBuffer(16);
  let current = -1;
  const colouring: FieldColouring = {
    rgba,
    rowBytes,
    get field() {
      return current;
    },
    setField(index) {
      if (!Number.isInteger(index) || index < 0 || index >= typicalMaxes.length) throw new Error(`heat map: no field ${index} (the model has ${typicalMaxes.length})`);
      new Uint32Array(words, 0, 1)[0] = index * cells;
      new Float32Array(words, 4, 1)[0] = fieldScale(typicalMaxes[index]);
      device.queue.writeBuffer(params, 0, words);
      current = index;
    },
    encode(encoder) {
      const pass = encoder.beginComputePass({ label: 'colour field' });
      pass.setPipeline(pipeline);
      pass.setBindGroup(0, bindGroup);
      pass.dispatchWorkgroups(Math.ceil(nx / WORKGROUP), Math.ceil(ny / WORKGROUP));
      pass.end();
    },
    destroy() {
      rgba.destroy();
      params.destroy();
    },
  };
  colouring.setField(field);
  return colouring;
}
