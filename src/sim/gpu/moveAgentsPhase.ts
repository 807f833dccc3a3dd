/**
 * Phase moveAgents on the GPU, the twin of PairForces.compute + moveAgents (pairForces.ts, moveAgents.ts),
 * on the sorted agents (`run.sorted`) that binAgents left, in one compute pass of two kernels:
 *   compute_pair_forces  per agent: fixed-point repulsion/adhesion sums and touching count from the 3×3
 *                        bins around it (bin starts of binAgentsPhase.ts) into `run.mech`
 *   move_agents          per agent: random walk turn, taxis, speed × the rules' rule_speed_scale, capped
 *                        mechanics, clamp to the domain; in place
 * The pair sums are complete before any agent moves (the dispatch boundary), as on the CPU.
 */
import type { GpuRun, Kernel } from './gpuRun.ts';

export class MoveAgentsPhase {
  private constructor(
    private readonly run: GpuRun,
    private readonly forces: Kernel,
    private readonly move: Kernel,
  ) {}

  static async create(run: GpuRun): Promise<MoveAgentsPhase> {
    const moveCode = run.composeWithAgentRules('move_agents.wgsl');
    const [forces, move] = await Promise.all([
      run.kernel('compute_pair_forces', run.compose('locate_cells.wgsl', 'compute_pair_forces.wgsl'), [run.sorted, run.tables, run.stepInfo, run.binStarts, run.mech]),
      run.kernel('move_agents', moveCode, [run.sorted, run.fields, run.tables, run.stepInfo, run.mech]),
    ]);
    return new MoveAgentsPhase(run, forces, move);
  }

  /** Records the phase (after binAgents; the agent dispatch covers the current count). */
  encode(encoder: GPUCommandEncoder): void {
    const pass = encoder.beginComputePass({ label: 'moveAgents' });
    this.run.dispatchAgents(pass, this.forces);
    this.run.dispatchAgents(pass, this.move);
    pass.end();
  }
}
