import { loadConfig, type Config, type ConfigSources } from '../config/load-config.js';

export interface ConfigFlags {
  config?: string;
  port?: string;
  host?: string;
}

/** The one way commands read configuration: flags > environment > config file (--config or TESSERA_CONFIG) > defaults. */
export function configFromFlags(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const overrides: NonNullable<ConfigSources['overrides']> = {};
  if (flags.port !== undefined) overrides.port = flags.port;
  if (flags.host !== undefined) overrides.host = flags.host;
  return loadConfig({ env, file: flags.config, overrides });
}
