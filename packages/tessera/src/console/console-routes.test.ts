import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';

/** Serving a built console (a stand-in build here; the browser tests use the real one). */
describe('the web console at /', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-console-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><html><head><meta property="csp-nonce" nonce="__CSP_NONCE__"><script type="module" src="/assets/app-abc.js" nonce="__CSP_NONCE__"></script></head><body><div id="root"></div></body></html>');
    writeFileSync(join(dir, 'assets', 'app-abc.js'), 'console.log("hi")');
    const big = 'export const words = ' + JSON.stringify(Array.from({ length: 400 }, (_, i) => `word-${i}`)) + ';';
    writeFileSync(join(dir, 'assets', 'big-abc.js'), big);
    writeFileSync(join(dir, 'assets', 'big-abc.js.br'), brotliCompressSync(big));
    writeFileSync(join(dir, 'assets', 'big-abc.js.gz'), gzipSync(big));
    t = await createTestApp({ TESSERA_CONSOLE_DIR: dir });
  });
  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves index.html at /, /setup and client routes, with a fresh nonce and a strict CSP', async () => {
    const pages = await Promise.all(['/', '/setup?code=abc', '/w/acme/tokens', '/login'].map((url) => t.app.inject({ method: 'GET', url })));
    const nonces = new Set<string>();
    for (const page of pages) {
      expect(page.statusCode).toBe(200);
      expect(page.headers['content-type']).toContain('text/html');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("frame-ancestors 'none'");
      const nonce = /'nonce-([^']+)'/.exec(csp)![1]!;
      expect(page.body).toContain(`nonce="${nonce}"`);
      expect(page.body).not.toContain('__CSP_NONCE__');
      nonces.add(nonce);
      expect(page.headers['x-frame-options']).toBe('DENY');
      expect(page.headers['referrer-policy']).toBe('no-referrer');
      expect(page.headers['x-content-type-options']).toBe('nosniff');
      expect(page.headers['cache-control']).toBe('no-store');
      expect(page.headers['strict-transport-security']).toBeUndefined();
    }
    expect(nonces.size).toBe(pages.length);
  });

  it('serves hashed assets with long caching, and 404s unknown ones', async () => {
    const js = await t.app.inject({ method: 'GET', url: '/assets/app-abc.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toContain('javascript');
    expect(js.headers['cache-control']).toContain('immutable');
    expect(js.headers['content-security-policy']).toContain("default-src 'self'");
    const missing = await t.app.inject({ method: 'GET', url: '/assets/nope.js' });
    expect(missing.statusCode).toBe(404);
  });

  it('sends the build\'s precompressed twin an asset has, as Accept-Encoding allows, still cached for good', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/assets/big-abc.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await t.app.inject({ method: 'GET', url: '/assets/big-abc.js', headers: { 'accept-encoding': 'gzip, deflate, br, zstd' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toContain('javascript');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(String(br.headers.vary)).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 2);
    const gz = await t.app.inject({ method: 'GET', url: '/assets/big-abc.js', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.body);
  });

  it('leaves the API alone: unknown /v1 paths are JSON 404s, and API routes still need credentials', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/nope' });
    expect(r.statusCode).toBe(404);
    expect(r.json().error.code).toBe('not_found_route');
    const me = await t.app.inject({ method: 'GET', url: '/v1/me' });
    expect(me.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/openapi.json' })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/' })).statusCode).toBe(404);
  });

  it('issue 16: answers API-looking paths and JSON-only clients with a JSON 404, not the console page', async () => {
    // QA Hub's route (/api/v1/me) against Tessera's base URL answered 200 text/html.
    for (const url of ['/api/v1/me', '/v2/tokens', '/.well-known/openid-configuration', '/oauth/introspect', '/API/v1/me']) {
      const r = await t.app.inject({ method: 'GET', url });
      expect([url, r.statusCode, r.headers['content-type']]).toEqual([url, 404, expect.stringContaining('application/json')]);
      expect(r.json().error.code).toBe('not_found_route');
    }
    const jsonClient = await t.app.inject({ method: 'GET', url: '/w/acme/tokens', headers: { accept: 'application/json' } });
    expect([jsonClient.statusCode, jsonClient.json().error.code]).toEqual([404, 'not_found_route']);
    // A browser names text/html (and often */*): it still gets the console.
    const browser = await t.app.inject({ method: 'GET', url: '/w/acme/tokens', headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } });
    expect([browser.statusCode, browser.headers['content-type']]).toEqual([200, expect.stringContaining('text/html')]);
    const any = await t.app.inject({ method: 'GET', url: '/projects', headers: { accept: '*/*' } });
    expect(any.statusCode).toBe(200);
  });
});

describe('without a built console', () => {
  it('keeps the plain /setup form and answers / with a JSON 404', async () => {
    const t = await createTestApp({ TESSERA_CONSOLE_DIR: join(tmpdir(), 'no-such-console-dir') });
    try {
      expect((await t.app.inject({ method: 'GET', url: '/setup' })).body).toContain('Set up Tessera');
      const root = await t.app.inject({ method: 'GET', url: '/' });
      expect(root.statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});
