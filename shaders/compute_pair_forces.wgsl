// Part of phase moveAgents (pairForces.ts): contact mechanics between neighbours (model.md §2 "contact
// repulsion and adhesion"), the PhysiCell potentials (Ghaffarizadeh et al. 2018): repulsion c_rep·(1 - d/R)²
// within contact R = r_i + r_j, adhesion c_adh·(1 - d/R_a)² within R_a = 1.25·R, pairwise coefficients the
// geometric means of the two types'; cells of different layers never interact (TAB_REACH2 = 0).
// One thread per agent gathers from the 3×3 bins around it (bins are at least the interaction range wide;
// the three bins of a row are consecutive slots). Each neighbour's contribution is rounded to fixed point
// (MECHANICS_FIXED_POINT, floor(x + 0.5)) on its own, as the CPU rounds each side of a pair, so the integer
// sums do not depend on the visiting order. Writes mech[3i] = Σ vx, mech[3i + 1] = Σ vy (fixed-point µm/min)
// and mech[3i + 2] = touching neighbours (d < R).
// Needs locate_cells.wgsl. Bindings: 0 agents (sorted, bin_agents.wgsl), 1 tables, 2 step, 3 bin_starts, 4 mech.

@group(0) @binding(0) var<storage, read> agents: array<Agent>;
@group(0) @binding(1) var<storage, read> tables: array<f32>;
@group(0) @binding(2) var<uniform> step: StepInfo;
@group(0) @binding(3) var<storage, read> bin_starts: array<u32>;
@group(0) @binding(4) var<storage, read_write> mech: array<i32>;

@compute @workgroup_size(64)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let i = agent_index(wid, nwg, lid.x);
  if (i >= step.count) { return; }
  let xi = agents[i].x;
  let yi = agents[i].y;
  let row = agents[i].cellType * TYPES;
  let cx = bin_col(xi);
  let cy = bin_row(yi);
  let gx0 = max(cx, 1u) - 1u;
  let gx1 = min(cx + 1u, NBX - 1u);
  var fx = 0i;
  var fy = 0i;
  var touching = 0i;
  for (var gy = max(cy, 1u) - 1u; gy <= min(cy + 1u, NBY - 1u); gy++) {
    let q1 = bin_starts[gy * NBX + gx1 + 1u];
    for (var q = bin_starts[gy * NBX + gx0]; q < q1; q++) {
      let ddx = xi - agents[q].x;
      let ddy = yi - agents[q].y;
      let d2 = ddx * ddx + ddy * ddy;
      let pair = row + agents[q].cellType;
      if (q == i || d2 >= tables[TAB_REACH2 + pair] || d2 < 1e-12) { continue; }
      let d = sqrt(d2);
      var v = 0.0;
      let s = 1.0 - d * tables[TAB_INV_CONTACT + pair];
      if (s > 0.0) {
        v = tables[TAB_REPULSION_PAIR + pair] * s * s;
        touching++;
      }
      let a = 1.0 - d * tables[TAB_INV_REACH + pair];
      v -= tables[TAB_ADHESION_PAIR + pair] * a * a;
      let scale = v / d * MECHANICS_FIXED_POINT;
      fx += i32(floor(ddx * scale + 0.5));
      fy += i32(floor(ddy * scale + 0.5));
    }
  }
  mech[3u * i] = fx;
  mech[3u * i + 1u] = fy;
  mech[3u * i + 2u] = touching;
}
