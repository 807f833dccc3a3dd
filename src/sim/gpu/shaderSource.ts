/**
 * WGSL sources of the GPU backend. Kernels live in shaders/ (one file per phase, verb_object.wgsl) and are
 * composed by text: the run's generated prelude (runPrelude.ts), shared helper files, then the kernel.
 * In Node the files are read from disk; a browser build registers them once (registerShaderSources, fed by
 * the bundler) before a backend is created.
 */
let registered: Readonly<Record<string, string>> | null = null;
const cache = new Map<string, string>();

/** Supplies the sources by file name (e.g. 'rng.wgsl'); used where there is no file system (the page). */
export function registerShaderSources(sources: Readonly<Record<string, string>>): void {
  registered = sources;
  cache.clear();
}

/** Source text of shaders/NAME; throws naming the file when it is missing. */
export function loadShader(name: string): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  let text: string | undefined;
  if (registered) text = registered[name];
  else if (typeof process !== 'undefined' && typeof process.getBuiltinModule === 'function') {
    const fs = process.getBuiltinModule('node:fs');
    const url = new URL(`../../../shaders/${name}`, import.meta.url);
    if (fs.existsSync(url)) text = fs.readFileSync(url, 'utf8');
  }
  if (text === undefined) throw new Error(`WGSL source shaders/${name} not found`);
  cache.set(name, text);
  return text;
}
