#!/usr/bin/env node
// `npm run dev`: the server (compiled once, then `tessera serve` on TESSERA_PORT, default 7420)
// and the console's Vite dev server with hot reload on http://127.0.0.1:5173, which proxies /v1
// to the server. Open the Vite URL; Ctrl-C stops both. Server code changes need a restart.
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = process.env.TESSERA_PORT ?? '7420';
const tsc = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'packages/tessera/tsconfig.json'], { cwd: root, stdio: 'inherit' });
if (tsc.status !== 0) process.exit(tsc.status ?? 1);

const children = [
  spawn(process.execPath, ['packages/tessera/dist/bin/tessera.js', 'serve', '--port', port], { cwd: root, stdio: 'inherit', env: { ...process.env, TESSERA_PUBLIC_URL: process.env.TESSERA_PUBLIC_URL ?? `http://127.0.0.1:${process.env.CONSOLE_DEV_PORT ?? 5173}` } }),
  spawn(process.execPath, [fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url)), '--host', '127.0.0.1'], { cwd: `${root}packages/console`, stdio: 'inherit', env: { ...process.env, TESSERA_URL: `http://127.0.0.1:${port}` } }),
];
const stop = () => children.forEach((c) => c.exitCode === null && c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
children.forEach((c) => c.on('exit', (code) => { stop(); process.exitCode = code ?? 0; }));
