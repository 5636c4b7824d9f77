import { Worker } from 'node:worker_threads';
import type { ArtifactReading, ArtifactRequest } from './parsers/read-artifact.js';

export interface ParsePoolOptions {
  /** Most reports parsed at once, each in its own worker thread. */
  workers: number;
  /** Most uploads waiting for a worker; past that, `busy` at once. */
  queueLimit: number;
  /** A report still parsing after this long has its worker terminated: `timeout`. */
  timeoutMs: number;
  /** Each worker's V8 heap limit (old generation); a worker that outgrows it dies: `out_of_memory`. */
  memoryMb: number;
  /** A worker that failed for any other reason (it is replaced; the upload gets `crashed`). */
  onError?: (err: unknown) => void;
}

/** Why a report was not read. Turned into an HTTP error by the upload service. */
export type ParseFailure = 'busy' | 'timeout' | 'out_of_memory' | 'crashed' | 'closed';

/**
 * `data` is the file the request carried, as bytes: large files travel to the worker and back
 * without a copy, so the request's own buffer is emptied (detached) once handed over; use this one.
 */
export type ParseResult = { ok: true; reading: ArtifactReading; data: Uint8Array } | { ok: false; failure: ParseFailure };

export interface ParsePoolStats {
  workers: number;
  busy: number;
  queued: number;
}

export interface ParsePool {
  read(request: ArtifactRequest): Promise<ParseResult>;
  stats(): ParsePoolStats;
  /** Terminates every worker; waiting and running reads end as `closed`. */
  close(): Promise<void>;
}

interface Job {
  request: ArtifactRequest;
  settle: (result: ParseResult) => void;
}

interface Slot {
  worker: Worker;
  /** Loaded and listening (its first message); the time limit starts when a job is handed over. */
  ready: boolean;
  job?: Job | undefined;
  timer?: NodeJS.Timeout | undefined;
}

/**
 * The worker script. From dist/ it is the compiled parse-worker.js next to this file; from the
 * TypeScript sources (vitest) it is parse-worker.ts, started with module hooks that transpile it.
 */
function workerScript(): { url: URL; execArgv?: string[] } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./parse-worker.js', here) };
  const hooks = new URL('./parse-worker-source-hooks.mjs', here).href;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(hooks)});`;
  return { url: new URL('./parse-worker.ts', here), execArgv: ['--import', `data:text/javascript,${encodeURIComponent(register)}`] };
}

/**
 * Parses uploaded reports off the main thread, so a large or hostile file never delays other
 * requests (/healthz included): at most `workers` threads, each reading one report at a time
 * under a time and a heap limit; a worker that hits either is terminated and replaced. Workers
 * start on first use and never keep the process alive while idle.
 */
export function createParsePool(options: ParsePoolOptions): ParsePool {
  const script = workerScript();
  const slots = new Set<Slot>();
  const queue: Job[] = [];
  let stopping = 0;
  let closed = false;

  function spawn(): Slot {
    const worker = new Worker(script.url, {
      ...(script.execArgv ? { execArgv: script.execArgv } : {}),
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false };
    worker.on('message', (message: { reading: ArtifactReading; data: Uint8Array } | 'ready') => {
      if (message === 'ready') {
        slot.ready = true;
      } else {
        const job = slot.job;
        clearTimeout(slot.timer);
        slot.job = undefined;
        slot.timer = undefined;
        job?.settle({ ok: true, reading: message.reading, data: message.data });
      }
      pump();
      // An idle worker never keeps the process alive; a busy one does, like any pending I/O.
      if (!slot.job) worker.unref();
    });
    worker.on('error', (err: NodeJS.ErrnoException) => {
      const oom = err?.code === 'ERR_WORKER_OUT_OF_MEMORY';
      if (!oom) options.onError?.(err);
      retire(slot, oom ? 'out_of_memory' : 'crashed');
    });
    worker.on('exit', () => retire(slot, 'crashed'));
    slots.add(slot);
    return slot;
  }

  /** Ends a worker for good (timeout, out of memory, crash, close), failing its job if it had one. */
  function retire(slot: Slot, failure: ParseFailure) {
    if (!slots.delete(slot)) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = undefined;
    job?.settle({ ok: false, failure });
    // A worker that died while starting (a broken install): one waiting upload fails with it, so
    // that uploads fail rather than the pool restarting workers forever.
    if (!slot.ready && failure === 'crashed') queue.shift()?.settle({ ok: false, failure });
    // Counted against the limit until it has really stopped, so a replacement never overlaps it.
    stopping++;
    void slot.worker.terminate().catch(() => {}).finally(() => {
      stopping--;
      pump();
    });
  }

  function start(slot: Slot, job: Job) {
    slot.job = job;
    slot.worker.ref();
    slot.timer = setTimeout(() => retire(slot, 'timeout'), options.timeoutMs);
    const { data } = job.request;
    // A large file that owns its whole ArrayBuffer moves to the worker instead of being copied on
    // this thread (50 MiB took 20 to 150 ms to copy); a small one, or a view into a shared
    // buffer (Buffer's pool), is copied.
    const movable = data.byteLength >= 64 * 1024 && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength && data.buffer instanceof ArrayBuffer;
    slot.worker.postMessage(job.request, movable ? [data.buffer] : []);
  }

  /** Hands waiting jobs to idle workers, and starts workers (up to the limit) for the rest. */
  function pump() {
    if (closed) return;
    for (const slot of slots) {
      if (!queue.length) return;
      if (slot.ready && !slot.job) start(slot, queue.shift()!);
    }
    let unserved = queue.length - [...slots].filter((s) => !s.ready).length;
    while (unserved-- > 0 && slots.size + stopping < options.workers) spawn();
  }

  /** Jobs that would not wait behind another: idle and starting workers, and room for more. */
  const free = () => [...slots].filter((s) => !s.job).length + Math.max(0, options.workers - slots.size - stopping);

  return {
    read(request) {
      if (closed) return Promise.resolve({ ok: false, failure: 'closed' });
      if (queue.length >= free() + options.queueLimit) return Promise.resolve({ ok: false, failure: 'busy' });
      return new Promise<ParseResult>((settle) => {
        queue.push({ request, settle });
        pump();
      });
    },
    stats: () => ({ workers: slots.size, busy: [...slots].filter((s) => s.job).length, queued: queue.length }),
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.settle({ ok: false, failure: 'closed' });
      const workers = [...slots].map((s) => s.worker);
      for (const slot of [...slots]) retire(slot, 'closed');
      await Promise.all(workers.map((w) => w.terminate().catch(() => {})));
    },
  };
}
