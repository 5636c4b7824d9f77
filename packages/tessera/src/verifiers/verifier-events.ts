import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { CacheKey } from '../validation-cache/cache-keys.js';
import type { InvalidatedCache } from '../validation-cache/cache-group.js';
import type { VerifierIdentity } from './verifier-auth.js';
import { findKeyOwners, isVerifierLive, type KeyOwners } from './verifier-repository.js';

/**
 * The verifier event stream's hub (`GET /v1/verifiers/events`): it is one more cache of the
 * node's invalidation (validation-cache/invalidation.ts), so it hears exactly what the node's own
 * caches evict, when they evict it, and the listener's trust. It passes that on to the SDKs of
 * resource servers as Server-Sent Events:
 *
 * - `invalidate` (`{"keys":[…]}`) with an id `<epoch>:<seq>`: evict what the keys select.
 * - `flush` with an id: evict everything (a resume this node cannot serve; the listener came back).
 * - `heartbeat` (no id): sent every `heartbeatMs` only while the node itself trusts its listener.
 * - `untrusted`: the node's listener is down or silent: stop trusting until the next heartbeat.
 *
 * The epoch names this process and its listener's current connection: when the listener is lost,
 * notifications may have been missed, so the epoch changes and nothing before it can be resumed.
 * A bounded ring keeps the latest events of the current epoch for `Last-Event-ID` resumes.
 *
 * A workspace-bound verifier gets only its workspace's keys. Each notification's keys are
 * resolved to workspaces with one read (verifier-repository.ts findKeyOwners) while such a stream
 * is open; what cannot be proven to belong to one workspace is widened, never dropped:
 * `u:<user>` becomes `u:*` (every personal token: the user may just have left the workspace), a
 * project no longer found becomes `j:*`, a public id no longer found (or a failed read) `*`.
 */
export interface EventSink {
  /** Called once, before the first write, if the stream is accepted (the HTTP head goes out). */
  begin(): void;
  /** Returns false when the client reads too slowly: the stream is then ended. */
  write(chunk: string): boolean;
  /** `now`: at once, without waiting for what is written to drain (shutdown). */
  end(now?: boolean): void;
}

export interface EventStream {
  close(): void;
}

export interface VerifierEvents {
  /** Give this to the invalidation (through cacheGroup) so it hears what the node evicts. */
  readonly cache: InvalidatedCache;
  /** A stream for `verifier`, or the limit it is over (nothing written). */
  open(verifier: VerifierIdentity, lastEventId: string | null, sink: EventSink): EventStream | 'too_many_streams_for_verifier' | 'too_many_streams';
  /** Ends every stream and stops the heartbeat (app close: long-lived responses must not hold shutdown). */
  closeAll(): void;
  stats(): { streams: number; epoch: string; seq: number; ringSize: number; trusted: boolean };
}

export interface VerifierEventsOptions {
  db: Db;
  /** The token brand (`tsr`): a verifier's public id is its display prefix after `<brand>v_`. */
  brand: string;
  heartbeatMs: number;
  /** Most events kept for resumes. */
  ringSize?: number;
  maxStreams: number;
  maxStreamsPerVerifier: number;
  /** The invalidation's monotonic clock (the token cache's `now()`): trust deadlines are on it. */
  now(): number;
  /** Wall-clock milliseconds (revocation instants). */
  wallNow(): number;
  onError(err: unknown, what: string): void;
}

interface RingEntry {
  seq: number;
  type: 'invalidate' | 'flush';
  keys: readonly CacheKey[];
  /** Per workspace id the keys its verifiers get; `''`: keys every workspace-bound stream gets. Null: not resolved (they get a flush). */
  scoped: Map<string, string[]> | null;
}

interface Stream {
  verifier: VerifierIdentity;
  publicId: string;
  sink: EventSink;
  closed: boolean;
}

/** Which keys reach which workspace's verifiers (see the file comment). Pure, so it is tested alone. */
export function routeKeys(keys: readonly CacheKey[], owners: KeyOwners): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const add = (w: string, k: string) => {
    const list = out.get(w);
    if (!list) out.set(w, [k]);
    else if (!list.includes(k)) list.push(k);
  };
  for (const k of keys) {
    if (k === '*') {
      add('', '*');
      continue;
    }
    const id = k.slice(2);
    switch (k[0]) {
      case 'w': add(id, k); break;
      case 'u': add('', 'u:*'); break;
      case 'j': {
        const w = owners.projects.get(id);
        if (w) add(w, k);
        else add('', 'j:*');
        break;
      }
      case 't': {
        const o = owners.publicIds.get(id);
        if (!o) add('', '*');
        else if (o.workspaceId !== null) add(o.workspaceId, k);
        else if (o.userId !== null) for (const w of owners.memberships.get(o.userId) ?? []) add(w, k);
        // else: an instance-wide verifier's key: no workspace-bound verifier holds it.
        break;
      }
    }
  }
  return out;
}

