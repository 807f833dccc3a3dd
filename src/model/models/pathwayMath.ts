/**
 * The small arithmetic the models' pathway layers share (skinRules.ts, boneRules.ts): noisy-OR,
 * saturating drives, cargo effects, and the chance of an event within a step.
 */

/** Noisy-OR of activations in [0, 1]. */
export function or2(a: number, b: number): number {
  return 1 - (1 - a) * (1 - b);
}

/** Effect of a cargo channel: potency x saturating amount, at most 1. */
export function effect(potency: number, amount: number): number {
  const e = potency * amount;
  return e > 1 ? 1 : e;
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/** Probability that an event of hazard h (1/min) happens within dt (min). */
export function chance(h: number, dt: number): number {
  return 1 - Math.exp(-h * dt);
}

/** K²/(K² + x²): falls from 1 to 0 as x passes K. */
export function hill2(x: number, k: number): number {
  return (k * k) / (k * k + x * x);
}

/** x/(x + K): saturating drive. */
export function sat(x: number, k: number): number {
  return x / (x + k);
}
