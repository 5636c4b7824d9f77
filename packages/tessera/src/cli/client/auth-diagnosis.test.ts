import { describe, expect, it } from 'vitest';
import { generateToken } from '../../tokens/token-format.js';
import { ApiError } from './api-client.js';
import { explainAuthFailure } from './auth-diagnosis.js';

const unauthorized = (details: Record<string, unknown>) => new ApiError({ status: 401, code: 'invalid_token', message: 'm', method: 'GET', path: '/v1/me', details });

describe('what the CLI says about a refused token', () => {
  const { token, parsed } = generateToken('tsr', 'project');
  const creds = { token, tokenSource: 'env' as const, url: 'http://127.0.0.1:7420' };

  it('issue 16: a rotated-out token names its replacement (it said only "revoked")', () => {
    const e = explainAuthFailure(unauthorized({ reason: 'rotated', replaced_by: 'tsrp_Zz9yX8wV' }), creds, 'tsr');
    expect(e.problem).toBe(`the token from TESSERA_TOKEN (${parsed.displayPrefix}) was rotated and its grace period is over`);
    expect(e.fix).toContain('use its replacement, tsrp_Zz9yX8wV');
    expect(e.fix).toContain('tessera token show tsrp_Zz9yX8wV');
    expect(JSON.stringify(e)).not.toContain(token.slice(13));
  });

  it('a plainly revoked one still says revoked', () => {
    expect(explainAuthFailure(unauthorized({ reason: 'revoked' }), creds, 'tsr').problem).toMatch(/has been revoked$/);
  });

  it('an empty TESSERA_TOKEN is named as such', () => {
    expect(explainAuthFailure(unauthorized({ reason: 'empty' }), { ...creds, token: '' }, 'tsr').problem).toBe('TESSERA_TOKEN is set but empty');
  });
});
