/**
 * Starting TypeScript modules in Node worker threads. The worker evaluates a small CommonJS bootstrap that
 * registers tsx (its ESM API, resolved from this package) when the module is TypeScript, imports it and
 * calls one of its exports with worker_threads' workerData and parentPort. This works under
 * `node bin/exorepair.js`, tsx and vitest alike. Node modules are reached through
 * process.getBuiltinModule, so importing this file is harmless in a browser bundle.
 */

/** A Node built-in module, or a clear error naming what needed it. */
export function nodeBuiltin<T>(id: string, purpose: string): T {
  const available = typeof process !== 'undefined' && typeof process.getBuiltinModule === 'function';
  const m = available ? (process.getBuiltinModule(id) as T | undefined) : undefined;
  if (!m) throw new Error(`${purpose} needs Node (>= 20.16) with the built-in module ${id}`);
  return m;
}

/** The file URL of tsx's ESM API (its register()), resolved from this package. */
function tsxApiUrl(purpose: string): string {
  const { createRequire } = nodeBuiltin<typeof import('node:module')>('node:module', purpose);
  const { readFileSync } = nodeBuiltin<typeof import('node:fs')>('node:fs', purpose);
  const { dirname, join } = nodeBuiltin<typeof import('node:path')>('node:path', purpose);
  const { pathToFileURL } = nodeBuiltin<typeof import('node:url')>('node:url', purpose);
  let pkgPath: string;
  try {
    pkgPath = createRequire(import.meta.url).resolve('tsx/package.json');
  } catch {
    throw new Error(`${purpose} loads TypeScript through tsx, which cannot be resolved from this package`);
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } } | string> };
  const entry = pkg.exports?.['./esm/api'];
  const file = typeof entry === 'object' ? entry.import?.default : undefined;
  if (!file) throw new Error(`tsx at ${dirname(pkgPath)} has no ESM API export ('tsx/esm/api')`);
  return pathToFileURL(join(dirname(pkgPath), file)).href;
}

/**
 * The CommonJS source a worker evaluates (`new Worker(source, { eval: true })`): registers tsx when the
 * module at `moduleUrl` is TypeScript, imports it and calls `exported(workerData, parentPort)`.
 */
export function workerBootstrapSource(moduleUrl: string, exported: string, purpose: string): string {
  const register = /\.[cm]?ts$/.test(moduleUrl) ? `(await import(${JSON.stringify(tsxApiUrl(purpose))})).register();` : '';
  return [
    "const { workerData, parentPort } = require('node:worker_threads');",
    '(async () => {',
    `  ${register}`,
    `  const m = await import(${JSON.stringify(moduleUrl)});`,
    `  m[${JSON.stringify(exported)}](workerData, parentPort);`,
    '})();',
  ].join('\n');
}
