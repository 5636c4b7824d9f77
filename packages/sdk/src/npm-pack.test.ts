import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../tessera/src/test-support/test-app.js';

const PKG = fileURLToPath(new URL('..', import.meta.url));

/**
 * `npm pack` of the SDK installs into an empty project (no other package comes with it) and
 * verifies a token against a real server. Once per run (the pglite project): packing rebuilds
 * dist/, which two projects must not do at the same time.
 */
describe.skipIf(process.env.TESSERA_TEST_DB === 'postgres')('the packed SDK', () => {
  let t: TestApp;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-sdk-pack-'));
    t = await createTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('installs alone into an empty project and verifies', async () => {
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: PKG, encoding: 'utf8' }).trim().split('\n').pop()!;
    const proj = join(dir, 'proj');
    execFileSync('mkdir', [proj]);
    writeFileSync(join(proj, 'package.json'), JSON.stringify({ name: 'empty', version: '1.0.0', type: 'module' }));
    execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(dir, tgz)], { cwd: proj, encoding: 'utf8' });
    const installed = execFileSync('npm', ['ls', '--all', '--parseable'], { cwd: proj, encoding: 'utf8' }).trim().split('\n');
    expect(installed).toHaveLength(2); // the project and @tessera/sdk: no runtime dependency

    const owner = await t.bootstrap();
    const credential = (await t.request('POST', '/v1/verifiers', { token: owner.token, body: { name: 'packed' } })).body.secret;
    const tok = await t.createToken(owner.token, owner.slug, { kind: 'workspace', scopes: ['read'] });
    const url = `http://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
    writeFileSync(join(proj, 'check.mjs'), `
      import { createVerifier } from '@tessera/sdk';
      import { authenticate } from '@tessera/sdk/fetch';
      const v = createVerifier({ url: process.env.URL, credential: process.env.CRED });
      const ok = await v.verify(process.env.TOKEN, { scope: 'read' });
      const typo = v.verify(process.env.TOKEN.slice(0, -1) + (process.env.TOKEN.endsWith('x') ? 'y' : 'x')); // one character changed
      const denied = await authenticate(v, new Request('http://x/', { headers: { authorization: 'Bearer ' + process.env.TOKEN } }), { scope: 'write' });
      v.close();
      console.log(JSON.stringify({ valid: ok.valid, tokenId: ok.tokenId, typo: typo.code, denied: denied.status, ...(ok.valid ? {} : { why: ok.message }) }));
    `);
    // Not execFileSync: the server under test answers on this process's event loop.
    const { stdout: out } = await promisify(execFile)(process.execPath, ['check.mjs'], { cwd: proj, encoding: 'utf8', env: { ...process.env, URL: url, CRED: credential, TOKEN: tok.secret } });
    expect(JSON.parse(out)).toEqual({ valid: true, tokenId: tok.id, typo: 'malformed', denied: 403 });
  });
});
