import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { parsePlatformScopes, type PlatformScope } from './platform-scopes.js';

/**
 * The one configuration schema. Every setting has an env var, a config-file key, a parser that
 * explains what is wrong with a bad value, a default (or none), and a line of documentation
 * (docs/configuration.md is written from the same facts).
 */
export interface FieldSpec<T> {
  env: string;
  doc: string;
  parse: (raw: string) => T;
  default?: T | ((partial: Record<string, unknown>) => T);
  secret?: boolean;
  /** The value is JSON: a config file may give it as JSON (an array, an object) instead of a string. */
  json?: boolean;
}

export class ConfigValueError extends Error {}

const fail = (message: string): never => {
  throw new ConfigValueError(message);
};

const integer = (min: number, max: number) => (raw: string) => {
  if (!/^-?\d+$/.test(raw.trim())) fail(`must be a whole number between ${min} and ${max}`);
  const n = Number(raw);
  if (n < min || n > max) fail(`must be between ${min} and ${max}`);
  return n;
};

const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };
/** "90d", "12h", "30m", "45s" or a plain number of seconds. */
export const parseDuration = (min: number, max: number) => (raw: string) => {
  const m = /^(\d+)\s*([smhd]?)$/.exec(raw.trim());
  if (!m) fail('must be a duration like 30s, 15m, 12h or 90d');
  const seconds = Number(m![1]) * UNIT_SECONDS[m![2] || 's']!;
  if (seconds < min || seconds > max) fail(`must be between ${min}s and ${max}s`);
  return seconds;
};

/** "500ms", "1.5s", "3s" or a plain number of seconds, as milliseconds. */
export const parseDurationMs = (minMs: number, maxMs: number) => (raw: string) => {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s)?$/.exec(raw.trim());
  if (!m) fail('must be a duration like 500ms or 5s');
  const ms = Math.round(Number(m![1]) * (m![2] === 'ms' ? 1 : 1000));
  if (ms < minMs || ms > maxMs) fail(`must be between ${minMs}ms and ${maxMs / 1000}s`);
  return ms;
};

const boolean = (raw: string) => {
  const v = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(v)) return false;
  return fail('must be true or false');
};

const url = (protocols: string[]) => (raw: string) => {
  let parsed: URL;
  try {
    parsed = new URL(raw.trim());
  } catch {
    return fail('must be an absolute URL');
  }
  if (!protocols.includes(parsed.protocol)) fail(`must use ${protocols.join(' or ')}`);
  return raw.trim();
};

const secretValue = (raw: string) => {
  if (raw.length < 32) fail('must be at least 32 characters (use `openssl rand -base64 48`)');
  if (raw.trim() !== raw) fail('must not start or end with whitespace');
  return raw;
};

