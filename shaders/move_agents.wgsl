// Phase moveAgents (moveAgents.ts): each agent writes its new position and persistent direction into its
// own slot, from its slot, the fields and the mechanics sums of compute_pair_forces.wgsl (computed from the
// positions before this kernel). Velocities in µm/min, integrated over DT min.
// - Persistent random walk (model.md §2): the direction is re-drawn with probability 1 - exp(-dt/persistence)
//   (TAB_TURN_PROBABILITY): draw(id, MOTILITY) word 0 decides, word 1 picks one of 4096 directions.
// - Taxis (PhysiCell's biased migration, Ghaffarizadeh et al. 2018): d = w·d_random + Σ b_k·∇c_k/|∇c_k|,
//   w = max(0, 1 - Σ|b_k|) (TAB_TAXIS_RANDOM_WEIGHT); a field without gradient leaves its share |b_k| on the
//   random heading. Normalised, times the type's speed and the rules' rule_speed_scale.
// - Mechanics: the fixed-point sums, displacement per step capped at half the cell radius.
// Positions are clamped to [0, WIDTH] × [0, HEIGHT].
// Needs rng.wgsl, draw_random.wgsl, locate_cells.wgsl, sense_fields.wgsl and the model's rules (GpuRules.agent).
// Bindings: 0 agents, 1 fields, 2 tables, 3 step, 4 mech.

@group(0) @binding(0) var<storage, read_write> agents: array<Agent>;
@group(0) @binding(1) var<storage, read> fields: array<f32>;
@group(0) @binding(2) var<storage, read> tables: array<f32>;
@group(0) @binding(3) var<uniform> step: StepInfo;
@group(0) @binding(4) var<storage, read> mech: array<i32>;

// Gradient of `field` at voxel (i, j) by central differences, one-sided at the domain edge, field unit/µm.
fn taxis_gradient(field: u32, i: u32, j: u32) -> vec2<f32> {
  let k = field * CELLS + j * NX + i;
  let il = select(k, k - 1u, i > 0u);
  let ir = select(k, k + 1u, i < NX - 1u);
  let ju = select(k, k - NX, j > 0u);
  let jd = select(k, k + NX, j < NY - 1u);
  let sx = f32(select(0u, 1u, i > 0u) + select(0u, 1u, i < NX - 1u));
  let sy = f32(select(0u, 1u, j > 0u) + select(0u, 1u, j < NY - 1u));
  let gx = select(0.0, (fields[ir] - fields[il]) / (sx * DX), sx > 0.0);
  let gy = select(0.0, (fields[jd] - fields[ju]) / (sy * DX), sy > 0.0);
  return vec2<f32>(gx, gy);
}

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let cell_type = agents[i].cellType;
  let xi = agents[i].x;
  let yi = agents[i].y;

  // persistent random walk
  var heading = vec2<f32>(agents[i].dirX, agents[i].dirY);
  let w = draw(agents[i].id, RNG_STREAM_MOTILITY);
  if (uniform01(w.x) < tables[TAB_TURN_PROBABILITY + cell_type]) { heading = direction_of(w.y); }
  agents[i].dirX = heading.x;
  agents[i].dirY = heading.y;

  // taxis: up the gradient (b > 0) or down it (b < 0)
  var m = tables[TAB_TAXIS_RANDOM_WEIGHT + cell_type] * heading;
  let vi = voxel_col(xi);
  let vj = voxel_row(yi);
  for (var k = 0u; k < FIELDS; k++) {
    let b = tables[TAB_TAXIS_BIAS + cell_type * FIELDS + k];
    if (b == 0.0) { continue; }
    let g = taxis_gradient(k, vi, vj);
    let norm = sqrt(g.x * g.x + g.y * g.y);
    if (norm > 1e-12) {
      m += b * g / norm;
    } else {
      m += abs(b) * heading;
    }
  }
  var speed = tables[TAB_SPEED + cell_type];
  if (speed > 0.0) { speed *= rule_speed_scale(i, cell_type); }
  let mnorm = sqrt(m.x * m.x + m.y * m.y);
  let migration = select(vec2<f32>(0.0), speed * m / mnorm, mnorm > 0.0);

  // mechanics, capped at half the radius per step
  var shove = vec2<f32>(f32(mech[3u * i]), f32(mech[3u * i + 1u])) * (DT / MECHANICS_FIXED_POINT);
  let size = sqrt(shove.x * shove.x + shove.y * shove.y);
  let cap = 0.5 * tables[TAB_RADIUS + cell_type];
  if (size > cap) { shove *= cap / size; }

  agents[i].x = clamp(xi + migration.x * DT + shove.x, 0.0, WIDTH);
  agents[i].y = clamp(yi + migration.y * DT + shove.y, 0.0, HEIGHT);
}