export function createVerifierEvents(o: VerifierEventsOptions): VerifierEvents {
  const processId = randomBytes(6).toString('base64url');
  const ringSize = o.ringSize ?? 1000;
  const verifierHead = `${o.brand}v_`;
  let generation = 0;
  let epoch = `${processId}.${generation}`;
  let seq = 0;
  let ring: RingEntry[] = [];
  let trusted = false;
  let trustedUntil = 0;
  let lapsed = false;
  const streams = new Set<Stream>();
  const perVerifier = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  let heartbeat: NodeJS.Timeout | null = null;
  let closedAll = false;

  const enqueue = (f: () => void | Promise<void>) => {
    chain = chain.then(f).catch((err: unknown) => o.onError(err, 'passing an invalidation to verifier event streams failed'));
  };

  const frame = (event: string, data: unknown, id?: string) => `${id === undefined ? '' : `id: ${id}\n`}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

  const drop = (s: Stream, now = false) => {
    if (s.closed) return;
    s.closed = true;
    streams.delete(s);
    const n = (perVerifier.get(s.verifier.verifierId) ?? 1) - 1;
    if (n <= 0) perVerifier.delete(s.verifier.verifierId);
    else perVerifier.set(s.verifier.verifierId, n);
    s.sink.end(now);
    if (!streams.size && heartbeat) {
      clearInterval(heartbeat);
      heartbeat = null;
    }
  };

  const send = (s: Stream, chunk: string) => {
    if (s.closed) return;
    if (!s.sink.write(chunk)) drop(s);
  };

  const keysFor = (e: RingEntry, w: string | null): string[] => {
    if (w === null) return [...e.keys];
    if (e.scoped === null) return ['*'];
    return [...(e.scoped.get(w) ?? []), ...(e.scoped.get('') ?? [])];
  };

  /** Writes one ring entry to one stream (what that stream may see of it); true if the stream must end after it. */
  const deliver = (s: Stream, e: RingEntry): void => {
    const id = `${epoch}:${e.seq}`;
    if (e.type === 'flush') return send(s, frame('flush', { reason: 'listener_reconnected' }, id));
    const keys = keysFor(e, s.verifier.workspaceId);
    if (!keys.length) return;
    send(s, frame('invalidate', { keys }, id));
    // Its own credential changed (revoked?), or its workspace deleted: it listens on only while still live.
    if (e.keys.includes(`t:${s.publicId}`) || (s.verifier.workspaceId !== null && e.keys.includes(`w:${s.verifier.workspaceId}`))) recheck(s);
  };

  const recheck = (s: Stream) => {
    isVerifierLive(o.db, s.verifier.verifierId, new Date(o.wallNow())).then(
      (live) => { if (!live) drop(s); },
      (err: unknown) => {
        o.onError(err, 'checking an event stream\'s verifier credential failed: the stream is ended (its client reconnects)');
        drop(s);
      },
    );
  };

  const push = (e: RingEntry) => {
    ring.push(e);
    if (ring.length > ringSize) ring.splice(0, ring.length - ringSize);
    for (const s of [...streams]) deliver(s, e);
  };

  const anyWorkspaceStream = () => {
    for (const s of streams) if (s.verifier.workspaceId !== null) return true;
    return false;
  };

  async function resolve(keys: readonly CacheKey[]): Promise<Map<string, string[]> | null> {
    const publicIds: string[] = [];
    const projectIds: string[] = [];
    for (const k of keys) {
      if (k[0] === 't') publicIds.push(k.slice(2));
      else if (k[0] === 'j') projectIds.push(k.slice(2));
    }
    try {
      const owners = publicIds.length || projectIds.length ? await findKeyOwners(o.db, { publicIds, projectIds, userIds: [] }) : { publicIds: new Map(), projects: new Map(), memberships: new Map() };
      return routeKeys(keys, owners);
    } catch (err) {
      o.onError(err, 'resolving invalidation keys to workspaces failed: workspace-bound verifier streams get a flush');
      return null;
    }
  }

  const isTrusted = () => trusted && o.now() < trustedUntil;

  const beat = () => {
    if (!streams.size) return;
    if (isTrusted()) {
      lapsed = false;
      const chunk = frame('heartbeat', {});
      for (const s of [...streams]) send(s, chunk);
    } else if (!lapsed) {
      lapsed = true;
      const chunk = frame('untrusted', { reason: trusted ? 'listener_silent' : 'listener_down' });
      for (const s of [...streams]) send(s, chunk);
    }
  };

  const cache: InvalidatedCache = {
    // Follows the node's own caches: with its token cache off a node runs no listener, so its
    // streams never vouch (no heartbeat) and SDKs ask it every time.
    enabled: false,
    evict(all) {
      // A creation (`n:`) is not passed on. An SDK cache holds nothing it could make stale (valid
      // answers exist only for tokens that existed; refusals are kept by the digest of the whole
      // token, which nobody held before it was made), and any invalidation would stop it caching
      // the new token for its settle window: every verify of a token in use would ask a node for
      // its first second.
      const keys = all.filter((k) => k[0] !== 'n');
      if (!keys.length) return;
      const scoped = anyWorkspaceStream();
      enqueue(async () => {
        const routed = scoped ? await resolve(keys) : null;
        push({ seq: ++seq, type: 'invalidate', keys, scoped: routed });
      });
    },
    settle() {},
    markPending() {},
    setTrusted(t, untilMs = Infinity) {
      enqueue(() => {
        if (!t) {
          if (!trusted) return;
          trusted = false;
          // Notifications may be missed from now on: nothing before this point can be resumed.
          epoch = `${processId}.${++generation}`;
          ring = [];
          lapsed = true;
          const chunk = frame('untrusted', { reason: 'listener_down' });
          for (const s of [...streams]) send(s, chunk);
          return;
        }
        trustedUntil = untilMs;
        if (trusted) return;
        trusted = true;
        lapsed = false;
        push({ seq: ++seq, type: 'flush', keys: ['*'], scoped: null });
      });
    },
    extendTrust(untilMs) {
      if (untilMs > trustedUntil) trustedUntil = untilMs;
    },
    now: () => o.now(),
  };

  /** What a stream opened with `lastEventId` is sent before live events: the missed ones, or a flush. */
  function catchUp(s: Stream, lastEventId: string | null) {
    const m = lastEventId === null ? null : /^([A-Za-z0-9_.-]{1,40}):(\d{1,15})$/.exec(lastEventId);
    const from = m && m[1] === epoch ? Number(m[2]) : NaN;
    const oldest = ring.length ? ring[0]!.seq : seq + 1;
    // Servable: this epoch, not in the future, and nothing between it and the ring's oldest entry was dropped.
    if (Number.isFinite(from) && from <= seq && from >= oldest - 1 && trusted) {
      for (const e of ring) if (e.seq > from) deliver(s, e);
      return;
    }
    send(s, frame('flush', { reason: lastEventId === null ? 'new_stream' : 'resume_unavailable' }, `${epoch}:${seq}`));
  }

  return {
    cache,
    open(verifier, lastEventId, sink) {
      if (closedAll) return 'too_many_streams';
      if (streams.size >= o.maxStreams) return 'too_many_streams';
      const n = perVerifier.get(verifier.verifierId) ?? 0;
      if (n >= o.maxStreamsPerVerifier) return 'too_many_streams_for_verifier';
      const s: Stream = { verifier, publicId: verifier.displayPrefix.startsWith(verifierHead) ? verifier.displayPrefix.slice(verifierHead.length) : verifier.displayPrefix, sink, closed: false };
      perVerifier.set(verifier.verifierId, n + 1);
      streams.add(s);
      sink.begin();
      send(s, `retry: 1000\n${frame('ready', { epoch, workspace_id: verifier.workspaceId, heartbeat_ms: o.heartbeatMs })}`);
      catchUp(s, lastEventId);
      if (!isTrusted()) send(s, frame('untrusted', { reason: trusted ? 'listener_silent' : 'listener_down' }));
      else send(s, frame('heartbeat', {}));
      if (!heartbeat) {
        heartbeat = setInterval(beat, o.heartbeatMs);
        heartbeat.unref();
      }
      return { close: () => drop(s) };
    },
    closeAll() {
      closedAll = true;
      for (const s of [...streams]) drop(s, true);
      if (heartbeat) clearInterval(heartbeat);
      heartbeat = null;
    },
    stats: () => ({ streams: streams.size, epoch, seq, ringSize: ring.length, trusted: isTrusted() }),
  };
}