/** "500ms", "30s", "2m" or a plain number of milliseconds. */
const durationMs = (min: number, max: number) => (raw: string) => {
  const m = /^(\d+)\s*(ms|s|m)?$/.exec(raw.trim());
  if (!m) fail('must be a duration like 500ms, 30s or 2m');
  const ms = Number(m![1]) * ({ ms: 1, s: 1000, m: 60_000 } as Record<string, number>)[m![2] ?? 'ms']!;
  if (ms < min || ms > max) fail(`must be between ${min}ms and ${max}ms`);
  return ms;
};

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const configSchema = {
  host: { env: 'TESSERA_HOST', doc: 'Interface to listen on.', parse: (r: string) => r.trim() || fail('must not be empty'), default: '127.0.0.1' },
  port: { env: 'TESSERA_PORT', doc: 'TCP port to listen on.', parse: integer(0, 65535), default: 7420 },
  public_url: {
    env: 'TESSERA_PUBLIC_URL',
    doc: 'URL users reach this server at (setup links, OIDC audience). Defaults to http://HOST:PORT.',
    parse: url(['http:', 'https:']),
    default: (c: Record<string, unknown>) => `http://${String(c.host ?? '127.0.0.1')}:${String(c.port ?? 7420)}`,
  },
  data_dir: { env: 'TESSERA_DATA_DIR', doc: 'Folder for the embedded database and generated secret.', parse: (r: string) => r.trim() || fail('must not be empty'), default: './.tessera' },
  database_url: {
    env: 'DATABASE_URL',
    doc: 'PostgreSQL connection URL. When unset, an embedded PGlite database in DATA_DIR is used.',
    parse: url(['postgres:', 'postgresql:']),
    secret: true,
  },
  database_pool_size: { env: 'TESSERA_DATABASE_POOL_SIZE', doc: 'PostgreSQL connection pool size.', parse: integer(1, 200), default: 10 },
  database_connect_timeout_ms: {
    env: 'TESSERA_DATABASE_CONNECT_TIMEOUT',
    doc: 'PostgreSQL: how long opening a connection, or waiting for a free one in the pool, may take before the request answers 503 `database_unavailable` (e.g. 3s, 500ms).',
    parse: parseDurationMs(100, 120_000),
    default: 3_000,
  },
  database_statement_timeout_ms: {
    env: 'TESSERA_DATABASE_STATEMENT_TIMEOUT',
    doc: 'PostgreSQL: the longest one statement may run (server `statement_timeout`; the client gives up 500 ms later, for a server that cannot answer at all, and the server ends a transaction idle for twice this long). Beyond it the request answers 503 `database_unavailable`.',
    parse: parseDurationMs(100, 3_600_000),
    default: 5_000,
  },
  secret: {
    env: 'TESSERA_SECRET',
    doc: 'Pepper for token hashes (≥32 chars). Required with DATABASE_URL; generated into DATA_DIR/secret in embedded mode.',
    parse: secretValue,
    secret: true,
  },
  previous_secrets: {
    env: 'TESSERA_PREVIOUS_SECRETS',
    doc: 'Comma-separated earlier peppers, still accepted for tokens hashed with them (pepper rotation).',
    parse: (r: string) => r.split(',').map((s) => s.trim()).filter(Boolean).map(secretValue),
    default: [] as string[],
    secret: true,
  },
  token_brand: {
    env: 'TESSERA_TOKEN_BRAND',
    doc: 'Token prefix brand, 2–8 lowercase letters. Choose once: tokens carry it in their checksum.',
    parse: (r: string) => (/^[a-z]{2,8}$/.test(r.trim()) ? r.trim() : fail('must be 2 to 8 lowercase letters a-z')),
    default: 'tsr',
  },
  log_level: {
    env: 'TESSERA_LOG_LEVEL',
    doc: `Log level: ${LOG_LEVELS.join(', ')}.`,
    parse: (r: string) => ((LOG_LEVELS as readonly string[]).includes(r.trim()) ? (r.trim() as (typeof LOG_LEVELS)[number]) : fail(`must be one of ${LOG_LEVELS.join(', ')}`)),
    default: 'info' as (typeof LOG_LEVELS)[number],
  },
  body_limit_bytes: { env: 'TESSERA_BODY_LIMIT_BYTES', doc: 'Largest accepted JSON request body.', parse: integer(1024, 64 * 1024 * 1024), default: 1024 * 1024 },
  upload_limit_bytes: {
    env: 'TESSERA_UPLOAD_LIMIT_BYTES',
    doc: 'Largest accepted CI artifact upload, checked on the bytes sent and again after gzip decompression.',
    parse: integer(1024, 512 * 1024 * 1024),
    default: 50 * 1024 * 1024,
  },
  upload_parse_workers: {
    env: 'TESSERA_UPLOAD_PARSE_WORKERS',
    doc: 'Worker threads that parse uploaded reports, so parsing never delays other requests: at most this many reports are parsed at once. Default: 2, or 1 on a single-core machine.',
    parse: integer(1, 64),
    default: () => Math.min(2, availableParallelism()),
  },
  upload_parse_queue: {
    env: 'TESSERA_UPLOAD_PARSE_QUEUE',
    doc: 'Uploads that may wait for a parse worker (each holds its file in memory); past that, uploads get 503 `upload_parse_busy` with Retry-After.',
    parse: integer(0, 10_000),
    default: 8,
  },
  upload_parse_timeout_ms: {
    env: 'TESSERA_UPLOAD_PARSE_TIMEOUT_MS',
    doc: 'Longest a report may take to parse (e.g. 30s, 500ms); its worker is then stopped and the upload gets 422 `upload_parse_timeout`. A 50 MiB JUnit report takes about 5 s on one core.',
    parse: durationMs(10, 3_600_000),
    default: 30_000,
  },
  upload_parse_memory_mb: {
    env: 'TESSERA_UPLOAD_PARSE_MEMORY_MB',
    doc: "Heap limit of each parse worker, in MiB (V8's old generation); a report that needs more gets 422 `upload_parse_out_of_memory` and the worker is replaced. A 50 MiB JUnit report needs about 256.",
    parse: integer(16, 64 * 1024),
    default: 512,
  },
  session_ttl_seconds: { env: 'TESSERA_SESSION_TTL', doc: 'Lifetime of a login session (e.g. 30d).', parse: parseDuration(300, 365 * 86400), default: 30 * 86400 },
  project_token_limit: { env: 'TESSERA_PROJECT_TOKEN_LIMIT', doc: 'Most active tokens per project.', parse: integer(1, 100_000), default: 100 },
  usage_flush_seconds: { env: 'TESSERA_USAGE_FLUSH', doc: 'How often last-used times are written, in batches (e.g. 10s).', parse: parseDuration(1, 3600), default: 10 },
  cache_max_entries: {
    env: 'TESSERA_CACHE_MAX_ENTRIES',
    doc: 'Most verified tokens each node keeps in memory, so a repeated validation needs no database query (least recently used go first). 0 turns the cache off.',
    parse: integer(0, 10_000_000),
    default: 100_000,
  },
  cache_max_bytes: {
    env: 'TESSERA_CACHE_MAX_BYTES',
    doc: 'Memory budget of that cache (estimated per entry: about 1.6 KB for a typical token, its serialized validate answer included); whichever of the two limits is reached first evicts.',
    parse: integer(1024 * 1024, 16 * 1024 * 1024 * 1024),
    default: 128 * 1024 * 1024,
  },
  cache_negative_max_entries: {
    env: 'TESSERA_CACHE_NEGATIVE_MAX_ENTRIES',
    doc: 'Most unknown public ids remembered as unknown, so guessing tokens cannot make every attempt a database query.',
    parse: integer(0, 10_000_000),
    default: 50_000,
  },
  cache_max_staleness_seconds: {
    env: 'TESSERA_CACHE_MAX_STALENESS',
    doc: 'Backstop: a cached token (or unknown id) is re-read from the database after this long even if no invalidation arrived. Revocations, rotations and membership changes evict at once, on every node.',
    parse: parseDuration(1, 600),
    default: 30,
  },
  cache_trust_window_ms: {
    env: 'TESSERA_CACHE_TRUST_WINDOW',
    doc: 'A node answers from its token cache only while its invalidation listener has answered a heartbeat sent within this window (heartbeat every third of it): cut off from PostgreSQL, a node stops trusting its cache this long after its last heartbeat at most (e.g. 1500ms).',
    parse: parseDurationMs(300, 60_000),
    default: 1_500,
  },
  verifier_events_heartbeat_ms: {
    env: 'TESSERA_VERIFIER_EVENTS_HEARTBEAT',
    doc: 'How often GET /v1/verifiers/events sends a heartbeat (only while the node trusts its invalidation listener); an SDK stops trusting its cache when it hears none for about three of them (e.g. 2s).',
    parse: parseDurationMs(100, 60_000),
    default: 2_000,
  },
  verifier_events_max_streams: {
    env: 'TESSERA_VERIFIER_EVENTS_MAX_STREAMS',
    doc: 'Most verifier event streams (GET /v1/verifiers/events) one node keeps open at once; more answer 429 too_many_streams. Each verifier credential may hold at most 8.',
    parse: integer(0, 100_000),
    default: 1_000,
  },
  metrics_token: {
    env: 'TESSERA_METRICS_TOKEN',
    doc: 'Bearer token that /metrics requires (≥16 chars). When unset, /metrics answers only direct (not proxied) requests from the loopback interface.',
    parse: (r: string) => (r.trim().length >= 16 ? r.trim() : fail('must be at least 16 characters')),
    secret: true,
  },
  oidc_audience: {
    env: 'TESSERA_OIDC_AUDIENCE',
    doc: 'The `aud` a CI ID token must carry to be exchanged (OIDC federation). Defaults to PUBLIC_URL.',
    parse: (r: string) => r.trim() || fail('must not be empty'),
    default: (c: Record<string, unknown>) => String(c.public_url ?? `http://${String(c.host ?? '127.0.0.1')}:${String(c.port ?? 7420)}`),
  },
  oidc_allow_insecure_issuers: {
    env: 'TESSERA_OIDC_ALLOW_INSECURE_ISSUERS',
    doc: 'Allow OIDC issuers on plain http, for loopback addresses only (127.0.0.0/8, ::1, localhost): tests and local development. Issuers are otherwise https only. The loopback address must also be listed in TESSERA_OUTBOUND_ALLOWED_HOSTS (e.g. 127.0.0.1).',
    parse: boolean,
    default: false,
  },
  oidc_max_token_age_seconds: {
    env: 'TESSERA_OIDC_MAX_TOKEN_AGE',
    doc: 'Oldest CI ID token (by its `iat`) the exchange accepts, even when it has not expired (e.g. 1h). GitLab issues its token when the job starts.',
    parse: parseDuration(60, 86400),
    default: 3600,
  },
  oidc_jwks_cooldown_seconds: {
    env: 'TESSERA_OIDC_JWKS_COOLDOWN',
    doc: "After fetching an issuer's keys, how long an unknown key id (`kid`) is refused without fetching them again (e.g. 30s).",
    parse: parseDuration(0, 3600),
    default: 30,
  },
  oidc_issuer_retry_seconds: {
    env: 'TESSERA_OIDC_ISSUER_RETRY',
    doc: "After an issuer's discovery document or keys could not be fetched, how long exchanges naming it are answered `oidc_issuer_unavailable` from memory, without contacting it again (e.g. 30s).",
    parse: parseDuration(1, 3600),
    default: 30,
  },
  outbound_allowed_hosts: {
    env: 'TESSERA_OUTBOUND_ALLOWED_HOSTS',
    doc: 'Comma-separated host names or IP addresses that outbound fetches (OIDC discovery and keys) may reach even though they resolve to a loopback, private, link-local or otherwise non-public address: a self-hosted GitLab or GitHub Enterprise Server on your network. Matched exactly (any port); https is still required.',
    parse: (r: string) => r.split(',').map((s) => s.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1')).filter(Boolean).map((h) => (isIP(h) || /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*\.?$/.test(h) ? h : fail(`"${h}" is not a host name or IP address (write it without scheme, port or path)`))),
    default: [] as string[],
  },
  webhook_worker: {
    env: 'TESSERA_WEBHOOK_WORKER',
    doc: 'Run the webhook delivery worker and the token expiry pass (token.expiring, token.expired; once a minute, one node at a time under a lease) on this node. Any number of nodes may run it: each delivery is claimed by one node at a time (FOR UPDATE SKIP LOCKED and a lease), and retried elsewhere if that node dies mid-delivery.',
    parse: boolean,
    default: true,
  },
  webhook_poll_ms: {
    env: 'TESSERA_WEBHOOK_POLL',
    doc: 'How often an idle delivery worker looks for due webhook deliveries (e.g. 500ms, 2s): the longest a new event waits before its first attempt.',
    parse: parseDurationMs(50, 60_000),
    default: 500,
  },
  webhook_lease_ms: {
    env: 'TESSERA_WEBHOOK_LEASE',
    doc: 'How long a node holds a webhook delivery it claimed (e.g. 60s). A node that dies mid-delivery leaves it to another node after this long. Each delivery attempt is given half of it, at most 10s.',
    parse: parseDurationMs(2_000, 3_600_000),
    default: 60_000,
  },
  webhook_allow_insecure: {
    env: 'TESSERA_WEBHOOK_ALLOW_INSECURE',
    doc: 'Allow webhook endpoints on plain http for loopback hosts only (127.0.0.0/8, ::1, localhost): tests and local development. The loopback address must also be listed in TESSERA_OUTBOUND_ALLOWED_HOSTS. Endpoints are otherwise https only.',
    parse: boolean,
    default: false,
  },
  github_scanning_keys_url: {
    env: 'TESSERA_GITHUB_SCANNING_KEYS_URL',
    doc: "Where POST /v1/secret-scanning/github fetches GitHub's secret-scanning public keys (`{\"public_keys\":[…]}`), through the guarded outbound client. Fetched when a signature names a key id not yet known, at most once a minute.",
    parse: url(['https:', 'http:']),
    default: 'https://api.github.com/meta/public_keys/secret_scanning',
  },
  github_scanning_allow_insecure: {
    env: 'TESSERA_GITHUB_SCANNING_ALLOW_INSECURE',
    doc: 'Allow TESSERA_GITHUB_SCANNING_KEYS_URL on plain http for a loopback host only (tests, local development); the address must also be listed in TESSERA_OUTBOUND_ALLOWED_HOSTS.',
    parse: boolean,
    default: false,
  },
  console_dir: {
    env: 'TESSERA_CONSOLE_DIR',
    doc: 'Folder of the built web console served at / (default: the one shipped in dist/web). Without it, / answers 404 and /setup is a plain form.',
    parse: (r: string) => r.trim() || fail('must not be empty'),
  },
  trust_proxy: { env: 'TESSERA_TRUST_PROXY', doc: 'Trust X-Forwarded-For from a reverse proxy for client IPs, and keep a well-formed X-Request-Id it sends as the request id.', parse: boolean, default: false },
  scopes: {
    env: 'TESSERA_SCOPES',
    doc: 'Platform-defined scopes, besides the built-in read, write, upload and admin: a JSON array of `{"name", "description", "kinds", "min_role"}` (in the config file, the array itself). `name`: a lowercase letter, then up to 63 of a-z 0-9 _ : . - (not a built-in name); `kinds`: the token kinds that may hold it (default workspace, project, personal; add ci for trust policies); `min_role`: the lowest role that may grant it (default member). Tessera issues and reports them; they never authorize its own routes. See docs/tokens.md.',
    parse: (r: string) => {
      const { scopes, problems } = parsePlatformScopes(r);
      return problems.length ? fail(problems.join('; ')) : scopes;
    },
    default: [] as readonly PlatformScope[],
    json: true,
  },
} satisfies Record<string, FieldSpec<unknown>>;

type Schema = typeof configSchema;
type ValueOf<F> = F extends FieldSpec<infer T> ? T : never;
export type RawConfig = { [K in keyof Schema]: ValueOf<Schema[K]> };
