import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { registerServe } from './commands/serve.js';
import { registerMigrate } from './commands/migrate.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerWhoami } from './commands/whoami.js';
import { registerToken } from './commands/token.js';
import { registerUpload } from './commands/upload.js';
import { registerWorkspace } from './commands/workspace.js';
import { registerProject } from './commands/project.js';
import { registerMember } from './commands/member.js';
import { registerAudit } from './commands/audit.js';
import { registerOidc } from './commands/oidc.js';
import { registerTrust } from './commands/trust.js';
import { registerScopes } from './commands/scopes.js';
import { registerVerifier } from './commands/verifier.js';
import { registerWebhook } from './commands/webhook.js';
import { SilentExit } from './client/exit-codes.js';

/**
 * The `tessera` program: `serve` runs the service; every other subcommand is its client. Each
 * command lives in its own file under cli/commands/ and registers itself here.
 */
export function buildProgram(): Command {
  const program = new Command('tessera')
    .description('Tessera: API tokens for developer platforms.')
    .version(packageVersion(), '-v, --version')
    .showHelpAfterError('(run tessera --help for usage)')
    .exitOverride();
  registerServe(program);
  registerMigrate(program);
  registerLogin(program);
  registerLogout(program);
  registerWhoami(program);
  registerToken(program);
  registerUpload(program);
  registerWorkspace(program);
  registerProject(program);
  registerMember(program);
  registerAudit(program);
  registerTrust(program);
  registerOidc(program);
  registerScopes(program);
  registerVerifier(program);
  registerWebhook(program);
  return program;
}

/** Runs the program; resolves with the exit code (a long-running `serve` resolves once listening). */
export async function runCli(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode; // commander already printed help or the usage error
    if (err instanceof SilentExit) return err.exitCode; // a client command already printed its error
    // Loaded only on failure: it knows the server's error types (and their database driver), which client commands do not need.
    const { reportError } = await import('./report-error.js');
    reportError(err);
    return 1;
  }
}

function packageVersion(): string {
  // src/cli and dist/cli are both two levels below the package root.
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}
