// A diagnostic server for the HTTP benchmark: Tessera's own app (buildApp: every plugin and hook,
// request logging off) on PostgreSQL at DATABASE_URL, plus one extra route, POST /bench/fixed,
// that answers a fixed object without validating anything. Its req/s against the bare Fastify
// route is the cost of the app's plumbing; against /v1/auth/validate in the same process, the
// cost of the validation route itself (body schema, validation, response schema).
import { benchContext, buildApp } from '../lib/tessera.mjs';

const b = await benchContext({ url: process.env.DATABASE_URL });
const { secret } = await b.createToken('http-app-bench');
const check = await b.ctx.validation.validate(secret);
if (!check.valid) throw new Error('token does not validate');
const app = await buildApp(b.ctx, { logger: false });
const fixed = JSON.parse(process.env.BARE_RESPONSE ?? '{}');
app.post('/bench/fixed', { config: { public: true } }, async (request) => {
  if (typeof request.body?.token !== 'string') throw new Error('no token');
  return fixed;
});
await app.listen({ host: '127.0.0.1', port: 0 });
console.log(`token ${secret}`);
console.log(`listening on 127.0.0.1:${app.server.address().port}`);
process.on('SIGTERM', () => app.close().then(() => b.ctx.close()).then(() => process.exit(0)));
