import type { Command } from 'commander';
import type { ScopeInfo } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { oneOf } from '../flag-values.js';
import { TOKEN_KINDS } from '../../tokens/token-kinds.js';

interface ScopesOptions extends ClientOptions {
  kind?: string;
}

/**
 * `tessera scopes`: the scopes this server knows (GET /v1/scopes), built-in and the ones its
 * operator declared, with the token kinds that may hold each and the lowest role that may grant it.
 */
export function registerScopes(program: Command): void {
  withClientOptions(program.command('scopes'))
    .description('List the scopes tokens may hold on this server: built-in (read, write, upload, admin) and platform-defined')
    .option('--kind <kind>', `only the scopes a token of this kind may hold (${TOKEN_KINDS.join(', ')})`)
    .action(clientAction<ScopesOptions>(async (ctx, opts) => {
      const kind = opts.kind ? oneOf(opts.kind, TOKEN_KINDS, '--kind') : undefined;
      const { items } = await ctx.client.get<{ items: ScopeInfo[] }>('/v1/scopes');
      const shown = kind ? items.filter((s) => s.kinds.includes(kind)) : items;
      if (ctx.out.json) return ctx.out.printJson(shown);
      ctx.out.table(['SCOPE', 'KINDS', 'MIN ROLE', 'SOURCE', 'DESCRIPTION'], shown.map((s) => [
        s.name, s.kinds.join(','), s.min_role, s.builtin ? 'built-in' : 'platform', s.description,
      ]), 'No scopes.');
    }));
}
