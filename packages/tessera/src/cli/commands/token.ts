import type { Command } from 'commander';
import { registerTokenCreate } from './token-create.js';
import { registerTokenList } from './token-list.js';
import { registerTokenShow } from './token-show.js';
import { registerTokenRevoke } from './token-revoke.js';
import { registerTokenRotate } from './token-rotate.js';
import { registerTokenCheck } from './token-check.js';
import { registerTokenReportLeak } from './token-report-leak.js';

/** `tessera token …`: each subcommand in its own file. */
export function registerToken(program: Command): void {
  const token = program.command('token').description('Create, list, show, revoke, rotate and check API tokens; report a leaked one');
  registerTokenCreate(token);
  registerTokenList(token);
  registerTokenShow(token);
  registerTokenRevoke(token);
  registerTokenRotate(token);
  registerTokenCheck(token);
  registerTokenReportLeak(token);
}
