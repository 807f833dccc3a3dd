/**
 * The recruiting routes of a run (recruitCells.ts, model.md §2), resolved once from the model spec and the
 * parameter values; shared by the CPU and GPU backends so both recruit from the same list: types in order,
 * a type's routes in declared order.
 */
import { recruitmentRoutes } from '../model/recruitmentRoutes.ts';
import type { Recruiter } from './cpu/recruitCells.ts';
import type { RunSetup } from './runSetup.ts';

/** The recruiters of a run with `types` cell types: the routes with a positive rate. */
export function recruitersOf(setup: RunSetup, types: number): Recruiter[] {
  const compiled = setup.model.compiled;
  const voxelAreaMm2 = (setup.grid.dx * setup.grid.dx) / 1e6;
  const out: Recruiter[] = [];
  compiled.spec.cellTypes.forEach((cell, t) => {
    if (t >= types) return;
    recruitmentRoutes(cell).forEach(({ spec: r, prefix }, route) => {
      const rate = setup.values.get(`${prefix}.rate`)!;
      if (!(rate > 0)) return;
      // RNG keys of route k of a type: k·cells·types + voxel·types + type (route 0: voxel·types + type).
      const keyOffset = route * setup.grid.cells * types;
      if (keyOffset + setup.grid.cells * types > 2 ** 32) throw new Error(`${prefix}: the recruitment RNG keys of ${setup.grid.cells} voxels pass 2^32`);
      out.push({
        type: t,
        state: r.state ? compiled.stateIndex[cell.name][r.state] : 0,
        vesselField: compiled.fieldIndex[r.from],
        signalField: compiled.fieldIndex[r.signal],
        perVoxel: rate * voxelAreaMm2 * (setup.dt / 1440),
        halfSaturation: setup.values.get(`${prefix}.halfSaturation`)!,
        keyOffset,
      });
    });
  });
  return out;
}
