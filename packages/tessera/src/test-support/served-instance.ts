import { envWith, type BinaryHarness, type Child } from './built-binary.js';

/**
 * A real `tessera serve` process on a free port with its own data (PGlite folder or PostgreSQL
 * schema), set up with a first owner and workspace: the server that CLI tests talk to.
 */
export const OWNER = { email: 'owner@example.com', password: 'a long enough password', name: 'Olivia Owner' };

export interface ServedInstance {
  url: string;
  child: Child;
  /** The first owner's session (from POST /v1/setup). */
  session: string;
  userId: string;
  workspace: { id: string; slug: string };
  /** Calls the API directly (to arrange a test without going through the CLI). */
  api<T = any>(method: string, path: string, opts?: { token?: string; body?: unknown }): Promise<{ status: number; body: T }>;
  stop(): Promise<void>;
}

export async function startInstance(harness: BinaryHarness, opts: { slug?: string; env?: Record<string, string>; /** How long the server may take to listen (default 45 s). */ startTimeoutMs?: number } = {}): Promise<ServedInstance> {
  const env = envWith({ ...(await harness.instanceEnv()), ...opts.env });
  const child = harness.run(['serve', '--port', '0'], env);
  const [, port] = await child.waitFor(/listening on 127\.0\.0\.1:(\d+)/, opts.startTimeoutMs);
  const [, code] = await child.waitFor(/Setup code: +([0-9A-Za-z]+)/, opts.startTimeoutMs);
  const url = `http://127.0.0.1:${port}`;
  const api: ServedInstance['api'] = async (method, path, o = {}) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    if (o.body !== undefined) headers['content-type'] = 'application/json';
    const r = await fetch(url + path, { method, headers, body: o.body === undefined ? null : JSON.stringify(o.body) });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : undefined };
  };
  const slug = opts.slug ?? 'acme';
  const setup = await api('POST', '/v1/setup', { body: { setup_code: code, ...OWNER, workspace: { name: 'Acme', slug } } });
  if (setup.status !== 201) throw new Error(`setup failed: ${setup.status} ${JSON.stringify(setup.body)}`);
  return {
    url, child, api,
    session: setup.body.token,
    userId: setup.body.user.id,
    workspace: { id: setup.body.workspace.id, slug },
    async stop() {
      if (child.proc.exitCode === null) {
        child.proc.kill('SIGTERM');
        await child.exited;
      }
    },
  };
}

/** Runs the CLI against an instance, with its own config folder (so no developer login is read) and no colour settings from the shell. */
export function cliFor(harness: BinaryHarness, instance: Pick<ServedInstance, 'url'>, configDir = harness.tempDir('tessera-cli-config-')) {
  const base = envWith({ TESSERA_URL: instance.url, TESSERA_CONFIG_DIR: configDir });
  return {
    configDir,
    env: base,
    run: (args: string[], opts: { env?: Record<string, string | undefined>; input?: string } = {}) =>
      harness.runToEnd(args, { ...base, ...opts.env }, opts.input === undefined ? {} : { input: opts.input }),
  };
}

/** Runs CLI commands that must succeed to arrange a test (`tessera login` as the owner first, then each of `commands`). */
export async function signInAndRun(cli: ReturnType<typeof cliFor>, ...commands: string[][]): Promise<void> {
  const login = await cli.run(['login', '--email', OWNER.email, '--password-stdin'], { input: OWNER.password });
  if (login.code !== 0) throw new Error(`tessera login failed: ${login.stderr}`);
  for (const args of commands) {
    const r = await cli.run(args);
    if (r.code !== 0) throw new Error(`tessera ${args.join(' ')} failed: ${r.stderr}`);
  }
}
