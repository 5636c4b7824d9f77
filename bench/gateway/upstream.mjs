// The API behind nginx in bench/gateway-nginx.mjs: a plain Node HTTP server answering every request
// with a small fixed JSON body (what a fast API endpoint costs, so the proxy and the check dominate).
import { createServer } from 'node:http';

const body = JSON.stringify({ ok: true, items: [1, 2, 3] });
const server = createServer((req, res) => {
  req.resume();
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
