import { Option, type Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { AuditEvent, Page } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { parseSince } from '../flag-values.js';

interface AuditOptions extends ClientOptions {
  workspace?: string;
  action?: string;
  actor?: string;
  target?: string;
  since?: string;
  limit: string;
  follow?: boolean;
  interval: string;
  instance?: boolean;
}

const HEADERS = ['TIME', 'ACTION', 'ACTOR', 'TARGET', 'IP', 'ID'];

/**
 * `tessera audit`: the workspace's audit trail, oldest of the shown events first. `--follow`
 * then polls for new events every 2 s and prints each new one once, until Ctrl-C (exit 0).
 */
export function registerAudit(program: Command): void {
  withClientOptions(program.command('audit'))
    .description('Show the audit trail of a workspace; --follow keeps printing new events')
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .option('--instance', "the instance's security log instead (instance administrators): denials of unknown tokens, failed sign-ins, setup")
    .option('--action <action>', 'an action (token.created) or a prefix ending in .* (token.*)')
    .option('--actor <id>', 'only events by this user or token id')
    .option('--target <id>', 'only events about this id')
    .option('--since <when>', 'only events from this time on: a date (2026-11-01, UTC), a date-time, or an age (7d, 24h)')
    .option('--limit <n>', 'how many recent events to show first, 1 to 200', '20')
    .option('-f, --follow', 'keep polling for new events (every 2 s) until Ctrl-C')
    .addOption(new Option('--interval <ms>', 'polling interval in milliseconds (a test hook: 2 s for people)').default('2000').hideHelp())
    .action(clientAction<AuditOptions>(async (ctx, opts) => {
      if (opts.instance && opts.workspace) throw new CliError('--instance and --workspace: choose one (the instance log holds the events of no workspace)');
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200) throw new CliError('--limit: a whole number from 1 to 200');
      const path = opts.instance ? '/v1/instance/audit-events' : `/v1/workspaces/${seg(await chooseWorkspace(ctx, opts.workspace))}/audit-events`;
      const since = opts.since === undefined ? undefined : parseSince(opts.since, '--since');
      const query = { action: opts.action, actor: opts.actor, target: opts.target, since };
      const first = await ctx.client.get<Page<AuditEvent>>(path, { ...query, limit });
      const seen = new Set(first.items.map((e) => e.id));
      const printer = eventPrinter(ctx);
      printer.print([...first.items].reverse(), !opts.follow);
      if (!opts.follow) return;
      if (!ctx.out.json) ctx.out.info(ctx.out.paintErr.dim('Following new events (Ctrl-C to stop)…'));
      await follow(ctx, path, query, seen, printer, Number(opts.interval) || 2000);
    }));
}

/** Polls until SIGINT/SIGTERM; each poll pages back until it meets an event already printed. */
async function follow(ctx: CommandContext, path: string, query: Record<string, string | undefined>, seen: Set<string>, printer: ReturnType<typeof eventPrinter>, intervalMs: number): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    while (!stop.signal.aborted) {
      await sleep(intervalMs, stop.signal);
      if (stop.signal.aborted) break;
      const fresh = await newEvents(ctx, path, query, seen, stop.signal);
      for (const e of fresh) seen.add(e.id);
      printer.print(fresh.reverse(), false);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The events not printed yet, newest first: pages back until it meets one already seen. Empty when stopped meanwhile. */
async function newEvents(ctx: CommandContext, path: string, query: Record<string, string | undefined>, seen: Set<string>, stop: AbortSignal): Promise<AuditEvent[]> {
  const fresh: AuditEvent[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 20; pages++) {
    let page: Page<AuditEvent>;
    try {
      page = await ctx.client.request<Page<AuditEvent>>('GET', path, { query: { ...query, limit: 100, cursor }, signal: stop });
    } catch (err) {
      if (stop.aborted) return [];
      throw err;
    }
    const unseen = page.items.filter((e) => !seen.has(e.id));
    fresh.push(...unseen);
    if (unseen.length < page.items.length || !page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return fresh;
}

/** Prints events as a table (first batch) or as aligned lines; with --json, one JSON object per line (NDJSON) when following. */
function eventPrinter(ctx: CommandContext) {
  const { out } = ctx;
  let printedHeader = false;
  return {
    print(events: AuditEvent[], once: boolean) {
      if (out.json) {
        if (once) out.printJson(events);
        else for (const e of events) out.print(JSON.stringify(e));
        return;
      }
      if (events.length === 0) {
        if (!printedHeader && once) out.info('No audit events.');
        return;
      }
      const rows = events.map((e) => row(e, out.paint.cyan));
      if (!printedHeader) {
        out.table(HEADERS, rows);
        printedHeader = true;
      } else {
        for (const r of rows) out.print(r.join('  '));
      }
    },
  };
}

function row(e: AuditEvent, accent: (s: string) => string): string[] {
  const actor = e.actor.label ?? e.actor.id ?? e.actor.type;
  const target = e.target ? (e.target.label ?? e.target.id ?? e.target.type) : '-';
  const count = typeof e.details.count === 'number' && e.details.count > 1 ? ` ×${e.details.count}` : '';
  return [e.occurred_at.replace('T', ' ').replace(/\.\d+Z$/, 'Z'), accent(e.action) + count, actor, target, e.ip ?? '-', e.id];
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });
}
