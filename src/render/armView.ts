/**
 * One arm's view of the tissue as a pixi Container: the heat map of one field, the agents on top, the
 * defect outline, and, drawn over the tissue, the arm's title (top left) and a scale bar in mm (bottom left).
 * Two of them sit side by side in one pixi Application (one canvas).
 *
 * The container is in canvas px with the domain's top-left corner at its origin: it spans sizePx across and
 * sizePx · height / width down (place it with container.x/y). Inside, `domain` is in µm.
 *
 * Sources:
 *  - gpu: the backend's buffers on the app's GPUDevice (the app must run pixi's WebGPU renderer on the
 *    backend's device); update() records the sprite and heat-map copies on the device and submits them,
 *    reading nothing back.
 *  - cpu: frames from the CPU backend (sprites from packAgentSprites, one field's values); works on WebGL2 and
 *    WebGPU; update(frame) uploads them.
 */
import { Container, Graphics, Text, type Application } from 'pixi.js';
import type { GpuBackend } from '../sim/gpu/GpuBackend.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import { createAgentLayer } from './agentLayer.ts';
import { createCpuAgentLayer } from './cpuAgentLayer.ts';
import { createCpuFieldLayer } from './cpuFieldLayer.ts';
import { outlineSegments } from './defectOutline.ts';
import { createGpuFieldLayer } from './gpuFieldLayer.ts';
import { scaleBarFor } from './scaleBar.ts';
import { spriteRadii } from './spriteData.ts';

export type ArmSource = { kind: 'gpu'; backend: GpuBackend } | { kind: 'cpu' };

export interface ArmViewOptions {
  /** Width of the drawn domain, canvas px. */
  sizePx: number;
  /** Shown at the top left, e.g. the arm's name. */
  title: string;
  /** Field shown as the heat map first (index into the model's fields). */
  field: number;
}

/** What the CPU source draws at a step (the worker's frame of one arm). */
export interface ArmFrame {
  /** Live agents. */
  count: number;
  /** count × 8 floats (spriteData.ts). */
  sprites: Float32Array;
  /** The current field's values, nx × ny (j·nx + i). */
  field: Float32Array;
}

export interface ArmView {
  /** In canvas px, the domain's top-left corner at the origin. */
  readonly container: Container;
  /** The domain's layers (heat map, agents, outline), in µm. */
  readonly domain: Container;
  /** Size of the view, canvas px. */
  readonly widthPx: number;
  readonly heightPx: number;
  /** Shows field `index` as the heat map (CPU: later frames must carry that field's values). */
  setField(index: number): void;
  /** GPU: records and submits the copies of the current state (no frame). CPU: draws `frame` (none: no change). */
  update(frame?: ArmFrame): void;
  destroy(): void;
}

const TEXT_COLOUR = 0xf2f2f2;
const BACKING = { color: 0x101418, alpha: 0.6 };
/** Outline and scale bar line widths, canvas px. */
const OUTLINE_PX = 1.5;
const BAR_PX = 4;
/** Distance of the title and the scale bar from the domain's edges, canvas px. */
const MARGIN_PX = 8;

/** Builds the view of the arm `setup` from `source` for `app`. */
export async function createArmView(app: Application, setup: RunSetup, source: ArmSource, options: ArmViewOptions): Promise<ArmView> {
  const { grid } = setup;
  if (!(options.sizePx > 0)) throw new Error(`arm view "${options.title}": sizePx must be positive, not ${options.sizePx}`);
  const pxPerUm = options.sizePx / grid.width;
  const widthPx = options.sizePx;
  const heightPx = grid.height * pxPerUm;

  const container = new Container({ label: `arm ${setup.armName}` });
  const domain = new Container({ label: 'domain (µm)' });
  domain.scale.set(pxPerUm);
  container.addChild(domain);

  let layers: { heat: { view: Container; setField(i: number): void }; agents: { view: Container }; update(frame?: ArmFrame): void; destroy(): void };
  if (source.kind === 'gpu') {
    const run = source.backend.run;
    const heat = await createGpuFieldLayer(app, run, options.field);
    const agents = await createAgentLayer(app, source.backend, spriteRadii(setup));
    layers = {
      heat,
      agents,
      update() {
        const encoder = run.device.createCommandEncoder({ label: `draw ${setup.armName}` });
        heat.encode(encoder);
        agents.encode(encoder);
        run.device.queue.submit([encoder.finish()]);
      },
      destroy() {
        agents.destroy();
        heat.destroy();
      },
    };
  } else {
    const heat = createCpuFieldLayer(grid, setup.model.compiled.spec.fields, options.field);
    const agents = createCpuAgentLayer();
    layers = {
      heat,
      agents,
      update(frame) {
        if (!frame) return;
        heat.update(frame.field);
        agents.update(frame.sprites, frame.count);
      },
      destroy() {
        agents.destroy();
        heat.destroy();
      },
    };
  }

  const outline = new Graphics({ label: 'defect outline' });
  const segments = outlineSegments(setup.defectMask, grid);
  for (let k = 0; k < segments.length; k += 4) outline.moveTo(segments[k], segments[k + 1]).lineTo(segments[k + 2], segments[k + 3]);
  outline.stroke({ width: OUTLINE_PX / pxPerUm, color: 0xffffff, alpha: 0.85, cap: 'square' });
  domain.addChild(layers.heat.view, layers.agents.view, outline);

  const title = new Text({ text: options.title, style: { fill: TEXT_COLOUR, fontSize: 15, fontFamily: 'system-ui, sans-serif', fontWeight: '600' } });
  title.position.set(MARGIN_PX, MARGIN_PX);
  const titleBacking = new Graphics().roundRect(MARGIN_PX - 4, MARGIN_PX - 2, title.width + 8, title.height + 4, 3).fill(BACKING);

  const bar = scaleBarFor(grid.width);
  const barPx = bar.um * pxPerUm;
  const label = new Text({ text: bar.label, style: { fill: TEXT_COLOUR, fontSize: 13, fontFamily: 'system-ui, sans-serif' } });
  const barY = heightPx - MARGIN_PX - BAR_PX;
  label.position.set(MARGIN_PX + barPx + 6, barY + BAR_PX / 2 - label.height / 2);
  const scaleBar = new Graphics({ label: `scale bar ${bar.label}` })
    .roundRect(MARGIN_PX - 4, Math.min(barY, label.y) - 3, barPx + 6 + label.width + 8, Math.max(BAR_PX, label.height) + 6, 3)
    .fill(BACKING)
    .rect(MARGIN_PX, barY, barPx, BAR_PX)
    .fill(TEXT_COLOUR);
  container.addChild(titleBacking, title, scaleBar, label);

  return {
    container,
    domain,
    widthPx,
    heightPx,
    setField: (index) => layers.heat.setField(index),
    update: (frame) => layers.update(frame),
    destroy() {
      layers.destroy();
      container.destroy({ children: true });
    },
  };
}
