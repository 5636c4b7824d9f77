import { promises as dns } from 'node:dns';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { classifyAddress, hostOf, isAllowListed, normalizeAllowedHost } from './address-policy.js';

/**
 * The one way Tessera fetches a URL someone else chose (OIDC discovery and JWKS, webhook deliveries, GitHub's secret-scanning keys).
 * https only (plain http only for a loopback host when the caller allows it: tests, local
 * development); the host is resolved once (every address), every address must be public unicast
 * unless the operator allow-listed the host (TESSERA_OUTBOUND_ALLOWED_HOSTS), and the connection
 * goes to exactly the addresses that were checked (a `lookup` that answers them), so a DNS answer
 * that changes between the check and the connect (rebinding) changes nothing. No redirects, no
 * connection reuse, a byte limit enforced while the body streams and one deadline for DNS,
 * connect, headers and body together. A failure is data with a stable reason, never the body.
 */
export type OutboundFailureReason = 'forbidden_url' | 'forbidden_address' | 'connect_failed' | 'timeout' | 'redirect' | 'bad_status' | 'too_large' | 'invalid_json';

export type OutboundResult<T> = { ok: true; status: number; value: T } | { ok: false; reason: OutboundFailureReason; status?: number };

export interface ResolvedAddress {
  address: string;
  family: number;
}

export interface GuardedFetchOptions {
  /** Hosts (names or addresses, as TESSERA_OUTBOUND_ALLOWED_HOSTS lists them) whose addresses are not checked. */
  allowedHosts?: readonly string[];
  /** Plain http for a loopback host name or address (TESSERA_OIDC_ALLOW_INSECURE_ISSUERS). The address check still applies. */
  allowInsecureLoopback?: boolean;
  /** Largest response body, in bytes (default 1 MiB). */
  maxBytes?: number;
  /** Deadline for the whole fetch: DNS, connect, TLS, headers and body (default 5000 ms). */
  timeoutMs?: number;
  /** Name resolution (default dns.lookup, all addresses); tests answer for made-up names. */
  resolve?: (host: string) => Promise<ResolvedAddress[]>;
  /** Extra trusted CA certificates (tests with a self-signed issuer; operators use NODE_EXTRA_CA_CERTS). */
  ca?: string | Buffer;
}

/** What a POST got back: any status (the caller judges it), a few headers and the first bytes of the body. */
export interface PostAnswer {
  status: number;
  /** The answer's Retry-After header, if any. */
  retryAfter: string | null;
  /** The first `excerptBytes` of the body (UTF-8, possibly cut mid-character). */
  excerpt: string;
}

export type PostResult = { ok: true; answer: PostAnswer } | { ok: false; reason: OutboundFailureReason; status?: number };

export interface GuardedFetch {
  getJson(url: string): Promise<OutboundResult<unknown>>;
  /**
   * POSTs `body` (webhook deliveries) under the same rules as getJson: https, checked addresses,
   * no redirects (a 3xx is the failure `redirect`), one deadline. Any other status is an answer;
   * only the first `excerptBytes` (default 1024) of its body are read.
   */
  post(url: string, body: string, headers: Record<string, string>, opts?: { excerptBytes?: number }): Promise<PostResult>;
}

const LOOPBACK_HOST = /^(localhost|127(?:\.\d{1,3}){3}|::1)$/;
const defaultResolve = (host: string): Promise<ResolvedAddress[]> => dns.lookup(host, { all: true, verbatim: true });

