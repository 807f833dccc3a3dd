import type { Evidence, ParameterSpec } from './types.ts';

/** Declares a parameter: value, unit, inclusive range [min, max], source and evidence label. */
export function param(
  value: number,
  unit: string,
  range: readonly [number, number],
  source: string,
  evidence: Evidence,
): ParameterSpec {
  return { value, unit, min: range[0], max: range[1], source, evidence };
}
