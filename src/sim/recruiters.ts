/**
 * The recruiting cell types of a run (recruitCells.ts, model.md §2), resolved once from the model spec and
 * the parameter values; shared by the CPU and GPU backends so both recruit from the same list, in type order.
 */
import type { Recruiter } from './cpu/recruitCells.ts';
import type { RunSetup } from './runSetup.ts';

/** The recruiters of a run with `types` cell types: those with a recruitment rule and a positive rate. */
export function recruitersOf(setup: RunSetup, types: number): Recruiter[] {
  const compiled = setup.model.compiled;
  const voxelAreaMm2 = (setup.grid.dx * setup.grid.dx) / 1e6;
  const out: Recruiter[] = [];
  compiled.spec.cellTypes.forEach((cell, t) => {
    const r = cell.phenotype.recruitment;
    if (!r || t >= types) return;
    const rate = setup.values.get(`${cell.name}.recruitment.rate`)!;
    if (!(rate > 0)) return;
    out.push({
      type: t,
      state: r.state ? compiled.stateIndex[cell.name][r.state] : 0,
      vesselField: compiled.fieldIndex[r.from],
      signalField: compiled.fieldIndex[r.signal],
      perVoxel: rate * voxelAreaMm2 * (setup.dt / 1440),
      halfSaturation: setup.values.get(`${cell.name}.recruitment.halfSaturation`)!,
    });
  });
  return out;
}
