import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey, type JWK } from 'jose';

/**
 * A real OIDC issuer on loopback for tests: its own keys (jose generateKeyPair), a discovery
 * document and a JWKS served by node:http, key rotation, and ID tokens shaped like GitHub
 * Actions' and GitLab CI's with their full claim sets. It counts what it served, so tests can
 * see when the server fetched keys again.
 */
interface Key {
  kid: string;
  alg: 'RS256' | 'ES256';
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  jwk: JWK;
  published: boolean;
}

export interface SignOptions {
  audience?: string | string[];
  /** Seconds relative to now. */
  iatOffset?: number;
  expOffset?: number;
  nbfOffset?: number;
  kid?: string;
  jti?: string;
}

export interface OidcIssuer {
  url: string;
  /** The kid of the key tokens are signed with by default. */
  readonly kid: string;
  readonly fetches: { discovery: number; jwks: number };
  /**
   * Answer requests another way (a failing, slow or lying issuer) until called again without a
   * handler; the handler returns false to let the normal answer through. Requests are still counted.
   */
  misbehave(handler?: (req: IncomingMessage, res: ServerResponse, normal: { discovery: Record<string, unknown> }) => boolean): void;
  /** A new key, signing from now on; `publish: false` keeps it out of the JWKS (until publish()). */
  rotate(opts?: { publish?: boolean; keepOld?: boolean; alg?: 'RS256' | 'ES256' }): Promise<string>;
  publish(kid: string): void;
  /** Sign with this (existing) key by default from now on. */
  useKey(kid: string): void;
  sign(claims: Record<string, unknown>, opts?: SignOptions): Promise<string>;
  github(claims?: Record<string, unknown>, opts?: SignOptions): Promise<string>;
  gitlab(claims?: Record<string, unknown>, opts?: SignOptions): Promise<string>;
  /** `alg: none`: no signature at all. */
  unsigned(claims?: Record<string, unknown>, opts?: SignOptions): string;
  /** HS256 with the current public key's PEM as the shared secret (the classic algorithm-confusion attack). */
  hs256WithPublicKey(claims?: Record<string, unknown>, opts?: SignOptions): Promise<string>;
  close(): Promise<void>;
}

export const GITHUB_IDS = { repository_id: '690421337', repository_owner_id: '10203040' };
export const GITLAB_IDS = { project_id: '48151623', namespace_id: '4242' };

async function newKey(alg: 'RS256' | 'ES256', published: boolean): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, jwk, published };
}

export interface StartIssuerOptions {
  audience: string;
  alg?: 'RS256' | 'ES256';
  /** The host name in the issuer URL (default 127.0.0.1; the server always listens on 127.0.0.1). */
  host?: string;
  /** Serve https with this certificate (test-support/tls-fixture.ts) instead of plain http. */
  tls?: { key: string; cert: string };
}

