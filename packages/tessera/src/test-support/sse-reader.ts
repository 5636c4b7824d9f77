/** A test's Server-Sent Events reader over fetch: each event as it arrives, and a way to wait for one. */
export interface SseEvent {
  event: string;
  id: string | undefined;
  data: any;
}

export interface SseReader {
  status: number;
  headers: Headers;
  /** Every event received so far. */
  events: SseEvent[];
  /** The first event (from `from` on) that matches, waiting up to `timeoutMs`. */
  next(match: (e: SseEvent) => boolean, opts?: { from?: number; timeoutMs?: number }): Promise<SseEvent>;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export async function openSse(url: string, headers: Record<string, string>): Promise<SseReader> {
  const ac = new AbortController();
  const res = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: ac.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let buffer = '';
  const ended = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let i: number;
        while ((i = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, i);
          buffer = buffer.slice(i + 2);
          let event = 'message';
          let id: string | undefined;
          const data: string[] = [];
          for (const line of block.split('\n')) {
            const c = line.indexOf(':');
            if (c === 0) continue;
            const field = c < 0 ? line : line.slice(0, c);
            const value = c < 0 ? '' : line.slice(c + 1).replace(/^ /, '');
            if (field === 'event') event = value;
            else if (field === 'id') id = value;
            else if (field === 'data') data.push(value);
          }
          if (!data.length) continue;
          events.push({ event, id, data: JSON.parse(data.join('\n')) });
          for (const w of waiters) w();
        }
      }
    } catch {
      // aborted or reset
    } finally {
      for (const w of waiters) w();
    }
  })();
  let done = false;
  void ended.then(() => (done = true));
  return {
    status: res.status, headers: res.headers, events, ended,
    async next(match, opts = {}) {
      const deadline = Date.now() + (opts.timeoutMs ?? 5_000);
      for (;;) {
        const found = events.slice(opts.from ?? 0).find(match);
        if (found) return found;
        if (done) throw new Error(`stream ended; events: ${JSON.stringify(events)}`);
        if (Date.now() > deadline) throw new Error(`no matching event; events: ${JSON.stringify(events)}`);
        await new Promise<void>((resolve) => {
          const w = () => {
            waiters.delete(w);
            resolve();
          };
          waiters.add(w);
          setTimeout(w, 50);
        });
      }
    },
    close: () => ac.abort(),
  };
}
