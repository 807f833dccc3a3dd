/**
 * The page's WGSL sources: vite bundles every shaders/*.wgsl as text and this module registers them
 * (shaderSource.ts) under their file names. Import it once, before creating a GpuBackend, in browser code
 * only (import.meta.glob is a vite feature; Node reads the files from disk).
 */
import { registerShaderSources } from './shaderSource.ts';

const modules = import.meta.glob<string>('../../../shaders/*.wgsl', { query: '?raw', import: 'default', eager: true });

/** File name (e.g. 'rng.wgsl') → WGSL text. */
export const bundledShaders: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(modules).map(([path, text]) => [path.slice(path.lastIndexOf('/') + 1), text]),
);

registerShaderSources(bundledShaders);
