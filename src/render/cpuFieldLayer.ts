/**
 * The heat map of a field whose values come from the CPU (the CPU backend's worker sends one field per
 * frame): coloured by colourField (fieldColours.ts, the same bytes as the GPU kernel) into a pixi buffer
 * texture, on either renderer (WebGL2 or WebGPU). A sprite of nx × ny texels, nearest-neighbour, sized to
 * the domain in µm.
 */
import { BufferImageSource, Sprite, Texture } from 'pixi.js';
import type { FieldSpec } from '../model/types.ts';
import type { Grid } from '../sim/grid.ts';
import { colourField, fieldScale } from './fieldColours.ts';

export interface CpuFieldLayer {
  readonly view: Sprite;
  /** Colours with field `index`'s scale (typicalMax) from the next update on; update() must then get its values. */
  setField(index: number): void;
  /** Shows `values` (nx × ny voxels of the current field, j·nx + i). */
  update(values: Float32Array): void;
  destroy(): void;
}

/** A heat map over `grid` for the model's `fields`, starting with field number `field`. */
export function createCpuFieldLayer(grid: Grid, fields: readonly FieldSpec[], field: number): CpuFieldLayer {
  const texels = new Uint8Array(grid.cells * 4);
  const source = new BufferImageSource({ resource: texels, width: grid.nx, height: grid.ny, format: 'rgba8unorm', scaleMode: 'nearest', autoGenerateMipmaps: false, label: 'heat map' });
  const texture = new Texture({ source });
  const view = new Sprite(texture);
  view.label = 'heat map';
  view.setSize(grid.width, grid.height);
  let scale = 1;
  const layer: CpuFieldLayer = {
    view,
    setField(index) {
      if (!Number.isInteger(index) || index < 0 || index >= fields.length) throw new Error(`heat map: no field ${index} (the model has ${fields.length})`);
      scale = fieldScale(fields[index].typicalMax);
    },
    update(values) {
      if (values.length !== grid.cells) throw new Error(`heat map: ${values.length} values for a ${grid.nx} × ${grid.ny} grid`);
      colourField(values, scale, grid.nx, grid.ny, texels);
      source.update();
    },
    destroy() {
      view.destroy();
      texture.destroy(true);
    },
  };
  layer.setField(field);
  return layer;
}
