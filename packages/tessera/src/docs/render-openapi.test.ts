import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../authz/roles.js';
import { TOKEN_KINDS } from '../tokens/token-kinds.js';
import { buildOpenApiDocument, type OpenApiDocument, type OpenApiOperation } from './openapi-document.js';
import { API_TYPES_FILE, renderApiTypes } from './render-openapi.js';

let doc: OpenApiDocument;
beforeAll(async () => {
  doc = await buildOpenApiDocument();
}, 120_000); // starts a whole app on PGlite

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op: op as OpenApiOperation })));

/** Every `anyOf` that has a one-value branch (`{"enum": [x]}` or `{"const": x}`): TypeBox's union of literals, which should be a `StringEnum`. */
function literalUnions(node: unknown, at = '#', found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n, i) => literalUnions(n, `${at}/${i}`, found));
  else if (node && typeof node === 'object') {
    const anyOf = (node as { anyOf?: unknown }).anyOf;
    const oneValue = (b: unknown) => !!b && typeof b === 'object' && ('const' in b || (Array.isArray((b as { enum?: unknown }).enum) && (b as { enum: unknown[] }).enum.length === 1));
    if (Array.isArray(anyOf) && anyOf.some(oneValue)) found.push(at);
    for (const [k, v] of Object.entries(node)) literalUnions(v, `${at}/${k}`, found);
  }
  return found;
}

describe('the OpenAPI document is fit for generators', () => {
  it('names every operation with a unique camelCase operationId', () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(47);
    const missing = ops.filter(({ op }) => !op.operationId).map(({ where }) => where);
    expect(missing, 'operations without an operationId').toEqual([]);
    const ids = ops.map(({ op }) => op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-zA-Z]+$/);
  });

  it('writes enums as enums, never as an anyOf of one-value schemas', () => {
    expect(literalUnions(doc)).toEqual([]);
    expect(literalUnions({ anyOf: [{ type: 'string', enum: ['a'] }, { const: 'b' }] }), 'the check itself finds a literal union').toEqual(['#']);
  });

  it("lists a token's allowed kinds and scopes", () => {
    const token = doc.components?.schemas?.Token as { properties: Record<string, { enum?: string[]; items?: { enum?: string[] } }> };
    expect(token.properties.kind?.enum).toEqual([...TOKEN_KINDS]);
    expect(token.properties.scopes?.items?.enum).toEqual([...SCOPES]);
  });

  it('answers every error with a reference to the one Error component', () => {
    expect(doc.components?.schemas?.Error).toBeDefined();
    const inlined = operations().flatMap(({ where, op }) => Object.entries(op.responses ?? {})
      .filter(([status]) => Number(status) >= 400)
      .filter(([, r]) => (r as { content?: Record<string, { schema?: { $ref?: string } }> }).content?.['application/json']?.schema?.$ref !== '#/components/schemas/Error')
      .map(([status]) => `${where} ${status}`));
    expect(inlined).toEqual([]);
  });

  it('documents the upload body: a raw (or gzip) file, or a multipart form with a file part', () => {
    const body = doc.paths['/v1/projects/{project}/uploads']?.post?.requestBody as { required?: boolean; content: Record<string, { schema: { type?: string; format?: string; required?: string[] } }> };
    expect(body.required).toBe(true);
    expect(body.content['application/octet-stream']?.schema).toMatchObject({ type: 'string', format: 'binary' });
    expect(body.content['multipart/form-data']?.schema).toMatchObject({ type: 'object', required: ['file'] });
  });
});

describe('the generated API types cannot drift from the document', () => {
  it('src/api-types.gen.ts is what openapi-typescript makes of the current document (run npm run api-types to update it)', async () => {
    expect(readFileSync(API_TYPES_FILE, 'utf8')).toBe(await renderApiTypes(doc));
  }, 60_000);
});
