import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { pino, type Logger, type LoggerOptions } from 'pino';
import type { Config } from './config/load-config.js';
import { createContext, type AppContext } from './composition-root.js';
import { buildApp } from './app.js';
import { describeDatabase } from './db/describe-database.js';
import { lockDataDir } from './db/data-dir-lock.js';
import { describeDatabaseError, isDatabaseUnavailable } from './db/errors.js';
import { serializeError } from './log-errors.js';

/** Paths pino blanks in every log line: credentials never reach a log. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  '*.token',
  '*.secret',
  '*.password',
  '*.setup_code',
];

export interface ServerOptions {
  /**
   * Where the human-readable start-up messages go (default: stderr, so stdout holds only JSON log
   * lines for a log shipper; the setup code never enters the log stream).
   */
  print?: (text: string) => void;
  /** Stop on SIGINT/SIGTERM and exit (default true; tests driving the server in-process pass false). */
  handleSignals?: boolean;
  /** How long a graceful stop may take before the process exits anyway. */
  shutdownTimeoutMs?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  ctx: AppContext;
  /** The URL the server answers on (the actual port when the configured port was 0). */
  url: string;
  /** Stops accepting connections, finishes in-flight requests, flushes batched writes, closes the database. */
  close(): Promise<void>;
}

export function loggerOptions(config: Config): LoggerOptions {
  // Errors through an allow-list: a database error's parameters, detail and quoted values never reach a line.
  return { level: config.log_level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, serializers: { err: serializeError } };
}

/**
 * Runs `tessera serve`: the app built by app.ts, listening on config.host/port, with graceful
 * shutdown. On first run (no user yet) prints a one-time setup link and code.
 */
export async function startServer(config: Config, options: ServerOptions = {}): Promise<RunningServer> {
  const print = options.print ?? ((text: string) => process.stderr.write(text));
  const logger: Logger = pino(loggerOptions(config));

  const unlock = config.database_url ? () => {} : lockDataDir(config.data_dir);
  let ctx: AppContext;
  try {
    ctx = await createContext(config, { logger });
  } catch (err) {
    unlock();
    throw err;
  }
  let app: FastifyInstance;
  try {
    app = await buildApp(ctx, { logger: loggerOptions(config) });
    // Slow or stuck clients must not hold connections forever.
    app.server.requestTimeout = 30_000;
    app.server.headersTimeout = 15_000;
    app.server.keepAliveTimeout = 5_000;
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await ctx.close().catch(() => {});
    unlock();
    throw err;
  }

  const address = app.server.address() as AddressInfo;
  const url = publicUrl(config, address.port);
  const setupCode = await ctx.setup.prepare();
  const listening = `${formatHost(address.address)}:${address.port}`;
  print(startupMessage({ config, url, listening, setupCode }));
  // The same facts for the log stream, without the setup code.
  logger.info({ listening, url, database: describeDatabase(config), setup_required: setupCode !== null }, 'listening');

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      try {
        await app.close();
      } finally {
        await ctx.close();
        unlock();
      }
    })();
    return closing;
  };

  if (options.handleSignals ?? true) {
    const timeoutMs = options.shutdownTimeoutMs ?? 10_000;
    const onSignal = (signal: NodeJS.Signals) => {
      if (closing) {
        logger.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(1);
      }
      logger.info({ signal }, 'shutting down: finishing requests and flushing batched writes');
      const timer = setTimeout(() => {
        logger.error({ timeoutMs }, 'graceful shutdown timed out; exiting');
        process.exit(1);
      }, timeoutMs);
      timer.unref();
      close().then(
        () => {
          logger.info('stopped');
          process.exit(0);
        },
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // A safety net, not the plan: every database call is awaited where it is made. Should one ever
    // be forgotten, a database outage must not end the process (every node would fall at once);
    // any other unhandled rejection still does, as Node would.
    process.on('unhandledRejection', (reason) => {
      if (!isDatabaseUnavailable(reason)) throw reason;
      logger.error({ db: describeDatabaseError(reason) }, 'unhandled rejection from an unavailable database; still serving');
    });
  }

  return { app, ctx, url, close };
}

/** The configured public URL, except that a default one follows the real port when port 0 was asked for. */
function publicUrl(config: Config, port: number): string {
  const base = config.public_url.replace(/\/+$/, '');
  if (base === `http://${config.host}:${config.port}` && config.port !== port) return `http://${config.host}:${port}`;
  return base;
}

const formatHost = (host: string) => (host.includes(':') ? `[${host}]` : host);

export function startupMessage(m: { config: Config; url: string; listening: string; setupCode: string | null }): string {
  const lines = [
    '',
    `  Tessera is listening on ${m.listening}`,
    `  API:       ${m.url}/v1   (OpenAPI: ${m.url}/openapi.json, reference: ${m.url}/docs)`,
    `  Database:  ${describeDatabase(m.config)}`,
  ];
  if (!m.config.database_url) lines.push(`  Secret:    ${resolve(m.config.data_dir, 'secret')} (mode 0600; back it up with the database)`);
  if (m.setupCode) {
    const body = JSON.stringify({
      setup_code: m.setupCode,
      email: 'you@example.com',
      password: 'choose-a-long-password',
      name: 'Your Name',
      workspace: { name: 'Acme', slug: 'acme' },
    });
    lines.push(
      '',
      '  First run: no user exists yet. Create the first owner and workspace with this one-time code.',
      '',
      `    Setup link:  ${m.url}/setup?code=${m.setupCode}`,
      `    Setup code:  ${m.setupCode}`,
      '',
      '  Or with the API (change the email, password, name and workspace):',
      '',
      `    curl -s -X POST ${m.url}/v1/setup \\`,
      `      -H 'content-type: application/json' \\`,
      `      -d '${body}'`,
      '',
      '  The response holds a session token for the new owner. Until setup is done, every node prints this same code.',
    );
  }
  lines.push('', '');
  return lines.join('\n');
}
