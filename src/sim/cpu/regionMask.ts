/** The voxel mask a read-out's region names (shared by the read-out reductions of both backends). */
import type { ReadoutRegion } from '../../model/types.ts';
import type { RegionMasks } from '../../scenario/regions.ts';

/** The voxel mask of a read-out region: the defect (default), the domain or a named region. */
export function regionMask(region: ReadoutRegion | undefined, regions: RegionMasks, defect: Uint8Array): Uint8Array {
  if (region === undefined || region === 'defect') return defect;
  if (region === 'domain') return regions.get('domain')!;
  const mask = regions.get(region.region);
  if (!mask) throw new Error(`read-out region "${region.region}" is not defined by the scenario`);
  return mask;
}
