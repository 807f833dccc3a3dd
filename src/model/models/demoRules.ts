/**
 * Rules of the engine demo model: followers and wanderers record the attractant they sense and settle
 * (state "settled", slower) once it exceeds their threshold. Beacons have no rules.
 */
import type { CompiledModel } from '../compile.ts';
import type { BoundRules, ParameterValues } from '../rules.ts';

/** Binds the demo rules to parameter values. */
export function bindDemoRules(compiled: CompiledModel, values: ParameterValues): BoundRules {
  const attractant = compiled.fieldIndex.attractant;
  const follower = compiled.cellTypeIndex.follower;
  const wanderer = compiled.cellTypeIndex.wanderer;
  const settled = compiled.stateIndex.follower.settled; // same index in wanderer
  const threshold = [0, 0, 0];
  threshold[follower] = values.get('follower.settle_threshold')!;
  threshold[wanderer] = values.get('wanderer.settle_threshold')!;
  const settledSpeed = values.get('settled.speed_scale')!;
  const offSensed = compiled.layout.offset.sensed;
  const offState = compiled.layout.offset.cellState;
  const offX = compiled.layout.offset.x;
  const offY = compiled.layout.offset.y;

  return {
    updateAgent(view, base, type) {
      if (type !== follower && type !== wanderer) return;
      const c = view.sample(attractant, view.f[base + offX], view.f[base + offY]);
      view.f[base + offSensed] = c;
      if (c > threshold[type]) view.u[base + offState] = settled;
    },
    speedScale(view, base, type) {
      return type !== follower && type !== wanderer ? 1 : view.u[base + offState] === settled ? settledSpeed : 1;
    },
  };
}
