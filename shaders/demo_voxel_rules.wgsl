// Voxel exchanges of the engine demo model: none (demoRules.ts has no voxelExchange).
fn rule_voxel_exchange(k: u32) {}
