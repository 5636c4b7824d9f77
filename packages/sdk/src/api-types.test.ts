import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, SDK_API_TYPES_FILE } from '../../tessera/src/docs/render-openapi.js';

describe("the SDK's API types cannot drift", () => {
  // The server's copy is checked against the OpenAPI document by tessera's render-openapi.test.ts; equal files mean the SDK's is too.
  it('src/api-types.gen.ts is the one generated from the server (run npm run api-types to update it)', () => {
    expect(readFileSync(SDK_API_TYPES_FILE, 'utf8')).toBe(readFileSync(API_TYPES_FILE, 'utf8'));
  });
});
