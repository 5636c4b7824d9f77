import { readFileSync } from 'node:fs';
import { ConfigValueError, configSchema, type FieldSpec, type RawConfig } from './config-schema.js';

export type Config = Readonly<
  Omit<RawConfig, 'database_url' | 'secret' | 'metrics_token' | 'console_dir'> & { database_url: string | undefined; secret: string | undefined; metrics_token: string | undefined; console_dir: string | undefined }
>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface ConfigSources {
  env?: Record<string, string | undefined>;
  /** Path of a JSON config file whose keys are the schema's keys (snake_case). */
  file?: string | undefined;
  /** Values given directly (command-line flags); they win over env and file. */
  overrides?: Partial<Record<keyof RawConfig, string>>;
}

/**
 * Parses configuration once: overrides > env vars > config file > defaults. Every bad value is
 * reported together with the variable that carried it; secrets are never echoed back.
 */
export function loadConfig(sources: ConfigSources = {}): Config {
  const env = sources.env ?? {};
  const filePath = sources.file ?? env.TESSERA_CONFIG;
  const problems: string[] = [];
  const fileValues = filePath ? readConfigFile(filePath, problems) : {};
  const out: Partial<Record<string, unknown>> = {};

  for (const [key, spec] of Object.entries(configSchema) as [keyof RawConfig & string, FieldSpec<unknown>][]) {
    const fromOverride = sources.overrides?.[key];
    const fromEnv = env[spec.env];
    const fromFile = fileValues[key];
    const [raw, origin] =
      fromOverride !== undefined ? [fromOverride, `--${key.replace(/_/g, '-')}`]
      : fromEnv !== undefined && fromEnv !== '' ? [fromEnv, spec.env]
      : fromFile !== undefined ? [spec.json && typeof fromFile === 'object' ? JSON.stringify(fromFile) : String(fromFile), `${filePath}: ${key}`]
      : [undefined, ''];
    if (raw === undefined) continue;
    try {
      out[key] = spec.parse(raw);
    } catch (err) {
      if (!(err instanceof ConfigValueError)) throw err;
      const shown = spec.secret ? '' : ` (got ${JSON.stringify(raw)})`;
      problems.push(`${origin}: ${err.message}${shown}`);
    }
  }
  for (const [key, spec] of Object.entries(configSchema) as [keyof RawConfig & string, FieldSpec<unknown>][]) {
    if (out[key] === undefined && spec.default !== undefined) {
      out[key] = typeof spec.default === 'function' ? (spec.default as (c: object) => unknown)(out) : spec.default;
    }
  }
  if (out.database_url && !out.secret) {
    problems.push('TESSERA_SECRET: required when DATABASE_URL is set (the pepper must be shared by every node and kept outside the database)');
  }
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(out) as unknown as Config;
}

function readConfigFile(path: string, problems: string[]): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    problems.push(`config file ${path}: ${(err as Error).message}`);
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`config file ${path}: must hold a JSON object`);
    return {};
  }
  const known = new Set(Object.keys(configSchema));
  for (const key of Object.keys(parsed)) {
    if (!known.has(key)) problems.push(`config file ${path}: unknown setting "${key}" (known: ${[...known].join(', ')})`);
  }
  return parsed as Record<string, unknown>;
}
