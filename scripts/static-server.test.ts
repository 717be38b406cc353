import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeBase, resolveFile, startStaticServer } from './static-server.mjs';

const root = mkdtempSync(join(tmpdir(), 'rw-static-'));
mkdirSync(join(root, 'assets'));
writeFileSync(join(root, 'index.html'), '<!doctype html><title>x</title>');
writeFileSync(join(root, 'assets', 'app.js'), 'export {};');
writeFileSync(join(tmpdir(), 'rw-secret.txt'), 'no');

describe('static server', () => {
  it('maps paths under the base to files, and nothing else', () => {
    expect(normalizeBase('race-window')).toBe('/race-window/');
    expect(normalizeBase('')).toBe('/');
    const b = '/race-window/';
    expect(resolveFile(root, b, '/race-window/')).toBe(join(root, 'index.html'));
    expect(resolveFile(root, b, '/race-window/?preset=issue-96&t=5')).toBe(join(root, 'index.html'));
    expect(resolveFile(root, b, '/race-window/assets/app.js')).toBe(join(root, 'assets', 'app.js'));
    expect(resolveFile(root, b, '/assets/app.js')).toBeNull();
    expect(resolveFile(root, b, '/race-window/missing.js')).toBeNull();
    expect(resolveFile(root, b, '/race-window/../rw-secret.txt')).toBeNull();
    expect(resolveFile(root, b, '/race-window/%2e%2e/rw-secret.txt')).toBeNull();
  });

  let server: Awaited<ReturnType<typeof startStaticServer>>;
  beforeAll(async () => {
    server = await startStaticServer({ dir: root, base: '/race-window/' });
  });
  afterAll(() => server.close());

  it('serves with the right types, redirects the bare base, 404s the rest', async () => {
    const origin = server.url.replace('/race-window/', '');
    const js = await fetch(`${server.url}assets/app.js`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const html = await fetch(`${server.url}?lesson=anatomy`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const bare = await fetch(`${origin}/race-window?x=1`, { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/race-window/?x=1');
    expect((await fetch(`${origin}/index.html`)).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
  });
});
