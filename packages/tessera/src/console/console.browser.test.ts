import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { buildBinary, envWith, type BinaryHarness, type Child } from '../test-support/built-binary.js';
import { buildConsole, haveChromium, launchChromium, CHROMIUM } from '../test-support/browser.js';

/**
 * The console in a real browser against a real `tessera serve`: first-run setup from the printed
 * link, sign-in, a project token created, copied, used, revoked and rotated, a trust policy added
 * and deleted, a viewer who sees no
 * buttons and whom the API refuses anyway, and the audit log. Screenshots go to docs/console/
 * when TESSERA_UPDATE_SCREENSHOTS=1.
 */
if (!haveChromium) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set TESSERA_CHROMIUM)`);

const OWNER = { name: 'Olivia Owner', email: 'owner@example.com', password: 'a long enough password' };
/** Declared by the operator: the create dialog must offer `deploy` for workspace tokens (not project ones), and never `mine-only` there. */
const PLATFORM_SCOPES = JSON.stringify([
  { name: 'deploy', description: 'Deploy releases to production', kinds: ['workspace', 'personal', 'ci'], min_role: 'admin' },
  { name: 'mine-only', description: 'Only personal tokens hold it', kinds: ['personal'] },
]);
/** axe-core, evaluated in the page (playwright's evaluate is not subject to the page's CSP). */
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
interface AxeViolation { id: string; impact: string | null; help: string; nodes: string[] }
const shotsDir = fileURLToPath(new URL('../../../../docs/console/', import.meta.url));
const saveShots = process.env.TESSERA_UPDATE_SCREENSHOTS === '1' && process.env.TESSERA_TEST_DB !== 'postgres';

describe.skipIf(!haveChromium)('the web console in Chromium', { timeout: 60_000 }, () => {
  let harness: BinaryHarness;
  let server: Child;
  let consoleDir: string;
  let browser: Browser;
  let owner: BrowserContext;
  let page: Page;
  let base: string;
  let setupLink: string;
  const cspViolations: string[] = [];

  const http = async (method: string, path: string, token?: string, body?: unknown, contentType = 'application/json') => {
    const r = await fetch(base + path, { method, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) }, body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await r.text();
    return { status: r.status, body: text && r.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const shot = async (p: Page, name: string) => {
    const buffer = await p.screenshot({ fullPage: false });
    if (saveShots) {
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(shotsDir, `${name}.png`), buffer);
    }
  };
  const watch = (p: Page) => {
    p.on('console', (m) => { if (/Content Security Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
    p.on('pageerror', (e) => cspViolations.push(`page error: ${e.message}`));
  };
  /**
   * Requests of a page in flight, and when the last one started or ended. `settled(p)` waits for
   * none in flight and none for 100 ms: the condition playwright's `networkidle` checks, without
   * its fixed 500 ms after every navigation.
   */
  const network = new WeakMap<Page, { inFlight: number; last: number }>();
  const track = (p: Page) => {
    const n = { inFlight: 0, last: performance.now() };
    network.set(p, n);
    p.on('request', () => void (n.inFlight++, (n.last = performance.now())));
    const done = () => void (n.inFlight--, (n.last = performance.now()));
    p.on('requestfinished', done);
    p.on('requestfailed', done);
    return p;
  };
  const settled = (p: Page) => {
    const n = network.get(p)!;
    return expect.poll(() => n.inFlight === 0 && performance.now() - n.last >= 100, { interval: 50, timeout: 15_000 }).toBe(true);
  };
  const newPage = async (ctx: BrowserContext) => {
    const p = track(await ctx.newPage());
    p.setDefaultTimeout(10_000);
    watch(p);
    return p;
  };

  beforeAll(async () => {
    [harness, consoleDir] = await Promise.all([buildBinary(), buildConsole()]);
    server = harness.run(['serve', '--port', '0'], envWith({ ...(await harness.instanceEnv()), TESSERA_CONSOLE_DIR: consoleDir, TESSERA_SCOPES: PLATFORM_SCOPES }));
    setupLink = (await server.waitFor(/Setup link: +(\S+)/))[1]!;
    base = new URL(setupLink).origin;
    browser = await launchChromium();
    owner = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await owner.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    page = await newPage(owner);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await harness?.cleanup();
  });

  it('sets up the first owner from the printed one-time link, which leaves the address bar', async () => {
    await page.goto(setupLink);
    await page.getByRole('heading', { name: 'Set up Tessera' }).waitFor();
    expect(page.url()).toBe(`${base}/setup`);
    expect(await page.getByLabel('Setup code').inputValue()).toBe(new URL(setupLink).searchParams.get('code'));
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByLabel('Workspace name').fill('Acme');
    expect(await page.getByLabel('Workspace slug').inputValue()).toBe('acme');
    await shot(page, 'setup');
    await page.getByRole('button', { name: 'Create owner and workspace' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    expect(page.url()).toBe(`${base}/w/acme/tokens`);
  });

  it('keeps the session in an HttpOnly cookie: nothing in storage, nothing readable by script', async () => {
    const cookies = await owner.cookies(base);
    const session = cookies.find((c) => c.name === 'tessera_session')!;
    expect(session.httpOnly).toBe(true);
    expect(session.sameSite).toBe('Strict');
    expect(session.value).toMatch(/^tsrs_/);
    expect(await page.evaluate('document.cookie')).not.toContain('tsrs_');
    expect(await page.evaluate('localStorage.length + sessionStorage.length')).toBe(0);
  });

  it('signs out (the session is revoked) and back in', async () => {
    const before = (await owner.cookies(base)).find((c) => c.name === 'tessera_session')!.value;
    await page.getByRole('button', { name: 'Account menu' }).click();
    await page.getByRole('dialog', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect((await owner.cookies(base)).find((c) => c.name === 'tessera_session')).toBeUndefined();
    expect((await http('GET', '/v1/me', before)).status).toBe(401);
    await shot(page, 'login');
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('wrong email or password').waitFor();
    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
  });

  let uploadToken: string;
  /** The replacement from the rotation step: valid, for the verifier step. */
  let rotatedToken = '';
  it('creates a project, then a project token, and copies it from the reveal panel', async () => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByText('No projects yet').waitFor();
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByLabel('Name').fill('Web');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('link', { name: 'Web', exact: true }).click();
    await page.getByText('No tokens yet').waitFor();
    await page.getByRole('button', { name: 'New token' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('GitHub Actions coverage');
    await dialog.getByLabel('Description (optional)').fill('Uploads lcov from main');
    await dialog.getByRole('checkbox', { name: 'Scope read' }).click();
    await dialog.getByRole('radio', { name: '30 days' }).click();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const panel = page.getByTestId('reveal-panel');
    await panel.getByText('you will not see it again').waitFor();
    uploadToken = await panel.getByRole('textbox').inputValue();
    expect(uploadToken).toMatch(/^tsrp_/);
    expect(await panel.getByText(`TESSERA_TOKEN: \${{ secrets.TESSERA_TOKEN }}`).count()).toBe(1);
    await panel.getByRole('button', { name: 'Copy token' }).click();
    await panel.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(uploadToken);
    await panel.getByRole('tab', { name: 'Shell' }).click();
    expect(await panel.getByText(`export TESSERA_TOKEN='${uploadToken}'`).count()).toBe(1);
    await panel.getByRole('tab', { name: 'GitHub Actions' }).click();
    await shot(page, 'token-reveal');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    // Gone from the page once the dialog is closed.
    expect(await page.content()).not.toContain(uploadToken);
    await page.locator('tr[data-token-name="GitHub Actions coverage"]').getByText('active').waitFor();
  });

  it('uses the copied token against the API, over real HTTP', async () => {
    const me = await http('GET', '/v1/me', uploadToken);
    expect(me.status).toBe(200);
    expect(me.body.token.name).toBe('GitHub Actions coverage');
    expect(me.body.token.scopes.sort()).toEqual(['read', 'upload']);
    const lcov = 'SF:src/a.ts\nDA:1,1\nDA:2,0\nDA:3,1\nLF:3\nLH:2\nend_of_record\n';
    const up = await http('POST', '/v1/projects/acme%2Fweb/uploads?commit=3f786850e387550fdab836ed7e6dc881de23001b&branch=main', uploadToken, lcov, 'text/plain');
    expect(up.status).toBe(201);
  });

  it('shows the upload, who sent it and its coverage on the project’s uploads tab', async () => {
    await page.getByRole('tab', { name: 'Uploads' }).click();
    await page.getByText('66.67%').waitFor();
    expect(await page.getByRole('cell', { name: /GitHub Actions coverage/ }).count()).toBe(1);
    await shot(page, 'uploads');
    await page.getByRole('tab', { name: 'Tokens' }).click();
  });

  it('adds a trust policy on the project’s Tokenless CI tab, shows the CI step, and deletes it after a confirmation', async () => {
    const ownerSession = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    const listed = async () => (await http('GET', '/v1/workspaces/acme/projects/web/trust-policies', ownerSession)).body.items as { id: string; name: string; provider: string; project_id: string | null; conditions: Record<string, unknown>; scopes: string[]; lifetime_seconds: number }[];
    await page.getByRole('tab', { name: 'Tokenless CI' }).click();
    await page.getByText('No trust policies yet').waitFor();
    expect(page.url()).toBe(`${base}/w/acme/projects/web/trust`);
    // A workspace-wide policy made through the API shows up on the project's tab too.
    const gitlab = await http('POST', '/v1/workspaces/acme/trust-policies', ownerSession, { name: 'GitLab protected refs', provider: 'gitlab', conditions: { project_path: 'acme/platform/web', ref_protected: true } });
    expect(gitlab.status).toBe(201);
    await page.getByRole('tab', { name: 'Uploads' }).click();
    await page.getByRole('tab', { name: 'Tokenless CI' }).click();
    await page.locator('tr[data-policy-name="GitLab protected refs"]').getByText('workspace-wide').waitFor();

    // Keyboard: Enter opens the dialog with the name focused, Escape closes it.
    await page.getByRole('button', { name: 'New trust policy' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement && document.activeElement.id')).toBe('trust-name');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'New trust policy' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('GitHub Actions on main');
    expect(await dialog.getByRole('radio', { name: 'GitHub Actions' }).isChecked()).toBe(true);
    await dialog.getByLabel('Repository', { exact: true }).fill('acme/web');
    await dialog.getByLabel('Refs', { exact: true }).fill('refs/heads/main, refs/tags/v*');
    expect(await dialog.getByRole('checkbox', { name: 'Scope upload' }).isChecked()).toBe(true);
    expect(await dialog.getByLabel('Token lifetime (minutes)').inputValue()).toBe('15');
    await dialog.getByLabel('Token lifetime (minutes)').fill('30');
    await dialog.getByRole('heading', { name: 'New trust policy' }).scrollIntoViewIfNeeded();
    await shot(page, 'trust-create');
    await dialog.getByRole('button', { name: 'Create trust policy' }).click();
    const snippet = page.getByTestId('trust-snippet');
    await snippet.getByText('id-token: write').waitFor();
    const yaml = await snippet.getByLabel('GitHub Actions snippet').textContent();
    expect(yaml).toContain(`TESSERA_URL: ${base}`);
    expect(yaml).toContain("branches: ['main']");
    expect(yaml).toContain('tessera upload coverage/lcov.info');
    expect(yaml).not.toContain('TESSERA_TOKEN');
    await shot(page, 'trust-snippet');
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const row = page.locator('tr[data-policy-name="GitHub Actions on main"]');
    await row.getByText('Repository: acme/web').waitFor();
    await row.getByText('Refs: refs/heads/main, refs/tags/v*').waitFor();
    await row.getByText('valid 30 min').waitFor();
    await row.getByText(`by ${OWNER.name}`).waitFor();
    await shot(page, 'trust-policies');

    const policies = await listed();
    const mine = policies.find((p) => p.name === 'GitHub Actions on main')!;
    expect(mine).toMatchObject({ provider: 'github', scopes: ['upload'], lifetime_seconds: 1800, conditions: { repository: 'acme/web', refs: ['refs/heads/main', 'refs/tags/v*'] } });
    expect(mine.project_id).not.toBeNull();
    expect(policies.map((p) => p.name).sort()).toEqual(['GitHub Actions on main', 'GitLab protected refs']);

    // The workspace page lists both as well.
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Tokenless CI' }).click();
    await page.getByRole('heading', { name: 'Tokenless CI' }).waitFor();
    await page.locator('tr[data-policy-name="GitHub Actions on main"]').waitFor();
    await page.locator('tr[data-policy-name="GitLab protected refs"]').getByText('protected refs only').waitFor();

    await page.goto(`${base}/w/acme/projects/web/trust`);
    await page.getByRole('button', { name: 'Delete GitHub Actions on main' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Delete trust policy “GitHub Actions on main”?').waitFor();
    await confirm.getByRole('button', { name: 'Delete trust policy' }).click();
    await page.locator('tr[data-policy-name="GitHub Actions on main"]').waitFor({ state: 'detached' });
    expect((await listed()).map((p) => p.name)).toEqual(['GitLab protected refs']);
    await page.getByRole('tab', { name: 'Tokens' }).click();
  });

  it('revokes the token in the console, after a confirmation naming it, and the API refuses it', async () => {
    await page.getByRole('button', { name: 'Revoke GitHub Actions coverage' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Revoke “GitHub Actions coverage”?').waitFor();
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.locator('tr[data-token-name="GitHub Actions coverage"]').getByText('revoked', { exact: true }).waitFor();
    const refused = await http('GET', '/v1/me', uploadToken);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_token');
    expect(refused.body.error.message).toContain('revoked');
  });

  it('rotates a token with a one-hour grace period: old and new both work', async () => {
    await page.getByRole('button', { name: 'New token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Deploy preview');
    await dialog.getByRole('radio', { name: '7 days' }).click();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const old = await page.getByTestId('reveal-panel').getByRole('textbox').inputValue();
    // The secret is not copied yet: Escape, a click outside and Done all leave it on screen.
    await page.keyboard.press('Escape');
    await page.mouse.click(4, 4);
    await page.getByTestId('reveal-panel').waitFor();
    expect(await page.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'I have saved this token somewhere safe' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Rotate Deploy preview' }).click();
    await page.getByRole('dialog').getByRole('radio', { name: /1 hour/ }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).click();
    const fresh = await page.getByTestId('reveal-panel').getByRole('textbox').inputValue();
    expect(fresh).toMatch(/^tsrp_/);
    expect(fresh).not.toBe(old);
    rotatedToken = fresh;
    // Copying it is enough to close.
    await page.getByTestId('reveal-panel').getByRole('button', { name: 'Copy token' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    expect((await http('GET', '/v1/me', old)).status).toBe(200);
    expect((await http('GET', '/v1/me', fresh)).status).toBe(200);
    await page.locator('tr[data-token-name="Deploy preview"]').getByText('rotating').waitFor();
    // The replacement keeps the 7-day lifetime: flagged as expiring soon.
    await page.locator('tr[data-token-name="Deploy preview"]').getByText('Expires in 7 days').waitFor();
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'API tokens' }).click();
    // Wait for the workspace list itself: the project page's row matched at once, and the screenshot showed a spinner.
    await page.waitForURL(/\/w\/acme\/tokens$/);
    await page.locator('tr[data-token-name="Deploy preview"]').first().waitFor();
    await page.getByText('Loading tokens').waitFor({ state: 'detached' });
    await shot(page, 'tokens');
  });

  it('lists what just happened in the audit log, and exports it as CSV', async () => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Audit log' }).click();
    for (const action of ['token.created', 'token.revoked', 'token.rotated', 'project.created', 'upload.created']) {
      await page.locator(`tr[data-action="${action}"]`).first().waitFor();
    }
    await shot(page, 'audit');
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'CSV' }).click();
    const csv = await (await download).createReadStream().then(async (s) => { let out = ''; for await (const c of s) out += c; return out; });
    expect(csv.split('\r\n')[0]).toContain('occurred_at');
    expect(csv).toContain('token.revoked');
  });

  it('finds a token beyond the loaded page by searching on the server, with the view in the URL', async () => {
    const session = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    // Two projects: a project holds at most 100 live tokens.
    for (const slug of ['bulk-a', 'bulk-b']) expect((await http('POST', '/v1/workspaces/acme/projects', session, { name: slug, slug })).status).toBe(201);
    for (let i = 0; i <= 100; i++) {
      const r = await http('POST', '/v1/workspaces/acme/tokens', session, { kind: 'project', project: i % 2 ? 'bulk-a' : 'bulk-b', name: `bulk-${String(i).padStart(3, '0')}`, scopes: ['upload'], expires_in_days: 30 });
      expect(r.status).toBe(201);
    }
    await page.goto(`${base}/w/acme/tokens`);
    await page.locator('tr[data-token-name="bulk-100"]').waitFor();
    expect(await page.locator('tr[data-token-name="bulk-000"]').count()).toBe(0); // the oldest is past the first 100
    await page.getByRole('textbox', { name: 'Search tokens' }).fill('bulk-000');
    await page.locator('tr[data-token-name="bulk-000"]').waitFor();
    await page.waitForURL(/[?&]q=bulk-000/);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    // The URL is the view: sorted and searched, after a reload.
    await page.goto(`${base}/w/acme/tokens?q=bulk-09&sort=-name`);
    await page.locator('tr[data-token-name="bulk-099"]').waitFor();
    expect(await page.getByRole('textbox', { name: 'Search tokens' }).inputValue()).toBe('bulk-09');
    expect(await page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-token-name')))).toEqual(['bulk-099', 'bulk-098', 'bulk-097', 'bulk-096', 'bulk-095', 'bulk-094', 'bulk-093', 'bulk-092', 'bulk-091', 'bulk-090']);
    // At 1280 px the action column is whole.
    await page.goto(`${base}/w/acme/tokens`);
    const revoke = (await page.getByRole('button', { name: 'Revoke bulk-100' }).boundingBox())!;
    expect(revoke.x + revoke.width).toBeLessThanOrEqual(1280);
    // Not clipped by the table's own scroll box either: the button is what a click there hits.
    await page.getByRole('button', { name: 'Revoke bulk-100' }).click({ trial: true, timeout: 3000 });
    await page.getByRole('button', { name: 'Rotate bulk-100' }).click({ trial: true, timeout: 3000 });
    expect(await page.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number).toBeLessThanOrEqual(0);
    await shot(page, 'tokens');
  });

  it('shows a token’s detail page, edits its name, description and labels, and revokes it with a reason', async () => {
    await page.goto(`${base}/w/acme/tokens?q=bulk-000`);
    await page.getByRole('link', { name: 'bulk-000' }).click();
    await page.getByRole('heading', { name: 'bulk-000' }).waitFor();
    await page.getByText('Never', { exact: true }).first().waitFor(); // never used
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Name').fill('bulk-000 renamed');
    await page.getByLabel('Description').fill('Kept for the detail page test');
    await page.getByLabel('Labels (one key=value per line)').fill('team=platform\nenv=ci');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: 'bulk-000 renamed' }).waitFor();
    await page.getByText('team=platform').waitFor();
    await page.locator('tr[data-action="token.updated"]').waitFor();
    await page.locator('tr[data-action="token.created"]').waitFor();
    await shot(page, 'token-detail');
    await page.getByRole('button', { name: 'Revoke' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByLabel('Reason (optional, kept with the token)').fill('test cleanup');
    await confirm.getByRole('button', { name: 'Revoke token' }).click();
    await page.getByText(/reason: test cleanup/).waitFor();
    await page.locator('tr[data-action="token.revoked"]').waitFor();
    const session = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    const id = page.url().split('/').pop()!;
    expect((await http('GET', `/v1/tokens/${id}`, session)).body).toMatchObject({ name: 'bulk-000 renamed', description: 'Kept for the detail page test', labels: { team: 'platform', env: 'ci' }, status: 'revoked', revoke_reason: 'test cleanup' });
  });

  it('creates a verifier credential on the Verifiers page (shown once), introspects with it, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Verifiers' }).click();
    await page.getByText('No verifier credentials').waitFor();
    await page.getByRole('button', { name: 'New verifier' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('api gateway');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const reveal = page.getByTestId('verifier-reveal');
    await reveal.getByText('you will not see it again').waitFor();
    const credential = await reveal.getByRole('textbox', { name: 'Verifier credential' }).inputValue();
    expect(credential).toMatch(/^tsrv_/);
    // Shown once, so guarded like a token: Escape leaves it, Done waits for a copy or a tick.
    await page.keyboard.press('Escape');
    await reveal.getByText('you will not see it again').waitFor();
    expect(await page.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    await reveal.getByRole('button', { name: 'Copy credential' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(credential);
    const row = page.getByRole('row', { name: /api gateway/ });
    await row.getByText('active').waitFor();
    await row.getByText(OWNER.email).waitFor();
    const active = await http('POST', '/v1/oauth/introspect', credential, `token=${encodeURIComponent(rotatedToken)}`, 'application/x-www-form-urlencoded');
    expect(active.status).toBe(200);
    expect(active.body).toMatchObject({ active: true, kind: 'project', status: 'active', token_type: 'Bearer' });
    expect((await http('POST', '/v1/oauth/introspect', credential, { token: uploadToken })).body).toEqual({ active: false }); // revoked by an earlier step
    expect((await http('GET', '/v1/me', credential)).body.error.code).toBe('verifier_not_allowed');
    await page.getByRole('button', { name: 'Revoke api gateway' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByRole('button', { name: 'Revoke verifier' }).click();
    await row.getByText('revoked').waitFor();
    const refused = await http('POST', '/v1/oauth/introspect', credential, { token: uploadToken });
    expect([refused.status, refused.body.error.code]).toEqual([401, 'invalid_client']);
  });

  it('adds a webhook endpoint on the Webhooks page (secret shown once), lists its deliveries, rotates its secret and deletes it', async () => {
    await page.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No webhook endpoints').waitFor();
    await page.getByRole('button', { name: 'New endpoint' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('URL').fill('https://hooks.example.com/tessera');
    await dialog.getByLabel(/Event types/).fill('token.created, token.revoked');
    await dialog.getByRole('button', { name: 'Create' }).click();
    const reveal = page.getByTestId('webhook-secret-reveal');
    await reveal.getByText('you will not see it again').waitFor();
    const secret = await reveal.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    expect(await page.getByRole('button', { name: 'Done' }).isDisabled()).toBe(true);
    await reveal.getByRole('button', { name: 'Copy secret' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);
    const row = page.getByRole('row', { name: /hooks\.example\.com/ });
    await row.getByText('token.created, token.revoked').waitFor();
    await row.getByRole('button', { name: 'Deliveries' }).click();
    await page.getByRole('dialog').getByText(/No deliveries yet|token\./).first().waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Rotate the secret of https://hooks.example.com/tessera' }).click();
    const rotated = await page.getByTestId('webhook-secret-reveal').getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(secret);
    await page.getByText(/previous secret keeps signing too/).waitFor();
    await page.keyboard.press('Escape');
    await page.getByText(/previous secret keeps signing too/).waitFor();
    await page.getByRole('checkbox', { name: 'I have saved this secret somewhere safe' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('button', { name: 'Delete https://hooks.example.com/tessera' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete endpoint' }).click();
    await page.getByText('No webhook endpoints').waitFor();
  });

  it('shows the tokens that expire within 7 days on the workspace’s home page', async () => {
    const created = await page.evaluate(async () => {
      const me = (await (await fetch('/v1/me')).json()) as { csrf_token: string };
      const expires_at = new Date(Date.now() + 3 * 86_400_000).toISOString();
      const r = await fetch('/v1/workspaces/acme/tokens', { method: 'POST', headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrf_token }, body: JSON.stringify({ kind: 'workspace', name: 'Expires soon', scopes: ['read'], expires_at }) });
      return r.status;
    });
    expect(created).toBe(201);
    await page.goto(`${base}/w/acme/tokens`);
    const soon = page.getByTestId('expiring-soon');
    await soon.getByText(/within 7 days/).waitFor();
    await soon.getByText(/Expires soon: expires in 3 days/).waitFor();
  });

  it('shows a viewer no create, rotate or revoke buttons, and the API refuses them anyway', async () => {
    const ownerLogin = await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password });
    const added = await http('POST', '/v1/workspaces/acme/members', ownerLogin.body.token, { email: 'viewer@example.com', role: 'viewer' });
    expect(added.status).toBe(201);
    const ownersToken = (await http('GET', '/v1/workspaces/acme/tokens?status=rotating', ownerLogin.body.token)).body.items[0];

    // The viewer accepts the invitation in the console, from the link the members page shows.
    const viewerCtx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const v = await newPage(viewerCtx);
    await v.goto(`${base}/invite?code=${added.body.invitation.code}`);
    await v.getByRole('heading', { name: 'Join a workspace' }).waitFor();
    expect(v.url()).toBe(`${base}/invite`);
    await v.getByLabel('Your name (optional)').fill('Vera Viewer');
    await v.getByLabel('Password').fill('viewer password 123');
    await v.getByRole('button', { name: 'Join and sign in' }).click();
    await v.getByRole('heading', { name: 'API tokens' }).waitFor();
    await v.goto(`${base}/w/acme/projects/web`);
    await v.getByRole('heading', { name: 'Web' }).waitFor();
    await v.getByText('Tokens of this workspace are managed by its admins').waitFor();
    expect(await v.getByRole('button', { name: /New token|Create a token/ }).count()).toBe(0);
    expect(await v.getByRole('button', { name: /Revoke|Rotate/ }).count()).toBe(0);
    await v.goto(`${base}/w/acme/projects/web/trust`);
    await v.getByText('Trust policies are managed by the workspace’s admins').waitFor();
    expect(await v.getByRole('button', { name: /New trust policy|Delete/ }).count()).toBe(0);
    await v.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'Tokenless CI' }).click();
    await v.getByText('Trust policies are managed by the workspace’s admins').waitFor();
    expect(await v.getByRole('button', { name: /New trust policy|Delete/ }).count()).toBe(0);
    await v.getByRole('navigation', { name: 'Workspace' }).getByRole('link', { name: 'API tokens' }).click();
    await v.getByText('Tokens of this workspace are managed by its admins').waitFor();
    expect(await v.getByRole('button', { name: /New token|Create a token|Revoke|Rotate/ }).count()).toBe(0);
    expect(await v.getByRole('link', { name: 'Audit log' }).count()).toBe(0);

    const viewer = (await http('POST', '/v1/sessions', undefined, { email: 'viewer@example.com', password: 'viewer password 123' })).body.token;
    const create = await http('POST', '/v1/workspaces/acme/tokens', viewer, { kind: 'project', project: 'web', name: 'sneaky', scopes: ['upload'] });
    expect(create.status).toBe(403);
    expect(create.body.error.code).toBe('forbidden');
    const trust = await http('POST', '/v1/workspaces/acme/projects/web/trust-policies', viewer, { name: 'sneaky', provider: 'github', conditions: { repository: 'evil/repo' } });
    expect(trust.status).toBe(403);
    const revoke = await http('DELETE', `/v1/tokens/${ownersToken.id}`, viewer);
    expect([403, 404]).toContain(revoke.status);
    // And through the browser's own cookie, CSRF header and all: still refused by the role.
    const viaCookie = await v.evaluate(async (id) => {
      const me = (await (await fetch('/v1/me')).json()) as { csrf_token: string };
      const r = await fetch(`/v1/tokens/${id}`, { method: 'DELETE', headers: { 'x-csrf-token': me.csrf_token } });
      return r.status;
    }, ownersToken.id);
    expect([403, 404]).toContain(viaCookie);
    expect((await http('GET', `/v1/tokens/${ownersToken.id}`, ownerLogin.body.token)).body.status).toBe('rotating');
    await viewerCtx.close();
  });

  it('asks before changing a role or promoting to owner, and re-issues a lost invitation', async () => {
    const session = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    const roleOf = async (email: string) => ((await http('GET', '/v1/workspaces/acme/members', session)).body.items as { email: string; role: string }[]).find((m) => m.email === email)!.role;
    await page.goto(`${base}/w/acme/members`);
    const pick = async (role: string) => {
      await page.getByRole('combobox', { name: 'Role of Vera Viewer' }).click();
      await page.getByRole('option', { name: role, exact: true }).click();
    };
    await pick('owner');
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Make Vera Viewer an owner?').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await roleOf('viewer@example.com')).toBe('viewer');
    await pick('member');
    await confirm.getByText('Change Vera Viewer’s role to member?').waitFor();
    await confirm.getByRole('button', { name: 'Change role' }).click();
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => roleOf('viewer@example.com')).toBe('member');

    const invited = await http('POST', '/v1/workspaces/acme/members', session, { email: 'lost-code@example.com', role: 'member' });
    await page.reload();
    await page.getByRole('button', { name: 'New invitation for lost-code' }).click();
    await page.getByRole('button', { name: 'Issue a new invitation' }).click();
    const code = await page.getByRole('dialog').locator('code').nth(1).textContent();
    expect(code).toMatch(/^[0-9A-Za-z]{32}$/);
    expect(code).not.toBe(invited.body.invitation.code);
    const old = await http('POST', '/v1/invitations/accept', undefined, { code: invited.body.invitation.code, password: 'a long enough password' });
    expect(old.status).toBe(422);
    await page.getByRole('button', { name: 'Done' }).click();
  });

  it('refuses a cookie-authenticated change without the CSRF header, from inside the page', async () => {
    const status = await page.evaluate(async () => (await fetch('/v1/workspaces/acme/projects', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'X', slug: 'x' }) })).status);
    expect(status).toBe(403);
  });

  it('offers the platform scopes the operator declared, by token kind and with their descriptions, and creates a token holding one', async () => {
    await page.goto(`${base}/w/acme/tokens`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'New token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Release pipeline');
    // The workspace policy's default lifetime (90 days), not a hard-coded 30.
    expect(await dialog.getByRole('radio', { name: '90 days' }).isChecked()).toBe(true);
    await dialog.getByRole('checkbox', { name: 'Scope upload' }).waitFor(); // a project token first: no deploy
    expect(await dialog.getByRole('checkbox', { name: 'Scope deploy' }).count()).toBe(0);
    await dialog.getByRole('radio', { name: /Workspace token/ }).click();
    await dialog.getByText('Deploy releases to production').waitFor();
    expect(await dialog.getByRole('checkbox', { name: 'Scope mine-only' }).count()).toBe(0);
    await dialog.getByRole('checkbox', { name: 'Scope deploy' }).click();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('reveal-panel').getByRole('textbox').inputValue();
    await page.getByRole('checkbox', { name: 'I have saved this token somewhere safe' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    const v = await http('POST', '/v1/auth/validate', undefined, { token: secret });
    expect(v.body).toMatchObject({ valid: true, kind: 'workspace', scopes: ['read', 'deploy'], granted_scopes: ['read', 'deploy'] });
  });

  it('creates a canary token (it grants nothing and is marked in the list), and sets the workspace to only flag reported leaks', async () => {
    await page.goto(`${base}/w/acme/tokens`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.getByRole('button', { name: 'New token' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Canary in CI');
    await dialog.getByRole('radio', { name: /Workspace token/ }).click();
    await dialog.getByRole('checkbox', { name: /Canary token/ }).click();
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const secret = await page.getByTestId('reveal-panel').getByRole('textbox').inputValue();
    await page.getByRole('checkbox', { name: 'I have saved this token somewhere safe' }).click();
    await page.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    expect((await http('POST', '/v1/auth/validate', undefined, { token: secret })).body).toEqual({ valid: false, code: 'invalid' });
    await page.locator('tr[data-token-name="Canary in CI"]').getByText('canary', { exact: true }).waitFor();

    const session = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    expect((await http('GET', '/v1/workspaces/acme', session)).body.leak_response).toBe('revoke');
    await page.goto(`${base}/w/acme/settings`);
    await page.getByRole('switch', { name: /Revoke a token at once when its leak is reported/ }).click();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Saved.').waitFor();
    expect((await http('GET', '/v1/workspaces/acme', session)).body.leak_response).toBe('flag');

    // A leak reported now only flags the token: it keeps working, and the list says it leaked.
    const found = (await http('POST', '/v1/workspaces/acme/tokens', session, { kind: 'workspace', name: 'Pasted in an issue', scopes: ['read'] })).body as { secret: string };
    expect((await http('POST', '/v1/tokens/report-leak', undefined, { token: found.secret, url: 'https://github.com/acme/web/issues/7' })).status).toBe(202);
    expect((await http('POST', '/v1/auth/validate', undefined, { token: found.secret })).body.valid).toBe(true);
    await page.goto(`${base}/w/acme/tokens?q=Pasted`);
    await page.locator('tr[data-token-name="Pasted in an issue"]').getByText('leaked', { exact: true }).waitFor();
  });

  it('shows where the keyboard focus is on every tab stop of the tokens page', async () => {
    await page.goto(`${base}/w/acme/tokens`);
    await page.getByRole('heading', { name: 'API tokens' }).waitFor();
    await page.mouse.click(5, 400); // start from the page, not the address bar
    const seen: string[] = [];
    const invisible: string[] = [];
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      // The focused element (or a pseudo-element of it, or the field wrapper that draws its ring, for
      // Radix text fields) must show an outline or a ring (box-shadow).
      const r = await page.evaluate(`(() => {
        const el = document.activeElement;
        if (!el || el === document.body) return null;
        // Radix draws some rings on a pseudo-element (a checkbox's ::before).
        const ring = (s) => (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
        const drawn = (e) => ring(getComputedStyle(e)) || ring(getComputedStyle(e, '::before')) || ring(getComputedStyle(e, '::after'));
        const wrapper = el.closest('.rt-TextFieldRoot, .rt-TextAreaRoot, .rt-SelectTrigger');
        const name = el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label') + ']' : '') + ' ' + (el.textContent || '').trim().slice(0, 30);
        return { name, visible: drawn(el) || (wrapper !== null && drawn(wrapper)) };
      })()`) as { name: string; visible: boolean } | null;
      if (!r) continue;
      seen.push(r.name);
      if (!r.visible) invisible.push(r.name);
    }
    expect(seen.length).toBeGreaterThan(15);
    expect(invisible).toEqual([]);
  });

  it('renders the other pages, and the tokens page at a phone width', async () => {
    for (const [path, heading, name] of [['/w/acme/members', 'Members', 'members'], ['/w/acme/settings', 'Settings', 'settings'], ['/account', 'Your account', 'account']] as const) {
      await page.goto(base + path);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await shot(page, name);
    }
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true });
    await phone.addCookies((await owner.cookies(base)).filter((c) => c.name === 'tessera_session'));
    const p = await newPage(phone);
    await p.goto(`${base}/w/acme/tokens?q=Deploy`);
    await p.locator('[data-token-name="Deploy preview"]').first().waitFor();
    await shot(p, 'tokens-phone');
    const overflow = await p.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number;
    expect(overflow).toBeLessThanOrEqual(0);
    // Cards, not a table to scroll sideways: status and actions are on screen.
    const revoke = (await p.getByRole('button', { name: 'Revoke Deploy preview' }).first().boundingBox())!;
    expect(revoke.x + revoke.width).toBeLessThanOrEqual(390);
    await p.getByRole('button', { name: 'Revoke Deploy preview' }).first().click({ trial: true, timeout: 3000 });
    const status = (await p.locator('[data-token-name="Deploy preview"]').first().getByText(/^(active|rotating)$/).boundingBox())!;
    expect(status.x + status.width).toBeLessThanOrEqual(390);
    // The invitation dialog fits the phone too.
    const late = await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password });
    await http('POST', '/v1/workspaces/acme/members', late.body.token, { email: 'phone-invite@example.com', role: 'member' });
    await p.goto(`${base}/w/acme/members`);
    await p.getByRole('button', { name: 'New invitation for phone-invite' }).click();
    await p.getByRole('button', { name: 'Issue a new invitation' }).click();
    await p.getByRole('button', { name: 'Copy link' }).waitFor();
    await shot(p, 'invitation-phone');
    expect(await p.evaluate('document.documentElement.scrollWidth - window.innerWidth') as number).toBeLessThanOrEqual(0);
    const dialogBox = (await p.getByRole('dialog').boundingBox())!;
    expect(dialogBox.x).toBeGreaterThanOrEqual(0);
    expect(dialogBox.x + dialogBox.width).toBeLessThanOrEqual(390);
    const code = (await p.getByRole('dialog').locator('code').first().boundingBox())!;
    expect(code.x + code.width).toBeLessThanOrEqual(390);
    await phone.close();
  });

  it('loads the tokens page (101+ tokens) in a fresh browser with at most 250 KB transferred, assets and API answers compressed', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await fresh.addCookies((await owner.cookies(base)).filter((c) => c.name === 'tessera_session'));
    const p = await newPage(fresh);
    const responses: import('playwright-core').Response[] = [];
    p.on('response', (r) => responses.push(r));
    await p.goto(`${base}/w/acme/tokens`);
    await p.locator('tr[data-token-name="bulk-100"]').waitFor();
    await settled(p);
    let total = 0;
    const lines: string[] = [];
    for (const r of responses) {
      const sizes = await r.request().sizes();
      const bytes = sizes.responseBodySize + sizes.responseHeadersSize;
      total += bytes;
      lines.push(`${String(bytes).padStart(7)} ${r.headers()['content-encoding'] ?? 'identity'} ${new URL(r.url()).pathname}`);
    }
    console.log(`first load of /w/acme/tokens in Chromium: ${total} bytes transferred (headers included)\n${lines.join('\n')}`);
    expect(total).toBeLessThanOrEqual(250 * 1024);
    const entry = responses.find((r) => /\/assets\/index-[^/]+\.js$/.test(r.url()))!;
    expect(['br', 'gzip']).toContain(entry.headers()['content-encoding']);
    expect(entry.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
    // The page of tokens (the expiring-soon notice asks for a few more, under the 2 KB that is compressed).
    const list = responses.find((r) => r.url().includes('/v1/workspaces/acme/tokens') && !r.url().includes('expiring_before'))!;
    expect(['br', 'gzip']).toContain(list.headers()['content-encoding']);
    await fresh.close();
  });

  it('has no axe-core violation on any page or dialog, in the light and dark themes, at desktop and phone widths', { timeout: 300_000 }, async () => {
    const axe = async (p: Page, where: string) => {
      await settled(p);
      // No hover state measured by accident: the pointer rests where the last click was, and on a
      // phone width the confirmation's button can open right under it.
      await p.mouse.move(0, 0);
      // Colours are measured once dialogs and menus have faded in (finite animations done).
      await expect.poll(() => p.evaluate('document.getAnimations().every((a) => a.playState !== "running" || a.effect?.getComputedTiming().iterations === Infinity)')).toBe(true);
      if ((await p.evaluate('typeof window.axe')) !== 'object') await p.evaluate(axeSource);
      const violations = await p.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(' ')) })))`) as AxeViolation[];
      return violations.map((v: AxeViolation) => ({ where, ...v }));
    };
    const session = (await http('POST', '/v1/sessions', undefined, { email: OWNER.email, password: OWNER.password })).body.token as string;
    const detail = (await http('GET', '/v1/workspaces/acme/tokens?q=Deploy%20preview&status=active', session)).body.items[0];
    const pages: [string, string][] = [
      ['/w/acme/tokens', 'API tokens'], [`/w/acme/tokens/${detail.id}`, 'Deploy preview'], ['/w/acme/projects', 'Projects'], ['/w/acme/projects/web', 'Web'],
      ['/w/acme/projects/web/uploads', 'Web'], ['/w/acme/projects/web/trust', 'Web'], ['/w/acme/members', 'Members'], ['/w/acme/service-accounts', 'Service accounts'],
      ['/w/acme/trust-policies', 'Tokenless CI'], ['/w/acme/verifiers', 'Verifiers'], ['/w/acme/settings', 'Settings'], ['/w/acme/audit', 'Audit log'], ['/account', 'Your account'],
    ];
    const found: (AxeViolation & { where: string })[] = [];
    const cookies = (await owner.cookies(base)).filter((c) => c.name === 'tessera_session');
    for (const colorScheme of ['light', 'dark'] as const) {
      for (const width of [1280, 390]) {
        const state = `${colorScheme} ${width}px`;
        console.log(`axe: ${state}`);
        const ctx = await browser.newContext({ viewport: { width, height: width > 500 ? 800 : 844 }, colorScheme });
        const anon = track(await ctx.newPage());
        await anon.goto(`${base}/login`);
        await anon.getByRole('heading', { name: 'Sign in' }).waitFor();
        found.push(...await axe(anon, `login ${state}`));
        await anon.close();
        await ctx.addCookies(cookies);
        const p = track(await ctx.newPage());
        p.setDefaultTimeout(15_000);
        await p.goto(base + pages[0]![0]);
        for (const [path, heading] of pages) {
          // The console's own navigation (its router follows popstate), not a reload: the page,
          // and axe in it, stay loaded, as they do for a user moving between pages.
          await p.evaluate(`history.pushState(null, '', ${JSON.stringify(path)}); dispatchEvent(new PopStateEvent('popstate'))`);
          await p.getByRole('heading', { name: heading, exact: true }).first().waitFor();
          found.push(...await axe(p, `${path} ${state}`));
        }
        // Dialogs: create, reveal, rotate, revoke; add member, role change; account menu.
        await p.goto(`${base}/w/acme/tokens?q=bulk-10`);
        await p.locator('[data-token-name="bulk-100"]').waitFor();
        await p.getByRole('button', { name: 'New token' }).first().click();
        await p.getByRole('dialog').getByLabel('Name').fill(`axe ${state}`);
        found.push(...await axe(p, `create dialog ${state}`));
        await p.getByRole('dialog').getByRole('button', { name: 'Create token' }).click();
        await p.getByTestId('reveal-panel').waitFor();
        found.push(...await axe(p, `reveal dialog ${state}`));
        await p.getByRole('checkbox', { name: 'I have saved this token somewhere safe' }).click();
        await p.getByRole('button', { name: 'Done' }).click();
        await p.getByRole('dialog').waitFor({ state: 'detached' });
        await p.getByRole('button', { name: 'Rotate bulk-100' }).click();
        await p.getByRole('dialog').getByRole('button', { name: 'Rotate token' }).waitFor();
        found.push(...await axe(p, `rotate dialog ${state}`));
        await p.keyboard.press('Escape');
        await p.getByRole('dialog').waitFor({ state: 'detached' });
        await p.getByRole('button', { name: 'Revoke bulk-100' }).click();
        await p.getByRole('alertdialog').waitFor();
        found.push(...await axe(p, `revoke confirmation ${state}`));
        await p.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
        await p.getByRole('alertdialog').waitFor({ state: 'detached' });
        await p.getByRole('button', { name: 'Account menu' }).click();
        await p.getByRole('dialog', { name: 'Account' }).getByRole('button', { name: 'Sign out' }).waitFor();
        found.push(...await axe(p, `account menu ${state}`));
        if (state === 'light 1280px') {
          // The theme choice overrides the system's, and "System theme" follows it again.
          const scheme = () => p.evaluate('document.documentElement.style.colorScheme');
          expect(await scheme()).toBe('light');
          await p.getByRole('radio', { name: 'Dark theme' }).click();
          await expect.poll(scheme).toBe('dark');
          await p.getByRole('radio', { name: 'System theme' }).click();
          await expect.poll(scheme).toBe('light');
        }
        await p.keyboard.press('Escape');
        await p.goto(`${base}/w/acme/members`);
        await p.getByRole('button', { name: 'Add member' }).click();
        await p.getByRole('dialog').getByLabel('Email').waitFor();
        found.push(...await axe(p, `add member dialog ${state}`));
        await p.keyboard.press('Escape');
        await p.getByRole('dialog').waitFor({ state: 'detached' });
        await p.getByRole('combobox', { name: 'Role of Vera Viewer' }).click();
        await p.getByRole('option', { name: 'admin', exact: true }).click();
        await p.getByRole('alertdialog').waitFor();
        found.push(...await axe(p, `role confirmation ${state}`));
        await p.getByRole('alertdialog').getByRole('button', { name: 'Cancel' }).click();
        await ctx.close();
      }
    }
    expect(found).toEqual([]);
  });

  it('ran without a single Content-Security-Policy violation or page error', () => {
    expect(cspViolations).toEqual([]);
  });
});
