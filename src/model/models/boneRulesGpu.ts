/**
 * The WGSL twin of the bone rules (GpuRules): the run's numbers from boneRuleValues and boneStepFactors
 * (boneRules.ts, the same float64 values the JS rules use) written as exact f32 constants, then the helper
 * files both rule files use (pathway_math.wgsl, compensated_sum.wgsl, bone_matrix.wgsl), before
 * shaders/bone_agent_rules.wgsl (after immune_rules.wgsl, the immune module shared with the skin model) and
 * shaders/bone_voxel_rules.wgsl. Names: P_<PARAMETER> (p), POT_<CHANNEL>
 * (pot), the other numbers of boneRuleValues by name (VEGF_FROM_EXOSOMES...), CLAMP_<NODE>_ON and
 * CLAMP_<NODE> (an inhibitor's clamp; never NaN in WGSL), RELAX and CARGO_KEEP (per step).
 * Decisions on constant probabilities and thresholds fall the same way as on the CPU (f32Bounds.ts):
 * CHANCE_* (1 - exp(-h·dt) of a constant hazard h, rounded up to f32), LT_O2_BONE (O2 < msc.o2_bone),
 * GE_LAMELLAR_ON (the f32 sum woven + lamellar >= osteoblast.lamellar_on), GE_OSTEOBLAST_SHARE (a uniform draw >=
 * chondrocyte.osteoblast_share), and on the sensed strain v, whose stimulus the CPU takes as S = v / mechano.a
 * in float64: GT_STRAIN_FIBROUS (S > fibrous_above ⇔ v > it), GT_STRAIN_CARTILAGE (S > cartilage_above ⇔
 * v > it, S <= cartilage_above ⇔ v <= it), LT_STRAIN_DISUSE (S < disuse_below ⇔ v < it).
 */
import { f32Above, f32Below } from '../../sim/gpu/f32Bounds.ts';
import { loadShader } from '../../sim/gpu/shaderSource.ts';
import { constName, f32Const } from '../../sim/gpu/wgslLiterals.ts';
import type { ArmContext, GpuRules, ParameterValues } from '../rules.ts';
import { boneRuleValues, boneStepFactors } from './boneRules.ts';
import { chance } from './pathwayMath.ts';
import { boolConst, gpuRulesOf, IMMUNE_RULES, immuneChances } from './wgslRules.ts';

/** WGSL helper files the two bone rule files use, after the constants. */
const HELPERS = ['pathway_math.wgsl', 'compensated_sum.wgsl', 'bone_matrix.wgsl'];

/** The next f32 above (step 1) or below (step -1) an f32 v ≥ 0 (below: v > 0): v·(1 ± 2^-30) lies strictly between v and its neighbour. */
function f32Neighbour(v: number, step: 1 | -1): number {
  if (v === 0) return f32Above(Number.MIN_VALUE);
  return step > 0 ? f32Above(v * (1 + 2 ** -30)) : f32Below(v * (1 - 2 ** -30));
}

/** Largest f32 v ≥ 0 with v / a <= t in float64 (a, t > 0): for every f32 v ≥ 0, v / a > t ⇔ v > it. */
export function f32QuotientBelow(t: number, a: number): number {
  let v = f32Below(t * a);
  while (v > 0 && v / a > t) v = f32Neighbour(v, -1);
  while (f32Neighbour(v, 1) / a <= t) v = f32Neighbour(v, 1);
  return v;
}

/** Smallest f32 v ≥ 0 with v / a >= t in float64 (a > 0, t ≥ 0): for every f32 v ≥ 0, v / a < t ⇔ v < it. */
export function f32QuotientAbove(t: number, a: number): number {
  let v = f32Above(t * a);
  while (v / a < t) v = f32Neighbour(v, 1);
  while (v > 0 && f32Neighbour(v, -1) / a >= t) v = f32Neighbour(v, -1);
  return v;
}

/** The bone rules in WGSL for a run's values and arm, at time step dt (min). */
export function boneGpuRules(values: ParameterValues, arm: ArmContext, dt: number): GpuRules {
  const { p, pot, anyCargo, clamps, ...derived } = boneRuleValues(values, arm);
  const { relax, cargoKeep } = boneStepFactors(p, dt);
  const exactChance = (hazard: number) => f32Above(chance(hazard, dt));
  const numbers: [string, number][] = [
    ...Object.entries(p).map(([name, x]): [string, number] => [`P_${constName(name)}`, x]),
    ...Object.entries(pot).map(([name, x]): [string, number] => [`POT_${constName(name)}`, x]),
    ...Object.entries(derived).map(([name, x]): [string, number] => [constName(name), x]),
    ['RELAX', relax],
    ['CARGO_KEEP', cargoKeep],
  ];
  const bad = numbers.filter(([, x]) => !Number.isFinite(x));
  if (bad.length > 0) throw new Error(`bone WGSL rules: ${bad.map(([name, x]) => `${name} = ${x}`).join(', ')} (boneRuleValues, boneRules.ts): every constant must be a finite number`);
  return gpuRulesOf('bone', [
    ...numbers.map(([name, x]) => f32Const(name, x)),
    boolConst('ANY_CARGO', anyCargo),
    ...Object.entries(clamps).flatMap(([node, x]) => [boolConst(`CLAMP_${constName(node)}_ON`, !Number.isNaN(x)), f32Const(`CLAMP_${constName(node)}`, Number.isNaN(x) ? 0 : x)]),
    ...immuneChances(p, dt),
    f32Const('CHANCE_STALK_LEAVE', exactChance(p.stalkLeave)),
    f32Const('CHANCE_INVASION_DEATH', exactChance(p.invasionDeath)),
    f32Const('CHANCE_EMBEDDING', exactChance(p.embedding)),
    f32Const('LT_O2_BONE', f32Above(p.o2Bone)),
    f32Const('LT_PROLIFERATIVE_WINDOW', f32Above(p.proliferativeWindow)),
    f32Const('GE_OSTEOBLAST_SHARE', f32Above(p.osteoblastShare)),
    f32Const('GE_LAMELLAR_ON', f32Above(p.lamellarOn)),
    f32Const('GT_STRAIN_FIBROUS', f32QuotientBelow(p.fibrousAbove, p.mechA)),
    f32Const('GT_STRAIN_CARTILAGE', f32QuotientBelow(p.cartilageAbove, p.mechA)),
    f32Const('LT_STRAIN_DISUSE', f32QuotientAbove(p.disuseBelow, p.mechA)),
    ...HELPERS.map(loadShader),
  ], [IMMUNE_RULES]);
}
