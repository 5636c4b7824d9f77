/**
 * A tiny API protected with the Fastify plugin: GET /reports needs `read`, POST /reports `write`,
 * GET /health is public. Run: TESSERA_URL=… TESSERA_VERIFIER=tsrv_… node fastify-api.js
 */
import Fastify from 'fastify';
import { createVerifier } from '@tessera/sdk';
import { tesseraPlugin } from '@tessera/sdk/fastify';

export async function start(o: { tesseraUrl: string; credential: string; port?: number }) {
  const verifier = createVerifier({ url: o.tesseraUrl, credential: o.credential });
  const app = Fastify();
  await app.register(tesseraPlugin, { verifier, verify: { scope: 'read' } });
  app.get('/health', { config: { tessera: false } }, async () => ({ ok: true }));
  app.get('/reports', async (request) => ({ reports: [], token: (request as unknown as { tessera: { tokenId: string } }).tessera.tokenId }));
  app.post('/reports', { config: { tessera: { scope: 'write' } } }, async (_request, reply) => reply.code(201).send({ created: true }));
  const url = await app.listen({ port: o.port ?? 0, host: '127.0.0.1' });
  return { url, verifier, close: async () => { verifier.close(); await app.close(); } };
}
