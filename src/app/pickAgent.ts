/**
 * Picking a cell on the page: the agent under a point of the domain, with its variables, from a plain state
 * (the CPU twins' live state, or GpuBackend.readState() on the GPU path).
 */
import { spriteRadii } from '../render/spriteData.ts';
import type { RunSetup } from '../sim/runSetup.ts';
import type { SimState } from '../sim/state.ts';

/** A picked agent: identity, place (µm) and every other variable of the agent layout, with units. */
export interface PickedCell {
  id: number;
  /** Cell type name (model spec). */
  type: string;
  /** State name within the type. */
  state: string;
  x: number;
  y: number;
  /** The layout's variables past id, cellType, cellState, x and y (engine ones, then the model's), in layout order. */
  variables: { name: string; value: number; unit: string }[];
}

/** Layout variables shown as fields of PickedCell rather than in its list. */
const SHOWN_APART = new Set(['id', 'cellType', 'cellState', 'x', 'y']);

/**
 * The agent whose disc (its type's drawn radius, `${type}.radius` µm) contains the point (x, y) µm; the
 * nearest centre when several do (the lower slot on a tie); null when none does.
 */
export function pickAgent(state: SimState, setup: RunSetup, x: number, y: number): PickedCell | null {
  const compiled = setup.model.compiled;
  const o = compiled.layout.offset;
  const radii = spriteRadii(setup);
  const { f, u, stride } = state;
  let best = -1;
  let bestD2 = Infinity;
  for (let i = 0; i < state.count; i++) {
    const base = i * stride;
    const r = radii[u[base + o.cellType]] ?? 0;
    const dx = f[base + o.x] - x;
    const dy = f[base + o.y] - y;
    const d2 = dx * dx + dy * dy;
    if (d2 <= r * r && d2 < bestD2) {
      best = i;
      bestD2 = d2;
    }
  }
  if (best < 0) return null;

  const base = best * stride;
  const type = compiled.spec.cellTypes[u[base + o.cellType]];
  const variables = compiled.layout.variables
    .filter((v) => !SHOWN_APART.has(v.name))
    .map((v) => {
      const k = base + o[v.name];
      const value = v.kind === 'f32' ? f[k] : v.kind === 'i32' ? u[k] | 0 : u[k];
      return { name: v.name, value, unit: v.unit };
    });
  return {
    id: u[base + o.id],
    type: type.name,
    state: type.states[u[base + o.cellState]] ?? `#${u[base + o.cellState]}`,
    x: f[base + o.x],
    y: f[base + o.y],
    variables,
  };
}
