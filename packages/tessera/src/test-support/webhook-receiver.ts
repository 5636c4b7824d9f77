import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  headers: IncomingHttpHeaders;
  /** The parsed payload when the standardwebhooks package verified it with the receiver's secret(s); null when no secret verified it. */
  verified: unknown;
}

/**
 * A webhook receiver on 127.0.0.1, as a real one would be: it verifies each delivery with the
 * maintained `standardwebhooks` package against the secrets it was given (any may match), and
 * answers what `respond` says (default 204).
 */
export async function startReceiver() {
  const received: Received[] = [];
  let secrets: string[] = [];
  /** null: never answer (a receiver that hangs, to catch a sender mid-delivery). */
  let respond: (r: Received, n: number) => { status: number; headers?: Record<string, string>; body?: string } | null = () => ({ status: 204 });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const h = { 'webhook-id': String(req.headers['webhook-id'] ?? ''), 'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''), 'webhook-signature': String(req.headers['webhook-signature'] ?? '') };
      let verified: unknown = null;
      for (const s of secrets) {
        try {
          verified = new Webhook(s).verify(body, h);
          break;
        } catch {
          // try the next secret
        }
      }
      const r: Received = { id: h['webhook-id'], timestamp: h['webhook-timestamp'], signature: h['webhook-signature'], body, headers: req.headers, verified };
      received.push(r);
      const answer = respond(r, received.length);
      if (answer === null) return;
      res.writeHead(answer.status, answer.headers ?? {});
      res.end(answer.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    port,
    received,
    /** The secrets deliveries are verified with (any one may match). */
    trust(...s: string[]) {
      secrets = s;
    },
    answer(f: typeof respond) {
      respond = f;
    },
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
