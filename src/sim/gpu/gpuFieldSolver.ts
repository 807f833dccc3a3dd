/**
 * GPU twin of the CPU field solver (src/sim/cpu/fieldSolver.ts, whose header describes the scheme): one
 * backward-Euler step of one 2D reaction-diffusion field, with the same algorithm, level hierarchy, sweep
 * order, colouring and boundary handling, in float32 arithmetic (the CPU computes in float64 and stores
 * float32), so the two agree up to float32 rounding (tests/conformance/fieldSolver.conformance.test.ts).
 *
 * Kernels (shaders/, each prefixed with compensated_sum.wgsl and field_level.wgsl: constants, pass
 * descriptor, stencil):
 *   solve_field_rows        f, d, residual and the row solves of the LOD defect correction (thread per row)
 *   solve_field_columns     column solves and u += correction (thread per column)
 *   smooth_field_level      one red-black Gauss–Seidel (SOR on the coarsest level) half-sweep
 *   restrict_field_level    coarse f (2×2 average of the residual), coarse d, coarse u = 0
 *   prolong_field_level     u += bilinear interpolation of the coarse correction
 *   sum_field_mass          Σ d·u and Σ f in a fixed order (compensated), s − 1 = Σ f / Σ d·u − 1
 *   scale_field_mass        u = max(0, u)·s written back into the field
 *   react_structural_field  D = 0: the exact local solution
 * The V-cycle is unrolled at creation into a fixed list of dispatches (its recursion is the CPU's
 * `vcycle`), each with a bind group built once; `encode` replays it: one copy of the field into the
 * scratch buffer and one compute pass, no allocation, no upload, no read-back.
 * Per-level data (sizes, r, SOR factor, colour, variant flags) sits in 256-byte slots of a uniform buffer
 * and the solver's constants in a second one, both written once at creation; all scratch arrays (level u,
 * f, d, column work array, Thomas factors, row sums; about 20 bytes per voxel) live in one storage buffer.
 *
 * Float32 where the CPU has float64: where the float32 version of a CPU expression loses digits, the
 * kernels evaluate an equal expression that does not (each is explained in its file): the residual in
 * difference form with fixed faces as neighbours of value c_b (field_level.wgsl), the smoothing update in
 * correction form u + ω·residual/divisor (smooth_field_level.wgsl), and the mass sums as float32 pairs
 * with the scale kept as s − 1 (sum_field_mass.wgsl). The GPU step then stays within a few 1e-6 of the
 * same algorithm run entirely in float64. The CPU stores its Gauss–Seidel divisors 1/(d + r·c) in float32,
 * which for r ≫ d (oxygen) shifts its own fixed point by up to about 1e-4; see the conformance test.
 * Units: µm, min; D µm²/min, λ and uptake 1/min, source field unit/min.
 */
import type { BoundarySpec } from '../../model/types.ts';
import type { FaceBoundarySpec, FieldSolverOptions } from '../cpu/fieldSolver.ts';
import { createLevels, setCoupling, type FaceWeights } from '../cpu/multigrid.ts';
import { factorLine } from '../cpu/thomas.ts';
import { compileKernel } from './compileKernel.ts';
import { loadShader } from './shaderSource.ts';

/** The packed field buffers (f32, [field · cells + cell], cells = nx·ny) a solver reads and writes. */
export interface FieldBuffers {
  /** Field values (field unit); STORAGE usage, and COPY_SRC for a diffusing field (copied into the scratch). */
  fields: GPUBuffer;
  /** Source, field unit/min (0 = none). */
  source: GPUBuffer;
  /** Uptake, 1/min (0 = none). */
  uptake: GPUBuffer;
}

/** Threads per workgroup of every kernel. */
const WORKGROUP = 64;

type BindingName = 'solve' | 'level' | 'work' | 'fields' | 'source' | 'uptake';
/** @binding index of each resource (field_level.wgsl declares 0–2, kernels 3–5). */
const BINDING: Record<BindingName, number> = { solve: 0, level: 1, work: 2, fields: 3, source: 4, uptake: 5 };

