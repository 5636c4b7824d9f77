import { loadConfig } from '../config/load-config.js';
import { openDatabase } from '../db/database.js';
import { createContext } from '../composition-root.js';
import { buildApp } from '../app.js';

/** The parts of an OpenAPI 3.1 document that Tessera's generators read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
  [key: string]: unknown;
}

export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: unknown;
  responses?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The OpenAPI document the app serves at /openapi.json, built from the route schemas by an app on
 * an in-memory database (no listen, nothing written). The docs, the generated API types and the
 * OpenAPI lint all start from this one document.
 */
export async function buildOpenApiDocument(): Promise<OpenApiDocument> {
  const config = loadConfig({ env: { TESSERA_SECRET: 'docs-rendering-only-not-a-real-secret-0000', TESSERA_LOG_LEVEL: 'silent' } });
  const ctx = await createContext(config, { logger: { error: () => {} } as never, db: await openDatabase({ dataDir: 'memory://' }) });
  const app = await buildApp(ctx);
  try {
    await app.ready();
    // A deep copy: the caller may not change what the app serves.
    return structuredClone(app.swagger()) as unknown as OpenApiDocument;
  } finally {
    await app.close();
    await ctx.close();
  }
}
