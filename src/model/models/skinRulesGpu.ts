/**
 * The WGSL twin of the skin rules (GpuRules): the run's numbers from skinRuleValues and skinStepFactors
 * (skinRules.ts, the same float64 values the JS rules use) written as exact f32 constants, before
 * shaders/skin_agent_rules.wgsl and shaders/skin_voxel_rules.wgsl. Names: P_<PARAMETER> (p), POT_<CHANNEL>
 * (pot), CLAMP_<NODE>_ON and CLAMP_<NODE> (an inhibitor's clamp; never NaN in WGSL), CENTRE_X/Y (µm),
 * RELAX and CARGO_KEEP (per step); then pathway_math.wgsl (the pathway arithmetic the bone rules share), and
 * before the agent rules immune_rules.wgsl (the immune module both models share, immuneRules.ts).
 * Decisions on constant probabilities and thresholds compare f32 values with f32Bounds.ts roundings, so
 * they fall the same way as on the CPU: CHANCE_* (1 - exp(-h·dt) of a constant hazard h),
 * GE_FULL_COVER (FULL_COVER) and GT_VESSEL_DERMIS (vessel.dermis).
 */
import { f32Above, f32Below } from '../../sim/gpu/f32Bounds.ts';
import { loadShader } from '../../sim/gpu/shaderSource.ts';
import { constName, f32Const } from '../../sim/gpu/wgslLiterals.ts';
import type { ArmContext, GpuRules, ParameterValues } from '../rules.ts';
import { FULL_COVER, skinRuleValues, skinStepFactors } from './skinRules.ts';
import { chance } from './pathwayMath.ts';
import { boolConst, gpuRulesOf, IMMUNE_RULES, immuneChances } from './wgslRules.ts';

/** The skin rules in WGSL for a run's values and arm, at time step dt (min). */
export function skinGpuRules(values: ParameterValues, arm: ArmContext, dt: number): GpuRules {
  const { p, pot, anyCargo, clamps, centre, vegfFromExosomes } = skinRuleValues(values, arm);
  const { relax, cargoKeep } = skinStepFactors(p, dt);
  return gpuRulesOf('skin', [
    ...Object.entries(p).map(([name, x]) => f32Const(`P_${constName(name)}`, x)),
    ...Object.entries(pot).map(([name, x]) => f32Const(`POT_${constName(name)}`, x)),
    boolConst('ANY_CARGO', anyCargo),
    ...Object.entries(clamps).flatMap(([node, x]) => [boolConst(`CLAMP_${constName(node)}_ON`, !Number.isNaN(x)), f32Const(`CLAMP_${constName(node)}`, Number.isNaN(x) ? 0 : x)]),
    f32Const('CENTRE_X', centre[0]),
    f32Const('CENTRE_Y', centre[1]),
    f32Const('RELAX', relax),
    f32Const('CARGO_KEEP', cargoKeep),
    ...immuneChances(p, dt),
    f32Const('CHANCE_STALK_LEAVE', f32Above(chance(p.stalkLeave, dt))),
    f32Const('CHANCE_KER_DIFF', f32Above(chance(p.kerDiff, dt))),
    f32Const('GE_FULL_COVER', f32Above(FULL_COVER)),
    f32Const('GT_VESSEL_DERMIS', f32Below(p.vesselDermis)),
    f32Const('VEGF_FROM_EXOSOMES', vegfFromExosomes),
    loadShader('pathway_math.wgsl'),
  ], [IMMUNE_RULES]);
}
