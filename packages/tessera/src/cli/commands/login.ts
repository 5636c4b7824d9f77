import type { Command } from 'commander';
import type { SessionCreated } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { saveLogin } from '../client/credentials.js';
import { CliError } from '../client/exit-codes.js';
import { ask, askHidden, readStdin } from '../client/prompt.js';
import { formatDate } from '../views/time.js';

interface LoginOptions extends ClientOptions {
  email?: string;
  passwordStdin?: boolean;
}

/** `tessera login`: sign in with email and password and store the session (0600) for later commands. */
export function registerLogin(program: Command): void {
  withClientOptions(program.command('login'), { token: false })
    .description('Sign in with email and password; the session is stored in your config folder (mode 0600) for later commands')
    .option('--email <email>', 'your email (asked for on a terminal when omitted)')
    .option('--password-stdin', 'read the password from standard input (for scripts), e.g. printf %s "$PW" | tessera login --email … --password-stdin')
    .action(clientAction<LoginOptions>(async (ctx, opts) => {
      const { out } = ctx;
      if (!opts.passwordStdin && !ctx.interactive) {
        throw new CliError('no terminal to ask for the password on', undefined, 'pass it on standard input with --password-stdin');
      }
      const email = opts.email ?? (ctx.interactive && !opts.passwordStdin ? (await ask('Email: ')).trim() : undefined);
      if (!email) throw new CliError('an email is needed', undefined, 'pass --email');
      const password = opts.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : await askHidden('Password: ');
      if (!password) throw new CliError('the password is empty');

      const session = await ctx.clientWith(undefined).post<SessionCreated>('/v1/sessions', { email, password });
      // Only a browser sign-in (cookie: true, which the CLI never asks for) answers without the token.
      if (!session.token) throw new CliError('the server answered without a session token');
      const path = saveLogin({ url: ctx.creds.url, token: session.token, expires_at: session.expires_at, user: { id: session.user.id, email: session.user.email, name: session.user.name }, created_at: new Date().toISOString() }, ctx.env);

      if (out.json) out.printJson({ url: ctx.creds.url, user: session.user, expires_at: session.expires_at, credentials_path: path });
      else out.print(`${out.paint.green('✓')} Logged in to ${ctx.creds.url} as ${session.user.name} <${session.user.email ?? ''}>; session stored in ${path} (expires ${formatDate(session.expires_at)})`);
      if (ctx.env.TESSERA_TOKEN !== undefined) out.warn('TESSERA_TOKEN is set and takes precedence over this login; unset it to act as yourself');
    }, { useToken: false }));
}
