import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import { clientAction, withClientOptions, type ClientOptions, type CommandContext } from '../client/command.js';
import { CliError } from '../client/exit-codes.js';
import { confirm } from '../client/prompt.js';
import { chooseWorkspace } from '../workspace-choice.js';
import { formatShortDate } from '../views/time.js';
import { parseDuration, parseList } from '../flag-values.js';
import type { WebhookDelivery, WebhookEndpoint, WebhookWithSecret } from '../../api-types.js';

interface WebhookOptions extends ClientOptions {
  workspace?: string;
  events?: string;
  description?: string;
  overlap?: string;
  quiet?: boolean;
  yes?: boolean;
  limit?: string;
}

function printSecret(ctx: CommandContext, w: WebhookWithSecret, headline: string) {
  const p = ctx.out.paint;
  ctx.out.print([
    `${p.green('✓')} ${headline}`,
    `  id ${w.id}, ${w.url}, events: ${w.event_types.length ? w.event_types.join(', ') : 'all'}`,
    '',
    `  ${p.bold(w.secret)}`,
    '',
    `${p.yellow('! Copy this signing secret now: it will not be shown again.')} Verify deliveries with it (Standard Webhooks; docs/events.md).`,
    ...(w.previous_secret_expires_at ? [`The previous secret keeps signing too until ${w.previous_secret_expires_at}.`] : []),
  ].join('\n'));
}

/** `tessera webhook create|list|rotate-secret|delete|deliveries|redeliver`: signed token lifecycle events for a workspace (admins, owners). */
export function registerWebhook(program: Command): void {
  const webhook = program.command('webhook').description('Webhook endpoints: signed token lifecycle events (token.created, token.expiring, token.leaked, …) for a workspace');

  withClientOptions(webhook.command('create').argument('<endpoint-url>', 'where deliveries are POSTed (https)'))
    .description('Add a webhook endpoint to a workspace; its signing secret is shown once')
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .option('--events <types>', 'comma-separated event types (default: all)')
    .option('--description <text>', 'what it is for')
    .option('-q, --quiet', 'print the secret alone')
    .action(clientAction<WebhookOptions>(async (ctx, opts, endpointUrl) => {
      const workspace = await chooseWorkspace(ctx, opts.workspace);
      const w = await ctx.client.post<WebhookWithSecret>(`/v1/workspaces/${seg(workspace)}/webhooks`, {
        url: endpointUrl, ...(opts.events ? { event_types: parseList(opts.events) } : {}), ...(opts.description ? { description: opts.description } : {}),
      });
      if (opts.quiet) return ctx.out.print(w.secret);
      if (ctx.out.json) return ctx.out.printJson(w);
      printSecret(ctx, w, `Created webhook ${w.id}`);
    }));

  withClientOptions(webhook.command('list').alias('ls'))
    .description("The workspace's webhook endpoints (never their secrets)")
    .option('--workspace <workspace>', 'workspace slug or id (default: your only workspace)')
    .action(clientAction<WebhookOptions>(async (ctx, opts) => {
      const workspace = await chooseWorkspace(ctx, opts.workspace);
      const { items } = await ctx.client.get<{ items: WebhookEndpoint[] }>(`/v1/workspaces/${seg(workspace)}/webhooks`);
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['ID', 'URL', 'EVENTS', 'STATUS', 'CREATED'], items.map((w) => [
        w.id, w.url, w.event_types.length ? w.event_types.join(',') : 'all', w.status === 'disabled' ? `disabled (${w.disabled_reason ?? ''})` : w.status, formatShortDate(w.created_at),
      ]), 'No webhook endpoints.');
    }));

  withClientOptions(webhook.command('rotate-secret').argument('<id>', 'whk_…'))
    .description('A new signing secret, shown once; the previous one keeps signing during the overlap')
    .option('--overlap <duration>', 'how long the previous secret keeps signing (e.g. 24h, 0s)', '24h')
    .option('-q, --quiet', 'print the secret alone')
    .action(clientAction<WebhookOptions>(async (ctx, opts, id) => {
      const w = await ctx.client.post<WebhookWithSecret>(`/v1/webhooks/${seg(id)}/rotate-secret`, { overlap_seconds: parseDuration(opts.overlap ?? '24h', '--overlap') });
      if (opts.quiet) return ctx.out.print(w.secret);
      if (ctx.out.json) return ctx.out.printJson(w);
      printSecret(ctx, w, `Rotated the signing secret of ${w.id}`);
    }));

  withClientOptions(webhook.command('delete').argument('<id>', 'whk_…'))
    .description('Delete a webhook endpoint and its pending deliveries')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(clientAction<WebhookOptions>(async (ctx, opts, id) => {
      if (!opts.yes && ctx.interactive && !(await confirm(`Delete webhook ${id}? Pending deliveries to it are dropped.`))) throw new CliError('not deleted');
      await ctx.client.delete(`/v1/webhooks/${seg(id)}`);
      if (ctx.out.json) return ctx.out.printJson({ deleted: true, id });
      ctx.out.print(`${ctx.out.paint.green('✓')} Deleted webhook ${id}.`);
    }));

  withClientOptions(webhook.command('deliveries').argument('<id>', 'whk_…'))
    .description("An endpoint's latest deliveries and their attempts")
    .option('--limit <n>', 'how many, 1 to 200', '50')
    .action(clientAction<WebhookOptions>(async (ctx, opts, id) => {
      const { items } = await ctx.client.get<{ items: WebhookDelivery[] }>(`/v1/webhooks/${seg(id)}/deliveries`, { limit: opts.limit });
      if (ctx.out.json) return ctx.out.printJson(items);
      ctx.out.table(['EVENT', 'TYPE', 'STATUS', 'ATTEMPTS', 'LAST', 'CREATED'], items.map((d) => [
        d.event_id, d.type, d.status, String(d.attempts), d.last_status !== null ? String(d.last_status) : d.last_error ?? '-', formatShortDate(d.created_at),
      ]), 'No deliveries.');
    }));

  withClientOptions(webhook.command('redeliver').argument('<id>', 'whk_…').argument('<event_id>', 'msg_…'))
    .description('Send an event to the endpoint again now (same webhook-id)')
    .action(clientAction<WebhookOptions>(async (ctx, _opts, id, eventId) => {
      await ctx.client.post(`/v1/webhooks/${seg(id)}/deliveries/${seg(eventId)}/redeliver`, undefined);
      if (ctx.out.json) return ctx.out.printJson({ queued: true, id, event_id: eventId });
      ctx.out.print(`${ctx.out.paint.green('✓')} Queued ${eventId} for ${id} again.`);
    }));
}
