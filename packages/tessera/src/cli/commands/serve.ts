import type { Command } from 'commander';
import { configFromFlags, type ConfigFlags } from '../config-source.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Run the Tessera service (HTTP API). Embedded PGlite in ./.tessera unless DATABASE_URL is set.')
    .option('-p, --port <port>', 'TCP port (env TESSERA_PORT, default 7420; 0 picks a free port)')
    .option('-H, --host <host>', 'interface to listen on (env TESSERA_HOST, default 127.0.0.1)')
    .option('-c, --config <file>', 'JSON config file (env TESSERA_CONFIG); see docs/configuration.md')
    .action(async (flags: ConfigFlags) => {
      const config = configFromFlags(flags);
      // Loaded here, not at the top: client commands share this program and need none of the server.
      const { startServer } = await import('../../server.js');
      await startServer(config);
    });
}
