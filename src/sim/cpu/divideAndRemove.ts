/**
 * Phase divideAndRemove: compacts the next buffer into the current one, dropping dead and departed agents and
 * appending each daughter right after its mother, in agent order. Daughters get ids nextId, nextId+1, ...
 * in that order (a counter plus the rank of the birth: the same on the GPU with a prefix scan).
 * If the capacity would be exceeded, the first births in agent order happen and the rest wait.
 * Division (model.md §2): mother and daughter sit half a radius either side of the mother's old position
 * along a random axis (RNG stream DIVISION: word 0 the axis, word 1 the daughter's direction, both from
 * the table of unitCircle.ts); both
 * restart the cycle; the daughter inherits state and model variables and starts at age 0.
 */
import { RngStream } from '../rng.ts';
import { directionIndex, UNIT_CIRCLE } from '../unitCircle.ts';
import { CELL_EVENTS, type SimState } from '../state.ts';
import { FATE_DIE, FATE_DIVIDE, FATE_LEAVE } from './updateAgents.ts';

const EVENT_BIRTHS = CELL_EVENTS.indexOf('births');
const EVENT_DEATHS = CELL_EVENTS.indexOf('deaths');
const EVENT_DEPARTURES = CELL_EVENTS.indexOf('departures');
import type { KernelContext } from './kernelContext.ts';


/**
 * Writes the survivors and daughters of (fb, ub) (count agents, fates given) into the state's buffer;
 * updates state.count, state.nextId and state.blockedBirths.
 */
export function divideAndRemove(ctx: KernelContext, state: SimState, fb: Float32Array, ub: Uint32Array, count: number, fate: Uint8Array): void {
  const { o, stride, tables, grid } = ctx;
  let survivors = 0;
  let births = 0;
  const T = tables.types;
  const typeOff = o.type;
  for (let i = 0; i < count; i++) {
    const outcome = fate[i];
    if (outcome === FATE_DIE) state.events[EVENT_DEATHS * T + ub[i * stride + typeOff]]++;
    else if (outcome === FATE_LEAVE) state.events[EVENT_DEPARTURES * T + ub[i * stride + typeOff]]++;
    else survivors++;
    if (outcome === FATE_DIVIDE) births++;
  }
  const allowed = Math.min(births, state.capacity - survivors);
  state.blockedBirths += births - allowed;

  const fa = state.f;
  const ua = state.u;
  let out = 0;
  let born = 0;
  // Survivors are copied in runs (one block copy per run of consecutive survivors).
  let runStart = 0;
  const flush = (end: number) => {
    if (end > runStart) {
      ua.set(ub.subarray(runStart * stride, end * stride), out * stride);
      out += end - runStart;
    }
  };
  for (let i = 0; i < count; i++) {
    const outcome = fate[i];
    if (outcome === FATE_DIE || outcome === FATE_LEAVE) {
      flush(i);
      runStart = i + 1;
      continue;
    }
    if (outcome !== FATE_DIVIDE || born >= allowed) continue;
    flush(i + 1); // the mother ends a run, her daughter follows her
    runStart = i + 1;
    const src = i * stride;
    const mother = (out - 1) * stride;
    const daughter = out * stride;
    // Copy through the integer view: a float copy could canonicalise NaN bit patterns of integer words.
    for (let w = 0; w < stride; w++) ua[daughter + w] = ub[src + w];
    out++;
    born++;
    state.events[EVENT_BIRTHS * T + ub[src + typeOff]]++;
    const w = ctx.random(ub[src + o.id], RngStream.DIVISION);
    const axis = directionIndex(w[0]);
    const half = 0.5 * tables.radius[ub[src + o.type]];
    const ox = half * UNIT_CIRCLE[axis];
    const oy = half * UNIT_CIRCLE[axis + 1];
    const x = fb[src + o.x];
    const y = fb[src + o.y];
    fa[mother + o.x] = Math.min(Math.max(x - ox, 0), grid.width);
    fa[mother + o.y] = Math.min(Math.max(y - oy, 0), grid.height);
    fa[daughter + o.x] = Math.min(Math.max(x + ox, 0), grid.width);
    fa[daughter + o.y] = Math.min(Math.max(y + oy, 0), grid.height);
    fa[mother + o.cycle] = 0;
    fa[daughter + o.cycle] = 0;
    fa[daughter + o.age] = 0;
    const dir = directionIndex(w[1]);
    fa[daughter + o.dirX] = UNIT_CIRCLE[dir];
    fa[daughter + o.dirY] = UNIT_CIRCLE[dir + 1];
    ua[daughter + o.id] = (state.nextId + born - 1) >>> 0;
  }
  flush(count);
  state.nextId += born;
  state.count = out;
}
