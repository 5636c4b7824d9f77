import type { Logger } from 'pino';
import type { Config } from './config/load-config.js';
import { loadOrCreateEmbeddedSecret } from './config/embedded-secret.js';
import { openDatabase, type Db, type PoolStats, type Subscribe } from './db/database.js';
import { migrateToLatest } from './db/migrate.js';
import { describeDatabaseError, isDatabaseUnavailable } from './db/errors.js';
import { createPepperKeyring, type PepperKeyring } from './crypto/pepper-keyring.js';
import { createDenialRecorder, type DenialRecorder } from './audit/denial-recorder.js';
import { createUsageRecorder, type UsageRecorder } from './tokens/usage-recorder.js';
import { createValidationService, type ValidationService, type WarmValidation } from './tokens/validation-service.js';
import { VALID_ANSWER_BYTES } from './tokens/validation-routes.js';
import { createTokenService, type TokenService } from './tokens/token-service.js';
import { createSessionService, type SessionService } from './identity/session-service.js';
import { createLoginThrottle } from './identity/login-throttle.js';
import { createSetupService, type SetupService } from './identity/setup-service.js';
import { createProfileService, type ProfileService } from './identity/profile-service.js';
import { createWorkspaceService, type WorkspaceService } from './workspaces/workspace-service.js';
import { createProjectService, type ProjectService } from './workspaces/project-service.js';
import { createMemberService, type MemberService } from './workspaces/member-service.js';
import { createInvitationService, type InvitationService } from './identity/invitation-service.js';
import { createAuditService, type AuditService } from './audit/audit-service.js';
import { createUploadService, type UploadService } from './uploads/upload-service.js';
import { createParsePool, type ParsePool } from './uploads/parse-pool.js';
import { TokenCache } from './validation-cache/token-cache.js';
import { createInvalidation, type Invalidation } from './validation-cache/invalidation.js';
import type { ListenerLogger } from './validation-cache/invalidation-listener.js';
import type { TokenEntry } from './tokens/validation-service.js';
import { createMetrics, type Metrics } from './metrics/metrics.js';
import { createReadiness, type Readiness } from './health/readiness.js';
import { createIssuerRegistry } from './oidc/issuer-registry.js';
import { createGuardedFetch, type GuardedFetchOptions } from './outbound/guarded-fetch.js';
import { createExchangeService, type ExchangeService } from './oidc/exchange-service.js';
import { createTrustPolicyService, type TrustPolicyService } from './oidc/trust-policy-service.js';
import { systemClock, type Clock } from './clock/clock.js';
import { cacheGroup } from './validation-cache/cache-group.js';
import { createVerifierAuth, type VerifierAuth, type VerifierEntry } from './verifiers/verifier-auth.js';
import { createVerifierService, type VerifierService } from './verifiers/verifier-service.js';
import { recordVerifierUsage } from './verifiers/verifier-repository.js';
import { createInstanceAdminService, type InstanceAdminService } from './identity/instance-admin-service.js';
import type { PasswordHasher } from './identity/password-hash.js';
import { createRefResolver, type RefResolver } from './workspaces/ref-resolver.js';
import { createScopeRegistry, type ScopeRegistry } from './authz/scope-registry.js';
import { createVerifierEvents, type VerifierEvents } from './verifiers/verifier-events.js';
import { createWebhookService, type WebhookService } from './webhooks/webhook-service.js';
import { createDeliveryWorker, type DeliveryWorker } from './webhooks/delivery-worker.js';
import { createLeakService, type LeakService } from './tokens/leak-service.js';
import { createExpiryPass, type ExpiryPass } from './webhooks/expiry-pass.js';
import { createCanaryRecorder, type CanaryRecorder } from './tokens/canary-recorder.js';
import { createGitHubScanningKeys, type GitHubScanningKeys } from './tokens/github-scanning-keys.js';

