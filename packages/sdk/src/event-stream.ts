import { createSseParser } from './sse-parser.js';

/**
 * The SDK's subscription to `GET /v1/verifiers/events`: fetch, the SSE parser, reconnects with
 * backoff and `Last-Event-ID`. It decides when the cache may be trusted — the server's own rule:
 * only while connected, synchronised (a `flush` or a replayed resume on this connection), not told
 * `untrusted`, and a heartbeat heard within `staleAfterMs`. Otherwise every verify asks the server.
 */
export interface StreamHandlers {
  evict(keys: readonly string[]): void;
  flush(): void;
  /** The verifier's workspace (null: instance-wide), from the stream's first event. */
  ready?(info: { workspaceId: string | null; heartbeatMs: number }): void;
  /** Status changes and refusals (401: the credential is revoked or wrong), for logs. */
  onStatus?(status: StreamStatus, detail?: string): void;
}

export type StreamStatus = 'connecting' | 'connected' | 'trusted' | 'untrusted' | 'down' | 'refused' | 'closed';

export interface EventStreamOptions {
  url: string;
  credential: string;
  fetch: typeof fetch;
  now(): number;
  /** Stop trusting this long after the last heartbeat (default: three of the server's heartbeats). */
  staleAfterMs: number | null;
  minBackoffMs: number;
  maxBackoffMs: number;
  handlers: StreamHandlers;
}

export interface EventStream {
  /** May a cached answer be used now (`at`: a reading of `now()` the caller already made)? */
  trusted(at?: number): boolean;
  readonly status: StreamStatus;
  readonly lastEventId: string;
  start(): void;
  close(): void;
}

export function createEventStream(o: EventStreamOptions): EventStream {
  let status: StreamStatus = 'connecting';
  let lastEventId = '';
  let lastAlive = -Infinity;
  let synced = false;
  let untrusted = true;
  let windowMs = o.staleAfterMs ?? 6_000;
  let attempt = 0;
  let closed = false;
  let abort: AbortController | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let watchdog: ReturnType<typeof setInterval> | null = null;

  const set = (s: StreamStatus, detail?: string) => {
    if (s === status && detail === undefined) return;
    status = s;
    o.handlers.onStatus?.(s, detail);
  };

  const trusted = (at = o.now()) => status !== 'closed' && synced && !untrusted && at - lastAlive <= windowMs;

  const schedule = (refused: boolean) => {
    if (closed || retry) return;
    const base = refused ? o.maxBackoffMs : Math.min(o.maxBackoffMs, o.minBackoffMs * 2 ** attempt);
    attempt++;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, base / 2 + Math.random() * (base / 2));
    (retry as { unref?: () => void }).unref?.();
  };

  const onEvent = (event: string, data: string) => {
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(data) as Record<string, unknown>;
    } catch {
      // An event we cannot read may have been an invalidation: forget everything.
      o.handlers.flush();
      return;
    }
    switch (event) {
      case 'ready': {
        const hb = typeof body.heartbeat_ms === 'number' ? body.heartbeat_ms : 2_000;
        if (o.staleAfterMs === null) windowMs = 3 * hb;
        o.handlers.ready?.({ workspaceId: typeof body.workspace_id === 'string' ? body.workspace_id : null, heartbeatMs: hb });
        break;
      }
      case 'invalidate':
        // Keys that are not all strings cannot be read: everything goes (the cache flushes on any key it does not know, too).
        o.handlers.evict(Array.isArray(body.keys) && body.keys.every((k: unknown) => typeof k === 'string') ? body.keys : ['*']);
        // A resumed stream has no flush: what it replays brings it up to date.
        synced = true;
        break;
      case 'flush':
        o.handlers.flush();
        synced = true;
        break;
      case 'heartbeat':
        lastAlive = o.now();
        // Whatever was replayed came before this heartbeat: a resumed stream is up to date now.
        synced = true;
        untrusted = false;
        set('trusted');
        break;
      case 'untrusted':
        untrusted = true;
        set('untrusted', typeof body.reason === 'string' ? body.reason : undefined);
        break;
    }
  };

  async function connect(): Promise<void> {
    if (closed) return;
    synced = false;
    untrusted = true;
    lastAlive = -Infinity;
    set('connecting');
    const ac = new AbortController();
    abort = ac;
    let res: Response;
    try {
      const headers: Record<string, string> = { authorization: `Bearer ${o.credential}`, accept: 'text/event-stream' };
      if (lastEventId) headers['last-event-id'] = lastEventId;
      res = await o.fetch(`${o.url}/v1/verifiers/events`, { headers, signal: ac.signal, cache: 'no-store' });
    } catch (err) {
      if (closed) return;
      set('down', err instanceof Error ? err.message : 'connection failed');
      schedule(false);
      return;
    }
    if (res.status !== 200 || !res.body) {
      await res.body?.cancel().catch(() => {});
      const refused = res.status === 401 || res.status === 403;
      set(refused ? 'refused' : 'down', `HTTP ${res.status}`);
      schedule(refused);
      return;
    }
    set('connected');
    attempt = 0;
    const parser = createSseParser((m) => {
      lastEventId = m.lastEventId;
      onEvent(m.event, m.data);
    });
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } catch {
      // reset, aborted by the watchdog or close()
    }
    if (closed) return;
    synced = false;
    set('down', 'stream ended');
    schedule(false);
  }

  return {
    trusted,
    get status() {
      return status;
    },
    get lastEventId() {
      return lastEventId;
    },
    start() {
      if (watchdog || closed) return;
      void connect();
      // A stream silent far beyond its window is a dead connection nobody told us about: reconnect.
      watchdog = setInterval(() => {
        if (status === 'trusted' || status === 'untrusted' || status === 'connected') {
          if (o.now() - lastAlive > 2 * windowMs && lastAlive !== -Infinity) {
            abort?.abort();
          } else if (status === 'trusted' && !trusted()) {
            set('untrusted', 'silent');
          }
        }
      }, Math.max(50, Math.floor(windowMs / 3)));
      (watchdog as { unref?: () => void }).unref?.();
    },
    close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (watchdog) clearInterval(watchdog);
      retry = watchdog = null;
      abort?.abort();
      set('closed');
    },
  };
}
