import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBinary, envWith, type BinaryHarness, type Child } from '../../test-support/built-binary.js';
import { cliFor, signInAndRun, startInstance, type ServedInstance } from '../../test-support/served-instance.js';
import { startReceiver } from '../../test-support/webhook-receiver.js';

/**
 * Webhooks with real processes: a node killed with SIGKILL in the middle of a delivery loses
 * nothing (another node sends the same event, same webhook-id, once the lease runs out), and
 * `tessera webhook …` / `tessera token list --expiring` with the real binary.
 */
let harness: BinaryHarness;
let first: ServedInstance;
let second: Child | undefined;
let secondUrl: string;
let rx: Awaited<ReturnType<typeof startReceiver>>;
let env: Record<string, string>;

const LEASE_MS = 8000;

beforeAll(async () => {
  harness = await buildBinary();
  rx = await startReceiver();
  env = {
    ...(await harness.instanceEnv()),
    TESSERA_WEBHOOK_ALLOW_INSECURE: 'true', TESSERA_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', TESSERA_WEBHOOK_LEASE: `${LEASE_MS}ms`, TESSERA_WEBHOOK_POLL: '100ms',
  };
  first = await startInstance(harness, { env });
}, 240_000);
afterAll(async () => {
  await first?.stop();
  if (second && second.proc.exitCode === null) {
    second.proc.kill('SIGTERM');
    await second.exited;
  }
  await rx?.close();
  await harness?.cleanup();
});

describe('a node killed mid-delivery', () => {
  it('loses no event: after its lease runs out another node delivers it, with the same webhook-id', async () => {
    const hook = await first.api('POST', `/v1/workspaces/${first.workspace.slug}/webhooks`, { token: first.session, body: { url: rx.url, event_types: ['token.created'] } });
    expect(hook.status).toBe(201);
    rx.trust(hook.body.secret);
    rx.answer(() => null); // hang: the first node is mid-delivery when it dies
    const tok = await first.api('POST', `/v1/workspaces/${first.workspace.slug}/tokens`, { token: first.session, body: { kind: 'workspace', name: 'hooked', scopes: ['read'] } });
    expect(tok.status).toBe(201);
    await expect.poll(() => rx.received.length, { timeout: 15_000, interval: 10 }).toBe(1);
    first.child.proc.kill('SIGKILL');
    expect((await first.child.exited).signal).toBe('SIGKILL');

    rx.answer(() => ({ status: 204 }));
    second = harness.run(['serve', '--port', '0'], envWith(env));
    const [, port] = await second.waitFor(/listening on 127\.0\.0\.1:(\d+)/);
    secondUrl = `http://127.0.0.1:${port}`;
    await expect.poll(() => rx.received.length, { timeout: LEASE_MS + 20_000, interval: 50 }).toBe(2);
    const [lost, redelivered] = rx.received;
    expect(redelivered!.id).toBe(lost!.id);
    expect(redelivered!.verified).toMatchObject({ type: 'token.created', data: { subject: { id: tok.body.id } } });
    // The dead node's attempt never finished: the one recorded is the second node's.
    const r = await fetch(`${secondUrl}/v1/webhooks/${hook.body.id}/deliveries`, { headers: { authorization: `Bearer ${first.session}` } });
    const [d] = ((await r.json()) as { items: any[] }).items;
    expect(d).toMatchObject({ event_id: lost!.id, status: 'delivered', attempts: 2 });
    expect(d.attempt_log).toHaveLength(1);
    expect((await fetch(`${secondUrl}/v1/webhooks/${hook.body.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${first.session}` } })).status).toBe(204);
  }, 90_000);
});

describe('tessera webhook', () => {
  let cli: ReturnType<typeof cliFor>;
  beforeAll(async () => {
    cli = cliFor(harness, { url: secondUrl });
    await signInAndRun(cli);
  });

  it('create (secret shown once), list, deliveries, redeliver, rotate-secret, delete', async () => {
    const created = await cli.run(['webhook', 'create', rx.url, '--events', 'token.created,token.revoked', '--quiet']);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]+$/);
    const list = await cli.run(['webhook', 'list', '--json']);
    expect(list.code, list.stderr).toBe(0);
    const hook = JSON.parse(list.stdout).find((w: { event_types: string[] }) => w.event_types.includes('token.revoked'));
    expect(hook).toMatchObject({ url: rx.url, status: 'enabled' });
    expect(list.stdout).not.toContain(secret);
    expect((await cli.run(['webhook', 'list'])).stdout).toMatch(/whk_\w+\s+http:\/\/127\.0\.0\.1:\d+\/hook\s+token\.created,token\.revoked\s+enabled/);

    rx.trust(secret);
    const before = rx.received.length;
    expect((await cli.run(['token', 'create', '--kind', 'workspace', '--name', 'cli hooked', '--scopes', 'read', '--quiet'])).code).toBe(0);
    await expect.poll(() => rx.received.length, { timeout: 10_000, interval: 50 }).toBe(before + 1);
    expect(rx.received.at(-1)!.verified).toMatchObject({ type: 'token.created' });
    const deliveries = await cli.run(['webhook', 'deliveries', hook.id, '--json']);
    const [d] = JSON.parse(deliveries.stdout);
    expect(d).toMatchObject({ type: 'token.created', status: 'delivered' });
    expect((await cli.run(['webhook', 'deliveries', hook.id])).stdout).toMatch(/msg_\w+\s+token\.created\s+delivered\s+1\s+204/);

    const again = await cli.run(['webhook', 'redeliver', hook.id, d.event_id]);
    expect(again.code, again.stderr).toBe(0);
    await expect.poll(() => rx.received.length, { timeout: 10_000, interval: 50 }).toBe(before + 2);
    expect(rx.received.at(-1)!.id).toBe(d.event_id);

    const rotated = await cli.run(['webhook', 'rotate-secret', hook.id, '--overlap', '1h']);
    expect(rotated.code, rotated.stderr).toBe(0);
    expect(rotated.stdout).toContain('will not be shown again');
    expect(rotated.stdout).toMatch(/whsec_/);
    expect(rotated.stdout).not.toContain(secret);

    expect((await cli.run(['webhook', 'delete', hook.id, '--yes'])).code).toBe(0);
    expect(JSON.parse((await cli.run(['webhook', 'list', '--json'])).stdout).some((w: { id: string }) => w.id === hook.id)).toBe(false);
  });

  it('token list --expiring 7d lists the active tokens that expire within 7 days', async () => {
    expect((await cli.run(['token', 'create', '--kind', 'workspace', '--name', 'soon', '--scopes', 'read', '--expires', '3d', '--quiet'])).code).toBe(0);
    expect((await cli.run(['token', 'create', '--kind', 'workspace', '--name', 'later', '--scopes', 'read', '--expires', '30d', '--quiet'])).code).toBe(0);
    const r = await cli.run(['token', 'list', '--expiring', '7d', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const names = JSON.parse(r.stdout).map((t: { name: string }) => t.name);
    expect(names).toContain('soon');
    expect(names).not.toContain('later');
    expect((await cli.run(['token', 'list', '--expiring', 'soon'])).code).not.toBe(0);
  });
});
