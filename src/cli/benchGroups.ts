/** The benchmark groups `exorepair bench --only` can select (kept apart so the CLI loads bench.ts lazily). */
export const BENCH_GROUPS = ['agents', 'fields', 'mechanics', 'skin', 'fracture'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];
