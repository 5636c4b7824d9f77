import { existsSync } from 'node:fs';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { healthRoutes } from '../health/health-routes.js';
import type { Readiness } from '../health/readiness.js';
import { configSchema } from '../config/config-schema.js';
import { CONFIG_ENV, readRepoFile, repoPath, yamlDocuments } from '../test-support/repo-files.js';

/**
 * deploy/: the Dockerfile, compose.yaml and the Kubernetes manifests cannot be run here (no
 * container runtime can pull images), so they are checked against the code: every setting they
 * pass is one Tessera reads, every probe is a health route that exists, every file they mount is
 * in the repository, and the security settings the docs promise are there.
 */
async function healthPaths(): Promise<(path: string) => boolean> {
  const app = Fastify();
  const readiness = { check: async () => ({ ready: true, checks: {} }) } as unknown as Readiness;
  await app.register(healthRoutes, { readiness });
  await app.ready();
  return (path) => app.hasRoute({ method: 'GET', url: path });
}

const DEFAULT_PORT = String(configSchema.port.default);

describe('deploy/container/Dockerfile', () => {
  const dockerfile = readRepoFile('deploy/container/Dockerfile');
  const instructions = dockerfile.replace(/\\\n\s*/g, ' ').split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));

  it('builds with scripts/build-release.sh alone, in a build stage on the official Node LTS image, and copies its output', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toEqual(['FROM node:22-slim AS build', 'FROM node:22-slim']);
    const runs = instructions.filter((l) => l.startsWith('RUN '));
    expect(runs[0]).toBe('RUN scripts/build-release.sh /opt/tessera');
    expect(instructions).toContain('COPY --from=build /opt/tessera /opt/tessera');
    expect(existsSync(repoPath('scripts/build-release.sh'))).toBe(true);
    // Nothing else is built in the image: the other RUN lines only prepare the data folder.
    expect(runs.slice(1).every((r) => /^RUN mkdir -p \/data && chown node:node \/data$/.test(r))).toBe(true);
  });

  it('runs as the unprivileged node user, keeps data on a volume, and starts the release tree\'s binary', () => {
    expect(instructions).toContain('USER node');
    expect(instructions).toContain('VOLUME ["/data"]');
    expect(dockerfile).toMatch(/TESSERA_DATA_DIR=\/data/);
    expect(dockerfile).toMatch(/TESSERA_HOST=0\.0\.0\.0/);
    const entry = instructions.find((l) => l.startsWith('ENTRYPOINT '))!;
    expect(JSON.parse(entry.slice('ENTRYPOINT '.length))).toEqual(['node', '/opt/tessera/packages/tessera/dist/bin/tessera.js']);
    for (const name of [...dockerfile.matchAll(/\b(TESSERA_[A-Z_]+)=/g)].map((m) => m[1]!)) expect(CONFIG_ENV, name).toContain(name);
    // The image build starts from sources: no node_modules or dist from the developer's checkout.
    expect(readRepoFile('deploy/container/Dockerfile.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });

  it('checks health on /readyz with node (no curl in slim images)', async () => {
    const check = instructions.find((l) => l.startsWith('HEALTHCHECK '))!;
    expect(check).toMatch(/CMD \["node", "-e", ".*\/readyz/);
    expect((await healthPaths())('/readyz')).toBe(true);
  });
});

describe('deploy/compose.yaml', () => {
  const [compose] = yamlDocuments('deploy/compose.yaml');
  const tesseraServices = Object.entries(compose.services as Record<string, any>).filter(([, s]) => s.image?.startsWith('tessera:'));

  it('has PostgreSQL, two Tessera nodes built from the Dockerfile, and nginx in front', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['nginx', 'postgres', 'tessera-1', 'tessera-2']);
    expect(tesseraServices.map(([name]) => name)).toEqual(['tessera-1', 'tessera-2']);
    for (const [, s] of tesseraServices) {
      expect(existsSync(repoPath('deploy', s.build.context, s.build.dockerfile))).toBe(true);
      expect(s.read_only).toBe(true);
      expect(s.depends_on.postgres.condition).toBe('service_healthy');
    }
    expect(compose.services.postgres.image).toMatch(/^postgres:\d+$/);
    expect(compose.services.nginx.depends_on).toEqual({ 'tessera-1': { condition: 'service_healthy' }, 'tessera-2': { condition: 'service_healthy' } });
  });

  it('passes only settings Tessera reads, with what several nodes need', () => {
    for (const [name, s] of tesseraServices) {
      const env = s.environment as Record<string, string>;
      for (const key of Object.keys(env)) expect(CONFIG_ENV, `${name}: ${key}`).toContain(key);
      expect(env).toMatchObject({ TESSERA_HOST: '0.0.0.0', TESSERA_TRUST_PROXY: 'true' });
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/tessera:\$\{POSTGRES_PASSWORD[^}]*\}@postgres:5432\/tessera$/);
      expect(env.TESSERA_SECRET).toMatch(/^\$\{TESSERA_SECRET:\?/); // required, never a default
    }
  });

  it('health-checks the nodes on a health route that exists', async () => {
    const exists = await healthPaths();
    for (const [, s] of tesseraServices) {
      const path = /127\.0\.0\.1:(\d+)(\/[a-z]+)/.exec(s.healthcheck.test.join(' '));
      expect(path?.[1]).toBe(s.environment.TESSERA_PORT ?? DEFAULT_PORT);
      expect(exists(path![2]!)).toBe(true);
    }
  });

  it('mounts an nginx config whose upstreams are exactly the Tessera nodes on their port', () => {
    const mount = (compose.services.nginx.volumes as string[]).find((v) => v.endsWith(':/etc/nginx/conf.d/default.conf:ro'))!;
    const conf = readRepoFile(`deploy/${mount.split(':')[0]!.replace(/^\.\//, '')}`);
    const upstreams = [...conf.matchAll(/^\s*server ([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstreams).toEqual(tesseraServices.map(([name, s]) => `${name}:${s.environment.TESSERA_PORT ?? DEFAULT_PORT}`));
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;/);
  });
});

describe('deploy/kubernetes', () => {
  const files = ['secret.yaml', 'deployment.yaml', 'service.yaml'];
  const byKind = Object.fromEntries(files.flatMap((f) => yamlDocuments(`deploy/kubernetes/${f}`)).map((d) => [d.kind, d]));

  it('lists every manifest in kustomization.yaml', () => {
    expect(yamlDocuments('deploy/kubernetes/kustomization.yaml')[0].resources).toEqual(files);
    expect(Object.keys(byKind).sort()).toEqual(['Deployment', 'Secret', 'Service']);
  });

  it('keeps the pepper and the database URL in a Secret the Deployment reads, and passes only settings Tessera reads', () => {
    const secret = byKind.Secret;
    expect(Object.keys(secret.stringData).sort()).toEqual(['DATABASE_URL', 'TESSERA_SECRET']);
    const [container] = byKind.Deployment.spec.template.spec.containers;
    expect(container.envFrom).toEqual([{ secretRef: { name: secret.metadata.name } }]);
    for (const key of [...container.env.map((e: { name: string }) => e.name), ...Object.keys(secret.stringData)]) expect(CONFIG_ENV, key).toContain(key);
    expect(container.env.find((e: { name: string }) => e.name === 'TESSERA_SECRET')).toBeUndefined(); // only from the Secret
  });

  it('runs read-only, unprivileged, with probes on health routes that exist', async () => {
    const pod = byKind.Deployment.spec.template.spec;
    const [container] = pod.containers;
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(container.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    const exists = await healthPaths();
    expect(container.livenessProbe.httpGet.path).toBe('/healthz'); // never the database: an outage must not restart every pod
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    for (const probe of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
      expect(exists(container[probe].httpGet.path), probe).toBe(true);
      expect(container[probe].httpGet.port).toBe('http');
    }
    const port = container.env.find((e: { name: string }) => e.name === 'TESSERA_PORT')?.value ?? DEFAULT_PORT;
    expect(container.ports).toEqual([{ name: 'http', containerPort: Number(port) }]);
    expect(byKind.Service.spec.ports[0].targetPort).toBe('http');
    expect(byKind.Service.spec.selector).toEqual(byKind.Deployment.spec.selector.matchLabels);
    // The image's data volume and /tmp are writable mounts, since the root filesystem is not.
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath).sort()).toEqual(['/data', '/tmp']);
  });
});
