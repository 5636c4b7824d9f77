// The baseline of the HTTP benchmark: a bare Fastify (the same version Tessera runs) with one
// route, POST /v1/auth/validate, that parses the JSON body and answers a fixed object of the
// same shape Tessera returns. No schema, no hooks, no logging, no database.
import Fastify from 'fastify';

const body = JSON.parse(process.env.BARE_RESPONSE ?? '{}');
const app = Fastify({ logger: false });
app.post('/v1/auth/validate', async (request) => {
  if (typeof request.body?.token !== 'string') throw new Error('no token');
  return body;
});
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`listening on 127.0.0.1:${app.server.address().port}`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