interface KernelSpec {
  file: string;
  entry: string;
  /** Resources the entry point uses (layout 'auto' keeps only those). */
  bindings: readonly BindingName[];
}

const KERNELS = {
  rows: { file: 'solve_field_rows.wgsl', entry: 'solveFieldRows', bindings: ['solve', 'level', 'work', 'source', 'uptake'] },
  columns: { file: 'solve_field_columns.wgsl', entry: 'solveFieldColumns', bindings: ['solve', 'level', 'work'] },
  smooth: { file: 'smooth_field_level.wgsl', entry: 'smoothFieldLevel', bindings: ['solve', 'level', 'work'] },
  restrict: { file: 'restrict_field_level.wgsl', entry: 'restrictFieldLevel', bindings: ['solve', 'level', 'work'] },
  prolong: { file: 'prolong_field_level.wgsl', entry: 'prolongFieldLevel', bindings: ['level', 'work'] },
  sumRows: { file: 'sum_field_mass.wgsl', entry: 'sumFieldRows', bindings: ['solve', 'level', 'work'] },
  sumMass: { file: 'sum_field_mass.wgsl', entry: 'sumFieldMass', bindings: ['solve', 'level', 'work'] },
  scale: { file: 'scale_field_mass.wgsl', entry: 'scaleFieldMass', bindings: ['solve', 'level', 'work', 'fields'] },
  react: { file: 'react_structural_field.wgsl', entry: 'reactStructuralField', bindings: ['solve', 'level', 'fields', 'source', 'uptake'] },
} as const satisfies Record<string, KernelSpec>;

type KernelName = keyof typeof KERNELS;
/** Compiled pipelines of the kernels a solver uses. */
type Pipelines = Partial<Record<KernelName, GPUComputePipeline>>;

/** Words of the FieldSolve uniform, in the order of shaders/field_level.wgsl. */
const SOLVE_WORDS = [
  ['fieldAt', 'u32'], ['zAt', 'u32'], ['lineAt', 'u32'], ['sumAt', 'u32'], ['conserving', 'u32'],
  ['keep', 'f32'], ['dt', 'f32'], ['d0', 'f32'], ['colC', 'f32'],
  ['wx0', 'f32'], ['wx1', 'f32'], ['wy0', 'f32'], ['wy1', 'f32'],
  ['decay', 'f32'], ['keepAll', 'f32'], ['gainAll', 'f32'],
] as const;

/** Words of the FieldPass uniform, in the order of shaders/field_level.wgsl. */
const PASS_WORDS = [
  ['nx', 'u32'], ['ny', 'u32'], ['uAt', 'u32'], ['fAt', 'u32'], ['dAt', 'u32'],
  ['cnx', 'u32'], ['cny', 'u32'], ['cuAt', 'u32'], ['cfAt', 'u32'], ['cdAt', 'u32'],
  ['r', 'f32'], ['omega', 'f32'], ['color', 'u32'], ['project', 'u32'], ['redOnly', 'u32'], ['blackOnly', 'u32'],
  ['cx0', 'f32'], ['cx1', 'f32'], ['cy0', 'f32'], ['cy1', 'f32'],
] as const;

type Words<T extends readonly (readonly [string, 'u32' | 'f32'])[]> = Record<T[number][0], number>;
type SolveValues = Words<typeof SOLVE_WORDS>;
type PassValues = Words<typeof PASS_WORDS>;

/** Packs `values` as consecutive 4-byte words in `layout` order into `view` (u32 or f32 each). */
function packWords<T extends readonly (readonly [string, 'u32' | 'f32'])[]>(layout: T, values: Words<T>, view: DataView, at: number): void {
  layout.forEach(([name, type], w) => {
    const v = (values as Record<string, number>)[name];
    if (type === 'u32') view.setUint32(at + 4 * w, v, true);
    else view.setFloat32(at + 4 * w, v, true);
  });
}

