import type { Command } from 'commander';
import { seg } from '../client/api-client.js';
import type { Token } from '../client/api-types.js';
import { clientAction, withClientOptions, type ClientOptions } from '../client/command.js';
import { tokenFields } from '../views/token-view.js';

/** `tessera token show ID`: one token's metadata (GET /v1/tokens/{id}); never its secret. */
export function registerTokenShow(token: Command): void {
  withClientOptions(token.command('show').argument('<id>', 'the token id (tok_…) or its display prefix (tsrp_Ab3dE5fG)'))
    .description("Show one token's details (never its secret)")
    .action(clientAction<ClientOptions>(async (ctx, _opts, id) => {
      const t = await ctx.client.get<Token>(`/v1/tokens/${seg(id)}`);
      if (ctx.out.json) ctx.out.printJson(t);
      else ctx.out.fields(tokenFields(t, ctx.out.paint));
    }));
}