/** Everything the HTTP app needs, built once from the parsed config. The only place services are wired. */
export interface AppContext {
  config: Config;
  db: Db;
  engine: 'postgres' | 'pglite';
  keyring: PepperKeyring;
  usage: UsageRecorder;
  denials: DenialRecorder;
  validation: ValidationService & WarmValidation;
  sessions: SessionService;
  setup: SetupService;
  profiles: ProfileService;
  tokens: TokenService;
  workspaces: WorkspaceService;
  projects: ProjectService;
  members: MemberService;
  invitations: InvitationService;
  audit: AuditService;
  uploads: UploadService;
  /** The worker threads that parse uploads (their load, for tests and operators). */
  uploadParser: ParsePool;
  /** Verified tokens in memory, evicted on every node through `invalidation`. */
  cache: TokenCache<TokenEntry>;
  invalidation: Invalidation;
  metrics: Metrics;
  readiness: Readiness;
  trustPolicies: TrustPolicyService;
  oidc: ExchangeService;
  /** Workspace and project names (gateway locations) to ids, cached briefly. */
  refs: RefResolver;
  /** Built-in and platform-defined scopes (TESSERA_SCOPES). */
  scopes: ScopeRegistry;
  /** Verifier credentials: who may verify tokens (introspection), their cache, and their management. */
  verifierAuth: VerifierAuth;
  verifierCache: TokenCache<VerifierEntry>;
  verifiers: VerifierService;
  instanceAdmins: InstanceAdminService;
  /** The invalidation stream for SDK caches (GET /v1/verifiers/events): one more cache of `invalidation`. */
  verifierEvents: VerifierEvents;
  /** Webhook endpoints, and the worker that delivers their events (started when TESSERA_WEBHOOK_WORKER is on). */
  webhooks: WebhookService;
  webhookWorker: DeliveryWorker;
  /** The scheduled pass that emits token.expiring / token.expired (one node at a time, under a lease). */
  expiryPass: ExpiryPass;
  /** Reports uses of canary tokens (token.canary_triggered). */
  canaries: CanaryRecorder;
  /** Leaked-token reports (GitHub secret scanning, report-leak) and GitHub's signing keys. */
  leaks: LeakService;
  githubKeys: GitHubScanningKeys;
  /** Flushes batched writes, then closes the database. */
  close(): Promise<void>;
}

export interface ContextOptions {
  /** `error` at least; `warn` and `info` are used when present (the invalidation listener's state changes). */
  logger: Pick<Logger, 'error'> & Partial<Pick<Logger, 'warn' | 'info'>>;
  /**
   * Use this database instead of opening one from config (tests, benchmarks): what openDatabase()
   * returns. Without `subscribe` this node cannot hear invalidations, so its token cache stays off.
   */
  db?: { db: Db; engine: 'postgres' | 'pglite'; subscribe?: Subscribe; poolStats?: () => PoolStats };
  /** Reconnect and heartbeat timing of the invalidation listener (tests shorten or lengthen them). */
  listener?: { minBackoffMs?: number; maxBackoffMs?: number; heartbeatMs?: number; deadlineMs?: number };
  /** Outbound fetches: a made-up DNS and a trusted self-signed CA (tests). */
  outbound?: Pick<GuardedFetchOptions, 'resolve' | 'ca'>;
  /** The one source of time for every service, cache and scheduler (default: the system clock; tests move a test clock). */
  clock?: Clock;
  /**
   * Tests only: how new passwords are hashed (a cheaper scrypt: hashing is most of a small test's
   * setup; or one that counts). Not a setting: a deployment always hashes with PASSWORD_HASH_PARAMS.
   */
  hashPassword?: PasswordHasher;
}

