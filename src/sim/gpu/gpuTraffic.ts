/**
 * Bytes a GPU step moves, from the buffer layout (not measured): the memory-bandwidth bound of a step is
 * these bytes divided by the device's bandwidth. Per agent and step, each kernel's reads and writes of
 * agent structs and per-agent words, counting a neighbour's words once (they are re-read from cache by
 * the agents of the same bins); per voxel and field, the field solve's passes over the grid.
 */

/** Whole-struct passes per step: gather (read + write), move (read + write), update (read + write), deposit (read), compaction (read + write). */
const STRUCT_PASSES = 9;

/**
 * Per-agent words besides the whole-struct passes: binning reads positions twice and writes a rank (count
 * 3, place 4: positions, rank, order), sorts by id (order read and written, id read: 3) and gathers by the
 * order (1); pair forces read the agent's position and type and write its sums (6); move reads the sums (3);
 * update reads the touching count and writes the fate (2); compaction reads the fate, writes and scans two
 * rank arrays and reads them back (8).
 */
const AUX_WORDS = 3 + 4 + 3 + 1 + 6 + 3 + 2 + 8;

/** Bytes moved per agent per step for an agent struct of `stride` words. */
export function bytesPerAgentStep(stride: number): number {
  return 4 * (STRUCT_PASSES * stride + AUX_WORDS);
}

/**
 * Bytes per voxel of one field's step: the terms build (accumulators 2 read + 2 zeroed, source and uptake
 * written: 6 words) for every field; a structural field then reads value, source and uptake and writes the
 * value (4); a diffusing field's solve makes passes over the finest grid (right-hand side and residual 4,
 * line solves 4, smoothing and restriction 6, prolongation and post-smoothing 6, mass sums and scaling 3:
 * 23 words), and its coarse levels add a third of that.
 */
export function bytesPerVoxelFieldStep(diffusing: boolean): number {
  return diffusing ? Math.ceil(4 * (6 + 23 * (4 / 3))) : 4 * (6 + 4);
}
