import type { Command } from 'commander';
import { configFromFlags, type ConfigFlags } from '../config-source.js';
import { describeDatabase } from '../../db/describe-database.js';
import { lockDataDir } from '../../db/data-dir-lock.js';

export function registerMigrate(program: Command): void {
  program
    .command('migrate')
    .description('Apply pending database migrations and exit (tessera serve also applies them at start).')
    .option('-c, --config <file>', 'JSON config file (env TESSERA_CONFIG)')
    .action(async (flags: Pick<ConfigFlags, 'config'>) => {
      const config = configFromFlags(flags);
      // Loaded here, not at the top: client commands share this program and need no database driver.
      const [{ openDatabase }, { migrateToLatest }] = await Promise.all([import('../../db/database.js'), import('../../db/migrate.js')]);
      const unlock = config.database_url ? () => {} : lockDataDir(config.data_dir);
      const { db } = await openDatabase({ url: config.database_url, dataDir: config.data_dir, poolSize: 1 }).catch((err: unknown) => {
        unlock();
        throw err;
      });
      try {
        process.stdout.write(`Database: ${describeDatabase(config)}\n`);
        const applied = await migrateToLatest(db);
        if (applied.length === 0) process.stdout.write('Already up to date: no migration to apply.\n');
        else process.stdout.write(`Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}:\n${applied.map((m) => `  ${m}\n`).join('')}`);
      } finally {
        await db.destroy();
        unlock();
      }
    });
}
