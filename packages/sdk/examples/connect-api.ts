/**
 * A tiny API protected with the Connect/Express middleware, on plain node:http (Express takes the
 * same middleware: `app.use(tesseraAuth(verifier, …))`).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createVerifier } from '@tessera/sdk';
import { tesseraAuth, type ConnectRequest } from '@tessera/sdk/connect';

export async function start(o: { tesseraUrl: string; credential: string; port?: number }) {
  const verifier = createVerifier({ url: o.tesseraUrl, credential: o.credential });
  const auth = tesseraAuth<IncomingMessage & ConnectRequest>(verifier, (req) => ({ scope: req.method === 'GET' ? 'read' : 'write' }));
  const server = createServer((req: IncomingMessage & ConnectRequest, res: ServerResponse) => {
    auth(req, res, (err) => {
      if (err) {
        res.statusCode = 500;
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.statusCode = req.method === 'GET' ? 200 : 201;
      res.end(JSON.stringify({ token: req.tessera!.tokenId, scopes: req.tessera!.scopes }));
    });
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, verifier, close: async () => { verifier.close(); await new Promise((r) => server.close(r)); } };
}
