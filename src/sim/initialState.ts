/**
 * The state at t = 0: fields at their model defaults, then the scenario's initial values by region (in
 * order); agents placed uniformly at random in their regions, with random migration directions and
 * random cell-cycle phases (so divisions are not synchronised). Set-up randomness comes from seedrandom
 * keyed by the scenario seed only, never by the arm: every arm of a scenario starts from the same state.
 */
import seedrandom from 'seedrandom';
import type { RunSetup } from './runSetup.ts';
import { allocateState, type SimState } from './state.ts';

/** Number of agents a population entry asks for. */
function populationSize(count: number | undefined, density: number | undefined, areaMm2: number): number {
  return count ?? Math.floor((density ?? 0) * areaMm2 + 0.5);
}

/** An empty state sized for a run (capacity defaults to the run's). */
export function emptyState(setup: RunSetup, capacity = setup.capacity): SimState {
  const spec = setup.model.compiled.spec;
  return allocateState(setup.model.compiled.layout, capacity, spec.fields.length, setup.grid.cells, spec.cellTypes.length);
}

/** Builds the initial state of a run. */
export function createInitialState(setup: RunSetup): SimState {
  const { grid, scenario, regions } = setup;
  const compiled = setup.model.compiled;
  const spec = compiled.spec;
  const o = compiled.layout.offset;
  const rng = seedrandom(`exorepair:${scenario.seed}`);

  const plan = scenario.initial.agents.map((pop) => {
    const mask = regions.get(pop.region)!;
    const voxels: number[] = [];
    for (let k = 0; k < mask.length; k++) if (mask[k]) voxels.push(k);
    const area = (voxels.length * grid.dx * grid.dx) / 1e6;
    return { pop, voxels, n: populationSize(pop.count, pop.density_per_mm2, area) };
  });
  const total = plan.reduce((a, p) => a + p.n, 0);
  if (total > setup.capacity) {
    throw new Error(`the initial populations hold ${total} agents, more than max_agents = ${setup.capacity}`);
  }

  const state = emptyState(setup);
  spec.fields.forEach((field, f) => state.fields.fill(field.initial, f * grid.cells, (f + 1) * grid.cells));
  for (const init of scenario.initial.fields) {
    const f = compiled.fieldIndex[init.field];
    const mask = regions.get(init.region)!;
    for (let k = 0; k < grid.cells; k++) if (mask[k]) state.fields[f * grid.cells + k] = init.value;
  }

  let slot = 0;
  for (const { pop, voxels, n } of plan) {
    if (n > 0 && voxels.length === 0) throw new Error(`region "${pop.region}" covers no voxel: cannot place ${pop.type} cells`);
    const type = compiled.cellTypeIndex[pop.type];
    const stateIdx = pop.state ? compiled.stateIndex[pop.type][pop.state] : 0;
    for (let a = 0; a < n; a++, slot++) {
      const voxel = voxels[Math.floor(rng() * voxels.length)];
      const i = voxel % grid.nx;
      const j = (voxel - i) / grid.nx;
      const base = slot * state.stride;
      state.u[base + o.id] = slot;
      state.u[base + o.cellType] = type;
      state.u[base + o.cellState] = stateIdx;
      state.f[base + o.x] = (i + rng()) * grid.dx;
      state.f[base + o.y] = (j + rng()) * grid.dx;
      const angle = 2 * Math.PI * rng();
      state.f[base + o.dirX] = Math.cos(angle);
      state.f[base + o.dirY] = Math.sin(angle);
      state.f[base + o.cycle] = rng();
    }
  }
  state.count = slot;
  state.nextId = slot;
  state.peakCount = slot;
  return state;
}