/** Bytes of a uniform struct of `words` 4-byte words (rounded up to 16). */
const structBytes = (words: number): number => Math.ceil(words / 4) * 16;

/** One grid level inside the scratch buffer (offsets in words). */
interface LevelLayout {
  nx: number;
  ny: number;
  r: number;
  omega: number;
  sweeps: number;
  uAt: number;
  fAt: number;
  dAt: number;
  /** Values at the faces x0, x1, y0, y1 (field unit): c_b on the finest level, 0 on coarse levels (corrections). */
  faceValues: FaceValues;
}

type FaceValues = Pick<PassValues, 'cx0' | 'cx1' | 'cy0' | 'cy1'>;
const NO_FACE_VALUES: FaceValues = { cx0: 0, cx1: 0, cy0: 0, cy1: 0 };

/** One recorded dispatch. */
interface Dispatch {
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  x: number;
  y: number;
}

/** One condition per face, as the CPU's faceOf. */
function faceOf(b: BoundarySpec | FaceBoundarySpec): FaceBoundarySpec {
  return 'kind' in b ? { x0: b, x1: b, y0: b, y1: b } : b;
}
const weightOf = (b: BoundarySpec): number => (b.kind === 'fixed' ? 2 : 0);
const valueOf = (b: BoundarySpec): number => (b.kind === 'fixed' ? b.value : 0);

