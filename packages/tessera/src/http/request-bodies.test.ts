import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../test-support/test-app.js';
import { jsonFailure } from './json-body.js';

/**
 * Issue 16: every malformed JSON body was reported as "empty body", and a form body got a bare
 * "Unsupported Media Type". Each failure now says what is wrong, and never quotes the body.
 */
describe('request bodies Tessera cannot read', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  const validate = (payload: string, contentType: string) =>
    t.app.inject({ method: 'POST', url: '/v1/auth/validate', headers: { 'content-type': contentType }, payload });

  it.each([
    ['an empty body', '', /the body is empty/],
    ['a truncated object', '{"token": ', /end of JSON input/i],
    ['a bare word', 'token=abc', /unexpected token/i],
    ['trailing garbage', '{"token":"x"} extra', /position 14/],
    ['an unquoted key', '{token: 1}', /property name/i],
    ['a prototype-poisoning key', '{"__proto__": {"admin": true}}', /__proto__/],
  ])('says what is wrong with %s', async (_what, payload, reason) => {
    const r = await validate(payload, 'application/json');
    expect(r.statusCode).toBe(400);
    const error = r.json().error;
    expect(error.code).toBe('malformed_json');
    expect(error.message).toMatch(/^request body is not valid JSON: /);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toMatch(/empty body/);
  });

  it('never quotes the body back (it may hold a token)', async () => {
    const secret = 'tsr_w_SECRETSECRETSECRETSECRET';
    for (const payload of [`${secret}`, `{"token": ${secret}}`, `{"token": "${secret}" `]) {
      const r = await validate(payload, 'application/json');
      expect(r.statusCode).toBe(400);
      expect(r.body).not.toContain('SECRET');
    }
    expect(jsonFailure(`"${secret}`)).not.toContain('SECRET');
  });

  it('names the content type it refused and what to send instead', async () => {
    const form = await validate('token=abc', 'application/x-www-form-urlencoded');
    expect(form.statusCode).toBe(415);
    expect(form.json().error).toMatchObject({ code: 'unsupported_media_type' });
    expect(form.json().error.message).toBe('Content-Type "application/x-www-form-urlencoded" is not accepted by POST /v1/auth/validate: send the body as JSON with Content-Type: application/json (form bodies are not accepted here)');
    const text = await validate('abc', 'text/plain');
    expect(text.json().error.message).toMatch(/^Content-Type "text\/plain" is not accepted by POST \/v1\/auth\/validate: send the body as JSON/);
    const long = await validate('abc', `application/x-${'a'.repeat(500)}`);
    expect(long.statusCode).toBe(415);
    expect(long.json().error.message.length).toBeLessThan(300);
  });

  it('still reads a good body', async () => {
    const r = await validate('{"token":"nope"}', 'application/json; charset=utf-8');
    expect([r.statusCode, r.json().valid]).toEqual([200, false]);
  });
});
