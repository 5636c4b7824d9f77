/**
 * A tiny API as a fetch-style handler (`Request → Response`: Hono, Next.js route handlers, workers),
 * served here by node:http for the test.
 */
import { createServer } from 'node:http';
import { createVerifier, type Verifier } from '@tessera/sdk';
import { authenticate } from '@tessera/sdk/fetch';

export function handler(verifier: Verifier) {
  return async (request: Request): Promise<Response> => {
    const auth = await authenticate(verifier, request, { scope: request.method === 'GET' ? 'read' : 'write' });
    if (auth instanceof Response) return auth;
    return Response.json({ token: auth.tokenId, workspace: auth.workspaceId }, { status: request.method === 'GET' ? 200 : 201 });
  };
}

export async function start(o: { tesseraUrl: string; credential: string; port?: number }) {
  const verifier = createVerifier({ url: o.tesseraUrl, credential: o.credential });
  const handle = handler(verifier);
  const server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
    const response = await handle(new Request(`http://local${req.url}`, { method: req.method!, headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(o.port ?? 0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return { url, verifier, close: async () => { verifier.close(); await new Promise((r) => server.close(r)); } };
}