export async function startOidcIssuer(opts: StartIssuerOptions): Promise<OidcIssuer> {
  const keys: Key[] = [await newKey(opts.alg ?? 'RS256', true)];
  let current = keys[0]!;
  const fetches = { discovery: 0, jwks: 0 };
  let url = '';
  let misbehaving: Parameters<OidcIssuer['misbehave']>[0];
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    const send = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    const discovery = { issuer: url, jwks_uri: `${url}/.well-known/jwks`, subject_types_supported: ['public'], response_types_supported: ['id_token'], id_token_signing_alg_values_supported: ['RS256', 'ES256'], claims_supported: ['sub', 'aud', 'exp', 'iat', 'iss', 'jti', 'nbf', 'ref', 'repository', 'repository_id', 'repository_owner_id'] };
    if (req.url === '/.well-known/openid-configuration') fetches.discovery++;
    if (req.url === '/.well-known/jwks') fetches.jwks++;
    if (misbehaving?.(req, res, { discovery })) return;
    if (req.url === '/.well-known/openid-configuration') return send(discovery);
    if (req.url === '/.well-known/jwks') return send({ keys: keys.filter((k) => k.published).map((k) => k.jwk) });
    res.writeHead(404).end();
  };
  const server: Server = opts.tls ? createHttpsServer(opts.tls, handler) : createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `${opts.tls ? 'https' : 'http'}://${opts.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;

  const times = (o: SignOptions) => {
    const now = Math.floor(Date.now() / 1000);
    const iat = now + (o.iatOffset ?? 0);
    return { iat, nbf: now + (o.nbfOffset ?? o.iatOffset ?? 0), exp: now + (o.expOffset ?? 300) };
  };
  const base = (o: SignOptions) => ({ jti: o.jti ?? randomUUID(), iss: url, aud: o.audience ?? opts.audience, ...times(o) });

  const issuer: OidcIssuer = {
    url,
    get kid() {
      return current.kid;
    },
    fetches,
    misbehave(h) {
      misbehaving = h;
    },
    async rotate(o = {}) {
      const k = await newKey(o.alg ?? current.alg, o.publish ?? true);
      if (!o.keepOld) for (const old of keys) old.published = false;
      keys.push(k);
      current = k;
      return k.kid;
    },
    publish(kid) {
      keys.find((k) => k.kid === kid)!.published = true;
    },
    useKey(kid) {
      current = keys.find((k) => k.kid === kid)!;
    },
    async sign(claims, o = {}) {
      const key = o.kid ? keys.find((k) => k.kid === o.kid)! : current;
      return new SignJWT({ ...base(o), ...claims }).setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
    },
    github(claims = {}, o = {}) {
      const repo = String(claims.repository ?? 'acme/web');
      const ref = String(claims.ref ?? 'refs/heads/main');
      const runId = String(Math.floor(Math.random() * 1e10));
      return issuer.sign({
        sub: `repo:${repo}:ref:${ref}`,
        ref, sha: 'd6c5b4a394f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7',
        repository: repo, repository_owner: repo.split('/')[0], ...GITHUB_IDS,
        repository_visibility: 'private', run_id: runId, run_number: '128', run_attempt: '1',
        actor: 'octocat', actor_id: '583231', workflow: 'CI', head_ref: '', base_ref: '', event_name: 'push',
        ref_protected: 'true', ref_type: 'branch',
        workflow_ref: `${repo}/.github/workflows/ci.yml@${ref}`, workflow_sha: 'd6c5b4a394f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7',
        job_workflow_ref: `${repo}/.github/workflows/ci.yml@${ref}`, job_workflow_sha: 'd6c5b4a394f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7',
        runner_environment: 'github-hosted',
        ...claims,
      }, o);
    },
    gitlab(claims = {}, o = {}) {
      const path = String(claims.project_path ?? 'acme/platform/web');
      const ref = String(claims.ref ?? 'main');
      return issuer.sign({
        sub: `project_path:${path}:ref_type:branch:ref:${ref}`,
        namespace_path: path.split('/').slice(0, -1).join('/'), project_path: path, ...GITLAB_IDS,
        user_id: '31', user_login: 'jdoe', user_email: 'jdoe@example.com', user_access_level: 'developer',
        pipeline_id: '1212', pipeline_source: 'push', job_id: '502', ref, ref_type: 'branch', ref_path: `refs/heads/${ref}`, ref_protected: 'true',
        runner_id: '7', runner_environment: 'gitlab-hosted', sha: 'd6c5b4a394f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7', project_visibility: 'internal',
        ci_config_ref_uri: `gitlab.example.com/${path}//.gitlab-ci.yml@refs/heads/${ref}`, ci_config_sha: 'd6c5b4a394f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7',
        ...claims,
      }, o);
    },
    unsigned(claims = {}, o = {}) {
      return new UnsecuredJWT({ ...base(o), sub: 'repo:acme/web:ref:refs/heads/main', repository: 'acme/web', ...GITHUB_IDS, ref: 'refs/heads/main', event_name: 'push', ...claims }).encode();
    },
    async hs256WithPublicKey(claims = {}, o = {}) {
      const pem = await exportSPKI(current.publicKey);
      return new SignJWT({ ...base(o), sub: 'repo:acme/web:ref:refs/heads/main', repository: 'acme/web', ...GITHUB_IDS, ref: 'refs/heads/main', event_name: 'push', ...claims })
        .setProtectedHeader({ alg: 'HS256', kid: current.kid, typ: 'JWT' })
        .sign(new TextEncoder().encode(pem));
    },
    close: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((err) => (err ? reject(err) : resolve()));
    }),
  };
  return issuer;
}

/**
 * A fake GitHub Actions ID token endpoint (what ACTIONS_ID_TOKEN_REQUEST_URL points at): checks
 * the request bearer, reads `audience` from the query string and answers `{"value": "<JWT>"}`
 * minted by `issuer` with the GitHub claim set (plus `claims`).
 */
export async function serveActionsTokenEndpoint(issuer: OidcIssuer, opts: { requestToken: string; claims?: Record<string, unknown> }) {
  const audiences: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (req.headers.authorization !== `bearer ${opts.requestToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"message":"bad request token"}');
      return;
    }
    const audience = url.searchParams.get('audience') ?? 'https://github.com/acme';
    audiences.push(audience);
    void issuer.github(opts.claims ?? {}, { audience }).then((value) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ count: 1, value }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    /** As GitHub sets it: already carrying a query string, so the audience is appended with `&`. */
    requestUrl: `${base}/_apis/distributedtask/hubs/build/plans/1/jobs/2/idtoken?api-version=2.0`,
    audiences,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
