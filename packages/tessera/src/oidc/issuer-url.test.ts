import { describe, expect, it } from 'vitest';
import { checkIssuerUrl } from './issuer-url.js';
import { globMatch } from './glob.js';

describe('issuer URL rule', () => {
  it('accepts https issuers, without a trailing slash', () => {
    expect(checkIssuerUrl('https://token.actions.githubusercontent.com', false)).toEqual({ ok: true, url: 'https://token.actions.githubusercontent.com' });
    expect(checkIssuerUrl('https://gitlab.example.com/', false)).toEqual({ ok: true, url: 'https://gitlab.example.com' });
    expect(checkIssuerUrl('https://ghes.example.com/_services/token', false)).toEqual({ ok: true, url: 'https://ghes.example.com/_services/token' });
  });

  it('allows plain http only for loopback, and only when insecure issuers are allowed', () => {
    for (const u of ['http://127.0.0.1:5556', 'http://localhost:8080', 'http://[::1]:9000']) {
      expect(checkIssuerUrl(u, true, ['127.0.0.1', 'localhost', '::1']).ok).toBe(true);
      expect(checkIssuerUrl(u, false)).toMatchObject({ ok: false, reason: expect.stringContaining('TESSERA_OIDC_ALLOW_INSECURE_ISSUERS') });
    }
    expect(checkIssuerUrl('http://issuer.example.com', true)).toMatchObject({ ok: false, reason: expect.stringContaining('https') });
    expect(checkIssuerUrl('http://10.0.0.1', true).ok).toBe(false);
  });

  it('refuses an issuer written as a non-public IP address unless TESSERA_OUTBOUND_ALLOWED_HOSTS lists it (SSRF)', () => {
    for (const u of ['https://10.0.0.1', 'https://169.254.169.254', 'https://127.0.0.1:8443', 'https://2130706433', 'https://0x7f.1', 'https://[::ffff:127.0.0.1]', 'https://[fd00::1]', 'https://100.64.0.1', 'https://[::1]', 'https://0.0.0.0']) {
      expect({ u, r: checkIssuerUrl(u, false) }).toMatchObject({ u, r: { ok: false, kind: 'not_allowed', reason: expect.stringContaining('TESSERA_OUTBOUND_ALLOWED_HOSTS') } });
    }
    expect(checkIssuerUrl('https://10.0.0.1', false, ['10.0.0.1'])).toEqual({ ok: true, url: 'https://10.0.0.1' });
    expect(checkIssuerUrl('https://[::ffff:10.0.0.1]', false, ['10.0.0.1']).ok).toBe(true);
    expect(checkIssuerUrl('https://10.0.0.2', false, ['10.0.0.1']).ok).toBe(false);
    // A name is checked when it is fetched (DNS can change), not here.
    expect(checkIssuerUrl('https://gitlab.corp.internal', false).ok).toBe(true);
    expect(checkIssuerUrl('https://140.82.112.3', false).ok).toBe(true);
  });

  it('refuses other schemes, credentials, queries and fragments', () => {
    for (const u of ['ftp://x.example.com', 'https://u:p@x.example.com', 'https://x.example.com/?a=1', 'https://x.example.com/#f', 'not a url', 'file:///etc/passwd']) {
      expect({ u, ok: checkIssuerUrl(u, true).ok }).toEqual({ u, ok: false });
    }
  });
});

describe('glob', () => {
  it('matches * within a segment and ** across segments', () => {
    expect(globMatch(['refs/heads/*'], 'refs/heads/main')).toBe(true);
    expect(globMatch(['refs/heads/*'], 'refs/heads/feature/x')).toBe(false);
    expect(globMatch(['refs/heads/**'], 'refs/heads/feature/x')).toBe(true);
    expect(globMatch(['refs/tags/v?.*'], 'refs/tags/v1.2')).toBe(true);
    expect(globMatch(['refs/heads/main'], 'refs/heads/main2')).toBe(false);
    expect(globMatch(['release.(x)'], 'release.(x)')).toBe(true);
    expect(globMatch(['release.(x)'], 'releaseX(x)')).toBe(false);
  });
});
