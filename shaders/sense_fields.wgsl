// What cells sense of the fields (kernelContext.ts sample, patchMean): values times availability (the
// fraction an inhibitor leaves). Needs the `fields` and `tables` bindings and locate_cells.wgsl.

// Field `field` in voxel `voxel` (raw value).
fn field_at(field: u32, voxel: u32) -> f32 { return fields[field * CELLS + voxel]; }

// Field `field` in the voxel under (x, y) µm, as cells sense it.
fn sample_field(field: u32, x: f32, y: f32) -> f32 {
  return fields[field * CELLS + voxel_of(x, y)] * tables[TAB_AVAILABILITY + field];
}

// Mean of `field` over the voxels whose centres lie within `radius` µm of (x, y) (the voxel under it if
// none), as cells sense it (patchVoxels.ts; the same voxels in the same row-major order).
fn patch_mean(field: u32, x: f32, y: f32, radius: f32) -> f32 {
  let i0 = max(0, i32(ceil((x - radius) / DX - 0.5)));
  let i1 = min(i32(NX) - 1, i32(floor((x + radius) / DX - 0.5)));
  let j0 = max(0, i32(ceil((y - radius) / DX - 0.5)));
  let j1 = min(i32(NY) - 1, i32(floor((y + radius) / DX - 0.5)));
  let r2 = radius * radius;
  let base = field * CELLS;
  var n = 0u;
  var sum = 0.0;
  for (var j = j0; j <= j1; j++) {
    let cy = (f32(j) + 0.5) * DX - y;
    for (var i = i0; i <= i1; i++) {
      let cx = (f32(i) + 0.5) * DX - x;
      if (cx * cx + cy * cy <= r2) {
        sum += fields[base + u32(j) * NX + u32(i)];
        n++;
      }
    }
  }
  if (n == 0u) { return sample_field(field, x, y); }
  return sum / f32(n) * tables[TAB_AVAILABILITY + field];
}
