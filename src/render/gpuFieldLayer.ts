/**
 * The heat map of a GPU run's field, drawn by pixi on the simulation's GPUDevice with no read-back:
 * encode() records the colouring kernel (fieldColouring.ts) and a copy of its texels into the GPUTexture
 * behind a pixi texture. A sprite of nx × ny texels, nearest-neighbour, sized to the domain in µm.
 */
import { Sprite, Texture, TextureSource, type Application } from 'pixi.js';
import type { GpuRun } from '../sim/gpu/gpuRun.ts';
import { sharedWebGpuRenderer } from './agentLayer.ts';
import { createFieldColouring } from './fieldColouring.ts';

export interface GpuFieldLayer {
  readonly view: Sprite;
  /** Shows field `index` (into the model's fields) from the next encode() on. */
  setField(index: number): void;
  /** Records the colouring of the run's current field and its copy into the texture (submit before rendering). */
  encode(encoder: GPUCommandEncoder): void;
  destroy(): void;
}

/** The heat map of `run`'s field number `field`, for `app` (a WebGPU pixi Application on the run's device). */
export async function createGpuFieldLayer(app: Application, run: GpuRun, field: number): Promise<GpuFieldLayer> {
  const renderer = sharedWebGpuRenderer(app, run.device, 'createGpuFieldLayer');
  const { grid } = run.setup;
  const colouring = await createFieldColouring(run.device, grid, run.fields, run.setup.model.compiled.spec.fields.map((f) => f.typicalMax), field);
  const source = new TextureSource({ width: grid.nx, height: grid.ny, format: 'rgba8unorm', scaleMode: 'nearest', autoGenerateMipmaps: false, label: 'heat map' });
  // Written only by the copy below: pixi must not unload it (it would come back blank).
  source.autoGarbageCollect = false;
  const texture = new Texture({ source });
  const view = new Sprite(texture);
  view.label = 'heat map';
  view.setSize(grid.width, grid.height);
  return {
    view,
    setField(index) {
      if (index !== colouring.field) colouring.setField(index);
    },
    encode(encoder) {
      colouring.encode(encoder);
      // Looked up each time: pixi may have recreated the texture (e.g. after a resize).
      const target = renderer.texture.getGpuSource(source);
      encoder.copyBufferToTexture({ buffer: colouring.rgba, bytesPerRow: colouring.rowBytes, rowsPerImage: grid.ny }, { texture: target }, { width: grid.nx, height: grid.ny });
    },
    destroy() {
      view.destroy();
      texture.destroy(true);
      colouring.destroy();
    },
  };
}
