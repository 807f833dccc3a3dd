/** Which read-outs a derived read-out is computed from (declared read-outs, by name). */
import type { ReadoutSpec } from './types.ts';

/** Names of the read-outs `r` is computed from (empty for base reductions). */
export function readoutDependencies(r: ReadoutSpec): readonly string[] {
  const red = r.reduction;
  switch (red.kind) {
    case 'percentReduction':
    case 'timeTo':
    case 'eventRate':
    case 'frontSpeed':
      return [red.of];
    case 'sumOf':
      return red.of;
    case 'ratioOf':
      return [red.numerator, red.denominator];
    default:
      return [];
  }
}
