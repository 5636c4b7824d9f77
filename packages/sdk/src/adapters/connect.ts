import type { TokenIdentity, VerifyOptions } from '../outcome.js';
import type { Verifier } from '../verifier.js';
import { decide, type Decision } from './decide.js';

/** The parts of Node's IncomingMessage / ServerResponse a Connect or Express middleware uses (no dependency on either). */
export interface ConnectRequest {
  headers: Record<string, string | string[] | undefined>;
  /** Set by the middleware: the verified token. */
  tessera?: TokenIdentity;
}
export interface ConnectResponse {
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body?: string): unknown;
}

/**
 * Express / Connect middleware: `app.use(tesseraAuth(verifier, { scope: 'read' }))`. A valid token
 * puts its identity on `req.tessera` and calls `next()`; anything else is answered 401/403/503 with
 * Tessera's error body and an RFC 6750 challenge. `options` may be a function of the request (per
 * route scope, project from the path).
 */
export function tesseraAuth<Req extends ConnectRequest = ConnectRequest>(
  verifier: Verifier,
  options?: VerifyOptions | ((req: Req) => VerifyOptions | undefined),
) {
  return (req: Req, res: ConnectResponse, next: (err?: unknown) => void): void => {
    const header = req.headers.authorization;
    let o: VerifyOptions | undefined;
    try {
      o = typeof options === 'function' ? options(req) : options;
    } catch (err) {
      next(err);
      return;
    }
    const done = (d: Decision) => {
      if (d.ok) {
        req.tessera = d.identity;
        next();
        return;
      }
      res.statusCode = d.denial.status;
      res.setHeader('content-type', 'application/json; charset=utf-8');
      for (const [k, v] of Object.entries(d.denial.headers)) res.setHeader(k, v);
      res.end(JSON.stringify(d.denial.body));
    };
    try {
      const d = decide(verifier, Array.isArray(header) ? header[0] : header, o);
      if (d instanceof Promise) d.then(done, next);
      else done(d);
    } catch (err) {
      next(err);
    }
  };
}
