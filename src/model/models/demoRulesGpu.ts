/**
 * The WGSL twin of the demo rules (GpuRules): demoRules.ts's thresholds and settled speed as f32 constants
 * before shaders/demo_agent_rules.wgsl and shaders/demo_voxel_rules.wgsl. A cell settles when the sensed
 * attractant c exceeds its threshold t (float64 on the CPU); GT_*_SETTLE = f32Below(t), so c > GT ⇔ c > t
 * for every f32 c (f32Bounds.ts) and both backends settle the same cells.
 */
import { f32Below } from '../../sim/gpu/f32Bounds.ts';
import { f32Const } from '../../sim/gpu/wgslLiterals.ts';
import type { GpuRules, ParameterValues } from '../rules.ts';
import { gpuRulesOf } from './wgslRules.ts';

/** The demo rules in WGSL for a run's parameter values. */
export function demoGpuRules(values: ParameterValues): GpuRules {
  return gpuRulesOf('demo', [
    f32Const('GT_FOLLOWER_SETTLE', f32Below(values.get('follower.settle_threshold')!)),
    f32Const('GT_WANDERER_SETTLE', f32Below(values.get('wanderer.settle_threshold')!)),
    f32Const('SETTLED_SPEED', values.get('settled.speed_scale')!),
  ]);
}
