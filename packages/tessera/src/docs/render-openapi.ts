import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document.js';

/**
 * What is generated from the OpenAPI document (/openapi.json): the API's types, which the CLI
 * and the console import instead of writing response shapes by hand, and (for `npm run
 * lint:openapi`) the document itself as a file. `npm run api-types` rewrites the types; a test
 * regenerates them in memory and fails when the committed file differs, so they cannot drift.
 */

/** src/docs and dist/docs are both two levels below the package: the types always go to src/. */
export const API_TYPES_FILE = fileURLToPath(new URL('../../src/api-types.gen.ts', import.meta.url));
/** The same types in the SDK (its management client), which depends on nothing of the server: packages/sdk/src/api-types.test.ts checks it. */
export const SDK_API_TYPES_FILE = fileURLToPath(new URL('../../../sdk/src/api-types.gen.ts', import.meta.url));

const HEADER = `/**
 * The Tessera API's types, generated from its OpenAPI document (/openapi.json) by
 * openapi-typescript. Do not edit: change the route schemas, then run \`npm run api-types\`.
 * src/docs/render-openapi.test.ts fails when this file is not what the code generates.
 */

`;

export async function renderApiTypes(doc?: OpenApiDocument): Promise<string> {
  const ast = await openapiTS((doc ?? (await buildOpenApiDocument())) as unknown as OpenAPI3, { silent: true });
  return HEADER + astToString(ast);
}

/** Rewrites the generated types; returns whether the file changed. */
export async function writeApiTypes(file = API_TYPES_FILE): Promise<boolean> {
  const after = await renderApiTypes();
  let before: string | undefined;
  try {
    before = readFileSync(file, 'utf8');
  } catch {
    before = undefined;
  }
  if (after === before) return false;
  writeFileSync(file, after);
  return true;
}

/** `node dist/docs/render-openapi.js` rewrites the types; `--json FILE` writes the document instead. */
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const json = process.argv.indexOf('--json');
  if (json >= 0) {
    const file = process.argv[json + 1];
    if (!file) throw new TypeError('--json needs a file name');
    writeFileSync(file, `${JSON.stringify(await buildOpenApiDocument(), null, 2)}\n`);
    process.stdout.write(`wrote ${file}\n`);
  } else {
    process.stdout.write((await writeApiTypes()) ? `updated ${API_TYPES_FILE}\n` : 'the API types are up to date\n');
    process.stdout.write((await writeApiTypes(SDK_API_TYPES_FILE)) ? `updated ${SDK_API_TYPES_FILE}\n` : 'the SDK\'s API types are up to date\n');
  }
}
