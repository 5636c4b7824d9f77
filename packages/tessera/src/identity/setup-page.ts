import type { FastifyPluginAsync } from 'fastify';

/**
 * The page the first-run link opens: a plain form over `POST /v1/setup`, no dependencies, no
 * inline script (so a strict Content-Security-Policy holds). The web console replaces it.
 */
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Set up Tessera</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}
button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit;cursor:pointer}#result{margin-top:1.5rem}.error{color:#b42318}</style>
<script src="/setup.js" defer></script></head>
<body><h1>Set up Tessera</h1>
<p>Create the first owner and workspace. The setup code was printed by <code>tessera serve</code>.</p>
<form id="setup">
<label for="setup_code">Setup code</label><input id="setup_code" name="setup_code" required autocomplete="off">
<label for="name">Your name</label><input id="name" name="name" required autocomplete="name">
<label for="email">Email</label><input id="email" name="email" type="email" required autocomplete="email">
<label for="password">Password (at least 10 characters)</label><input id="password" name="password" type="password" minlength="10" required autocomplete="new-password">
<label for="workspace_name">Workspace name (your GitHub organization or account)</label><input id="workspace_name" name="workspace_name" required>
<label for="workspace_slug">Workspace slug</label><input id="workspace_slug" name="workspace_slug" required pattern="[a-z0-9]([a-z0-9-]*[a-z0-9])?">
<button type="submit">Create owner</button></form>
<div id="result" role="status" aria-live="polite"></div></body></html>`;

const SCRIPT = `const form = document.getElementById('setup');
const result = document.getElementById('result');
const code = new URLSearchParams(location.search).get('code');
if (code) { form.setup_code.value = code; history.replaceState(null, '', location.pathname); }
form.addEventListener('submit', async (e) => {
  e.preventDefault();
  const f = form.elements;
  const body = { setup_code: f.setup_code.value.trim(), name: f.name.value, email: f.email.value, password: f.password.value,
    workspace: { name: f.workspace_name.value, slug: f.workspace_slug.value } };
  const r = await fetch('/v1/setup', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await r.json();
  if (r.ok) { form.remove(); result.textContent = 'Done: ' + data.user.email + ' owns workspace ' + data.workspace.slug + '. Sign in with POST /v1/sessions; the API reference is at /docs.'; }
  else { result.className = 'error'; result.textContent = data.error.message; }
});`;

export const setupPage: FastifyPluginAsync = async (app) => {
  const headers = { 'content-security-policy': "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'", 'referrer-policy': 'no-referrer' };
  app.get('/setup', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.headers(headers).type('text/html; charset=utf-8').send(PAGE));
  app.get('/setup.js', { config: { public: true }, schema: { hide: true } }, (_req, reply) => reply.headers(headers).type('text/javascript; charset=utf-8').send(SCRIPT));
};
