/**
 * Share links: a PageRun in the URL fragment as `run=<version>.<payload>`, the payload being the run's
 * JSON, deflate-raw compressed (the platform's CompressionStream) and base64url encoded. The fragment never
 * reaches a server. Decoding checks the run's shape only; the scenario itself is validated later
 * (validateScenario), which names any bad path.
 */
import type { PageRun } from './pageRun.ts';

/** The fragment key and the payload format's version. */
const KEY = 'run=';
const VERSION = '1';

/** Fragment (without '#') that encodes the run. */
export async function encodePageRun(run: PageRun): Promise<string> {
  const json = JSON.stringify({ scenario: run.scenario, source: run.source, sets: run.sets, arms: run.arms });
  const packed = await transform(new TextEncoder().encode(json), new CompressionStream('deflate-raw'));
  return `${KEY}${VERSION}.${toBase64Url(packed)}`;
}

/** The run encoded in a fragment (with or without its leading '#'); throws an Error saying what is wrong. */
export async function decodePageRun(fragment: string): Promise<PageRun> {
  const hash = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (!hash.startsWith(KEY)) throw new Error(`not a run link: the fragment should start with "${KEY}", found "${hash.slice(0, 20)}"`);
  const body = hash.slice(KEY.length);
  const dot = body.indexOf('.');
  const version = dot < 0 ? '' : body.slice(0, dot);
  if (version !== VERSION) throw new Error(`unknown run link version "${version}" (this page reads version ${VERSION})`);
  let json: string;
  try {
    const packed = fromBase64Url(body.slice(dot + 1));
    json = new TextDecoder('utf-8', { fatal: true }).decode(await transform(packed, new DecompressionStream('deflate-raw')));
  } catch (e) {
    throw new Error(`corrupt run link: the data cannot be decoded (${(e as Error).message}); was the link cut short?`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    throw new Error(`corrupt run link: the data is not valid JSON (${(e as Error).message})`);
  }
  return checkShape(value);
}

/** The page's address (`base` = location.href without its hash) with the run in the fragment. */
export async function shareUrlFor(base: string, run: PageRun): Promise<string> {
  const hashAt = base.indexOf('#');
  return `${hashAt < 0 ? base : base.slice(0, hashAt)}#${await encodePageRun(run)}`;
}

/** Checks that a decoded value has the fields of a PageRun. */
function checkShape(value: unknown): PageRun {
  const fail = (what: string): never => {
    throw new Error(`run link is missing fields: expected ${what}`);
  };
  if (!isObject(value)) return fail('an object');
  const { scenario, source, sets, arms } = value;
  if (!isObject(scenario)) return fail('"scenario" (an object)');
  if (typeof source !== 'string') return fail('"source" (a string)');
  if (!isStringArray(sets)) return fail('"sets" (an array of strings)');
  if (!isStringArray(arms) || arms.length !== 2) return fail('"arms" (two strings)');
  return { scenario, source, sets, arms: [arms[0], arms[1]] };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((s) => typeof s === 'string');
}

/** Bytes through a compression or decompression stream. */
async function transform(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(out).arrayBuffer());
}

/** base64url without padding. */
function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Bytes of base64url text (padding optional); throws on other characters. */
function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('characters outside base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