export function createGuardedFetch(opts: GuardedFetchOptions = {}): GuardedFetch {
  const allowed = (opts.allowedHosts ?? []).map(normalizeAllowedHost);
  const maxBytes = opts.maxBytes ?? 1024 * 1024;
  const timeoutMs = opts.timeoutMs ?? 5000;
  const resolve = opts.resolve ?? defaultResolve;

  interface SendOptions {
    method: 'GET' | 'POST';
    headers: Record<string, string>;
    body?: string;
    /** POST: any non-redirect status is an answer, and the body is read up to this many bytes, then dropped. */
    excerptBytes?: number;
  }
  type Sent = { ok: true; status: number; value: Buffer; retryAfter: string | null } | { ok: false; reason: OutboundFailureReason; status?: number };

  function get(raw: string): Promise<Sent> {
    return send(raw, { method: 'GET', headers: { accept: 'application/json', 'user-agent': 'tessera' } });
  }

  function send(raw: string, how: SendOptions): Promise<Sent> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return Promise.resolve({ ok: false, reason: 'forbidden_url' });
    }
    const host = hostOf(url);
    const insecureOk = url.protocol === 'http:' && opts.allowInsecureLoopback === true && LOOPBACK_HOST.test(host);
    if ((url.protocol !== 'https:' && !insecureOk) || url.username || url.password) return Promise.resolve({ ok: false, reason: 'forbidden_url' });
    const trusted = isAllowListed(host, allowed);

    return new Promise((settle) => {
      let done = false;
      let req: ReturnType<typeof httpRequest> | undefined;
      const finish = (r: Sent) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        req?.destroy();
        settle(r);
      };
      const fail = (reason: OutboundFailureReason, status?: number) => finish(status === undefined ? { ok: false, reason } : { ok: false, reason, status });
      const timer = setTimeout(() => fail('timeout'), timeoutMs);

      const family = isIP(host);
      const addresses = family ? Promise.resolve([{ address: host, family }]) : resolve(host);
      addresses.then((list) => {
        if (done) return;
        if (list.length === 0) return fail('connect_failed');
        if (!trusted && list.some((a) => !classifyAddress(a.address).allowed)) return fail('forbidden_address');
        // The connection may only go where the check looked: answer Node's own lookup with the checked list.
        const pinned: LookupFunction = (_hostname, options, callback) => {
          if (options.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, list);
          else callback(null, list[0]!.address, list[0]!.family);
        };
        const headers = how.body === undefined ? how.headers : { ...how.headers, 'content-length': String(Buffer.byteLength(how.body)) };
        const options: RequestOptions & { ca?: string | Buffer } = { method: how.method, headers, agent: false, lookup: pinned, maxHeaderSize: 16 * 1024 };
        if (opts.ca) options.ca = opts.ca;
        req = (url.protocol === 'https:' ? httpsRequest : httpRequest)(url, options, (res: IncomingMessage) => {
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400) return fail('redirect', status);
          const retryAfter = typeof res.headers['retry-after'] === 'string' ? res.headers['retry-after'].slice(0, 100) : null;
          const chunks: Buffer[] = [];
          let size = 0;
          if (how.excerptBytes !== undefined) {
            // An answer to a POST: keep its first bytes, and stop reading there.
            const limit = how.excerptBytes;
            const done_ = () => finish({ ok: true, status, value: Buffer.concat(chunks).subarray(0, limit), retryAfter });
            res.on('data', (chunk: Buffer) => {
              chunks.push(chunk);
              size += chunk.length;
              if (size >= limit) done_();
            });
            res.on('end', done_);
            res.on('error', done_);
            res.on('close', done_);
            return;
          }
          if (status < 200 || status >= 300) return fail('bad_status', status);
          if (Number(res.headers['content-length'] ?? 0) > maxBytes) return fail('too_large');
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > maxBytes) return fail('too_large');
            chunks.push(chunk);
          });
          res.on('end', () => finish({ ok: true, status, value: Buffer.concat(chunks), retryAfter }));
          res.on('error', () => fail('connect_failed'));
          res.on('close', () => fail('connect_failed')); // closed before 'end'
        });
        req.on('error', () => fail('connect_failed'));
        req.end(how.body);
      }, () => fail('connect_failed'));
    });
  }

  return {
    async getJson(url) {
      const r = await get(url);
      if (!r.ok) return r;
      try {
        return { ok: true, status: r.status, value: JSON.parse(r.value.toString('utf8')) as unknown };
      } catch {
        return { ok: false, reason: 'invalid_json' };
      }
    },
    async post(url, body, headers, o = {}) {
      const r = await send(url, { method: 'POST', headers: { 'user-agent': 'tessera', ...headers }, body, excerptBytes: o.excerptBytes ?? 1024 });
      if (!r.ok) return r;
      return { ok: true, answer: { status: r.status, retryAfter: r.retryAfter, excerpt: r.value.toString('utf8') } };
    },
  };
}
