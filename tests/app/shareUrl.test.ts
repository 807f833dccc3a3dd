import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { PageRun } from '../../src/app/pageRun.ts';
import { decodePageRun, encodePageRun, shareUrlFor } from '../../src/app/shareUrl.ts';
import { REDUCED_SKIN_WOUND } from '../../src/scenario/reducedSkinWound.ts';

const skinWound = (): PageRun => ({
  scenario: JSON.parse(readFileSync('scenarios/skin-wound.json', 'utf8')),
  source: 'skin-wound.json',
  sets: [...REDUCED_SKIN_WOUND],
  arms: ['untreated', 'treated'],
});

/** The fragment of an arbitrary JSON value, packed as the encoder packs a run. */
async function packed(json: string): Promise<string> {
  const stream = new Blob([json]).stream().pipeThrough(new CompressionStream('deflate-raw'));
  const bytes = new Uint8Array(await new Response(stream).arrayBuffer());
  return `run=1.${Buffer.from(bytes).toString('base64url')}`;
}

describe('share URL', () => {
  it('round-trips the skin wound with the reduced-wound sets', async () => {
    const run = skinWound();
    const fragment = await encodePageRun(run);
    expect(fragment).toMatch(/^run=1\.[A-Za-z0-9_-]+$/);
    expect(await decodePageRun(fragment)).toEqual(run);
    expect(await decodePageRun(`#${fragment}`)).toEqual(run);
  });

  it('keeps unicode text intact', async () => {
    const run: PageRun = { scenario: { title: '100 µg — ×8 ✓', nested: [{ unit: 'µm²' }] }, source: 'ü.json', sets: ['title="µ"'], arms: ['a', 'b'] };
    expect(await decodePageRun(await encodePageRun(run))).toEqual(run);
  });

  it('builds a URL replacing any existing hash, well under 8 kB for the full skin wound', async () => {
    const run = { ...skinWound(), sets: [] };
    const url = await shareUrlFor('https://example.org/exorepair/index.html?x=1#old', run);
    expect(url.startsWith('https://example.org/exorepair/index.html?x=1#run=1.')).toBe(true);
    expect(url).not.toContain('#old');
    const hashAt = url.indexOf('#');
    expect(await decodePageRun(url.slice(hashAt))).toEqual(run);
    console.log(`share URL for skin-wound.json: ${url.length} characters (fragment ${url.length - hashAt - 1}; JSON ${JSON.stringify(run).length})`);
    expect(url.length).toBeLessThan(4000);
  });

  it('names each kind of malformed fragment', async () => {
    await expect(decodePageRun('')).rejects.toThrow(/not a run link/);
    await expect(decodePageRun('#section-2')).rejects.toThrow(/not a run link/);
    await expect(decodePageRun('run=abc')).rejects.toThrow(/unknown run link version ""/);
    await expect(decodePageRun('run=9.AAAA')).rejects.toThrow(/unknown run link version "9"/);
    await expect(decodePageRun('run=1.not*base64')).rejects.toThrow(/corrupt run link: the data cannot be decoded/);
    await expect(decodePageRun('run=1.AAECAwQFBgc')).rejects.toThrow(/corrupt run link: the data cannot be decoded/);
    const good = await encodePageRun(skinWound());
    await expect(decodePageRun(good.slice(0, good.length - 40))).rejects.toThrow(/corrupt run link/);
    await expect(decodePageRun(await packed('{"scenario": {'))).rejects.toThrow(/not valid JSON/);
  });

  it('names the missing or mistyped field', async () => {
    const base = { scenario: { a: 1 }, source: 's.json', sets: [], arms: ['x', 'y'] };
    await expect(decodePageRun(await packed('[1,2]'))).rejects.toThrow(/expected an object/);
    await expect(decodePageRun(await packed(JSON.stringify({ ...base, scenario: 'x' })))).rejects.toThrow(/"scenario"/);
    await expect(decodePageRun(await packed(JSON.stringify({ ...base, source: undefined })))).rejects.toThrow(/"source"/);
    await expect(decodePageRun(await packed(JSON.stringify({ ...base, sets: [1] })))).rejects.toThrow(/"sets"/);
    await expect(decodePageRun(await packed(JSON.stringify({ ...base, arms: ['x'] })))).rejects.toThrow(/"arms" \(two strings\)/);
    await expect(decodePageRun(await packed(JSON.stringify(base)))).resolves.toEqual(base);
  });
});