/** The CPU solver's option checks. */
function checkOptions(o: FieldSolverOptions): void {
  const { nx, ny } = o;
  if (!Number.isInteger(nx) || !Number.isInteger(ny) || nx < 2 || ny < 2) {
    throw new Error(`GpuFieldSolver: grid must be at least 2×2 voxels, got ${nx}×${ny}`);
  }
  if (!(o.dx > 0) || !(o.D >= 0) || !(o.decay >= 0) || !(o.dt > 0)) throw new Error('GpuFieldSolver: need dx > 0, D ≥ 0, decay ≥ 0, dt > 0');
  for (const [name, v] of [['cycles', o.cycles ?? 1], ['smoothing.pre', o.smoothing?.pre ?? 1], ['smoothing.post', o.smoothing?.post ?? 1]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new Error(`GpuFieldSolver: ${name} must be a non-negative integer`);
  }
}

/** WGSL source of a kernel: the shared helpers and declarations, then the kernel file. */
function kernelSource(name: KernelName): string {
  return [loadShader('compensated_sum.wgsl'), loadShader('field_level.wgsl'), loadShader(KERNELS[name].file)].join('\n');
}

/** Kernels a solver of these options dispatches. */
function kernelsFor(o: FieldSolverOptions): KernelName[] {
  return o.D === 0 ? ['react'] : ['rows', 'columns', 'smooth', 'restrict', 'prolong', 'sumRows', 'sumMass', 'scale'];
}

/** A dispatch of the plan: kernel, level descriptor, workgroups in x and y. */
interface PlannedDispatch {
  kernel: KernelName;
  pass: PassValues;
  x: number;
  y: number;
}

/** Where everything lives in the scratch buffer (words), and the level hierarchy. */
interface WorkLayout {
  levels: LevelLayout[];
  zAt: number;
  lineAt: number;
  sumAt: number;
  words: number;
}

/**
 * Levels as the CPU builds them (createLevels: coarsen while both sizes are even and stay ≥ MIN_COARSE;
 * setCoupling: r/4 per level, SOR factor and sweeps of the coarsest), placed in the scratch buffer:
 * u, f, d of each level (level 0 first, its u at offset 0), then the column work array, the Thomas
 * factors and the row sums. createLevels allocates the CPU's level arrays too; they are dropped at once.
 */
function workLayout(o: FieldSolverOptions, w: FaceWeights, faceValues: FaceValues, r: number, d0: number): WorkLayout {
  const cpuLevels = createLevels(o.nx, o.ny, w);
  setCoupling(cpuLevels, r, d0, o.dt);
  let at = 0;
  const levels = cpuLevels.map((L, l): LevelLayout => {
    const n = L.nx * L.ny;
    const faces = l === 0 ? faceValues : NO_FACE_VALUES;
    const level = { nx: L.nx, ny: L.ny, r: L.r, omega: L.omega, sweeps: L.sweeps, uAt: at, fAt: at + n, dAt: at + 2 * n, faceValues: faces };
    at += 3 * n;
    return level;
  });
  const zAt = at;
  const lineAt = zAt + o.nx * o.ny;
  const sumAt = lineAt + 2 * (o.nx + o.ny);
  return { levels, zAt, lineAt, sumAt, words: sumAt + 4 * o.ny + 1 };
}

const groups = (threads: number): number => Math.ceil(threads / WORKGROUP);

/** Descriptor of level `l` (with its coarser neighbour, if any) with the given flags. */
function passOf(levels: LevelLayout[], l: number, flags: Partial<PassValues> = {}): PassValues {
  const L = levels[l];
  const C = levels[l + 1];
  return {
    nx: L.nx, ny: L.ny, uAt: L.uAt, fAt: L.fAt, dAt: L.dAt,
    cnx: C?.nx ?? 0, cny: C?.ny ?? 0, cuAt: C?.uAt ?? 0, cfAt: C?.fAt ?? 0, cdAt: C?.dAt ?? 0,
    r: L.r, omega: 1, color: 0, project: 0, redOnly: 0, blackOnly: 0,
    ...L.faceValues,
    ...flags,
  };
}

/**
 * The dispatches of one diffusion step, in order: the LOD correction (rows, then columns: the CPU's
 * `forward` and the `back` producer of the first pass), `cycles` V-cycles unrolled as the CPU's
 * `vcycle`, then the mass sums (no-flux fields) and the write-back. A red-black pass of the CPU's
 * `pipeline` equals its stages run one after the other over the whole level, which is how they run here.
 */
function planDiffusion(o: FieldSolverOptions, levels: LevelLayout[], conserving: boolean): PlannedDispatch[] {
  const cycles = o.cycles ?? 1;
  const pre = o.smoothing?.pre ?? 1;
  const post = o.smoothing?.post ?? 1;
  const plan: PlannedDispatch[] = [];
  const fine = passOf(levels, 0);
  const sweep = (l: number, flags: Partial<PassValues>): void => {
    const L = levels[l];
    for (const color of [0, 1]) plan.push({ kernel: 'smooth', pass: passOf(levels, l, { ...flags, color }), x: groups(Math.ceil(L.nx / 2)), y: L.ny });
  };
  const vcycle = (l: number, clamp: boolean): void => {
    const L = levels[l];
    if (l === levels.length - 1) {
      // Coarsest level: red-black SOR; a clamp (single-level grid) is left to the write-back.
      for (let s = 0; s < L.sweeps; s++) sweep(l, { omega: L.omega });
      return;
    }
    const C = levels[l + 1];
    const restrict = (redOnly: number): void => {
      plan.push({ kernel: 'restrict', pass: passOf(levels, l, { redOnly }), x: groups(C.nx), y: C.ny });
    };
    if (pre === 0) restrict(0);
    for (let s = 1; s <= pre; s++) {
      sweep(l, {});
      if (s === pre) restrict(1);
    }
    vcycle(l + 1, false);
    plan.push({ kernel: 'prolong', pass: passOf(levels, l, { blackOnly: post > 0 ? 1 : 0 }), x: groups(L.nx), y: L.ny });
    // Without post-sweeps the clamp of the last cycle is the write-back's.
    for (let s = 1; s <= post; s++) sweep(l, { project: clamp && s === post ? 1 : 0 });
  };
  plan.push({ kernel: 'rows', pass: fine, x: groups(o.ny), y: 1 });
  plan.push({ kernel: 'columns', pass: fine, x: groups(o.nx), y: 1 });
  for (let c = 0; c < cycles; c++) vcycle(0, c === cycles - 1);
  if (conserving) {
    plan.push({ kernel: 'sumRows', pass: fine, x: groups(o.ny), y: 1 });
    plan.push({ kernel: 'sumMass', pass: fine, x: 1, y: 1 });
  }
  plan.push({ kernel: 'scale', pass: fine, x: groups(o.nx), y: o.ny });
  return plan;
}

/** The solver's constants (the CPU's setTimeStep and structural constants) and its face weights. */
function solveConstants(o: FieldSolverOptions, fieldAt: number): { solve: SolveValues; faces: FaceBoundarySpec; w: FaceWeights; r: number } {
  const { dx, D, decay, dt } = o;
  const faces = faceOf(o.boundary);
  const w: FaceWeights = { x0: weightOf(faces.x0), x1: weightOf(faces.x1), y0: weightOf(faces.y0), y1: weightOf(faces.y1) };
  const conserving = w.x0 === 0 && w.x1 === 0 && w.y0 === 0 && w.y1 === 0;
  const r = (D * dt) / (dx * dx);
  const half = 0.5 * decay * dt;
  const d0 = 1 + Math.expm1(half);
  const kd = decay * dt;
  const solve: SolveValues = {
    fieldAt, zAt: 0, lineAt: 0, sumAt: 0, conserving: conserving ? 1 : 0,
    keep: Math.exp(-half), dt, d0, colC: r / d0,
    wx0: w.x0, wx1: w.x1, wy0: w.y0, wy1: w.y1,
    decay, keepAll: Math.exp(-kd), gainAll: kd > 1e-9 ? -Math.expm1(-kd) / decay : dt * (1 - 0.5 * kd),
  };
  return { solve, faces, w, r };
}

/** Bytes of a solver's scratch buffer for `o` (0 for a structural field): what gpuBudget.ts reserves per field. */
export function solverScratchBytes(o: FieldSolverOptions): number {
  if (o.D === 0) return 0;
  const { solve, faces, w, r } = solveConstants(o, 0);
  const faceValues = { cx0: valueOf(faces.x0), cx1: valueOf(faces.x1), cy0: valueOf(faces.y0), cy1: valueOf(faces.y1) };
  return 4 * workLayout(o, w, faceValues, r, solve.d0).words;
}

/** Thomas factors of the LOD preconditioner as LodCorrection.setCoefficients makes them: rows (inv, m), columns (inv, m). */
function lineFactors(o: FieldSolverOptions, w: FaceWeights, r: number, d0: number): Float32Array<ArrayBuffer> {
  const { nx, ny } = o;
  const rows = factorLine(nx, d0, r, w.x0, w.x1);
  const columns = factorLine(ny, 1, r / d0, w.y0, w.y1);
  const lines = new Float32Array(2 * (nx + ny));
  lines.set(rows.inv, 0);
  lines.set(rows.m, nx);
  lines.set(columns.inv, 2 * nx);
  lines.set(columns.m, 2 * nx + ny);
  return lines;
}

/** A uniform buffer holding `data`, written once. */
function uniformBuffer(device: GPUDevice, data: ArrayBuffer, label: string): GPUBuffer {
  const buffer = device.createBuffer({ size: data.byteLength, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST, label });
  device.queue.writeBuffer(buffer, 0, data);
  return buffer;
}

/** Pipelines compiled per device, by kernel name (shared by the solvers of all fields and runs). */
const compiledKernels = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** Advances one field of a packed field buffer by one implicit step on the GPU (see the file comment). */
export class GpuFieldSolver {
  private readonly fields: GPUBuffer;
  /** Byte offset of the field in the packed buffers and its size in bytes. */
  private readonly fieldByte: number;
  private readonly fieldBytes: number;
  /** Scratch storage (null for a structural field), level 0's u at offset 0. */
  private readonly work: GPUBuffer | null;
  private readonly uniforms: GPUBuffer[];
  private readonly dispatches: Dispatch[] = [];

  /**
   * Builds the solver with pipelines created synchronously (a WGSL error then surfaces as a device
   * validation error); `create` compiles them first with errors that quote the source. `pipelines`
   * (kernels already compiled) is how `create` hands them over.
   */
  constructor(device: GPUDevice, options: FieldSolverOptions, fieldIndex: number, buffers: FieldBuffers, pipelines: Pipelines = {}) {
    checkOptions(options);
    const { nx, ny, D } = options;
    const cells = nx * ny;
    if (!Number.isInteger(fieldIndex) || fieldIndex < 0) throw new Error(`GpuFieldSolver: bad field index ${fieldIndex}`);
    const fieldAt = fieldIndex * cells;
    for (const [name, buffer] of Object.entries(buffers) as [keyof FieldBuffers, GPUBuffer][]) {
      if (buffer.size < 4 * (fieldAt + cells)) {
        throw new Error(`GpuFieldSolver: ${name} buffer has ${buffer.size} bytes; field ${fieldIndex} of ${nx}×${ny} needs ${4 * (fieldAt + cells)}`);
      }
    }
    if (D > 0 && !(buffers.fields.usage & GPUBufferUsage.COPY_SRC)) throw new Error('GpuFieldSolver: the fields buffer needs COPY_SRC usage');
    const maxGroups = device.limits.maxComputeWorkgroupsPerDimension;
    if (ny > maxGroups || groups(Math.max(nx, ny)) > maxGroups) throw new Error(`GpuFieldSolver: ${nx}×${ny} exceeds ${maxGroups} workgroups per dimension`);
    this.fields = buffers.fields;
    this.fieldByte = 4 * fieldAt;
    this.fieldBytes = 4 * cells;

    const { solve, faces, w, r } = solveConstants(options, fieldAt);
    let plan: PlannedDispatch[];
    if (D === 0) {
      this.work = null;
      const only: LevelLayout = { nx, ny, r: 0, omega: 1, sweeps: 0, uAt: 0, fAt: 0, dAt: 0, faceValues: NO_FACE_VALUES };
      plan = [{ kernel: 'react', pass: passOf([only], 0), x: groups(nx), y: ny }];
    } else {
      const faceValues = { cx0: valueOf(faces.x0), cx1: valueOf(faces.x1), cy0: valueOf(faces.y0), cy1: valueOf(faces.y1) };
      const layout = workLayout(options, w, faceValues, r, solve.d0);
      const bytes = 4 * layout.words;
      const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
      if (bytes > limit) throw new Error(`GpuFieldSolver: ${nx}×${ny} needs ${bytes} bytes of scratch; the device allows ${limit} in one buffer`);
      Object.assign(solve, { zAt: layout.zAt, lineAt: layout.lineAt, sumAt: layout.sumAt });
      this.work = device.createBuffer({ size: bytes, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST, label: `field ${fieldIndex} solver work` });
      device.queue.writeBuffer(this.work, 4 * layout.lineAt, lineFactors(options, w, r, solve.d0));
      plan = planDiffusion(options, layout.levels, solve.conserving === 1);
    }

    const solveData = new DataView(new ArrayBuffer(structBytes(SOLVE_WORDS.length)));
    packWords(SOLVE_WORDS, solve, solveData, 0);
    const solveUniform = uniformBuffer(device, solveData.buffer, `field ${fieldIndex} solver constants`);
    // One uniform slot per distinct pass descriptor, at the device's offset alignment.
    const slotOf = new Map<string, number>();
    const slots: PassValues[] = [];
    const planSlots = plan.map((p) => {
      const key = JSON.stringify(p.pass);
      let slot = slotOf.get(key);
      if (slot === undefined) {
        slot = slots.push(p.pass) - 1;
        slotOf.set(key, slot);
      }
      return slot;
    });
    const passBytes = structBytes(PASS_WORDS.length);
    const align = device.limits.minUniformBufferOffsetAlignment;
    const stride = Math.ceil(passBytes / align) * align;
    const passData = new DataView(new ArrayBuffer(stride * slots.length));
    slots.forEach((p, s) => packWords(PASS_WORDS, p, passData, s * stride));
    const passUniform = uniformBuffer(device, passData.buffer, `field ${fieldIndex} solver passes`);
    this.uniforms = [solveUniform, passUniform];

    const resource = (name: BindingName, slot: number): GPUBufferBinding => {
      switch (name) {
        case 'solve':
          return { buffer: solveUniform };
        case 'level':
          return { buffer: passUniform, offset: slot * stride, size: passBytes };
        case 'work':
          if (!this.work) throw new Error('GpuFieldSolver: a structural field has no scratch buffer');
          return { buffer: this.work };
        default:
          return { buffer: buffers[name] };
      }
    };
    const bindGroups = new Map<string, GPUBindGroup>();
    plan.forEach((p, i) => {
      const pipeline = (pipelines[p.kernel] ??= createPipeline(device, p.kernel));
      const key = `${p.kernel}/${planSlots[i]}`;
      let bindGroup = bindGroups.get(key);
      if (!bindGroup) {
        bindGroup = device.createBindGroup({
          layout: pipeline.getBindGroupLayout(0),
          entries: KERNELS[p.kernel].bindings.map((name) => ({ binding: BINDING[name], resource: resource(name, planSlots[i]) })),
          label: `field ${fieldIndex} ${key}`,
        });
        bindGroups.set(key, bindGroup);
      }
      this.dispatches.push({ pipeline, bindGroup, x: p.x, y: p.y });
    });
  }

  /**
   * Like the constructor, with every kernel compiled first by compileKernel (errors quote the WGSL line).
   * The kernels take everything per field from their bindings, so a device compiles each once (cached).
   */
  static async create(device: GPUDevice, options: FieldSolverOptions, fieldIndex: number, buffers: FieldBuffers): Promise<GpuFieldSolver> {
    checkOptions(options);
    const names = kernelsFor(options);
    let cache = compiledKernels.get(device);
    if (!cache) compiledKernels.set(device, (cache = new Map()));
    const compiled = await Promise.all(
      names.map((name) => {
        let pipeline = cache.get(name);
        if (!pipeline) cache.set(name, (pipeline = compileKernel(device, kernelSource(name), KERNELS[name].entry, KERNELS[name].file)));
        return pipeline;
      }),
    );
    const pipelines: Pipelines = Object.fromEntries(names.map((name, i) => [name, compiled[i]]));
    return new GpuFieldSolver(device, options, fieldIndex, buffers, pipelines);
  }

  /**
   * Encodes one step (dt = options.dt) of the field in place; source and uptake are read at the field's
   * offset of their buffers. A diffusing field is copied into the scratch buffer, then one compute pass
   * runs the planned dispatches.
   */
  encode(encoder: GPUCommandEncoder): void {
    if (this.work) encoder.copyBufferToBuffer(this.fields, this.fieldByte, this.work, 0, this.fieldBytes);
    const pass = encoder.beginComputePass({ label: 'field solve' });
    let current: GPUComputePipeline | null = null;
    for (const d of this.dispatches) {
      if (d.pipeline !== current) {
        pass.setPipeline(d.pipeline);
        current = d.pipeline;
      }
      pass.setBindGroup(0, d.bindGroup);
      pass.dispatchWorkgroups(d.x, d.y);
    }
    pass.end();
  }

  /** Frees the solver's own buffers (scratch and uniforms); the field buffers stay the caller's. */
  destroy(): void {
    this.work?.destroy();
    for (const u of this.uniforms) u.destroy();
  }
}

/** Creates a kernel's pipeline synchronously (layout 'auto'). */
function createPipeline(device: GPUDevice, name: KernelName): GPUComputePipeline {
  const { file, entry } = KERNELS[name];
  return device.createComputePipeline({
    layout: 'auto',
    compute: { module: device.createShaderModule({ code: kernelSource(name), label: file }), entryPoint: entry },
    label: file,
  });
}
