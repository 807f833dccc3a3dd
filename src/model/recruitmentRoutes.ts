/** The recruitment routes of a cell type with the prefix of their parameter names (types.ts RecruitmentSpec). */
import type { CellTypeSpec, RecruitmentSpec } from './types.ts';

export interface RecruitmentRoute {
  spec: RecruitmentSpec;
  /** `<type>.recruitment` for the first route, `<type>.recruitment.<route>` for the others. */
  prefix: string;
}

/** The type's routes in declared order (none without a recruitment rule). */
export function recruitmentRoutes(cell: CellTypeSpec): RecruitmentRoute[] {
  const r = cell.phenotype.recruitment;
  const list: readonly RecruitmentSpec[] = r === undefined ? [] : Array.isArray(r) ? r : [r as RecruitmentSpec];
  return list.map((spec, k) => ({ spec, prefix: k === 0 ? `${cell.name}.recruitment` : `${cell.name}.recruitment.${spec.route}` }));
}
