import type { FastifyBaseLogger, FastifyServerOptions } from 'fastify';
import type { Bindings, ChildLoggerOptions, Level, LevelWithSilent, Logger } from 'pino';
import { parseTraceparent } from './trace-context.js';

/**
 * Fastify gives every request a child logger that carries its request id. pino makes a child by
 * serializing (and redacting) the bindings and, for a route with a log level of its own,
 * rebuilding the level methods: a couple of microseconds and a handful of objects on every
 * request, spent even when the request writes no line (the validate route writes none). This
 * logger answers the level checks itself and makes the pino child on the first line it writes.
 */
export function lazyChildLogger(logger: Logger, bindings: Bindings, opts: ChildLoggerOptions): Logger {
  return new LazyChildLogger(logger, bindings, opts) as unknown as Logger;
}

/**
 * Fastify's `childLoggerFactory`; its logger is always pino here (buildApp installs this only with
 * one). A request with a well-formed W3C `traceparent` gets its trace id on every line it writes.
 */
export const lazyChildLoggerFactory: NonNullable<FastifyServerOptions['childLoggerFactory']> = (logger, bindings, opts, rawReq) => {
  const header = rawReq.headers.traceparent;
  const trace = header === undefined ? undefined : parseTraceparent(header);
  return lazyChildLogger(logger as Logger, trace ? { ...bindings, trace_id: trace.traceId } : bindings, opts) as FastifyBaseLogger;
};

class LazyChildLogger {
  readonly #parent: Logger;
  readonly #bindings: Bindings;
  readonly #opts: ChildLoggerOptions;
  /** The lowest level value written: the route's own level, or the parent's. */
  readonly #threshold: number;
  #child: Logger | undefined;

  constructor(parent: Logger, bindings: Bindings, opts: ChildLoggerOptions) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#opts = opts;
    this.#threshold = opts.level === undefined ? parent.levelVal : (parent.levels.values[opts.level] ?? parent.levelVal);
  }

  get level(): LevelWithSilent | string {
    return this.#child?.level ?? this.#opts.level ?? this.#parent.level;
  }

  isLevelEnabled(level: LevelWithSilent | string): boolean {
    const value = this.#parent.levels.values[level];
    return value !== undefined && value >= this.#threshold;
  }

  child(bindings: Bindings, opts?: ChildLoggerOptions): Logger {
    return this.#logger().child(bindings, opts);
  }

  // Prototype methods, not arrow fields: nothing to allocate per request for the methods.
  trace(...args: unknown[]): void {
    this.#write('trace', args);
  }

  debug(...args: unknown[]): void {
    this.#write('debug', args);
  }

  info(...args: unknown[]): void {
    this.#write('info', args);
  }

  warn(...args: unknown[]): void {
    this.#write('warn', args);
  }

  error(...args: unknown[]): void {
    this.#write('error', args);
  }

  fatal(...args: unknown[]): void {
    this.#write('fatal', args);
  }

  silent(): void {}

  #write(level: Level, args: unknown[]): void {
    if (this.isLevelEnabled(level)) (this.#logger()[level] as (...a: unknown[]) => void)(...args);
  }

  #logger(): Logger {
    return (this.#child ??= this.#parent.child(this.#bindings, this.#opts));
  }
}