export async function createContext(config: Config, options: ContextOptions): Promise<AppContext> {
  const secret = config.secret ?? (config.database_url ? undefined : loadOrCreateEmbeddedSecret(config.data_dir));
  if (!secret) throw new Error('TESSERA_SECRET is required with DATABASE_URL');
  const warn = (o: object, msg: string) => (options.logger.warn ? options.logger.warn(o, msg) : options.logger.error(o, msg));
  const opened = options.db ?? (await openDatabase({
    url: config.database_url, dataDir: config.data_dir, poolSize: config.database_pool_size,
    connectTimeoutMs: config.database_connect_timeout_ms, statementTimeoutMs: config.database_statement_timeout_ms,
    // The pool drops the connection and opens another when next needed; the error's message may name the host.
    onIdleError: (err) => warn({ db: describeDatabaseError(err) }, 'an idle database connection failed; the pool replaces it'),
  }));
  const { db, engine } = opened;
  const scopes = createScopeRegistry(config.scopes);
  const clock = options.clock ?? systemClock;
  await migrateToLatest(db);

  // A database outage is expected and its error may name the host: a warning with its code. Anything else is an error.
  const onError = (what: string) => (err: unknown) => (isDatabaseUnavailable(err) ? warn({ db: describeDatabaseError(err) }, `${what}: database unavailable`) : options.logger.error({ err }, what));
  const keyring = createPepperKeyring(secret, config.previous_secrets);
  const usage = createUsageRecorder(db, config.usage_flush_seconds * 1000, onError('recording token usage failed'), clock);
  const denials = createDenialRecorder(db, { windowMs: 60_000, maxKeys: 200, onError: onError('recording denied authentications failed'), clock });
  const logger = listenerLogger(options.logger);
  const stalenessMs = config.cache_max_staleness_seconds * 1000;
  const cache = new TokenCache<TokenEntry>({ maxEntries: config.cache_max_entries, maxBytes: config.cache_max_bytes, maxNegative: config.cache_negative_max_entries, maxStalenessMs: stalenessMs, clock });
  // Verifier credentials are few: a small cache, evicted by the same invalidation as tokens.
  const verifierCache = new TokenCache<VerifierEntry>({ maxEntries: Math.min(config.cache_max_entries, 10_000), maxBytes: 16 * 1024 * 1024, maxNegative: config.cache_negative_max_entries, maxStalenessMs: stalenessMs, clock });
  const verifierEvents = createVerifierEvents({
    db, brand: config.token_brand, heartbeatMs: config.verifier_events_heartbeat_ms, maxStreams: config.verifier_events_max_streams, maxStreamsPerVerifier: 8,
    now: () => cache.now(), wallNow: () => clock.nowMs(), onError: (err, what) => onError(what)(err),
  });
  const invalidation = createInvalidation({
    db, cache: cacheGroup([cache, verifierCache, verifierEvents.cache]), subscribe: opened.subscribe, logger, pendingTtlMs: stalenessMs, trustWindowMs: config.cache_trust_window_ms, clock, ...(options.listener ? { listener: options.listener } : {}),
  });
  await invalidation.start();
  const metrics = createMetrics({ engine, cache, poolStats: opened.poolStats ?? (() => ({ total: 0, idle: 0, waiting: 0 })), listener: () => invalidation.state() });
  const readiness = createReadiness({ db, invalidation, timeoutMs: 2_000, clock });
  // The validate route keeps each cached identity's serialized answer: the cache's byte bound counts it.
  const canaries = createCanaryRecorder({ db, clock, onError: onError('reporting a canary token use failed') });
  const validation = createValidationService({ db, keyring, onCanary: canaries.record, brand: config.token_brand, usage, denials, cache, retainedBytesPerEntry: VALID_ANSWER_BYTES, observe: metrics.observeValidation, clock, scopes });
  const throttle = createLoginThrottle({ db, onError: onError('pruning expired sign-in attempts failed'), clock });
  const sessions = createSessionService({ db, keyring, brand: config.token_brand, ttlSeconds: config.session_ttl_seconds, denials, throttle, clock });
  const setup = createSetupService({ db, keyring, sessions, ...(options.hashPassword ? { hashPassword: options.hashPassword } : {}) });
  const profiles = createProfileService({ db });
  const tokens = createTokenService({ db, keyring, brand: config.token_brand, projectTokenLimit: config.project_token_limit, invalidation, clock, events: metrics.business.tokens, scopes });
  const workspaces = createWorkspaceService({ db, invalidation, clock });
  const projects = createProjectService({ db, invalidation, clock });
  const invitations = createInvitationService({ db, keyring, sessions, denials, clock, ...(options.hashPassword ? { hashPassword: options.hashPassword } : {}) });
  const members = createMemberService({ db, invitations, invalidation, clock });
  const audit = createAuditService({ db });
  const parseLimits = { timeoutMs: config.upload_parse_timeout_ms, memoryMb: config.upload_parse_memory_mb };
  const uploadParser = createParsePool({ workers: config.upload_parse_workers, queueLimit: config.upload_parse_queue, ...parseLimits, onError: onError('an upload parse worker failed') });
  const uploads = createUploadService({ db, publicUrl: config.public_url, parser: uploadParser, parseLimits, clock, events: metrics.business.uploads });
  const trustPolicies = createTrustPolicyService({ db, allowInsecureIssuers: config.oidc_allow_insecure_issuers, allowedHosts: config.outbound_allowed_hosts, clock, scopes });
  const oidcDenials = createDenialRecorder(db, { windowMs: 60_000, maxKeys: 200, action: 'oidc.exchange.denied', onError: onError('recording refused OIDC exchanges failed'), clock });
  const outbound = createGuardedFetch({ allowedHosts: config.outbound_allowed_hosts, allowInsecureLoopback: config.oidc_allow_insecure_issuers, ...options.outbound });
  const registry = createIssuerRegistry({
    fetch: outbound, allowInsecure: config.oidc_allow_insecure_issuers, allowedHosts: config.outbound_allowed_hosts, cooldownMs: config.oidc_jwks_cooldown_seconds * 1000, retryMs: config.oidc_issuer_retry_seconds * 1000,
    warn: (o, m) => logger.warn(o, m), clock,
  });
  const oidc = createExchangeService({
    db, tokens, registry, denials: oidcDenials, audience: config.oidc_audience, maxTokenAgeSeconds: config.oidc_max_token_age_seconds, onError: onError('pruning used OIDC token ids failed'), clock, events: metrics.business.exchanges, scopes,
  });
  const refs = createRefResolver({ db, clock });

  const verifierUsage = createUsageRecorder(db, config.usage_flush_seconds * 1000, onError('recording verifier usage failed'), clock, recordVerifierUsage);
  const verifierAuth = createVerifierAuth({ db, keyring, brand: config.token_brand, cache: verifierCache, usage: verifierUsage, denials, clock });
  const verifiers = createVerifierService({ db, keyring, brand: config.token_brand, invalidation, clock });
  const instanceAdmins = createInstanceAdminService({ db });
  const webhooks = createWebhookService({ db, keyring, allowedHosts: config.outbound_allowed_hosts, allowInsecureLoopback: config.webhook_allow_insecure, clock });
  // Deliveries go through the guarded client: https, public addresses unless allow-listed, no redirects.
  const webhookFetch = createGuardedFetch({ allowedHosts: config.outbound_allowed_hosts, allowInsecureLoopback: config.webhook_allow_insecure, timeoutMs: Math.min(10_000, config.webhook_lease_ms / 2), ...options.outbound });
  const webhookWorker = createDeliveryWorker({ db, keyring, fetch: webhookFetch, clock, pollMs: config.webhook_poll_ms, leaseMs: config.webhook_lease_ms, onError: onError('a webhook delivery pass failed') });
  const expiryPass = createExpiryPass({ db, clock, onError: onError('the token expiry pass failed') });
  if (config.webhook_worker) {
    webhookWorker.start();
    expiryPass.start();
  }
  const leaks = createLeakService({ db, keyring, brand: config.token_brand, invalidation, clock });
  const githubKeys = createGitHubScanningKeys({
    fetch: createGuardedFetch({ allowedHosts: config.outbound_allowed_hosts, allowInsecureLoopback: config.github_scanning_allow_insecure, ...options.outbound }),
    url: config.github_scanning_keys_url, clock, warn: (o, m) => logger.warn(o, m),
  });

  return {
    refs, verifierAuth, verifierCache, verifiers, instanceAdmins, verifierEvents, webhooks, webhookWorker, expiryPass, canaries, leaks, githubKeys,
    config, db, engine, keyring, usage, denials, validation, sessions, setup, profiles, tokens, workspaces, projects, members, invitations, audit, uploads, uploadParser, cache, invalidation, metrics, readiness, trustPolicies, oidc, scopes,
    async close() {
      verifierEvents.closeAll();
      await uploadParser.close();
      await webhookWorker.stop();
      await expiryPass.stop();
      await canaries.flush();
      await invalidation.stop();
      await usage.stop();
      await verifierUsage.stop();
      await denials.stop();
      await oidcDenials.stop();
      await db.destroy();
    },
  };
}

/** The listener logs its state changes at warn/error; a logger without warn or info (tests) gets error for warn. */
function listenerLogger(l: ContextOptions['logger']): ListenerLogger {
  return {
    error: (o, m) => l.error(o, m),
    warn: (o, m) => (l.warn ? l.warn(o, m) : l.error(o, m)),
    info: (o, m) => l.info?.(o, m),
  };
}
