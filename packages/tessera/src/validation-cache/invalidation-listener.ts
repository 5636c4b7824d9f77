import type { Subscribe, Subscription } from '../db/database.js';
import { describeDatabaseError } from '../db/errors.js';
import { systemClock, type Clock } from '../clock/clock.js';

export type ListenerStatus = 'connected' | 'connecting' | 'down' | 'stopped';

export interface ListenerState {
  status: ListenerStatus;
  /** When the status last changed. */
  since: Date;
  /** Why the connection was lost or could not be made (no connection details). */
  lastError: string | null;
  /** Connections made after the first one. */
  reconnects: number;
  backendPid: number | null;
}

export interface ListenerLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ListenerOptions {
  subscribe: Subscribe;
  channel: string;
  onMessage(payload: string): void;
  /**
   * Subscribed (again): the cache may be flushed and trusted. `sinceMs`: when subscribing began
   * (on `now`), so every change committed before it is in the database a read sees.
   */
  onUp(sinceMs: number): void;
  /** A heartbeat sent at `sentAtMs` (on `now`) was answered: every notification committed before then has been received. */
  onAlive(sentAtMs: number): void;
  /** Connection lost: stop trusting the cache at once. */
  onDown(): void;
  logger: ListenerLogger;
  /** Reconnect delays: doubling from min to max, with jitter. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A `select 1` on the listening connection this often (one at a time). */
  heartbeatMs?: number;
  /** A heartbeat unanswered this long counts as a lost connection (default: 6 heartbeats). */
  deadlineMs?: number;
  /**
   * Heartbeats and deadlines on its monotonic reading, shared with whoever is told onUp/onAlive;
   * `since` on its wall clock (default: the system clock).
   */
  clock?: Pick<Clock, 'now' | 'monotonicMs'>;
}

export interface InvalidationListener {
  /** Subscribes once (resolves either way); on failure keeps retrying in the background. */
  start(): Promise<void>;
  stop(): Promise<void>;
  state(): ListenerState;
}

/** Why, for logs and state: the listener's own reasons as they are, a driver's error by its code only (its message can name the host). */
const message = (err: unknown) => {
  if (err instanceof ListenerError) return err.message;
  const d = describeDatabaseError(err);
  return d.code ? `${d.kind} (${d.code})` : d.kind;
};

class ListenerError extends Error {}

/**
 * The dedicated listening connection, kept alive: reconnects with backoff after any loss, and
 * checks itself with a short heartbeat so a silently dead connection is noticed too (and, through
 * onAlive, so the cache is trusted only while the heartbeat keeps answering).
 */
export function createInvalidationListener(o: ListenerOptions): InvalidationListener {
  const minMs = o.minBackoffMs ?? 100;
  const maxMs = o.maxBackoffMs ?? 5_000;
  const heartbeatMs = o.heartbeatMs ?? 500;
  const deadlineMs = o.deadlineMs ?? 6 * heartbeatMs;
  const clock = o.clock ?? systemClock;
  const now = () => clock.monotonicMs();
  let state: ListenerState = { status: 'connecting', since: clock.now(), lastError: null, reconnects: 0, backendPid: null };
  let sub: Subscription | null = null;
  let generation = 0;
  let attempt = 0;
  let everConnected = false;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;
  let stopped = false;

  const set = (status: ListenerStatus, patch: Partial<ListenerState> = {}) => {
    state = { ...state, ...patch, status, since: clock.now() };
  };

  const scheduleRetry = () => {
    if (stopped || retry) return;
    const base = Math.min(maxMs, minMs * 2 ** attempt);
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, base / 2 + Math.random() * (base / 2));
    retry.unref();
  };

  const lost = (gen: number, err: unknown) => {
    if (stopped || gen !== generation) return;
    generation++;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    const old = sub;
    sub = null;
    void old?.close();
    o.onDown();
    set('down', { lastError: message(err), backendPid: null });
    o.logger.error({ err: message(err), channel: o.channel }, 'invalidation listener lost its database connection: the token cache is bypassed (every validation reads the database) until it reconnects');
    scheduleRetry();
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const gen = ++generation;
    if (state.status !== 'down') set('connecting');
    const startedAt = now();
    let s: Subscription;
    try {
      s = await o.subscribe(o.channel, { onMessage: o.onMessage, onLost: (err) => lost(gen, err) });
    } catch (err) {
      if (stopped || gen !== generation) return;
      set('down', { lastError: message(err) });
      o.logger.warn({ err: message(err), channel: o.channel, attempt }, 'invalidation listener could not connect; retrying (token cache bypassed meanwhile)');
      scheduleRetry();
      return;
    }
    if (stopped || gen !== generation) {
      await s.close();
      return;
    }
    sub = s;
    attempt = 0;
    const reconnected = everConnected;
    everConnected = true;
    // LISTEN is in place: whatever changed while nobody listened is dropped now, then the cache is trusted.
    o.onUp(startedAt);
    set('connected', { lastError: null, backendPid: s.backendPid, reconnects: state.reconnects + (reconnected ? 1 : 0) });
    if (reconnected) o.logger.warn({ channel: o.channel, backendPid: s.backendPid }, 'invalidation listener reconnected: token cache flushed and trusted again');
    // One ping at a time. Each answer vouches for every notification sent before the ping was
    // (same connection, in order), which is what renews the cache's trust; a ping that neither
    // answers nor fails (a silent partition) renews nothing, and past the deadline counts as a loss.
    let inFlightSince: number | null = null;
    heartbeat = setInterval(() => {
      const sentAt = now();
      if (inFlightSince !== null) {
        if (sentAt - inFlightSince >= deadlineMs) lost(gen, new ListenerError(`heartbeat got no answer within ${deadlineMs} ms`));
        return;
      }
      inFlightSince = sentAt;
      s.ping().then(() => {
        if (gen !== generation) return;
        inFlightSince = null;
        o.onAlive(sentAt);
      }, (err: unknown) => lost(gen, err));
    }, heartbeatMs);
    heartbeat.unref();
  }

  return {
    start: () => connect(),
    async stop() {
      stopped = true;
      generation++;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      retry = heartbeat = null;
      const s = sub;
      sub = null;
      set('stopped', { backendPid: null });
      await s?.close();
    },
    state: () => state,
  };
}
